/**
 * The seeded random number generator: a ChaCha20 keystream (RFC 8439, @noble/ciphers) keyed by SHA-256 of the
 * seed. Every random value in a lab (keys, ISNs, ports, IPs, MACs, jitter) comes from here, so the same seed gives
 * the same bytes. The state is plain data and survives structuredClone (snapshots).
 */
import { chacha20 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../net/bytes';

const CHUNK = 1024; // 16 ChaCha20 blocks per refill
const NONCE = new Uint8Array(12);

export interface RngState {
  key: Uint8Array;
  /** ChaCha20 block counter of the next refill. */
  block: number;
  buf: Uint8Array;
  pos: number;
}

export function createRng(seed: string | number): RngState {
  return { key: sha256(utf8(`podlock-rng-v1:${seed}`)), block: 0, buf: new Uint8Array(0), pos: 0 };
}

function refill(r: RngState): void {
  r.buf = chacha20(r.key, NONCE, new Uint8Array(CHUNK), undefined, r.block);
  r.block += CHUNK / 64;
  r.pos = 0;
}

export function randomBytes(r: RngState, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let o = 0;
  while (o < n) {
    if (r.pos >= r.buf.length) refill(r);
    const take = Math.min(n - o, r.buf.length - r.pos);
    out.set(r.buf.subarray(r.pos, r.pos + take), o);
    r.pos += take;
    o += take;
  }
  return out;
}

export function randomU32(r: RngState): number {
  const b = randomBytes(r, 4);
  return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}

/** Uniform integer in [lo, hi] (inclusive), without modulo bias. */
/** Uniform in [0, 1), with 32 bits of randomness. */
export function randomFloat(r: RngState): number {
  return randomU32(r) / 0x100000000;
}

export function randomInt(r: RngState, lo: number, hi: number): number {
  const span = hi - lo + 1;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || span <= 0 || span > 0x100000000) throw new Error(`randomInt: bad range [${lo}, ${hi}]`);
  const limit = Math.floor(0x100000000 / span) * span;
  for (;;) {
    const v = randomU32(r);
    if (v < limit) return lo + (v % span);
  }
}

export function randomPick<T>(r: RngState, items: readonly T[]): T {
  return items[randomInt(r, 0, items.length - 1)];
}
