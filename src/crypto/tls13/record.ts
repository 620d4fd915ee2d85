/**
 * The TLS 1.3 record layer (RFC 8446 §5). Plaintext records (§5.1) carry ClientHello/ServerHello, the middlebox
 * compatibility ChangeCipherSpec (§D.4) and early alerts. Protected records (§5.2) wrap a TLSInnerPlaintext
 * (content || real content type || zero padding) in an AEAD whose per-record nonce is the 64-bit sequence number,
 * left-padded to iv_length, XORed with the write IV (§5.3), and whose additional data is the 5-byte record header
 * (opaque_type 23, legacy_record_version 0x0303, length) (§5.2). The outer type is always application_data, which
 * hides the real content type.
 *
 * CipherState is plain data (structuredClone-safe); `seq` is a JS number (< 2^53, far below the 2^64 limit).
 */
import { TlsAlertError } from './alerts';
import { concat, u16 } from './bytes';
import { CT_APPLICATION_DATA, LEGACY_VERSION, MAX_CIPHERTEXT, MAX_PLAINTEXT } from './constants';
import { trafficKeys } from './keySchedule';
import { aeadOpen, aeadSeal, suiteInfo, TAG_LEN } from './suites';

export interface CipherState {
  suite: number;
  /** The traffic secret the key and IV come from (kept for KeyUpdate, §7.2). */
  secret: Uint8Array;
  key: Uint8Array;
  iv: Uint8Array;
  seq: number;
}

export function cipherState(suite: number, secret: Uint8Array): CipherState {
  const k = trafficKeys(suiteInfo(suite), secret);
  return { suite, secret, key: k.key, iv: k.iv, seq: 0 };
}

/** §5.3: the 64-bit record sequence number in network byte order, left-padded with zeros to iv_length, XOR write_iv. */
export function recordNonce(iv: Uint8Array, seq: number): Uint8Array {
  const n = iv.slice();
  const hi = Math.floor(seq / 0x1_0000_0000);
  const lo = seq >>> 0;
  const L = n.length;
  const seqBytes = [hi >>> 24, hi >>> 16, hi >>> 8, hi, lo >>> 24, lo >>> 16, lo >>> 8, lo];
  for (let i = 0; i < 8; i++) n[L - 8 + i] ^= seqBytes[i] & 0xff;
  return n;
}

export function recordHeader(type: number, length: number, version = LEGACY_VERSION): Uint8Array {
  return concat(new Uint8Array([type]), u16(version), u16(length));
}

/** Plaintext records, fragmented at 2^14 bytes (§5.1). Handshake data is never sent as an empty fragment. */
export function plaintextRecords(type: number, data: Uint8Array, version = LEGACY_VERSION): Uint8Array[] {
  const out: Uint8Array[] = [];
  let off = 0;
  do {
    const end = Math.min(off + MAX_PLAINTEXT, data.length);
    out.push(concat(recordHeader(type, end - off, version), data.subarray(off, end)));
    off = end;
  } while (off < data.length);
  return out;
}

/** Seals one TLSInnerPlaintext into a TLSCiphertext record and advances the sequence number. */
export function protectRecord(cs: CipherState, innerType: number, content: Uint8Array, padLen = 0): Uint8Array {
  if (content.length + 1 + padLen > MAX_PLAINTEXT + 1) throw new TlsAlertError('internal_error', 'TLS: inner plaintext exceeds 2^14 + 1 bytes');
  if (cs.seq >= Number.MAX_SAFE_INTEGER) throw new TlsAlertError('internal_error', 'TLS: record sequence number exhausted');
  const suite = suiteInfo(cs.suite);
  const inner = new Uint8Array(content.length + 1 + padLen);
  inner.set(content, 0);
  inner[content.length] = innerType;
  const header = recordHeader(CT_APPLICATION_DATA, inner.length + TAG_LEN);
  const sealed = aeadSeal(suite, cs.key, recordNonce(cs.iv, cs.seq), header, inner);
  cs.seq += 1;
  return concat(header, sealed);
}

/** Protects data of one content type as as many records as the 2^14 limit requires. */
export function protectRecords(cs: CipherState, innerType: number, data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let off = 0;
  do {
    const end = Math.min(off + MAX_PLAINTEXT, data.length);
    out.push(protectRecord(cs, innerType, data.subarray(off, end)));
    off = end;
  } while (off < data.length);
  return out;
}

/**
 * Opens a protected record (header = its 5 bytes, body = encrypted_record) and advances the sequence number.
 * A tag that fails is bad_record_mac (§5.2); an inner plaintext with no non-zero octet is unexpected_message.
 */
export function unprotectRecord(cs: CipherState, header: Uint8Array, body: Uint8Array): { type: number; content: Uint8Array } {
  if (body.length > MAX_CIPHERTEXT) throw new TlsAlertError('record_overflow', `TLS: protected record of ${body.length} bytes exceeds 2^14 + 256`);
  const suite = suiteInfo(cs.suite);
  const inner = aeadOpen(suite, cs.key, recordNonce(cs.iv, cs.seq), header, body);
  if (!inner) throw new TlsAlertError('bad_record_mac', `TLS: record authentication failed (bad_record_mac) at sequence number ${cs.seq}`);
  cs.seq += 1;
  let end = inner.length;
  while (end > 0 && inner[end - 1] === 0) end--;
  if (end === 0) throw new TlsAlertError('unexpected_message', 'TLS: protected record has no non-zero content type');
  if (end - 1 > MAX_PLAINTEXT) throw new TlsAlertError('record_overflow', `TLS: inner plaintext of ${end - 1} bytes exceeds 2^14`);
  return { type: inner[end - 1], content: inner.slice(0, end - 1) };
}

export interface RawRecord {
  type: number;
  version: number;
  header: Uint8Array;
  fragment: Uint8Array;
  /** Offset just past this record in the buffer it was taken from. */
  next: number;
}

/** Takes one whole record from a TCP byte stream at `off`, or null when more bytes are needed. */
export function takeRecord(buf: Uint8Array, off: number): RawRecord | null {
  if (buf.length - off < 5) return null;
  const len = (buf[off + 3] << 8) | buf[off + 4];
  if (len > MAX_CIPHERTEXT) throw new TlsAlertError('record_overflow', `TLS: record length ${len} exceeds 2^14 + 256`);
  if (buf.length - off < 5 + len) return null;
  return {
    type: buf[off],
    version: (buf[off + 1] << 8) | buf[off + 2],
    header: buf.slice(off, off + 5),
    fragment: buf.slice(off + 5, off + 5 + len),
    next: off + 5 + len,
  };
}
