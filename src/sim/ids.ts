/** Identifiers drawn from the seeded RNG: MAC addresses, UUIDs (pod uid, boot id). */
import type { RngState } from './rng';
import { randomBytes } from './rng';
import { toHex } from '../net/bytes';

/** A random locally administered unicast MAC (as veth and lxc devices get). */
export function randomMac(r: RngState, prefix?: number[]): Uint8Array {
  const b = randomBytes(r, 6);
  if (prefix) b.set(prefix);
  else b[0] = (b[0] & 0xfe) | 0x02;
  return b;
}

/** RFC 9562 version-4 UUID text. */
export function randomUuid(r: RngState): string {
  const b = randomBytes(r, 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
