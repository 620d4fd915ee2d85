/** Test fixtures shared by the SA and replay tests: a seeded RNG and a sender/receiver SA pair (no Node APIs). */
import { createState, espEncrypt, type XfrmState } from './index';

/** Deterministic test RNG (xorshift32). */
export function rng(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
      out[i] = s & 0xff;
    }
    return out;
  };
}

export const KM = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
export const pair = (o: { esn?: boolean; replayWindow?: number; icvBits?: 64 | 96 | 128; keyMaterial?: Uint8Array } = {}): [XfrmState, XfrmState] => {
  const base = { src: 0x0a3c0101, dst: 0x0a3c0001, spi: 3, keyMaterial: o.keyMaterial ?? KM, icvBits: o.icvBits, esn: o.esn, now: 100 };
  return [createState({ ...base, rand: rng(1) }), createState({ ...base, replayWindow: o.replayWindow ?? 32, rand: rng(2) })];
};
export const inner = (n = 60, fill = 0x45): Uint8Array => new Uint8Array(n).fill(fill);
export function send(sa: XfrmState, n = 1, len = 60): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const r = espEncrypt(sa, inner(len, i & 0xff), 200);
    if (!r.ok) throw new Error(r.reason);
    out.push(r.esp);
  }
  return out;
}

