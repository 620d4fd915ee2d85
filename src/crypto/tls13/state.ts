/**
 * Connection state construction and the output side shared by client and server: writing records (plaintext
 * before keys, protected after, RFC 8446 §5), the transcript (§4.4.1), key-log and trace events. An `Out` collects
 * what one API call produces; `finishOut` turns it into the public TlsOutput.
 */
import { concat } from './bytes';
import { encodeAlert, alertLevelFor, type AlertName } from './alerts';
import { CT_ALERT, CT_APPLICATION_DATA, CT_CHANGE_CIPHER_SPEC, CT_HANDSHAKE, LEGACY_VERSION } from './constants';
import { keylogLine } from './keySchedule';
import { handshakeName, type HandshakeMessage } from './messagesHello';
import { plaintextRecords, protectRecords } from './record';
import type { Rand, TlsConfig, TlsConn, TlsEvent, TlsOutput } from './types';

export interface Out { send: Uint8Array[]; appData: Uint8Array[]; events: TlsEvent[] }

export const newOut = (): Out => ({ send: [], appData: [], events: [] });

export function finishOut(out: Out): TlsOutput {
  return { send: concat(...out.send), appData: out.appData, events: out.events };
}

const EMPTY = new Uint8Array(0);

/** A fresh connection. Consumes no randomness: the client draws at `start`, the server when the ClientHello arrives. */
export function createConnection(cfg: TlsConfig, _rand?: Rand): TlsConn {
  return {
    cfg: structuredClone(cfg),
    phase: cfg.role === 'client' ? 'start' : 'wait-ch',
    suite: 0, inBuf: EMPTY, hsBuf: EMPTY, transcript: EMPTY,
    clientRandom: EMPTY, serverRandom: EMPTY, sessionId: EMPTY,
    offeredSuites: [], offeredExtensions: [], offeredAlpn: [],
    ecdhPrivate: EMPTY, handshakeSecret: EMPTY, clientHandshakeSecret: EMPTY, serverHandshakeSecret: EMPTY, masterSecret: EMPTY,
    read: null, write: null,
    certRequested: false, certRequestContext: EMPTY, peerSigAlgs: [], nextReadSecret: EMPTY,
    peerChain: [], peerPublicKey: EMPTY, peerIdentity: null,
    alpn: null, serverName: null, pending: [], closeSent: false, closeReceived: false, failure: null,
  };
}

export function isTerminal(conn: TlsConn): boolean {
  return conn.phase === 'closed' || conn.phase === 'failed';
}

/** Writes `data` of one content type: protected under the current write keys, or plaintext before there are any. */
export function sendRecords(conn: TlsConn, out: Out, type: number, data: Uint8Array, plainVersion = LEGACY_VERSION): void {
  const records = conn.write ? protectRecords(conn.write, type, data) : plaintextRecords(type, data, plainVersion);
  for (const r of records) {
    out.send.push(r);
    out.events.push({
      kind: 'record', dir: 'out', contentType: r[0], innerType: type, length: r.length - 5, encrypted: conn.write !== null,
    });
  }
}

/** The middlebox-compatibility ChangeCipherSpec (RFC 8446 §D.4), always plaintext. */
export function sendChangeCipherSpec(out: Out): void {
  const r = plaintextRecords(CT_CHANGE_CIPHER_SPEC, new Uint8Array([1]))[0];
  out.send.push(r);
  out.events.push({ kind: 'record', dir: 'out', contentType: CT_CHANGE_CIPHER_SPEC, innerType: CT_CHANGE_CIPHER_SPEC, length: 1, encrypted: false });
}

/** Adds a handshake message to the transcript (messages we send and messages we accept alike). */
export function appendTranscript(conn: TlsConn, raw: Uint8Array): void {
  conn.transcript = concat(conn.transcript, raw);
}

export function noteHandshake(out: Out, dir: 'in' | 'out', msg: Pick<HandshakeMessage, 'type' | 'raw'>): void {
  out.events.push({ kind: 'handshake-message', dir, type: msg.type, name: handshakeName(msg.type), length: msg.raw.length });
}

/** Sends handshake messages (already in the transcript) as one flight under the current keys. */
export function sendHandshake(conn: TlsConn, out: Out, msgs: Uint8Array[], plainVersion = LEGACY_VERSION): void {
  for (const m of msgs) noteHandshake(out, 'out', { type: m[0], raw: m });
  sendRecords(conn, out, CT_HANDSHAKE, concat(...msgs), plainVersion);
}

export function sendAlert(conn: TlsConn, out: Out, name: AlertName, reason: string): void {
  sendRecords(conn, out, CT_ALERT, encodeAlert(name));
  out.events.push({ kind: 'alert-sent', level: alertLevelFor(name), description: name, reason });
}

export function sendAppData(conn: TlsConn, out: Out, data: Uint8Array): void {
  sendRecords(conn, out, CT_APPLICATION_DATA, data);
}

export function keylog(conn: TlsConn, out: Out, label: string, secret: Uint8Array): void {
  out.events.push({ kind: 'keylog', line: keylogLine(label, conn.clientRandom, secret) });
}

export function trace(out: Out, step: string, values: Record<string, Uint8Array>): void {
  out.events.push({ kind: 'trace', step, values });
}
