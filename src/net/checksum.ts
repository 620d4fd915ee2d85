/**
 * The Internet checksum (RFC 1071) and the IPv4 pseudo-header sum used by TCP and UDP (RFC 793 §3.1, RFC 768).
 */

/** One's-complement sum of 16-bit big-endian words, not yet folded or inverted. */
export function sum16(b: Uint8Array, start = 0, end = b.length, initial = 0): number {
  let s = initial;
  let i = start;
  for (; i + 1 < end; i += 2) s += (b[i] << 8) | b[i + 1];
  if (i < end) s += b[i] << 8;
  return s;
}

export function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

/** The checksum to store in a header whose checksum field is zero. */
export function inetChecksum(b: Uint8Array, start = 0, end = b.length, initial = 0): number {
  return ~fold(sum16(b, start, end, initial)) & 0xffff;
}

/** Sum of the IPv4 pseudo-header: source, destination, zero, protocol, upper-layer length. */
export function pseudoHeaderSum(src: number, dst: number, proto: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + length;
}

/** True when a region including its checksum field sums to 0xffff (the check a receiver does). */
export function verifies(b: Uint8Array, start = 0, end = b.length, initial = 0): boolean {
  return fold(sum16(b, start, end, initial)) === 0xffff;
}
