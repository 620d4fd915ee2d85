/**
 * The Web Worker entry: hosts one engine (./host.ts), answers the page's requests over postMessage, and gives the
 * playback loop its wall clock (setTimeout, performance.now), so virtual time moves while commands wait on the
 * network. The engine itself never reads the wall clock: the loop only calls runUntil.
 */
import { createEngineHost } from './host';
import type { Request, WorkerMessage } from './protocol';

const post = (msg: WorkerMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer);

const host = createEngineHost({
  push: (msg) => post(msg),
  scheduler: {
    now: () => performance.now(),
    after: (ms, fn) => setTimeout(fn, ms),
    cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
});

self.onmessage = (e: MessageEvent<Request>) => {
  const { response, transfer } = host.handle(e.data);
  post(response, transfer);
};
