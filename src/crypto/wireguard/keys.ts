/**
 * Static and ephemeral Curve25519 keys (whitepaper §5.4.1; RFC 7748 §5 clamping, as `wg genkey` prints them).
 */
import { dhPublic } from './noise';
import type { Rand } from './types';

/** 32 random bytes from the caller's RNG, clamped: low 3 bits cleared, bit 255 cleared, bit 254 set. */
export function generatePrivateKey(rand: Rand): Uint8Array {
  const k = new Uint8Array(rand(32));
  if (k.length !== 32) throw new Error('generatePrivateKey: rand must return 32 bytes');
  k[0] &= 248;
  k[31] = (k[31] & 127) | 64;
  return k;
}

export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  return dhPublic(privateKey);
}
