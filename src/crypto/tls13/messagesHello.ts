/**
 * Handshake framing (RFC 8446 §4: HandshakeType msg_type; uint24 length; body) and the hello messages:
 * ClientHello (§4.1.2) and ServerHello (§4.1.3). A ServerHello whose random is SHA-256("HelloRetryRequest") is a
 * HelloRetryRequest (§4.1.4), which callers detect with `isHelloRetryRequest`.
 */
import { fromHex, equalBytes } from '../../net/bytes';
import { TlsAlertError } from './alerts';
import { concat, Reader, u16, u16List, u24, u8, vec16, vec8 } from './bytes';
import { HANDSHAKE_NAMES, HRR_RANDOM_HEX, HS_CLIENT_HELLO, HS_SERVER_HELLO, LEGACY_VERSION } from './constants';
import { encodeExtensions, parseExtensions, type Extension } from './extensions';

/** Largest handshake message we accept (certificate chains are the big ones). */
export const MAX_HANDSHAKE_MESSAGE = 65536;

export function wrapHandshake(type: number, body: Uint8Array): Uint8Array {
  return concat(u8(type), u24(body.length), body);
}

export interface HandshakeMessage {
  type: number;
  body: Uint8Array;
  /** header + body, as it enters the transcript */
  raw: Uint8Array;
}

/** Takes one whole handshake message from reassembled handshake bytes, or null when more are needed. */
export function takeHandshake(buf: Uint8Array): { msg: HandshakeMessage; rest: Uint8Array } | null {
  if (buf.length < 4) return null;
  const len = (buf[1] << 16) | (buf[2] << 8) | buf[3];
  if (len > MAX_HANDSHAKE_MESSAGE) {
    throw new TlsAlertError('decode_error', `TLS: ${handshakeName(buf[0])} of ${len} bytes exceeds our ${MAX_HANDSHAKE_MESSAGE}-byte limit`);
  }
  if (buf.length < 4 + len) return null;
  return { msg: { type: buf[0], body: buf.slice(4, 4 + len), raw: buf.slice(0, 4 + len) }, rest: buf.slice(4 + len) };
}

export function handshakeName(type: number): string {
  return HANDSHAKE_NAMES[type] ?? `handshake(${type})`;
}

export interface ClientHello {
  legacyVersion: number;
  random: Uint8Array;
  sessionId: Uint8Array;
  cipherSuites: number[];
  compressionMethods: Uint8Array;
  extensions: Extension[];
}

export function encodeClientHello(ch: ClientHello): Uint8Array {
  return wrapHandshake(HS_CLIENT_HELLO, concat(
    u16(ch.legacyVersion), ch.random, vec8(ch.sessionId), vec16(u16List(ch.cipherSuites)), vec8(ch.compressionMethods),
    encodeExtensions(ch.extensions),
  ));
}

export function parseClientHello(body: Uint8Array): ClientHello {
  const r = new Reader(body, 'ClientHello');
  const legacyVersion = r.u16();
  const random = r.bytes(32);
  const sessionId = r.vec8();
  if (sessionId.length > 32) throw new TlsAlertError('decode_error', `TLS: ClientHello legacy_session_id of ${sessionId.length} bytes exceeds 32`);
  const cipherSuites = r.u16s(2, 'ClientHello cipher_suites', 2);
  const compressionMethods = r.vec8(1);
  // A pre-TLS-1.0-extensions ClientHello has no extensions block at all.
  const extensions = r.left() ? parseExtensions(r, 'ClientHello') : [];
  r.done();
  return { legacyVersion, random, sessionId, cipherSuites, compressionMethods, extensions };
}

export interface ServerHello {
  legacyVersion: number;
  random: Uint8Array;
  sessionId: Uint8Array;
  cipherSuite: number;
  compressionMethod: number;
  extensions: Extension[];
}

export function encodeServerHello(sh: ServerHello): Uint8Array {
  return wrapHandshake(HS_SERVER_HELLO, concat(
    u16(sh.legacyVersion), sh.random, vec8(sh.sessionId), u16(sh.cipherSuite), u8(sh.compressionMethod),
    encodeExtensions(sh.extensions),
  ));
}

export function parseServerHello(body: Uint8Array): ServerHello {
  const r = new Reader(body, 'ServerHello');
  const legacyVersion = r.u16();
  const random = r.bytes(32);
  const sessionId = r.vec8();
  if (sessionId.length > 32) throw new TlsAlertError('decode_error', `TLS: ServerHello legacy_session_id_echo of ${sessionId.length} bytes exceeds 32`);
  const cipherSuite = r.u16();
  const compressionMethod = r.u8();
  const extensions = r.left() ? parseExtensions(r, 'ServerHello') : [];
  r.done();
  return { legacyVersion, random, sessionId, cipherSuite, compressionMethod, extensions };
}

const HRR_RANDOM = fromHex(HRR_RANDOM_HEX);

export function isHelloRetryRequest(sh: ServerHello): boolean {
  return equalBytes(sh.random, HRR_RANDOM);
}

export function newServerHello(random: Uint8Array, sessionId: Uint8Array, cipherSuite: number, extensions: Extension[]): ServerHello {
  return { legacyVersion: LEGACY_VERSION, random, sessionId, cipherSuite, compressionMethod: 0, extensions };
}
