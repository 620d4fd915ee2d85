/**
 * The snapshots a rewind starts from: the lab's start (always kept) and a ring of the latest ones taken every
 * SNAPSHOT_INTERVAL events, each with the timeline log's mark at that moment. Memory stays bounded (a snapshot of
 * these labs is a few tens of kilobytes); going back further than the ring reaches replays from the start.
 *
 * Each snapshot is the engine state right after an event, before any input logged at that step, so the inputs
 * logged after the snapshot's own input log are the ones a rewind applies again.
 */
import type { SimState } from '../sim/state';
import type { LogMark } from './timelineLog';

export const SNAPSHOT_INTERVAL = 32;
export const SNAPSHOT_RING = 64;

export interface Snapshot {
  step: number;
  st: SimState;
  mark: LogMark;
}

export class SnapshotRing {
  private base?: Snapshot;
  private ring: Snapshot[] = [];

  constructor(readonly interval = SNAPSHOT_INTERVAL, readonly capacity = SNAPSHOT_RING) {}

  /** Starts over from the lab's start. */
  reset(base: Snapshot): void {
    this.base = base;
    this.ring = [];
  }

  get size(): number {
    return this.ring.length;
  }

  /** Whether a snapshot is due after the engine reached `step`. */
  due(step: number): boolean {
    const last = this.ring[this.ring.length - 1] ?? this.base;
    return !!last && step - last.step >= this.interval;
  }

  add(s: Snapshot): void {
    this.ring.push(s);
    if (this.ring.length > this.capacity) this.ring.shift();
  }

  /** The latest snapshot at or before `step` (the lab's start when the ring does not reach back that far). */
  atOrBefore(step: number): Snapshot {
    if (!this.base) throw new Error('timeline: no lab loaded');
    for (let i = this.ring.length - 1; i >= 0; i--) if (this.ring[i].step <= step) return this.ring[i];
    return this.base;
  }

  /** Drops the snapshots taken after `step` (their future is about to be replayed or replaced). */
  dropAfter(step: number): void {
    while (this.ring.length && this.ring[this.ring.length - 1].step > step) this.ring.pop();
  }
}
