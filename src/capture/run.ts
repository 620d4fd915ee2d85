/**
 * Runs a scenario headless to the end of its traffic and returns the capture of one point as pcapng bytes:
 * what `npm run capture` writes, what the worker sends to the page, what the determinism tests compare. The key
 * logs of the protocols that ran go in as Decryption Secrets Blocks, so Wireshark decrypts the file as it is.
 */
import { Engine, type EngineOptions } from '../sim/engine';
import { record, toPcapng } from './recorder';
import { resolvePoint } from './points';
import type { SimState } from '../sim/state';
import type { PcapngSecret } from './pcapng';

export interface CaptureRequest extends EngineOptions {
  scenario: string;
  seed: string | number;
  point?: string;
}

export const DEFAULT_POINT = 'node-1:eth0';

export function captureScenario(req: CaptureRequest): { pcapng: Uint8Array; frames: number; engine: Engine } {
  const engine = Engine.create(req.scenario, req.seed, req);
  const point = resolvePoint(engine.st, req.point ?? DEFAULT_POINT);
  const rec = record(engine, point);
  engine.runToIdle();
  rec.stop();
  return { pcapng: toPcapng(rec, captureSecrets(engine.st)), frames: rec.frames.length, engine };
}

/** The lab's decryption secrets as pcapng Decryption Secrets Blocks: the WireGuard and TLS key logs so far. */
export function captureSecrets(st: SimState): PcapngSecret[] {
  const out: PcapngSecret[] = [];
  const text = (lines: string[]): Uint8Array => new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
  if (st.keylog?.wg.length) out.push({ type: 'WGKL', data: text(st.keylog.wg) });
  if (st.keylog?.tls.length) out.push({ type: 'TLSK', data: text(st.keylog.tls) });
  return out;
}
