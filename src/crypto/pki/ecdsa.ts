/**
 * ECDSA over P-256 with SHA-256 (FIPS 186-5; RFC 5758 §3.2 for X.509, RFC 8446 §4.2.3 ecdsa_secp256r1_sha256 for
 * TLS), through @noble/curves. Signatures are DER `Ecdsa-Sig-Value` (RFC 3279 §2.2.3) over a SHA-256 digest that we
 * compute once here (prehash: false, so noble does not hash it again). We sign low-S with deterministic nonces
 * (RFC 6979); we verify high-S too, because other implementations (OpenSSL) do not normalise S.
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';

export type Rand = (n: number) => Uint8Array;

export interface P256KeyPair {
  /** 32-byte scalar */
  privateKey: Uint8Array;
  /** 65-byte uncompressed SEC 1 point 04||X||Y */
  publicKey: Uint8Array;
}

/**
 * A P-256 key from the caller's randomness: 48 random bytes reduced mod (n - 1), plus 1 (FIPS 186-5 A.2.1,
 * "extra random bits"), so the scalar is uniform in [1, n-1] with negligible bias.
 */
export function p256KeyFromRand(rand: Rand): P256KeyPair {
  const seed = rand(p256.lengths.seed ?? 48);
  const privateKey = p256.utils.randomSecretKey(seed);
  return { privateKey, publicKey: p256.getPublicKey(privateKey, false) };
}

export function p256PublicKey(privateKey: Uint8Array): Uint8Array {
  return p256.getPublicKey(privateKey, false);
}

export function isValidP256PublicKey(publicKey: Uint8Array): boolean {
  try {
    return p256.utils.isValidPublicKey(publicKey, publicKey.length === 33);
  } catch {
    return false;
  }
}

/** DER ECDSA signature of SHA-256(message). */
export function ecdsaSignSha256(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  return p256.sign(sha256(message), privateKey, { prehash: false, format: 'der', lowS: true });
}

/** Verifies a DER ECDSA signature of SHA-256(message); accepts high-S; malformed input is just `false`. */
export function ecdsaVerifySha256(publicKey: Uint8Array, message: Uint8Array, derSignature: Uint8Array): boolean {
  try {
    return p256.verify(derSignature, sha256(message), publicKey, { prehash: false, format: 'der', lowS: false });
  } catch {
    return false;
  }
}
