/**
 * Key-schedule transitions shared by client and server (RFC 8446 §7.1, §4.4.4): installing the handshake traffic
 * keys after ServerHello, deriving the application traffic secrets after the server Finished, computing Finished
 * verify_data, and entering the connected state. Each step emits `trace` (RFC 8448 value names) and `keylog`
 * (NSS SSLKEYLOGFILE labels) events.
 */
import { TlsAlertError } from './alerts';
import { applicationSecrets, finishedKey, finishedVerifyData, handshakeSecrets, resumptionMasterSecret, transcriptHash } from './keySchedule';
import { cipherState } from './record';
import { keylog, sendAppData, trace, type Out } from './state';
import { suiteInfo, suiteName } from './suites';
import type { TlsConn } from './types';

/** After ServerHello: handshake secrets from the ECDHE shared secret over ClientHello..ServerHello. */
export function installHandshakeKeys(conn: TlsConn, out: Out, ecdhe: Uint8Array): void {
  const s = handshakeSecrets(suiteInfo(conn.suite), ecdhe, conn.transcript);
  conn.ecdhPrivate = new Uint8Array(0);
  conn.handshakeSecret = s.handshakeSecret;
  conn.clientHandshakeSecret = s.clientHandshakeTrafficSecret;
  conn.serverHandshakeSecret = s.serverHandshakeTrafficSecret;
  const client = conn.cfg.role === 'client';
  conn.read = cipherState(conn.suite, client ? s.serverHandshakeTrafficSecret : s.clientHandshakeTrafficSecret);
  conn.write = cipherState(conn.suite, client ? s.clientHandshakeTrafficSecret : s.serverHandshakeTrafficSecret);
  trace(out, 'handshake-secrets', s.trace);
  keylog(conn, out, 'CLIENT_HANDSHAKE_TRAFFIC_SECRET', s.clientHandshakeTrafficSecret);
  keylog(conn, out, 'SERVER_HANDSHAKE_TRAFFIC_SECRET', s.serverHandshakeTrafficSecret);
}

/** After the server Finished is in the transcript: master secret and the first application traffic secrets. */
export function deriveApplicationSecrets(conn: TlsConn, out: Out): { client: Uint8Array; server: Uint8Array } {
  const a = applicationSecrets(suiteInfo(conn.suite), conn.handshakeSecret, conn.transcript);
  conn.masterSecret = a.masterSecret;
  trace(out, 'application-secrets', a.trace);
  keylog(conn, out, 'CLIENT_TRAFFIC_SECRET_0', a.clientApplicationTrafficSecret);
  keylog(conn, out, 'SERVER_TRAFFIC_SECRET_0', a.serverApplicationTrafficSecret);
  keylog(conn, out, 'EXPORTER_SECRET', a.exporterMasterSecret);
  return { client: a.clientApplicationTrafficSecret, server: a.serverApplicationTrafficSecret };
}

/** verify_data of `who`'s Finished over the current transcript (§4.4.4), traced as RFC 8448 names it. */
export function finishedData(conn: TlsConn, out: Out, who: 'client' | 'server'): Uint8Array {
  const suite = suiteInfo(conn.suite);
  const base = who === 'client' ? conn.clientHandshakeSecret : conn.serverHandshakeSecret;
  const verifyData = finishedVerifyData(suite, base, conn.transcript);
  trace(out, `${who}-finished`, { [`${who}_finished_key`]: finishedKey(suite, base), [`${who}_finished_verify_data`]: verifyData });
  return verifyData;
}

/** Compares MACs without an early exit (RFC 8446 §4.4.4 verify_data is a MAC). */
function sameMac(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Checks a received Finished; a mismatch is decrypt_error (§4.4.4). */
export function checkFinished(conn: TlsConn, out: Out, who: 'client' | 'server', received: Uint8Array): void {
  const expected = finishedData(conn, out, who);
  if (!sameMac(expected, received)) throw new TlsAlertError('decrypt_error', `TLS: ${who} Finished does not verify (transcript or keys differ)`);
}

/** Once the client Finished is in the transcript; we issue no tickets, the value is shown for the inspector. */
export function traceResumption(conn: TlsConn, out: Out): void {
  const suite = suiteInfo(conn.suite);
  trace(out, 'resumption-secret', {
    transcript_hash_ch_clientfinished: transcriptHash(suite.hash, conn.transcript),
    resumption_master_secret: resumptionMasterSecret(suite, conn.masterSecret, conn.transcript),
  });
}

export function becomeConnected(conn: TlsConn, out: Out): void {
  conn.phase = 'connected';
  out.events.push({
    kind: 'handshake-done', cipherSuite: suiteName(conn.suite), cipherSuiteId: conn.suite, alpn: conn.alpn,
    serverName: conn.serverName, peerIdentity: conn.peerIdentity,
  });
  const pending = conn.pending;
  conn.pending = [];
  for (const p of pending) sendAppData(conn, out, p);
}
