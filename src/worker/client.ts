/**
 * The page side of the worker boundary, one worker per lab: typed request/response over postMessage, and typed
 * subscriptions to what the worker pushes on its own (`client.on('term-output', fn)`, `client.on('tick', fn)`).
 */
import { isPush, type PushOf, type PushType, type Request, type Response, type WorkerMessage } from './protocol';

export type Req = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
/** Which response answers which request. */
interface Answers {
  load: 'loaded'; run: 'ran'; input: 'input'; capture: 'capture'; packets: 'packets'; inspect: 'inspected'; filter: 'filtered';
  'term-open': 'term-opened'; 'term-key': 'term'; 'term-resize': 'term'; 'term-close': 'term';
  'term-files': 'term-files'; 'term-file': 'term-file'; clock: 'clock';
  // timeline (./timelineProtocol.ts)
  timeline: 'timeline'; 'timeline-events': 'timeline-events';
}
export type ResponseOf<T extends Req['type']> = Extract<Response, { type: Answers[T] }>;

/** What the store needs from a worker client; tests implement it in-process. */
export interface LabClient {
  request<T extends Req['type']>(req: Extract<Req, { type: T }>): Promise<ResponseOf<T>>;
  /** Subscribes to a kind of pushed message; returns the unsubscribe function. */
  on<T extends PushType>(type: T, fn: (msg: PushOf<T>) => void): () => void;
  dispose(): void;
}

/** Listeners per push type, called in subscription order; a listener that throws does not stop the others. */
export class PushListeners {
  private readonly map = new Map<PushType, Set<(msg: never) => void>>();

  on<T extends PushType>(type: T, fn: (msg: PushOf<T>) => void): () => void {
    let set = this.map.get(type);
    if (!set) this.map.set(type, (set = new Set()));
    set.add(fn as (msg: never) => void);
    return () => void set.delete(fn as (msg: never) => void);
  }

  emit<T extends PushType>(msg: PushOf<T>): void {
    for (const fn of [...(this.map.get(msg.type) ?? [])]) {
      try {
        (fn as (m: PushOf<T>) => void)(msg);
      } catch (err) {
        console.error(err);
      }
    }
  }

  clear(): void {
    this.map.clear();
  }
}

export class EngineClient implements LabClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: Response) => void; reject: (e: Error) => void }>();
  private listeners = new PushListeners();

  constructor() {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const msg = e.data;
      if (isPush(msg)) return this.listeners.emit(msg);
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.type === 'error') p.reject(new Error(msg.message));
      else p.resolve(msg);
    };
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(`engine worker failed: ${e.message}`));
      this.pending.clear();
    };
  }

  request<T extends Req['type']>(req: Extract<Req, { type: T }>): Promise<ResponseOf<T>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: Response) => void, reject });
      this.worker.postMessage({ ...req, id });
    });
  }

  on<T extends PushType>(type: T, fn: (msg: PushOf<T>) => void): () => void {
    return this.listeners.on(type, fn);
  }

  dispose(): void {
    this.worker.terminate();
    this.listeners.clear();
    for (const p of this.pending.values()) p.reject(new Error('engine worker stopped'));
    this.pending.clear();
  }
}
