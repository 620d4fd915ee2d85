/**
 * The encrypted handshake messages (RFC 8446 §4.3–§4.4, §4.6.3): EncryptedExtensions, CertificateRequest,
 * Certificate (X.509 entries, each with its own extensions), CertificateVerify, Finished, and KeyUpdate.
 */
import { TlsAlertError } from './alerts';
import { concat, Reader, u16, u8, vec16, vec24, vec8 } from './bytes';
import {
  HS_CERTIFICATE, HS_CERTIFICATE_REQUEST, HS_CERTIFICATE_VERIFY, HS_ENCRYPTED_EXTENSIONS, HS_FINISHED, HS_KEY_UPDATE,
} from './constants';
import { encodeExtensions, parseExtensions, type Extension } from './extensions';
import { wrapHandshake } from './messagesHello';

export function encodeEncryptedExtensions(exts: Extension[]): Uint8Array {
  return wrapHandshake(HS_ENCRYPTED_EXTENSIONS, encodeExtensions(exts));
}

export function parseEncryptedExtensions(body: Uint8Array): Extension[] {
  const r = new Reader(body, 'EncryptedExtensions');
  const exts = parseExtensions(r, 'EncryptedExtensions');
  r.done();
  return exts;
}

export interface CertificateRequest { context: Uint8Array; extensions: Extension[] }

export function encodeCertificateRequest(cr: CertificateRequest): Uint8Array {
  return wrapHandshake(HS_CERTIFICATE_REQUEST, concat(vec8(cr.context), encodeExtensions(cr.extensions)));
}

export function parseCertificateRequest(body: Uint8Array): CertificateRequest {
  const r = new Reader(body, 'CertificateRequest');
  const context = r.vec8();
  const extensions = parseExtensions(r, 'CertificateRequest');
  r.done();
  return { context, extensions };
}

export interface CertificateEntry { cert: Uint8Array; extensions: Extension[] }
export interface CertificateMsg { context: Uint8Array; entries: CertificateEntry[] }

export function encodeCertificate(c: CertificateMsg): Uint8Array {
  const list = concat(...c.entries.map((e) => concat(vec24(e.cert), encodeExtensions(e.extensions))));
  return wrapHandshake(HS_CERTIFICATE, concat(vec8(c.context), vec24(list)));
}

export function parseCertificate(body: Uint8Array): CertificateMsg {
  const r = new Reader(body, 'Certificate');
  const context = r.vec8();
  const list = r.sub(3, 'Certificate certificate_list');
  r.done();
  const entries: CertificateEntry[] = [];
  while (list.left()) {
    const cert = list.vec24(1);
    const extensions = parseExtensions(list, 'CertificateEntry');
    entries.push({ cert, extensions });
  }
  return { context, entries };
}

export interface CertificateVerifyMsg { scheme: number; signature: Uint8Array }

export function encodeCertificateVerify(cv: CertificateVerifyMsg): Uint8Array {
  return wrapHandshake(HS_CERTIFICATE_VERIFY, concat(u16(cv.scheme), vec16(cv.signature)));
}

export function parseCertificateVerify(body: Uint8Array): CertificateVerifyMsg {
  const r = new Reader(body, 'CertificateVerify');
  const scheme = r.u16();
  const signature = r.vec16();
  r.done();
  return { scheme, signature };
}

export function encodeFinished(verifyData: Uint8Array): Uint8Array {
  return wrapHandshake(HS_FINISHED, verifyData);
}

/** §4.4.4: verify_data is exactly Hash.length bytes. */
export function parseFinished(body: Uint8Array, hashLen: number): Uint8Array {
  if (body.length !== hashLen) throw new TlsAlertError('decode_error', `TLS: Finished has ${body.length} bytes, expected ${hashLen}`);
  return body;
}

/** §4.6.3: enum { update_not_requested(0), update_requested(1) } KeyUpdateRequest. */
export function encodeKeyUpdate(requestUpdate: boolean): Uint8Array {
  return wrapHandshake(HS_KEY_UPDATE, u8(requestUpdate ? 1 : 0));
}

export function parseKeyUpdate(body: Uint8Array): boolean {
  const r = new Reader(body, 'KeyUpdate');
  const v = r.u8();
  r.done();
  if (v > 1) throw new TlsAlertError('illegal_parameter', `TLS: KeyUpdate request_update ${v} is neither 0 nor 1`);
  return v === 1;
}
