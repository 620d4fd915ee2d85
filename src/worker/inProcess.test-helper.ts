/**
 * Test helpers for the worker boundary in Node: a scheduler whose wall clock only moves when a test says so, and a
 * LabClient whose "worker" is the engine host in this process. Answers arrive asynchronously and in order, and what
 * a request pushes (terminal output) is delivered before its answer, as in the browser.
 */
import { createEngineHost, type EngineHost } from './host';
import { PushListeners, type LabClient } from './client';
import type { Scheduler } from './playback';
import type { Request } from './protocol';

export class ManualScheduler implements Scheduler {
  private t = 0;
  private nextHandle = 1;
  private timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): unknown {
    const h = this.nextHandle++;
    this.timers.set(h, { at: this.t + ms, fn });
    return h;
  }

  cancel(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Moves the wall clock forward without firing anything (a worker busy with a long request). */
  stall(ms: number): void {
    this.t += ms;
  }

  /** Moves the wall clock forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!first || e[1].at < first[1].at)) first = e;
      if (!first) break;
      this.timers.delete(first[0]);
      this.t = Math.max(this.t, first[1].at);
      first[1].fn();
    }
    this.t = end;
  }
}

export type InProcessClient = LabClient & { host: EngineHost };

export function inProcessClient(scheduler?: Scheduler): InProcessClient {
  const listeners = new PushListeners();
  const host = createEngineHost({ push: (m) => listeners.emit(m), scheduler });
  let id = 1;
  const client = {
    host,
    async request(req: Omit<Request, 'id'>) {
      await Promise.resolve();
      const { response } = host.handle({ ...req, id: id++ } as Request);
      if (response.type === 'error') throw new Error(response.message);
      return response;
    },
    on: listeners.on.bind(listeners),
    dispose: () => listeners.clear(),
  };
  return client as unknown as InProcessClient;
}
