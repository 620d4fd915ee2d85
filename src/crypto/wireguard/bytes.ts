/**
 * Byte helpers for the WireGuard wire format, which is little-endian (whitepaper §5.4: "all integers are
 * little-endian"), plus IPv4 address helpers for allowed IPs and drop reasons.
 */
import { concat } from '../../net/bytes';

export const EMPTY = new Uint8Array(0);

export function u32le(b: Uint8Array, off: number): number {
  return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
}

export function putU32le(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
  b[off + 2] = (v >>> 16) & 0xff;
  b[off + 3] = (v >>> 24) & 0xff;
}

/** A little-endian u64 as a JS number (exact below 2^53). */
export function u64le(b: Uint8Array, off: number): number {
  return u32le(b, off) + u32le(b, off + 4) * 0x100000000;
}

export function putU64le(b: Uint8Array, off: number, v: number): void {
  putU32le(b, off, v % 0x100000000);
  putU32le(b, off + 4, Math.floor(v / 0x100000000));
}

/** Joins byte arrays (the project's one implementation, src/net/bytes.ts). */
export const concatBytes = concat;

/** Equality that looks at every byte (no early exit), for MACs and keys. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

export function isZero(a: Uint8Array): boolean {
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i];
  return d === 0;
}

/** Big-endian lexicographic comparison: <0, 0, >0 (TAI64N timestamps compare this way). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export function hex32(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

export function ipToString(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** Reads an IPv4 address (network byte order) as an unsigned 32-bit number. */
export function ipAt(b: Uint8Array, off: number): number {
  return ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0;
}

export function prefixMask(bits: number): number {
  return bits <= 0 ? 0 : (0xffffffff << (32 - Math.min(bits, 32))) >>> 0;
}
