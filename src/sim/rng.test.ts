/**
 * The seeded RNG: it must be exactly the ChaCha20 keystream (RFC 8439) keyed by SHA-256('podlock-rng-v1:' + seed),
 * however the bytes are drawn, so the same seed gives the same lab everywhere. The expectation is computed here
 * with @noble primitives, independently of rng.ts's buffering.
 */
import { describe, expect, it } from 'vitest';
import { chacha20 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { createRng, randomBytes, randomInt, randomPick, randomU32 } from './rng';

const keystream = (seed: string, n: number): Uint8Array =>
  chacha20(sha256(new TextEncoder().encode(`podlock-rng-v1:${seed}`)), new Uint8Array(12), new Uint8Array(n), undefined, 0);

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

describe('stream', () => {
  it("gives the ChaCha20 keystream of SHA-256('podlock-rng-v1:x') for seed 'x'", () => {
    const first = randomBytes(createRng('x'), 32);
    expect(hex(first)).toBe(hex(keystream('x', 32)));
    // The key is not the seed itself: a stream keyed by SHA-256('x') alone would differ.
    const bare = chacha20(sha256(new TextEncoder().encode('x')), new Uint8Array(12), new Uint8Array(32), undefined, 0);
    expect(hex(first)).not.toBe(hex(bare));
  });

  it('numbers and their decimal strings are the same seed', () => {
    expect(hex(randomBytes(createRng(42), 64))).toBe(hex(randomBytes(createRng('42'), 64)));
  });

  it('gives the same bytes from fresh states with the same seed', () => {
    const a = createRng('seed-1');
    const b = createRng('seed-1');
    expect(hex(randomBytes(a, 4096))).toBe(hex(randomBytes(b, 4096)));
  });

  it('gives different bytes for different seeds', () => {
    const seeds = ['1', '2', 'x', 'X', '', 'podlock'];
    const outs = seeds.map((s) => hex(randomBytes(createRng(s), 32)));
    expect(new Set(outs).size).toBe(seeds.length);
  });

  it('continues the keystream across calls and 1024-byte refills, whatever the split', () => {
    const total = 5000;
    const expected = hex(keystream('split', total));
    const splits = [[total], [1023, 1, 1, 1023, 2952], [1024, 1024, 2952], [1, 2, 3, 1018, 3976], [3000, 2000], [7, 2041, 1, 2951]];
    for (const parts of splits) {
      const r = createRng('split');
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(parts.map((n) => hex(randomBytes(r, n))).join('')).toBe(expected);
    }
    // Zero-length draws take nothing from the stream.
    const r = createRng('split');
    expect(randomBytes(r, 0)).toHaveLength(0);
    expect(hex(randomBytes(r, 16))).toBe(expected.slice(0, 32));
  });

  it('reads u32 values big-endian from the stream', () => {
    const ks = keystream('u32', 8);
    const r = createRng('u32');
    expect(randomU32(r)).toBe(((ks[0] << 24) | (ks[1] << 16) | (ks[2] << 8) | ks[3]) >>> 0);
    expect(randomU32(r)).toBe(((ks[4] << 24) | (ks[5] << 16) | (ks[6] << 8) | ks[7]) >>> 0);
  });

  it('survives structuredClone: the clone and the original continue identically', () => {
    const a = createRng('clone');
    randomBytes(a, 1500); // mid-buffer, after one refill
    const b = structuredClone(a);
    expect(hex(randomBytes(b, 3000))).toBe(hex(randomBytes(a, 3000)));
    // ... and the clone is independent: drawing from one does not advance the other.
    const c = structuredClone(a);
    randomBytes(a, 100);
    expect(hex(randomBytes(c, 100))).not.toBe(hex(randomBytes(a, 100)));
  });
});

describe('randomInt', () => {
  it('uses the whole u32 for span 2^32 and rejects nothing', () => {
    const ks = keystream('full', 4);
    expect(randomInt(createRng('full'), 0, 0xffffffff)).toBe(((ks[0] << 24) | (ks[1] << 16) | (ks[2] << 8) | ks[3]) >>> 0);
  });

  it('maps by remainder after rejection sampling (span 6: value = u32 % 6 when u32 < limit)', () => {
    const ks = keystream('six', 400);
    const r = createRng('six');
    const limit = Math.floor(2 ** 32 / 6) * 6;
    for (let o = 0; o < 400; o += 4) {
      const v = ((ks[o] << 24) | (ks[o + 1] << 16) | (ks[o + 2] << 8) | ks[o + 3]) >>> 0;
      if (v >= limit) continue; // astronomically rare; the draw would skip it
      expect(randomInt(r, 1, 6)).toBe(1 + (v % 6));
    }
  });

  it('stays in range, including degenerate and negative ranges', () => {
    const r = createRng('range');
    for (const [lo, hi] of [[0, 0], [5, 5], [-3, 3], [-100, -90], [32768, 60999], [0, 1], [2, 254]]) {
      for (let i = 0; i < 500; i++) {
        const v = randomInt(r, lo, hi);
        expect(Number.isInteger(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
      }
    }
  });

  it('is roughly uniform: chi-square over 60000 draws into 12 buckets stays under the p=0.001 bound', () => {
    const r = createRng('chi');
    const buckets = new Array<number>(12).fill(0);
    const n = 60_000;
    for (let i = 0; i < n; i++) buckets[randomInt(r, 3, 14) - 3]++;
    const expected = n / 12;
    const chi2 = buckets.reduce((a, o) => a + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(31.26); // chi-square, 11 degrees of freedom, p = 0.001
    expect(Math.min(...buckets)).toBeGreaterThan(0);
  });

  it('is uniform for a span that forces rejections (3 * 2^30: a quarter of u32 values are rejected)', () => {
    const r = createRng('reject');
    const span = 3 * 2 ** 30;
    const thirds = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) thirds[Math.floor(randomInt(r, 0, span - 1) / 2 ** 30)]++;
    const chi2 = thirds.reduce((a, o) => a + (o - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(13.82); // 2 degrees of freedom, p = 0.001
  });

  it('throws on empty or too-large ranges', () => {
    const r = createRng('bad');
    expect(() => randomInt(r, 5, 4)).toThrow(/bad range/);
    expect(() => randomInt(r, 0, 2 ** 32)).toThrow(/bad range/);
    expect(() => randomInt(r, 0, Number.NaN)).toThrow(/bad range/);
  });

  // The contract is "uniform integer in [lo, hi]": fractional bounds with an integer difference must not slip through.
  it('rejects fractional bounds instead of returning non-integers', () => {
    expect(() => randomInt(createRng('frac'), 0.5, 1.5)).toThrow(/bad range/);
  });

  it('randomPick picks every item of a list and only those', () => {
    const r = createRng('pick');
    const items = ['a', 'b', 'c', 'd'] as const;
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(randomPick(r, items));
    expect([...seen].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});
