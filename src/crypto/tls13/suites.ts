/**
 * The three TLS 1.3 cipher suites we implement (RFC 8446 §B.4) and their AEADs (§5.2): AES-GCM (NIST SP 800-38D)
 * and ChaCha20-Poly1305 (RFC 8439), both from @noble/ciphers. Every suite uses a 12-byte IV and a 16-byte tag.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import { TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256 } from './constants';

export type HashName = 'sha256' | 'sha384';

export interface SuiteInfo {
  id: number;
  name: string;
  hash: HashName;
  hashLen: number;
  keyLen: number;
  ivLen: number;
  aead: 'aes-gcm' | 'chacha20-poly1305';
}

const SUITES: Record<number, SuiteInfo> = {
  [TLS_AES_128_GCM_SHA256]: { id: TLS_AES_128_GCM_SHA256, name: 'TLS_AES_128_GCM_SHA256', hash: 'sha256', hashLen: 32, keyLen: 16, ivLen: 12, aead: 'aes-gcm' },
  [TLS_AES_256_GCM_SHA384]: { id: TLS_AES_256_GCM_SHA384, name: 'TLS_AES_256_GCM_SHA384', hash: 'sha384', hashLen: 48, keyLen: 32, ivLen: 12, aead: 'aes-gcm' },
  [TLS_CHACHA20_POLY1305_SHA256]: { id: TLS_CHACHA20_POLY1305_SHA256, name: 'TLS_CHACHA20_POLY1305_SHA256', hash: 'sha256', hashLen: 32, keyLen: 32, ivLen: 12, aead: 'chacha20-poly1305' },
};

export const TAG_LEN = 16;

export function isSupportedSuite(id: number): boolean {
  return id in SUITES;
}

export function suiteInfo(id: number): SuiteInfo {
  const s = SUITES[id];
  if (!s) throw new Error(`TLS: cipher suite 0x${id.toString(16).padStart(4, '0')} is not implemented`);
  return s;
}

export function suiteName(id: number): string {
  return SUITES[id]?.name ?? `0x${id.toString(16).padStart(4, '0')}`;
}

export function hashFn(name: HashName): CHash {
  return name === 'sha256' ? sha256 : sha384;
}

export function aeadSeal(suite: SuiteInfo, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const c = suite.aead === 'aes-gcm' ? gcm(key, nonce, aad) : chacha20poly1305(key, nonce, aad);
  return c.encrypt(plaintext);
}

/** Returns the plaintext, or null when the tag does not authenticate. */
export function aeadOpen(suite: SuiteInfo, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array | null {
  if (ciphertext.length < TAG_LEN) return null;
  const c = suite.aead === 'aes-gcm' ? gcm(key, nonce, aad) : chacha20poly1305(key, nonce, aad);
  try {
    return c.decrypt(ciphertext);
  } catch {
    return null;
  }
}
