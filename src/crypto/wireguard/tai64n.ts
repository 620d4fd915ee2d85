/**
 * TAI64N timestamps (whitepaper §5.1 and §5.4.2; format from D. J. Bernstein's libtai): an 8-byte big-endian
 * label then 4 bytes of big-endian nanoseconds. The label of Unix second u is 2^62 + 10 + u: the golden
 * handshakes (real kernel captures) carry labels exactly 10 s ahead of the capture's own UTC timestamps, i.e. the
 * TAI64 epoch offset and no leap-second table. Input is the lab's virtual clock (µs since 1970-01-01 UTC).
 */
import { compareBytes } from './bytes';
import { TAI64N_LEN } from './constants';

const TAI64_BASE_HI = 0x40000000; // 2^62 as the high u32 of the label
const TAI64_EPOCH_OFFSET = 10;

export function tai64n(nowUs: number): Uint8Array {
  const out = new Uint8Array(TAI64N_LEN);
  const v = new DataView(out.buffer);
  const secs = Math.floor(nowUs / 1_000_000) + TAI64_EPOCH_OFFSET;
  const nanos = (nowUs - Math.floor(nowUs / 1_000_000) * 1_000_000) * 1000;
  v.setUint32(0, TAI64_BASE_HI + Math.floor(secs / 0x100000000));
  v.setUint32(4, secs % 0x100000000);
  v.setUint32(8, nanos);
  return out;
}

/** Back to virtual-clock µs (nanoseconds truncated). */
export function tai64nToUs(t: Uint8Array): number {
  const v = new DataView(t.buffer, t.byteOffset, t.byteLength);
  const secs = (v.getUint32(0) - TAI64_BASE_HI) * 0x100000000 + v.getUint32(4) - TAI64_EPOCH_OFFSET;
  return secs * 1_000_000 + Math.floor(v.getUint32(8) / 1000);
}

/** Negative, zero or positive as a is earlier than, equal to or later than b. */
export function compareTai64n(a: Uint8Array, b: Uint8Array): number {
  return compareBytes(a, b);
}
