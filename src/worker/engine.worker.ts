/**
 * The Web Worker entry: hosts one engine (./host.ts) and answers the page's requests over postMessage, so the page
 * never runs the simulation on its own thread.
 */
import { createEngineHost } from './host';
import type { Request } from './protocol';

const host = createEngineHost();

self.onmessage = (e: MessageEvent<Request>) => {
  const { response, transfer } = host(e.data);
  (self as unknown as Worker).postMessage(response, transfer);
};
