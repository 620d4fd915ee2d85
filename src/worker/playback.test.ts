/**
 * The playback loop against a fake engine clock and a hand-stepped scheduler: it ticks only while live with events
 * pending, advances virtual time by the wall-clock delta × speed, caps late ticks, stops when idle, and pauses.
 */
import { describe, expect, it } from 'vitest';
import { Playback, type Clocked } from './playback';
import { ManualScheduler } from './inProcess.test-helper';

/** A queue of event times; runUntil pops those due and sets the clock to t, like the engine. */
class FakeClock implements Clocked {
  now = 0;
  runs: number[] = [];
  constructor(public events: number[] = []) {}
  nextEventAt() {
    return this.events[0];
  }
  runUntil(t: number) {
    this.runs.push(t);
    while (this.events.length && this.events[0] <= t) this.now = this.events.shift()!;
    if (t > this.now) this.now = t;
  }
}

function setup(events: number[], opts: { maxStepMs?: number } = {}) {
  const sched = new ManualScheduler();
  const clock = new FakeClock(events);
  const advances: boolean[] = [];
  const pb = new Playback(sched, () => clock, { onAdvance: (idle) => advances.push(idle), ...opts });
  return { sched, clock, advances, pb };
}

describe('playback loop', () => {
  it('does not tick when nothing is scheduled', () => {
    const { sched, pb } = setup([]);
    pb.poke();
    expect(pb.running).toBe(false);
    expect(sched.pending).toBe(0);
  });

  it('advances virtual time by the wall-clock delta while events are pending, then stops when idle', () => {
    const { sched, clock, advances, pb } = setup([30_000, 50_000]);
    pb.poke();
    expect(pb.running).toBe(true);
    sched.advance(16);
    expect(clock.now).toBe(16_000); // 16 ms of wall clock = 16,000 µs of virtual time at speed 1
    sched.advance(16);
    expect(clock.now).toBe(32_000);
    expect(clock.events).toEqual([50_000]);
    sched.advance(16 * 2);
    expect(clock.now).toBe(64_000);
    expect(clock.events).toEqual([]);
    expect(pb.running).toBe(false);
    expect(advances).toEqual([false, false, false, true]);
    sched.advance(1000);
    expect(clock.now).toBe(64_000); // stopped: no more ticks
    expect(sched.pending).toBe(0);
  });

  it('scales by speed', () => {
    const { sched, clock, pb } = setup([10_000_000]);
    pb.setSpeed(10);
    pb.poke();
    sched.advance(16);
    expect(clock.now).toBe(160_000);
    expect(() => pb.setSpeed(0)).toThrow(/speed must be/);
    expect(() => pb.setSpeed(Number.NaN)).toThrow(/speed must be/);
  });

  it('caps what one late tick accounts for', () => {
    const { sched, clock, pb } = setup([10_000_000], { maxStepMs: 100 });
    pb.poke();
    // The scheduler fires the tick late (a long request held the worker): only 100 ms of virtual time pass.
    sched.stall(5000);
    sched.advance(0);
    expect(clock.now).toBe(100_000);
  });

  it('pausing stops the loop; resuming restarts it from the current wall time', () => {
    const { sched, clock, pb } = setup([1_000_000]);
    pb.poke();
    sched.advance(16);
    pb.setMode('paused');
    expect(pb.running).toBe(false);
    sched.advance(500);
    expect(clock.now).toBe(16_000);
    pb.poke(); // a poke while paused does nothing
    expect(pb.running).toBe(false);
    pb.setMode('live');
    expect(pb.running).toBe(true);
    sched.advance(16);
    expect(clock.now).toBe(32_000); // the 500 ms spent paused are not made up
  });

  it('a second poke while ticking does not double the ticks', () => {
    const { sched, clock, pb } = setup([1_000_000]);
    pb.poke();
    pb.poke();
    expect(sched.pending).toBe(1);
    sched.advance(16);
    expect(clock.runs).toEqual([16_000]);
  });

  it('stops when the engine goes away', () => {
    const sched = new ManualScheduler();
    let clock: FakeClock | undefined = new FakeClock([1_000_000]);
    const pb = new Playback(sched, () => clock, { onAdvance: () => {} });
    pb.poke();
    clock = undefined;
    sched.advance(16);
    expect(pb.running).toBe(false);
  });
});
