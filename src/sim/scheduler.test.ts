/**
 * The event queue: strict (time, sequence) order with FIFO among equal times, checked against a sorted reference
 * under seeded random pushes and pops; timers made stale by re-arming or cancelling; integer times only.
 */
import { describe, expect, it } from 'vitest';
import { createRng, randomInt } from './rng';
import { armTimer, cancelTimer, createQueue, peek, pop, push, takeTimer, type Queue } from './scheduler';

/** Seeded test data from the project's generator: a number in [0, n). */
function seeded(seed: number) {
  const r = createRng(`scheduler:${seed}`);
  return (n: number) => randomInt(r, 0, n - 1);
}

const drain = <E>(q: Queue<E>) => {
  const out: { at: number; seq: number; ev: E }[] = [];
  for (let it = pop(q); it; it = pop(q)) out.push(it);
  return out;
};

describe('ordering', () => {
  it('pops by time, whatever the push order', () => {
    const q = createQueue<string>();
    push(q, 30, 'c');
    push(q, 10, 'a');
    push(q, 40, 'd');
    push(q, 20, 'b');
    expect(drain(q).map((x) => x.ev)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('pops equal times first in, first out', () => {
    const q = createQueue<number>();
    for (let i = 0; i < 50; i++) push(q, i % 2 === 0 ? 100 : 5, i);
    const out = drain(q);
    expect(out.map((x) => x.ev)).toEqual([
      ...Array.from({ length: 25 }, (_, k) => 2 * k + 1),
      ...Array.from({ length: 25 }, (_, k) => 2 * k),
    ]);
  });

  it('hands out increasing sequence numbers starting at 1 and returns them from push', () => {
    const q = createQueue<null>();
    expect([push(q, 9, null), push(q, 1, null), push(q, 5, null)]).toEqual([1, 2, 3]);
    expect(q.nextSeq).toBe(4);
    expect(drain(q).map((x) => [x.at, x.seq])).toEqual([[1, 2], [5, 3], [9, 1]]);
  });

  it('peek shows the next item without removing it; empty queues give undefined', () => {
    const q = createQueue<string>();
    expect(peek(q)).toBeUndefined();
    expect(pop(q)).toBeUndefined();
    push(q, 7, 'x');
    push(q, 3, 'y');
    expect(peek(q)?.ev).toBe('y');
    expect(q.heap).toHaveLength(2);
    expect(pop(q)?.ev).toBe('y');
    expect(peek(q)?.ev).toBe('x');
  });

  it('matches a sorted reference over 5000 seeded random pushes and interleaved pops', () => {
    const rnd = seeded(0xc0ffee);
    const q = createQueue<number>();
    let ref: { at: number; seq: number; ev: number }[] = [];
    let pops = 0;
    for (let i = 0; i < 5000; i++) {
      const at = rnd(200); // few distinct times: many ties
      const seq = push(q, at, i);
      ref.push({ at, seq, ev: i });
      if (rnd(3) === 0) {
        ref.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const want = ref.shift();
        expect(pop(q)).toEqual(want);
        pops++;
      }
      if (i % 500 === 0) {
        // Heap invariant: every parent precedes its children.
        for (let k = 1; k < q.heap.length; k++) {
          const p = q.heap[(k - 1) >> 1], c = q.heap[k];
          expect(p.at < c.at || (p.at === c.at && p.seq < c.seq)).toBe(true);
        }
      }
    }
    expect(pops).toBeGreaterThan(1000);
    ref = ref.sort((a, b) => a.at - b.at || a.seq - b.seq);
    expect(drain(q)).toEqual(ref);
  });

  it('accepts negative and very large integer times and orders them', () => {
    const q = createQueue<string>();
    push(q, 1_772_442_000_000_000, 'late');
    push(q, -5, 'early');
    push(q, 0, 'zero');
    expect(drain(q).map((x) => x.ev)).toEqual(['early', 'zero', 'late']);
  });

  it('rejects non-integer times and leaves the queue unchanged', () => {
    const q = createQueue<string>();
    push(q, 1, 'a');
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, -0.25]) {
      expect(() => push(q, bad, 'bad')).toThrow(/integer microsecond/);
    }
    expect(q.heap).toHaveLength(1);
    expect(q.nextSeq).toBe(2);
    expect(() => armTimer(q, 'k', 2.5, 'bad')).toThrow(/integer microsecond/);
    expect(q.timers).toEqual({});
  });
});

describe('timers', () => {
  it('a fired timer is taken once', () => {
    const q = createQueue<string>();
    armTimer(q, 'rto', 100, 'fire');
    const it1 = pop(q)!;
    expect(takeTimer(q, 'rto', it1.seq)).toBe(true);
    expect(takeTimer(q, 'rto', it1.seq)).toBe(false);
    expect('rto' in q.timers).toBe(false);
  });

  it('re-arming makes the older event stale; only the newest fires', () => {
    const q = createQueue<string>();
    armTimer(q, 'rto', 100, 'first');
    armTimer(q, 'rto', 50, 'second'); // earlier
    armTimer(q, 'rto', 300, 'third'); // later than both
    const fired: string[] = [];
    for (let it = pop(q); it; it = pop(q)) if (takeTimer(q, 'rto', it.seq)) fired.push(it.ev);
    expect(fired).toEqual(['third']);
  });

  it('cancel makes the armed event stale and leaves other keys alone', () => {
    const q = createQueue<string>();
    armTimer(q, 'a', 10, 'a');
    armTimer(q, 'b', 20, 'b');
    cancelTimer(q, 'a');
    cancelTimer(q, 'never-armed');
    const fired: string[] = [];
    for (let it = pop(q); it; it = pop(q)) if (takeTimer(q, it.ev, it.seq)) fired.push(it.ev);
    expect(fired).toEqual(['b']);
  });

  it('a timer re-armed after it was cancelled fires again', () => {
    const q = createQueue<string>();
    armTimer(q, 'k', 10, 'old');
    cancelTimer(q, 'k');
    armTimer(q, 'k', 20, 'new');
    const fired: string[] = [];
    for (let it = pop(q); it; it = pop(q)) if (takeTimer(q, 'k', it.seq)) fired.push(it.ev);
    expect(fired).toEqual(['new']);
  });

  it('a plain event with the same sequence space is never taken as a timer', () => {
    const q = createQueue<string>();
    const plain = push(q, 5, 'plain');
    armTimer(q, 'k', 5, 'timer');
    expect(takeTimer(q, 'k', plain)).toBe(false);
    expect(q.timers.k).toBe(plain + 1);
  });

  it('survives structuredClone with its timers', () => {
    const q = createQueue<string>();
    armTimer(q, 'k', 10, 'x');
    push(q, 3, 'y');
    const c = structuredClone(q);
    const first = pop(c)!;
    expect(first.ev).toBe('y');
    const second = pop(c)!;
    expect(takeTimer(c, 'k', second.seq)).toBe(true);
    expect(q.timers.k).toBe(second.seq); // the original still holds its timer
  });
});
