/** The page side of the worker boundary: typed request/response over postMessage, one worker per lab. */
import type { Request, Response } from './protocol';

type Req = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
/** Which response answers which request. */
interface Answers { load: 'loaded'; run: 'ran'; input: 'input'; capture: 'capture'; packets: 'packets' }
type ResponseOf<T extends Req['type']> = Extract<Response, { type: Answers[T] }>;

export class EngineClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: Response) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<Response>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      if (e.data.type === 'error') p.reject(new Error(e.data.message));
      else p.resolve(e.data);
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

  dispose(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('engine worker stopped'));
    this.pending.clear();
  }
}
