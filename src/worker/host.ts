/**
 * The engine host behind the worker boundary: one engine and its recordings, answering the page's requests (load a
 * scenario, run, apply an input, export a capture, list packets). Plain code with no worker globals, so tests drive
 * it in Node exactly as the worker does in the browser.
 */
import { Engine } from '../sim/engine';
import { record, toPcapng, type Recording } from '../capture/recorder';
import { resolvePoint, listPoints } from '../capture/points';
import { dissect } from '../net/dissect/index';
import type { LinkType } from '../net/dissect/tree';
import type { PacketRow, Request, Response } from './protocol';

export interface Reply {
  response: Response;
  /** Buffers to transfer rather than copy. */
  transfer: ArrayBuffer[];
}

export function createEngineHost(): (req: Request) => Reply {
  let engine: Engine | undefined;
  let recordings = new Map<string, Recording>();

  function recordingFor(point: string): Recording {
    if (!engine) throw new Error('no scenario loaded');
    const id = resolvePoint(engine.st, point);
    const rec = recordings.get(id);
    if (!rec) throw new Error(`${id} is not being recorded`);
    return rec;
  }

  function rows(rec: Recording): PacketRow[] {
    return rec.frames.map((f, i) => {
      const d = dissect(f.frame, rec.linkType as LinkType);
      return { no: i + 1, t: f.t, point: rec.point, dir: f.dir, length: f.frame.length, ...d.summary, malformed: !!d.malformed };
    });
  }

  function handle(req: Request): Reply {
    const ok = (response: Response, transfer: ArrayBuffer[] = []): Reply => ({ response, transfer });
    switch (req.type) {
      case 'load': {
        // Build the new lab completely before replacing the old one: a scenario that fails leaves the last one intact.
        const next = Engine.create(req.scenario, req.seed, { routing: req.routing });
        const nextRecordings = new Map<string, Recording>();
        for (const p of listPoints(next.st)) nextRecordings.set(p, record(next, p));
        engine = next;
        recordings = nextRecordings;
        const st = engine.st;
        return ok({
          id: req.id, type: 'loaded',
          info: {
            scenario: st.scenario, seed: st.seed, points: listPoints(st), now: st.now,
            nodes: st.cluster.nodes.map((n) => n.name),
            pods: st.cluster.pods.map((p) => ({ key: `${p.namespace}/${p.name}`, node: p.node, ip: p.ip })),
          },
        });
      }
      case 'run': {
        if (!engine) throw new Error('no scenario loaded');
        if (req.until === 'idle') engine.runToIdle();
        else engine.runUntil(req.until);
        return ok({ id: req.id, type: 'ran', now: engine.now, eventsProcessed: engine.st.eventsProcessed, idle: engine.nextEventAt() === undefined });
      }
      case 'input': {
        if (!engine) throw new Error('no scenario loaded');
        return ok({ id: req.id, type: 'input', error: engine.input(req.input) });
      }
      case 'capture': {
        const rec = recordingFor(req.point);
        const pcapng = toPcapng(rec);
        return ok({ id: req.id, type: 'capture', point: rec.point, pcapng, frames: rec.frames.length }, [pcapng.buffer as ArrayBuffer]);
      }
      case 'packets': {
        const rec = recordingFor(req.point);
        return ok({ id: req.id, type: 'packets', point: rec.point, rows: rows(rec) });
      }
    }
  }

  return (req) => {
    try {
      return handle(req);
    } catch (err) {
      return { response: { id: req?.id ?? -1, type: 'error', message: err instanceof Error ? err.message : String(err) }, transfer: [] };
    }
  };
}
