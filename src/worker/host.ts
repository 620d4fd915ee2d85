/**
 * The engine host behind the worker boundary: one engine, its recordings, its terminal sessions and its playback
 * loop, answering the page's requests (load a scenario, run, apply an input, export a capture, list packets, filter
 * and inspect them (./inspect), open and drive terminals, list and fetch the files written in them, set the clock).
 * Plain code with no worker globals, so tests drive it in Node exactly as the worker does in the browser; the worker
 * entry passes in the real timers (`scheduler`) and postMessage (`push`).
 */
import { Engine } from '../sim/engine';
import { record, toPcapng, type Recording } from '../capture/recorder';
import { captureSecrets } from '../capture/run';
import { resolvePoint, listPoints } from '../capture/points';
import type { PacketRow, Push, Request, Response } from './protocol';
import { Playback, type Scheduler } from './playback';
import { Terminals } from './terminals';
import { Inspector } from './inspect/inspector';
import { TopologyStream } from './topologyStream';
// timeline (./timeline.ts): the engine runs through it (snapshots), steps back and forth, logs its events
import { Timeline } from './timeline';
import { pageOf, positionOf, summaryContext } from './timelineQuery';

export interface Reply {
  response: Response;
  /** Buffers to transfer rather than copy. */
  transfer: ArrayBuffer[];
}

export interface HostOptions {
  /** Receives the messages the worker sends on its own: terminal output, file changes and clock ticks. */
  push?(msg: Push): void;
  /** Timers for the playback loop. Without one, virtual time moves only on `run` requests (as if paused). */
  scheduler?: Scheduler;
}

export interface EngineHost {
  handle(req: Request): Reply;
  readonly playback: Playback;
}

/** A scheduler whose timers never fire. */
const inert: Scheduler = { now: () => 0, after: () => undefined, cancel: () => {} };

export function createEngineHost(opts: HostOptions = {}): EngineHost {
  const push = opts.push ?? (() => {});
  let engine: Engine | undefined;
  let recordings = new Map<string, Recording>();
  const terminals = new Terminals(push);
  const inspector = new Inspector();
  // topology view: classified hops and the lab's shape, pushed on every flush (./topologyStream.ts)
  const topology = new TopologyStream(push);
  // --- timeline: runs the engine (snapshots on the way), moves it back and forth, logs its events ---
  const timeline = new Timeline({ rewinding: ({ step, undone }) => terminals.rewind(loaded(), step, undone) });
  const timelineContext = () => summaryContext(loaded(), timeline.log, recordings, (rec, i) => inspector.dissection(rec, i).summary);
  // --- end timeline ---
  const playback = new Playback(opts.scheduler ?? inert, () => (engine ? timeline : undefined), {
    onAdvance(idle) {
      terminals.flush();
      topology.flush(engine);
      if (engine) push({ type: 'tick', now: engine.now, eventsProcessed: engine.st.eventsProcessed, idle });
    },
  });

  function loaded(): Engine {
    if (!engine) throw new Error('no scenario loaded');
    return engine;
  }

  function recordingFor(point: string): Recording {
    const id = resolvePoint(loaded().st, point);
    const rec = recordings.get(id);
    if (!rec) throw new Error(`${id} is not being recorded`);
    return rec;
  }

  /** Rows already dissected, per recording: recordings only grow, so a refresh dissects just the new frames. */
  const rowCache = new WeakMap<Recording, PacketRow[]>();
  function rows(rec: Recording): PacketRow[] {
    const done = rowCache.get(rec) ?? [];
    for (let i = done.length; i < rec.frames.length; i++) {
      const f = rec.frames[i];
      const d = inspector.dissection(rec, i);
      done.push({ no: i + 1, t: f.t, point: rec.point, dir: f.dir, length: f.frame.length, ...d.summary, malformed: !!d.malformed });
    }
    rowCache.set(rec, done);
    return done.slice();
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
        inspector.attach(engine);
        timeline.attach(engine, recordings);
        topology.reload(engine);
        const st = engine.st;
        terminals.reload(engine, `lab reloaded: ${st.scenario}, seed ${st.seed}`);
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
        const e = loaded();
        if (req.until === 'idle') timeline.runToIdle();
        else timeline.runUntil(req.until);
        return ok({ id: req.id, type: 'ran', now: e.now, eventsProcessed: e.st.eventsProcessed, idle: e.nextEventAt() === undefined });
      }
      case 'input':
        return ok({ id: req.id, type: 'input', error: loaded().input(req.input) });
      case 'capture': {
        const rec = recordingFor(req.point);
        const pcapng = toPcapng(rec, captureSecrets(loaded().st));
        return ok({ id: req.id, type: 'capture', point: rec.point, pcapng, frames: rec.frames.length }, [pcapng.buffer as ArrayBuffer]);
      }
      case 'packets': {
        const rec = recordingFor(req.point);
        return ok({ id: req.id, type: 'packets', point: rec.point, rows: rows(rec) });
      }
      case 'inspect': {
        const inspection = inspector.inspect(recordingFor(req.point), req.no, !!req.decrypt);
        const transfer = [inspection.bytes.buffer as ArrayBuffer];
        if (inspection.decryption?.inner) transfer.push(inspection.decryption.inner.bytes.buffer as ArrayBuffer);
        return ok({ id: req.id, type: 'inspected', inspection }, transfer);
      }
      case 'filter': {
        const rec = recordingFor(req.point);
        return ok({ id: req.id, type: 'filtered', point: rec.point, filter: req.filter, nos: inspector.filter(rec, req.filter) });
      }
      case 'term-open':
        return ok({ id: req.id, type: 'term-opened', term: terminals.open(loaded(), req.place, req.cols, req.rows) });
      case 'term-key':
        terminals.key(req.term, req.data);
        return ok({ id: req.id, type: 'term', term: req.term });
      case 'term-resize':
        terminals.resize(req.term, req.cols, req.rows);
        return ok({ id: req.id, type: 'term', term: req.term });
      case 'term-close':
        terminals.close(req.term);
        return ok({ id: req.id, type: 'term', term: req.term });
      case 'term-files':
        return ok({ id: req.id, type: 'term-files', term: req.term, files: terminals.files(req.term) });
      case 'term-file': {
        const data = terminals.file(req.term, req.name);
        return ok({ id: req.id, type: 'term-file', term: req.term, name: req.name, data }, [data.buffer as ArrayBuffer]);
      }
      case 'clock':
        if (req.speed !== undefined) playback.setSpeed(req.speed);
        if (req.mode !== undefined) {
          if (req.mode !== 'live' && req.mode !== 'paused') throw new Error(`clock mode must be 'live' or 'paused', not '${String(req.mode)}'`);
          playback.setMode(req.mode);
        }
        return ok({ id: req.id, type: 'clock', mode: playback.mode, speed: playback.speed });
      // --- timeline (./timeline.ts, ./timelineQuery.ts) ---
      case 'timeline': {
        if (!['forward', 'back', 'reset'].includes(req.op)) throw new Error(`timeline op must be 'forward', 'back' or 'reset', not '${String(req.op)}'`);
        loaded();
        playback.setMode('paused'); // moving by hand stops the clock, as a video player's step buttons do
        const { undone } = timeline.move(req.op);
        return ok({ id: req.id, type: 'timeline', position: positionOf(loaded(), timeline.log, timelineContext(), undone), mode: playback.mode });
      }
      case 'timeline-events':
        return ok({ id: req.id, type: 'timeline-events', page: pageOf(loaded(), timeline.log, timelineContext(), req) });
      // --- end timeline ---
      default:
        throw new Error(`unknown request type '${String((req as { type?: unknown }).type)}'`);
    }
  }

  return {
    playback,
    handle(req) {
      let reply: Reply;
      try {
        reply = handle(req);
      } catch (err) {
        reply = { response: { id: req?.id ?? -1, type: 'error', message: err instanceof Error ? err.message : String(err) }, transfer: [] };
      }
      // Output first, then the answer: a command's output has reached the page by the time its key is acknowledged.
      terminals.flush();
      topology.flush(engine);
      // Whatever the request did may have scheduled events (a command, an input, a new lab).
      playback.poke();
      return reply;
    },
  };
}
