/**
 * Low-level ESP with AES-GCM (rfc4106(gcm(aes))): seal and open one ESP packet from explicit fields.
 *
 * Layout (RFC 4303 §2, RFC 4106 §3): SPI 4 | Sequence Number 4 | IV 8 | ciphertext of
 * (payload | padding | pad length 1 | next header 1) | ICV 8/12/16.
 * Padding (RFC 4303 §2.4): bytes 1, 2, 3, ... so that payload + pad + 2 ends on a 4-byte boundary
 * (GCM is a stream mode, so 4 is the only alignment needed).
 * Nonce (RFC 4106 §4): 4-byte salt || 8-byte IV. AAD (RFC 4106 §5): SPI || Seq (8 bytes), or
 * SPI || Seq high 32 bits || Seq low 32 bits (12 bytes) with extended sequence numbers (RFC 4303 §2.2.1).
 * ICV (RFC 4106 §6 and RFC 4303 §3.4.4): the GCM tag, truncated to 8 or 12 bytes for 64/96-bit ICVs,
 * checked before anything is returned.
 *
 * AES-GCM itself is @noble/ciphers' gcm(); a truncated ICV is checked by recomputing the full tag.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { concat, put32, u32 } from '../../net/bytes';

export const ESP_HEADER_LEN = 8; // SPI + sequence number
export const ESP_IV_LEN = 8;
export const ESP_SALT_LEN = 4;
export const ESP_TRAILER_LEN = 2; // pad length + next header

export type IcvBits = 64 | 96 | 128;

/** Total ESP payload length (SPI .. ICV) for an inner packet of `innerLen` bytes. */
export function espLength(innerLen: number, icvBits: IcvBits = 128): number {
  const padded = innerLen + ESP_TRAILER_LEN + padLengthFor(innerLen);
  return ESP_HEADER_LEN + ESP_IV_LEN + padded + icvBits / 8;
}

/** Pad bytes needed after `payloadLen` bytes so that payload + pad + 2 is a multiple of 4 (RFC 4303 §2.4). */
export function padLengthFor(payloadLen: number): number {
  return (4 - ((payloadLen + ESP_TRAILER_LEN) % 4)) % 4;
}

/** payload || 1, 2, ..., n || n || nextHeader. */
export function addTrailer(payload: Uint8Array, nextHeader: number): Uint8Array {
  const pad = padLengthFor(payload.length);
  const out = new Uint8Array(payload.length + pad + ESP_TRAILER_LEN);
  out.set(payload);
  for (let i = 0; i < pad; i++) out[payload.length + i] = i + 1;
  out[out.length - 2] = pad;
  out[out.length - 1] = nextHeader & 0xff;
  return out;
}

export type Trailer = { ok: true; payload: Uint8Array; padLength: number; nextHeader: number } | { ok: false; reason: string };

/** Splits a decrypted (payload | padding | pad length | next header) and checks the padding (RFC 4303 §2.4). */
export function parseTrailer(p: Uint8Array): Trailer {
  if (p.length < ESP_TRAILER_LEN) return { ok: false, reason: `ESP: decrypted data (${p.length} bytes) is too short for the trailer` };
  const padLength = p[p.length - 2];
  const nextHeader = p[p.length - 1];
  const end = p.length - ESP_TRAILER_LEN - padLength;
  if (end < 0) return { ok: false, reason: `ESP: pad length ${padLength} exceeds the decrypted data (${p.length} bytes)` };
  for (let i = 0; i < padLength; i++) {
    if (p[end + i] !== i + 1) return { ok: false, reason: `ESP: bad padding: byte ${i + 1} of ${padLength} is ${p[end + i]}, expected ${i + 1} (RFC 4303 §2.4)` };
  }
  return { ok: true, payload: p.subarray(0, end), padLength, nextHeader };
}

/** 12-byte GCM nonce: salt || IV (RFC 4106 §4). */
export function espNonce(salt: Uint8Array, iv: Uint8Array): Uint8Array {
  return concat(salt, iv);
}

/** AAD: SPI || seq, or SPI || seq high || seq low with ESN (RFC 4106 §5). */
export function espAad(spi: number, seq: number, esnHigh?: number): Uint8Array {
  const esn = esnHigh !== undefined;
  const a = new Uint8Array(esn ? 12 : 8);
  put32(a, 0, spi >>> 0);
  if (esn) put32(a, 4, esnHigh >>> 0);
  put32(a, esn ? 8 : 4, seq >>> 0);
  return a;
}

/** SPI and sequence number of an ESP payload, or null when fewer than 8 bytes (for the SA lookup by SPI). */
export function parseEspHeader(esp: Uint8Array): { spi: number; seq: number } | null {
  if (esp.length < ESP_HEADER_LEN) return null;
  return { spi: u32(esp, 0), seq: u32(esp, 4) };
}

export interface SealEspInput {
  key: Uint8Array; // 16/24/32-byte AES key
  salt: Uint8Array; // 4 bytes
  spi: number;
  seq: number; // low 32 bits (what goes on the wire)
  esnHigh?: number; // high 32 bits with ESN (only in the AAD, never on the wire)
  iv: Uint8Array; // 8 bytes
  icvBits?: IcvBits;
  /** Either the plaintext already carrying padding, pad length and next header (as test vectors give it)... */
  plaintextWithTrailer?: Uint8Array;
  /** ...or the payload and its next header (4 = IPv4 in tunnel mode); padding is added here. */
  payload?: Uint8Array;
  nextHeader?: number;
}

export interface SealedEsp {
  packet: Uint8Array; // SPI .. ICV
  nonce: Uint8Array;
  aad: Uint8Array;
  plaintextWithTrailer: Uint8Array;
  ciphertext: Uint8Array;
  icv: Uint8Array;
}

/** Encrypts one ESP packet. Throws only on programming errors (bad key/salt/IV length, no plaintext). */
export function sealEsp(i: SealEspInput): SealedEsp {
  checkKey(i.key, i.salt);
  if (i.iv.length !== ESP_IV_LEN) throw new Error(`ESP IV must be ${ESP_IV_LEN} bytes, got ${i.iv.length}`);
  const pt = i.plaintextWithTrailer ?? (i.payload ? addTrailer(i.payload, i.nextHeader ?? 4) : undefined);
  if (!pt) throw new Error('sealEsp needs plaintextWithTrailer or payload');
  const nonce = espNonce(i.salt, i.iv);
  const aad = espAad(i.spi, i.seq, i.esnHigh);
  const sealed = gcm(i.key, nonce, aad).encrypt(pt);
  const ciphertext = sealed.subarray(0, pt.length);
  const icv = sealed.slice(pt.length, pt.length + (i.icvBits ?? 128) / 8);
  const header = new Uint8Array(ESP_HEADER_LEN);
  put32(header, 0, i.spi >>> 0);
  put32(header, 4, i.seq >>> 0);
  return { packet: concat(header, i.iv, ciphertext, icv), nonce, aad, plaintextWithTrailer: pt, ciphertext: ciphertext.slice(), icv };
}

export interface OpenEspInput {
  key: Uint8Array;
  salt: Uint8Array;
  packet: Uint8Array; // SPI .. ICV
  esnHigh?: number;
  icvBits?: IcvBits;
}

export type OpenedEsp =
  | { ok: true; spi: number; seq: number; iv: Uint8Array; nonce: Uint8Array; aad: Uint8Array; ciphertext: Uint8Array; icv: Uint8Array;
      plaintextWithTrailer: Uint8Array; payload: Uint8Array; padLength: number; nextHeader: number }
  | { ok: false; stage: 'length' | 'icv' | 'trailer'; reason: string; spi?: number; seq?: number; nonce?: Uint8Array; aad?: Uint8Array };

/** Verifies the ICV and decrypts one ESP packet. Never throws on packet contents. */
export function openEsp(i: OpenEspInput): OpenedEsp {
  checkKey(i.key, i.salt);
  const icvLen = (i.icvBits ?? 128) / 8;
  const min = ESP_HEADER_LEN + ESP_IV_LEN + ESP_TRAILER_LEN + icvLen;
  const hdr = parseEspHeader(i.packet);
  if (!hdr || i.packet.length < min) {
    return { ok: false, stage: 'length', ...hdr, reason: `ESP: truncated packet (${i.packet.length} bytes; header, IV, trailer and a ${icvLen}-byte ICV need at least ${min})` };
  }
  const iv = i.packet.slice(ESP_HEADER_LEN, ESP_HEADER_LEN + ESP_IV_LEN);
  const ciphertext = i.packet.subarray(ESP_HEADER_LEN + ESP_IV_LEN, i.packet.length - icvLen);
  const icv = i.packet.slice(i.packet.length - icvLen);
  const nonce = espNonce(i.salt, iv);
  const aad = espAad(hdr.spi, hdr.seq, i.esnHigh);
  const pt = gcmOpen(i.key, nonce, aad, ciphertext, icv);
  if (!pt) return { ok: false, stage: 'icv', ...hdr, nonce, aad, reason: 'ESP: ICV check failed (wrong key or tampered packet)' };
  const t = parseTrailer(pt);
  if (!t.ok) return { ok: false, stage: 'trailer', ...hdr, nonce, aad, reason: t.reason };
  return { ok: true, ...hdr, iv, nonce, aad, ciphertext: ciphertext.slice(), icv, plaintextWithTrailer: pt, payload: t.payload,
    padLength: t.padLength, nextHeader: t.nextHeader };
}

/** GCM open with a full or truncated tag; null when the tag does not verify. */
function gcmOpen(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array, icv: Uint8Array): Uint8Array | null {
  if (icv.length === 16) {
    try {
      return gcm(key, nonce, aad).decrypt(concat(ct, icv));
    } catch {
      return null;
    }
  }
  // Truncated ICV: GCM's keystream is the same both ways, so "encrypting" the ciphertext yields the candidate
  // plaintext; sealing that again gives the full tag over the received ciphertext, compared on its first bytes.
  const candidate = gcm(key, nonce, aad).encrypt(ct).slice(0, ct.length);
  const full = gcm(key, nonce, aad).encrypt(candidate);
  const tag = full.subarray(ct.length, ct.length + icv.length);
  let diff = 0;
  for (let k = 0; k < icv.length; k++) diff |= tag[k] ^ icv[k];
  return diff === 0 ? candidate : null;
}

function checkKey(key: Uint8Array, salt: Uint8Array): void {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new Error(`AES key must be 16, 24 or 32 bytes, got ${key.length}`);
  if (salt.length !== ESP_SALT_LEN) throw new Error(`ESP salt must be ${ESP_SALT_LEN} bytes, got ${salt.length}`);
}
