/**
 * The timeline: moves the worker's engine one event forward or back, or back to the lab's start, and is the one
 * place that runs the engine for the host (`run` requests and the playback loop go through `runUntil` and
 * `runToIdle` here), so it can snapshot the state every SNAPSHOT_INTERVAL events and log what happened.
 *
 * Stepping back restores the exact earlier state: the nearest snapshot at or before the target is restored and the
 * engine stepped forward deterministically to it, applying the logged inputs at their recorded steps (./rewind.ts).
 * The capture recordings and the event log are cut back to the same moment, so the packet table and the event list
 * show what a fresh run stopped there shows.
 *
 * What a rewind does outside the engine: the inputs logged after the new position (commands typed, objects applied)
 * are undone (the state is the state of that moment, so the lab forgets them); `hooks.rewound` tells the terminals
 * (their scrollback stays; a shell that was running something, or that typed what was undone, starts afresh with
 * a note). "Step forward" then runs the lab on from there, without the undone inputs.
 */
import type { Engine } from '../sim/engine';
import { peek } from '../sim/scheduler';
import { record, type Recording } from '../capture/recorder';
import { advanceTo, inputsUpTo } from './rewind';
import { TimelineLog } from './timelineLog';
import { SnapshotRing } from './timelineSnapshots';
import type { Clocked } from './playback';
import type { TimelineOp } from './timelineProtocol';

/** At most this many engine events for one "step forward" that finds nothing to show (cancelled timers). */
const MAX_QUIET_STEPS = 10_000;

export interface TimelineHooks {
  /** Before the engine rewinds to `step`, undoing `undone` logged inputs (terminals stop what was running). */
  rewinding(info: { step: number; undone: number }): void;
}

export interface Moved {
  /** Inputs the move undid. */
  undone: number;
}

export class Timeline implements Clocked {
  readonly log = new TimelineLog();
  readonly snapshots = new SnapshotRing();
  private engine?: Engine;
  private recordings = new Map<string, Recording>();

  constructor(private readonly hooks: TimelineHooks) {}

  /** Follows a freshly created engine whose recordings were just started (nothing has run yet). */
  attach(engine: Engine, recordings: Map<string, Recording>): void {
    this.engine = engine;
    this.recordings = recordings;
    this.log.attach(engine);
    this.snapshots.reset({ step: engine.st.eventsProcessed, st: engine.snapshot(), mark: this.log.mark() });
  }

  private get e(): Engine {
    if (!this.engine) throw new Error('no scenario loaded');
    return this.engine;
  }

  get now(): number {
    return this.e.now;
  }

  nextEventAt(): number | undefined {
    return this.e.nextEventAt();
  }

  /** Engine.runUntil, one event at a time so snapshots are taken on the way. */
  runUntil(t: number): void {
    const q = this.e.st.queue;
    for (let next = peek(q); next && next.at <= t; next = peek(q)) this.step();
    this.e.runUntil(t); // nothing is left at or before t: this only moves the clock on to t
  }

  /** Engine.runToIdle, one event at a time. */
  runToIdle(maxEvents = 1_000_000): number {
    let n = 0;
    while (n < maxEvents && this.e.nextEventAt() !== undefined && this.step()) n++;
    return n;
  }

  move(op: TimelineOp): Moved {
    if (op === 'forward') return this.forward();
    if (op === 'reset') return this.rewind(0, true);
    const at = this.e.st.eventsProcessed;
    if (at === 0) return { undone: 0 };
    return this.rewind(this.log.stepBefore(at) ?? at - 1, false);
  }

  /** On to the next event that shows something (frames, drops, state changes, output...). */
  private forward(): Moved {
    const before = this.log.lastSeq;
    for (let n = 0; n < MAX_QUIET_STEPS && this.log.lastSeq === before && this.e.nextEventAt() !== undefined; n++) this.step();
    return { undone: 0 };
  }

  /** Back to the state right after event `target` (with the inputs logged at it, unless `clean`). */
  rewind(target: number, clean: boolean): Moved {
    const e = this.e;
    const log = e.st.inputLog;
    const keep = inputsUpTo(log, target, clean);
    const undone = log.length - keep.length;
    this.hooks.rewinding({ step: target, undone });

    const snap = this.snapshots.atOrBefore(target);
    const lengths = new Map([...this.recordings].map(([p, r]) => [p, r.frames.length]));
    this.log.truncate(snap.mark);
    for (const [point, rec] of this.recordings) rec.frames.length = Math.min(rec.frames.length, snap.mark.counts[point] ?? 0);
    this.snapshots.dropAfter(snap.step);
    e.restore(snap.st);
    advanceTo(e, target, keep.slice(snap.st.inputLog.length), () => this.afterStep());

    // Frames replayed up to the target are the same bytes as before; a recording that ends earlier than it did gets
    // a new object, so the caches keyed on it (dissections, table rows) do not keep the frames that were cut.
    for (const [point, rec] of this.recordings) {
      if (rec.frames.length >= (lengths.get(point) ?? 0)) continue;
      const fresh = record(e, point);
      fresh.frames = rec.frames;
      rec.stop();
      this.recordings.set(point, fresh);
    }
    return { undone };
  }

  private step(): boolean {
    if (!this.e.step()) return false;
    this.afterStep();
    return true;
  }

  private afterStep(): void {
    const e = this.e;
    if (this.snapshots.due(e.st.eventsProcessed)) this.snapshots.add({ step: e.st.eventsProcessed, st: e.snapshot(), mark: this.log.mark() });
  }
}
