/** The timeline's log: entries stamped with their step, bounded, cut back to a mark; frame numbers per point. */
import { describe, expect, it } from 'vitest';
import { Sim } from '../sim/sim';
import type { SimState } from '../sim/state';
import { LOG_CAPACITY, TimelineLog } from './timelineLog';

function fakeSim() {
  const st = { eventsProcessed: 0, apps: {}, nextId: 1 } as unknown as SimState;
  return new Sim(st);
}
const frame = (sim: Sim, point: string, trace = 1) =>
  sim.emit('frame', { t: sim.st.eventsProcessed, point, dir: 'out', linkType: 1, frame: new Uint8Array(60), trace });

describe('timeline log', () => {
  it('numbers frames per point, knows the previous visible step, and cuts back to a mark', () => {
    const sim = fakeSim();
    const log = new TimelineLog();
    log.attach(sim);
    sim.st.eventsProcessed = 3;
    frame(sim, 'node-1:eth0', 7);
    frame(sim, 'node-2:eth0', 7);
    const mark = log.mark();
    sim.st.eventsProcessed = 9;
    frame(sim, 'node-1:eth0', 8);
    expect(log.entries.map((e) => e.kind === 'frame' && [e.step, e.point, e.no])).toEqual([[3, 'node-1:eth0', 1], [3, 'node-2:eth0', 1], [9, 'node-1:eth0', 2]]);
    expect([log.stepBefore(9), log.stepBefore(3), log.stepBefore(100)]).toEqual([3, 0, 9]);
    expect(log.traceOrigin(8)).toBe(3);
    log.truncate(mark);
    expect(log.lastSeq).toBe(2);
    expect(log.stepBefore(100)).toBe(3);
    expect(log.traceOrigin(8)).toBeUndefined();
    expect(log.traceOrigin(7)).toBe(1);
    frame(sim, 'node-1:eth0', 9);
    expect(log.entries.at(-1)).toMatchObject({ seq: 3, no: 2 });
  });

  it('stays bounded over a long run; bySeq finds what it still holds', () => {
    const sim = fakeSim();
    const log = new TimelineLog();
    log.attach(sim);
    for (let i = 1; i <= 3 * LOG_CAPACITY; i++) {
      sim.st.eventsProcessed = i;
      frame(sim, 'node-1:eth0', i);
    }
    expect(log.entries.length).toBeGreaterThanOrEqual(LOG_CAPACITY);
    expect(log.entries.length).toBeLessThanOrEqual(LOG_CAPACITY * 1.1);
    expect(log.bySeq(3 * LOG_CAPACITY)).toMatchObject({ step: 3 * LOG_CAPACITY });
    expect(log.bySeq(1)).toBeUndefined();
    expect(log.stepBefore(3 * LOG_CAPACITY)).toBe(3 * LOG_CAPACITY - 1);
  });
});
