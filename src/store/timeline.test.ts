/**
 * The store's timeline slice against the real engine host in Node: stepping back and forward moves the packet
 * table and the event list with it and announces where it landed; the clock pauses; a frame selected in the
 * inspector that the rewind removed is deselected; filters and pages; speed; a fresh lab is not narrated.
 */
import { describe, expect, it } from 'vitest';
import { createLabStore } from './labStore';
import { landedText } from './timeline';
import { inProcessClient } from '../worker/inProcess.test-helper';

async function ready(scenario = 'plaintext') {
  const store = createLabStore(inProcessClient(), { scenario, seed: '7' }, { defaultTerminal: false });
  await store.getState().load(scenario, '7');
  return store;
}

describe('timeline slice', () => {
  it('loads with the newest events listed and nothing narrated', async () => {
    const store = await ready();
    const s = store.getState();
    expect(s.timelinePage?.rows).toHaveLength(50);
    expect(s.timelinePage).toMatchObject({ older: true, newer: false, atEnd: true });
    expect(s.narration).toEqual([]);
    expect(s.speed).toBe(1);
  });

  it('steps back and forward: eventsProcessed, now and the table return exactly; the clock pauses', async () => {
    const store = await ready();
    const at = () => { const s = store.getState(); return { e: s.eventsProcessed, now: s.now, packets: s.packets }; };
    const end = at();
    await store.getState().selectPacket(end.packets.length); // the last frame, which stepping back removes
    const trail = [end];
    for (let i = 0; i < 12; i++) {
      await store.getState().timelineMove('back');
      trail.push(at());
    }
    expect(store.getState().clockMode).toBe('paused');
    expect(trail.at(-1)!.e).toBeLessThan(end.e);
    expect(trail.at(-1)!.packets.length).toBeLessThan(end.packets.length);
    expect(store.getState().selected).toBeNull();
    const narration = store.getState().narration;
    expect(narration).toHaveLength(1);
    expect(narration[0].text).toMatch(/^Back to event \d+, 09:00:\d\d\.\d{6} UTC: /);
    for (let i = trail.length - 2; i >= 0; i--) {
      await store.getState().timelineMove('forward');
      expect(at()).toEqual(trail[i]);
    }
    await store.getState().timelineMove('reset');
    expect(store.getState()).toMatchObject({ eventsProcessed: 0, packets: [] });
    expect(store.getState().narration[0].text).toBe("At the lab's start: nothing has happened yet.");
  });

  it('filters by kind and pages through older rows, back to the newest', async () => {
    const store = await ready('cilium-wireguard');
    await store.getState().setTimelineKinds(['crypto', 'drop']);
    const crypto = store.getState().timelinePage!;
    expect(crypto.rows.length).toBeGreaterThan(0);
    expect(crypto.rows.every((r) => r.kind === 'crypto')).toBe(true);
    await store.getState().setTimelineKinds(['frame', 'tcp', 'crypto', 'output', 'exit', 'input', 'drop']);
    expect(store.getState().timelineKinds).toEqual(['frame', 'drop', 'tcp', 'crypto', 'output', 'exit', 'input']);
    const newest = store.getState().timelinePage!;
    await store.getState().pageTimeline('older');
    const older = store.getState().timelinePage!;
    expect(older.rows.at(-1)!.seq).toBe(newest.rows[0].seq - 1);
    expect(older.newer).toBe(true);
    await store.getState().pageTimeline('newer');
    expect(store.getState().timelinePage!.rows).toEqual(newest.rows);
    expect(store.getState().timelineAnchor).toBeNull();
  });

  it('sets the speed through the clock and refuses nonsense', async () => {
    const store = await ready();
    await store.getState().setSpeed(0.25);
    expect(store.getState().speed).toBe(0.25);
    await store.getState().setSpeed(-1);
    expect(store.getState()).toMatchObject({ speed: 0.25, error: expect.stringMatching(/^speed must be/) });
  });

  it('phrases where a step landed', () => {
    const row = { seq: 9, step: 12, t: 0, kind: 'frame' as const, where: 'node-1:eth0 out', text: 'WireGuard 192.168.61.11 → 192.168.61.12  Handshake Initiation' };
    const p = { step: 12, now: 1772442000201000, atStart: false, atEnd: false, here: [row, row], undone: 0, lastSeq: 10 };
    expect(landedText('forward', p)).toBe('At event 12, 09:00:00.201000 UTC: node-1:eth0 out, WireGuard 192.168.61.11 → 192.168.61.12  Handshake Initiation (and 1 more).');
    expect(landedText('back', { ...p, here: [] })).toBe('Back to event 12, 09:00:00.201000 UTC.');
  });
});
