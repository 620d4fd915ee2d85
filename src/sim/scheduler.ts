/**
 * The discrete-event queue: a binary min-heap of plain-data events ordered by (time, sequence number). Events are
 * data, never closures, so the queue is cloned with the rest of the engine state. Timers are cancelled by key: a
 * timer event carries the sequence number it was armed with, and a later arm or cancel makes it stale.
 */

export interface Scheduled<E> {
  at: number;
  seq: number;
  ev: E;
}

export interface Queue<E> {
  heap: Scheduled<E>[];
  nextSeq: number;
  /** Live timers: key -> sequence number of the scheduled event that is still valid. */
  timers: Record<string, number>;
}

export function createQueue<E>(): Queue<E> {
  return { heap: [], nextSeq: 1, timers: {} };
}

const before = <E>(a: Scheduled<E>, b: Scheduled<E>) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export function push<E>(q: Queue<E>, at: number, ev: E): number {
  if (!Number.isInteger(at)) throw new Error(`scheduler: time must be an integer microsecond count, got ${at}`);
  const item = { at, seq: q.nextSeq++, ev };
  const h = q.heap;
  h.push(item);
  let i = h.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(h[i], h[parent])) break;
    [h[i], h[parent]] = [h[parent], h[i]];
    i = parent;
  }
  return item.seq;
}

export function peek<E>(q: Queue<E>): Scheduled<E> | undefined {
  return q.heap[0];
}

export function pop<E>(q: Queue<E>): Scheduled<E> | undefined {
  const h = q.heap;
  if (h.length === 0) return undefined;
  const top = h[0];
  const last = h.pop()!;
  if (h.length > 0) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l], h[m])) m = l;
      if (r < h.length && before(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
  return top;
}

/** Arms (or re-arms) the timer `key`; any earlier event for the same key becomes stale. */
export function armTimer<E>(q: Queue<E>, key: string, at: number, ev: E): void {
  q.timers[key] = push(q, at, ev);
}

export function cancelTimer<E>(q: Queue<E>, key: string): void {
  delete q.timers[key];
}

/** True when a popped timer event is the live one for its key (and consumes it). */
export function takeTimer<E>(q: Queue<E>, key: string, seq: number): boolean {
  if (q.timers[key] !== seq) return false;
  delete q.timers[key];
  return true;
}
