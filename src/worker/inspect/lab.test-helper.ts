/**
 * Test support: a worker host with a scenario loaded and run to idle, and the inspector's two requests (display
 * filter, inspect with decryption) on node-1:eth0, failing loudly when the worker answers with an error.
 */
import { createEngineHost } from '../host';
import type { Inspection, Request, Response } from '../protocol';

type Req = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export function lab(scenario: string) {
  const host = createEngineHost();
  let id = 1;
  const send = (req: Req): Response => host.handle({ ...req, id: id++ } as Request).response;
  send({ type: 'load', scenario, seed: '7' });
  send({ type: 'run', until: 'idle' });
  const filter = (text: string): number[] => {
    const r = send({ type: 'filter', point: 'node-1:eth0', filter: text });
    if (r.type !== 'filtered') throw new Error(r.type === 'error' ? r.message : r.type);
    return r.nos;
  };
  const inspect = (no: number, decrypt = true): Inspection => {
    const r = send({ type: 'inspect', point: 'node-1:eth0', no, decrypt });
    if (r.type !== 'inspected') throw new Error(r.type === 'error' ? r.message : r.type);
    return r.inspection;
  };
  return { send, filter, inspect };
}
