/**
 * A typed event emitter over one event map (tldraw-style): the engine emits, the store, captures and tests listen.
 * Listeners live outside the engine state, so snapshots never hold them.
 */
export class Emitter<M extends object> {
  private listeners: { [K in keyof M]?: Array<(e: M[K]) => void> } = {};

  on<K extends keyof M>(type: K, fn: (e: M[K]) => void): () => void {
    (this.listeners[type] ??= []).push(fn);
    return () => {
      const list = this.listeners[type];
      if (list) this.listeners[type] = list.filter((f) => f !== fn);
    };
  }

  emit<K extends keyof M>(type: K, e: M[K]): void {
    const list = this.listeners[type];
    if (list) for (const fn of list) fn(e);
  }
}
