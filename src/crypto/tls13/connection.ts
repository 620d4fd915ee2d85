/**
 * The sans-IO API: feed TCP bytes in any segmentation, get bytes to send, application data and events out.
 * Record intake (RFC 8446 §5): plaintext handshake/alert records before keys, protected records after,
 * ChangeCipherSpec ignored during the handshake (§5, §D.4); handshake reassembly across records (§5.1) with no
 * message spanning a key change; post-handshake NewSessionTicket (ignored, §4.6.1) and KeyUpdate (§4.6.3); alerts
 * (§6) and closure (§6.1). Any failure sends one alert with a named reason and ends the connection: nothing is
 * delivered after it.
 */
import { alertName, ALERT_CODES, TlsAlertError, type AlertName } from './alerts';
import { concat } from './bytes';
import { clientHandshake, clientStart } from './client';
import {
  CONTENT_TYPE_NAMES, CT_ALERT, CT_APPLICATION_DATA, CT_CHANGE_CIPHER_SPEC, CT_HANDSHAKE, HS_KEY_UPDATE, HS_NEW_SESSION_TICKET,
} from './constants';
import { nextTrafficSecret } from './keySchedule';
import { encodeKeyUpdate, parseKeyUpdate } from './messagesAuth';
import { handshakeName, takeHandshake, type HandshakeMessage } from './messagesHello';
import { cipherState, takeRecord, unprotectRecord, type RawRecord } from './record';
import { serverHandshake } from './server';
import { finishOut, isTerminal, newOut, noteHandshake, sendAlert, sendAppData, sendRecords, type Out } from './state';
import { suiteInfo } from './suites';
import type { Rand, TlsConn, TlsOutput } from './types';

export { createConnection } from './state';

/** Client: produces the ClientHello. Servers need no start (calling it is a no-op). */
export function start(conn: TlsConn, _now: number, rand: Rand): TlsOutput {
  const out = newOut();
  if (conn.cfg.role !== 'client' || conn.phase !== 'start') return finishOut(out);
  guard(conn, out, () => clientStart(conn, out, rand));
  return finishOut(out);
}

export function receiveBytes(conn: TlsConn, bytes: Uint8Array, now: number, rand: Rand): TlsOutput {
  const out = newOut();
  if (isTerminal(conn)) return finishOut(out);
  conn.inBuf = conn.inBuf.length ? concat(conn.inBuf, bytes) : bytes.slice();
  guard(conn, out, () => {
    let off = 0;
    try {
      for (let rec = takeRecord(conn.inBuf, off); rec && !isTerminal(conn); rec = takeRecord(conn.inBuf, off)) {
        off = rec.next;
        onRecord(conn, rec, out, now, rand);
      }
    } finally {
      conn.inBuf = isTerminal(conn) ? new Uint8Array(0) : conn.inBuf.slice(off);
    }
  });
  return finishOut(out);
}

/** Queues data until the handshake completes, then protects it as application_data records (≤ 2^14 each). */
export function sendApplicationData(conn: TlsConn, data: Uint8Array): TlsOutput {
  const out = newOut();
  if (isTerminal(conn) || conn.closeSent) return finishOut(out);
  if (conn.phase !== 'connected') conn.pending.push(data.slice());
  else guard(conn, out, () => sendAppData(conn, out, data));
  return finishOut(out);
}

/** Sends close_notify (§6.1); the connection is closed once the peer's close_notify has also arrived. */
export function close(conn: TlsConn): TlsOutput {
  const out = newOut();
  if (isTerminal(conn) || conn.closeSent) return finishOut(out);
  guard(conn, out, () => {
    sendAlert(conn, out, 'close_notify', 'TLS: close_notify sent (orderly shutdown of our side)');
    conn.closeSent = true;
    conn.pending = [];
    if (conn.closeReceived || conn.phase !== 'connected') enterClosed(conn, out);
  });
  return finishOut(out);
}

/** Sends a KeyUpdate (§4.6.3) and moves our write keys forward; `requestPeer` asks the peer to do the same. */
export function keyUpdate(conn: TlsConn, requestPeer: boolean): TlsOutput {
  const out = newOut();
  if (conn.phase !== 'connected' || conn.closeSent) return finishOut(out);
  guard(conn, out, () => updateWriteKeys(conn, out, requestPeer));
  return finishOut(out);
}

function updateWriteKeys(conn: TlsConn, out: Out, request: boolean): void {
  const msg = encodeKeyUpdate(request);
  noteHandshake(out, 'out', { type: HS_KEY_UPDATE, raw: msg });
  sendRecords(conn, out, CT_HANDSHAKE, msg);
  conn.write = cipherState(conn.suite, nextTrafficSecret(suiteInfo(conn.suite), conn.write!.secret));
}

function enterClosed(conn: TlsConn, out: Out): void {
  conn.phase = 'closed';
  out.events.push({ kind: 'closed' });
}

/** Runs a step; a TlsAlertError (or any bug) becomes one fatal alert, the failed state and a closed event. */
function guard(conn: TlsConn, out: Out, step: () => void): void {
  try {
    step();
  } catch (e) {
    const err = e instanceof TlsAlertError ? e : new TlsAlertError('internal_error', `TLS: internal error: ${(e as Error).message}`);
    fail(conn, out, err.alert, err.reason);
  }
}

function fail(conn: TlsConn, out: Out, alert: AlertName, reason: string): void {
  if (isTerminal(conn)) return;
  try {
    sendAlert(conn, out, alert, reason);
  } catch {
    out.events.push({ kind: 'alert-sent', level: 'fatal', description: alert, reason });
  }
  conn.failure = { alert, reason, by: 'us' };
  conn.phase = 'failed';
  conn.pending = [];
  out.events.push({ kind: 'closed' });
}

function onRecord(conn: TlsConn, rec: RawRecord, out: Out, now: number, rand: Rand): void {
  const encrypted = conn.read !== null && rec.type === CT_APPLICATION_DATA;
  if (!(rec.type in CONTENT_TYPE_NAMES)) throw new TlsAlertError('unexpected_message', `TLS: record of unknown content type ${rec.type}`);
  if (rec.type === CT_CHANGE_CIPHER_SPEC) {
    out.events.push({ kind: 'record', dir: 'in', contentType: rec.type, innerType: rec.type, length: rec.fragment.length, encrypted: false });
    const inHandshake = conn.phase !== 'connected' && conn.phase !== 'start' && !(conn.cfg.role === 'server' && conn.phase === 'wait-ch');
    if (rec.fragment.length !== 1 || rec.fragment[0] !== 1 || !inHandshake) {
      throw new TlsAlertError('unexpected_message', 'TLS: unexpected change_cipher_spec record');
    }
    return;
  }
  let type = rec.type;
  let content = rec.fragment;
  if (encrypted) {
    ({ type, content } = unprotectRecord(conn.read!, rec.header, rec.fragment));
  } else if (conn.read !== null && (rec.type !== CT_ALERT || conn.phase === 'connected')) {
    // A plaintext alert is tolerated only during the handshake, from a peer that failed before it had keys.
    throw new TlsAlertError('unexpected_message', `TLS: plaintext ${CONTENT_TYPE_NAMES[rec.type]} record after encryption started`);
  } else if (rec.type === CT_APPLICATION_DATA) {
    throw new TlsAlertError('unexpected_message', 'TLS: application_data before the handshake established keys');
  }
  out.events.push({ kind: 'record', dir: 'in', contentType: rec.type, innerType: type, length: rec.fragment.length, encrypted });
  if (type === CT_HANDSHAKE) return onHandshakeData(conn, content, out, now, rand);
  if (type === CT_ALERT) return onAlert(conn, content, out);
  if (type === CT_APPLICATION_DATA) {
    if (conn.phase !== 'connected') throw new TlsAlertError('unexpected_message', 'TLS: application_data before the handshake finished');
    if (!conn.closeReceived && content.length) out.appData.push(content);
    return;
  }
  throw new TlsAlertError('unexpected_message', `TLS: protected record of content type ${CONTENT_TYPE_NAMES[type] ?? type}`);
}

function onHandshakeData(conn: TlsConn, content: Uint8Array, out: Out, now: number, rand: Rand): void {
  if (!content.length) throw new TlsAlertError('unexpected_message', 'TLS: zero-length handshake fragment');
  conn.hsBuf = concat(conn.hsBuf, content);
  for (let t = takeHandshake(conn.hsBuf); t; t = takeHandshake(conn.hsBuf)) {
    conn.hsBuf = t.rest;
    const readBefore = conn.read;
    noteHandshake(out, 'in', t.msg);
    onHandshakeMessage(conn, t.msg, out, now, rand);
    if (conn.read !== readBefore && conn.hsBuf.length) {
      throw new TlsAlertError('unexpected_message', `TLS: handshake data after ${handshakeName(t.msg.type)} shares a record across a key change`);
    }
    if (isTerminal(conn)) return;
  }
}

function onHandshakeMessage(conn: TlsConn, msg: HandshakeMessage, out: Out, now: number, rand: Rand): void {
  if (conn.phase !== 'connected') {
    if (conn.cfg.role === 'client') clientHandshake(conn, msg, out, now);
    else serverHandshake(conn, msg, out, now, rand);
    return;
  }
  if (msg.type === HS_NEW_SESSION_TICKET && conn.cfg.role === 'client') return; // we do not resume
  if (msg.type === HS_KEY_UPDATE) {
    const requested = parseKeyUpdate(msg.body);
    conn.read = cipherState(conn.suite, nextTrafficSecret(suiteInfo(conn.suite), conn.read!.secret));
    if (requested && !conn.closeSent) updateWriteKeys(conn, out, false);
    return;
  }
  throw new TlsAlertError('unexpected_message', `TLS: unexpected post-handshake ${handshakeName(msg.type)}`);
}

function onAlert(conn: TlsConn, content: Uint8Array, out: Out): void {
  if (content.length !== 2) throw new TlsAlertError('decode_error', `TLS: alert of ${content.length} bytes (expected 2)`);
  const description = alertName(content[1]);
  if (content[1] === ALERT_CODES.close_notify) {
    out.events.push({ kind: 'alert-received', level: 'warning', description, reason: 'TLS: peer sent close_notify' });
    conn.closeReceived = true;
    if (!conn.closeSent) {
      sendAlert(conn, out, 'close_notify', 'TLS: close_notify sent in reply to the peer\'s');
      conn.closeSent = true;
    }
    return enterClosed(conn, out);
  }
  if (content[1] === ALERT_CODES.user_canceled) {
    out.events.push({ kind: 'alert-received', level: 'warning', description, reason: 'TLS: peer canceled the handshake (user_canceled)' });
    return;
  }
  const reason = `TLS: peer sent fatal alert ${description}`;
  out.events.push({ kind: 'alert-received', level: 'fatal', description, reason });
  conn.failure = { alert: description, reason, by: 'peer' };
  conn.phase = 'failed';
  conn.pending = [];
  out.events.push({ kind: 'closed' });
}
