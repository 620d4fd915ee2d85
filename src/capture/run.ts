/**
 * Runs a scenario headless to the end of its traffic and returns the capture of one point as pcapng bytes:
 * what `npm run capture` writes, what the worker sends to the page, what the determinism tests compare.
 */
import { Engine, type EngineOptions } from '../sim/engine';
import { record, toPcapng } from './recorder';
import { resolvePoint } from './points';

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
  return { pcapng: toPcapng(rec), frames: rec.frames.length, engine };
}
