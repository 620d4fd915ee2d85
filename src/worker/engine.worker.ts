/**
 * The Web Worker entry: hosts one engine, answers the page's requests (load a scenario, run, apply an input, export a
 * capture, list packets), so the page never runs the simulation on its own thread.
 */
import { Engine } from '../sim/engine';
import { record, toPcapng, type Recording } from '../capture/recorder';
import { resolvePoint, listPoints } from '../capture/points';
import { dissect } from '../net/dissect/index';
import type { LinkType } from '../net/dissect/tree';
import type { PacketRow, Request, Response } from './protocol';

let engine: Engine | undefined;
const recordings = new Map<string, Recording>();

const reply = (r: Response, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(r, transfer);

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

function handle(req: Request): void {
  switch (req.type) {
    case 'load': {
      engine = Engine.create(req.scenario, req.seed, { routing: req.routing });
      recordings.clear();
      for (const p of listPoints(engine.st)) recordings.set(p, record(engine, p));
      const st = engine.st;
      return reply({
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
      return reply({ id: req.id, type: 'ran', now: engine.now, eventsProcessed: engine.st.eventsProcessed, idle: engine.nextEventAt() === undefined });
    }
    case 'input': {
      if (!engine) throw new Error('no scenario loaded');
      return reply({ id: req.id, type: 'input', error: engine.input(req.input) });
    }
    case 'capture': {
      const rec = recordingFor(req.point);
      const pcapng = toPcapng(rec);
      return reply({ id: req.id, type: 'capture', point: rec.point, pcapng, frames: rec.frames.length }, [pcapng.buffer as ArrayBuffer]);
    }
    case 'packets': {
      const rec = recordingFor(req.point);
      return reply({ id: req.id, type: 'packets', point: rec.point, rows: rows(rec) });
    }
  }
}

self.onmessage = (e: MessageEvent<Request>) => {
  try {
    handle(e.data);
  } catch (err) {
    reply({ id: e.data?.id ?? -1, type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
