/**
 * Noise primitives for Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s (Noise spec rev 34 §4-§5, WireGuard whitepaper §5.4):
 * HASH = BLAKE2s-256, MAC = keyed BLAKE2s-128, HMAC = HMAC-BLAKE2s, KDF_n (the paper's HKDF chain built on HMAC),
 * DH = X25519, AEAD = ChaCha20-Poly1305 with nonce 4 zero bytes || LE64 counter, XAEAD = XChaCha20-Poly1305,
 * and the Noise SymmetricState (MixHash, MixKey, MixKeyAndHash, EncryptAndHash, DecryptAndHash, Split).
 * Every primitive comes from @noble; nothing here is hand-rolled.
 */
import { chacha20poly1305, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { blake2s } from '@noble/hashes/blake2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { EMPTY, concatBytes, putU64le, utf8 } from './bytes';

export const HASH_LEN = 32;

export function hash(...parts: Uint8Array[]): Uint8Array {
  return blake2s(parts.length === 1 ? parts[0] : concatBytes(...parts));
}

/** MAC(key, input) = keyed BLAKE2s with a 16-byte output (whitepaper §5.4). */
export function mac(key: Uint8Array, input: Uint8Array): Uint8Array {
  return blake2s(input, { key, dkLen: 16 });
}

export function hmacBlake2s(key: Uint8Array, input: Uint8Array): Uint8Array {
  return hmac(blake2s, key, input);
}

/** KDF_n(key, input): T0 = HMAC(key, input), T_i = HMAC(T0, T_{i-1} || i); returns T_1..T_n (whitepaper §5.4). */
export function kdf(n: 1 | 2 | 3, key: Uint8Array, input: Uint8Array): Uint8Array[] {
  const t0 = hmacBlake2s(key, input);
  const out: Uint8Array[] = [];
  let prev: Uint8Array = EMPTY;
  for (let i = 1; i <= n; i++) {
    prev = hmacBlake2s(t0, concatBytes(prev, Uint8Array.of(i)));
    out.push(prev);
  }
  return out;
}

/** X25519; undefined when the peer's point gives an all-zero (low-order) result, which @noble rejects. */
export function dh(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array | undefined {
  try {
    return x25519.getSharedSecret(privateKey, publicKey);
  } catch {
    return undefined;
  }
}

export function dhPublic(privateKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(privateKey);
}

/** The 96-bit ChaCha20-Poly1305 nonce: 32 zero bits then the counter as little-endian u64. */
export function counterNonce(counter: number): Uint8Array {
  const n = new Uint8Array(12);
  putU64le(n, 4, counter);
  return n;
}

export function aeadSeal(key: Uint8Array, counter: number, plaintext: Uint8Array, ad: Uint8Array): Uint8Array {
  return chacha20poly1305(key, counterNonce(counter), ad).encrypt(plaintext);
}

/** Opens a ChaCha20-Poly1305 box; undefined when the tag does not verify. */
export function aeadOpen(key: Uint8Array, counter: number, ciphertext: Uint8Array, ad: Uint8Array): Uint8Array | undefined {
  try {
    return chacha20poly1305(key, counterNonce(counter), ad).decrypt(ciphertext);
  } catch {
    return undefined;
  }
}

export function xaeadSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Uint8Array {
  return xchacha20poly1305(key, nonce, ad).encrypt(plaintext);
}

export function xaeadOpen(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, ad: Uint8Array): Uint8Array | undefined {
  try {
    return xchacha20poly1305(key, nonce, ad).decrypt(ciphertext);
  } catch {
    return undefined;
  }
}

/** Noise SymmetricState (Noise §5.2) with its CipherState (k, n) inlined; plain data. */
export interface SymmetricState {
  ck: Uint8Array;
  h: Uint8Array;
  k: Uint8Array | null;
  n: number;
}

/** InitializeSymmetric: h = name padded to 32 bytes, or HASH(name) when longer; ck = h. */
export function initializeSymmetric(protocolName: string): SymmetricState {
  const name = utf8(protocolName);
  let h: Uint8Array;
  if (name.length <= HASH_LEN) {
    h = new Uint8Array(HASH_LEN);
    h.set(name);
  } else h = hash(name);
  return { ck: h, h, k: null, n: 0 };
}

export function mixHash(ss: SymmetricState, data: Uint8Array): void {
  ss.h = hash(ss.h, data);
}

export function mixKey(ss: SymmetricState, ikm: Uint8Array): void {
  const [ck, k] = kdf(2, ss.ck, ikm);
  ss.ck = ck;
  ss.k = k;
  ss.n = 0;
}

export function mixKeyAndHash(ss: SymmetricState, ikm: Uint8Array): void {
  const [ck, tempH, k] = kdf(3, ss.ck, ikm);
  ss.ck = ck;
  mixHash(ss, tempH);
  ss.k = k;
  ss.n = 0;
}

export function encryptAndHash(ss: SymmetricState, plaintext: Uint8Array): Uint8Array {
  if (!ss.k) {
    mixHash(ss, plaintext);
    return plaintext;
  }
  const c = aeadSeal(ss.k, ss.n++, plaintext, ss.h);
  mixHash(ss, c);
  return c;
}

export function decryptAndHash(ss: SymmetricState, ciphertext: Uint8Array): Uint8Array | undefined {
  if (!ss.k) {
    mixHash(ss, ciphertext);
    return ciphertext;
  }
  const p = aeadOpen(ss.k, ss.n, ciphertext, ss.h);
  if (!p) return undefined;
  ss.n++;
  mixHash(ss, ciphertext);
  return p;
}

/** Split: (k1, k2) = KDF2(ck, empty); k1 protects initiator -> responder, k2 responder -> initiator. */
export function split(ss: SymmetricState): [Uint8Array, Uint8Array] {
  const [k1, k2] = kdf(2, ss.ck, EMPTY);
  return [k1, k2];
}
