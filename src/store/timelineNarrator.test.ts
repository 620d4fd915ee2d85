/** The narration's pace and wording: one announcement per MIN_GAP_MS, the most important event first. */
import { describe, expect, it } from 'vitest';
import { idleNarrator, MIN_GAP_MS, next, offer, summarise, USER_WEIGHT, waitMs } from './timelineNarrator';
import type { Notable } from '../worker/timelineProtocol';

const n = (seq: number, weight: number, text: string): Notable => ({ seq, step: seq, weight, text });

describe('summarise', () => {
  it('says the weightiest event (the earliest among equals) and counts the others', () => {
    expect(summarise([])).toBe('');
    expect(summarise([n(1, 2, 'HTTP request from web/frontend leaves node-1 encrypted with WireGuard')]))
      .toBe('HTTP request from web/frontend leaves node-1 encrypted with WireGuard.');
    expect(summarise([n(1, 1, 'TCP connection established'), n(2, 4, 'Packet dropped at bank/backend:eth0: refused'), n(3, 4, 'a later drop')]))
      .toBe('Packet dropped at bank/backend:eth0: refused. And 2 more events.');
    expect(summarise([n(1, 3, 'Done!'), n(2, 1, 'x')])).toBe('Done! And 1 more event.');
  });
});

describe('pacing', () => {
  it('announces at once, then at most once every MIN_GAP_MS, summarising what piled up', () => {
    let s = offer(idleNarrator(), [n(1, 3, 'WireGuard handshake between node-1 and node-2 complete')]);
    expect(waitMs(s, 0)).toBe(0);
    let r = next(s, 1000);
    expect(r.say).toBe('WireGuard handshake between node-1 and node-2 complete.');
    s = r.state;
    expect(next(s, 1500).say).toBeUndefined(); // nothing pending
    s = offer(s, [n(2, 1, 'TCP connection established'), n(3, 2, 'HTTP request leaves node-1 encrypted with WireGuard')]);
    expect(waitMs(s, 1500)).toBe(MIN_GAP_MS - 500);
    expect(next(s, 1000 + MIN_GAP_MS - 1).say).toBeUndefined();
    r = next(s, 1000 + MIN_GAP_MS);
    expect(r.say).toBe('HTTP request leaves node-1 encrypted with WireGuard. And 1 more event.');
    expect(r.state.pending).toEqual([]);
    expect(waitMs(r.state, 5000)).toBeUndefined();
  });

  it('a step the learner took replaces what was pending', () => {
    let s = offer(idleNarrator(), [n(1, 4, 'Packet dropped'), n(2, 1, 'x')]);
    s = offer(s, [n(-1, USER_WEIGHT, 'Step 57: node-1:eth0 out')]);
    expect(next(s, 0).say).toBe('Step 57: node-1:eth0 out.');
    // Events arriving after the step queue up behind it.
    s = offer(s, [n(3, 2, 'later')]);
    expect(s.pending.map((p) => p.text)).toEqual(['Step 57: node-1:eth0 out', 'later']);
  });

  it('keeps the queue bounded, dropping the least important first', () => {
    const many = Array.from({ length: 80 }, (_, i) => n(i, i === 5 ? 4 : 1, `e${i}`));
    const s = offer(idleNarrator(), many);
    expect(s.pending).toHaveLength(50);
    expect(s.pending.map((p) => p.text)).toContain('e5');
    expect(summarise(s.pending)).toBe('e5. And 49 more events.');
  });
});
