/**
 * RFC 8448 §3 "Simple 1-RTT Handshake": every key-schedule value and every protected record, reproduced from the
 * RFC's private keys, randoms and messages; then our server and client run against the RFC's bytes.
 */
import { readFileSync } from 'node:fs';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { concat, fromHex, toHex } from '../../net/bytes';
import { interopPath } from '../../testing/tools';
import { createConnection, receiveBytes, start } from './connection';
import { CT_ALERT, CT_APPLICATION_DATA, CT_HANDSHAKE, TLS_AES_128_GCM_SHA256 } from './constants';
import { applicationSecrets, finishedKey, finishedVerifyData, handshakeSecrets, resumptionMasterSecret, transcriptHash } from './keySchedule';
import { parseClientHello } from './messagesHello';
import { cipherState, protectRecord, unprotectRecord } from './record';
import { suiteInfo } from './suites';
import { clientConfig, istioMesh, serverConfig } from './testFixtures';
import type { TlsEvent } from './types';

const J = JSON.parse(readFileSync(interopPath('tls13', 'rfc8448', 'rfc8448-simple-1rtt.json'), 'utf8')) as {
  inputs: Record<string, string>; messages: Record<string, string>; expected: Record<string, string>;
};
const I = (k: string) => fromHex(J.inputs[k]);
const M = (k: string) => fromHex(J.messages[k]);
const suite = suiteInfo(TLS_AES_128_GCM_SHA256);

const chSh = concat(M('client_hello'), M('server_hello'));
const toServerFinished = concat(chSh, M('encrypted_extensions'), M('server_certificate'), M('server_certificate_verify'), M('server_finished'));
const toClientFinished = concat(toServerFinished, M('client_finished'));

function schedule(): Record<string, string> {
  const ecdhe = x25519.getSharedSecret(I('client_private'), I('server_public'));
  const hs = handshakeSecrets(suite, ecdhe, chSh);
  const app = applicationSecrets(suite, hs.handshakeSecret, toServerFinished);
  const v: Record<string, Uint8Array> = {
    ...hs.trace, ...app.trace,
    server_finished_key: finishedKey(suite, hs.serverHandshakeTrafficSecret),
    server_finished_verify_data: finishedVerifyData(suite, hs.serverHandshakeTrafficSecret, concat(chSh, M('encrypted_extensions'), M('server_certificate'), M('server_certificate_verify'))),
    client_finished_key: finishedKey(suite, hs.clientHandshakeTrafficSecret),
    client_finished_verify_data: finishedVerifyData(suite, hs.clientHandshakeTrafficSecret, toServerFinished),
    transcript_hash_ch_clientfinished: transcriptHash('sha256', toClientFinished),
    resumption_master_secret: resumptionMasterSecret(suite, app.masterSecret, toClientFinished),
  };
  return Object.fromEntries(Object.entries(v).map(([k, b]) => [k, toHex(b)]));
}

function traces(events: TlsEvent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) if (e.kind === 'trace') for (const [k, v] of Object.entries(e.values)) out[k] = toHex(v);
  return out;
}

describe('RFC 8448 §3 simple 1-RTT handshake', () => {
  it('x25519 public keys match the RFC', () => {
    expect(toHex(x25519.getPublicKey(I('client_private')))).toBe(J.inputs.client_public);
    expect(toHex(x25519.getPublicKey(I('server_private')))).toBe(J.inputs.server_public);
  });

  it('reproduces every key-schedule value', () => {
    const got = schedule();
    const names = Object.keys(J.expected);
    expect(names.length).toBeGreaterThanOrEqual(27);
    for (const k of names) expect(got[k], k).toBe(J.expected[k]);
    expect(toHex(M('server_finished').subarray(4))).toBe(J.expected.server_finished_verify_data);
    expect(toHex(M('client_finished').subarray(4))).toBe(J.expected.client_finished_verify_data);
  });

  it('reproduces all seven protected records byte for byte, and opens them', () => {
    const s = schedule();
    const state = (secret: string, seq: number) => ({ ...cipherState(TLS_AES_128_GCM_SHA256, fromHex(secret)), seq });
    const cases: [string, string, number, number, Uint8Array][] = [
      ['record_server_encrypted_handshake', s.server_handshake_traffic_secret, 0, CT_HANDSHAKE,
        concat(M('encrypted_extensions'), M('server_certificate'), M('server_certificate_verify'), M('server_finished'))],
      ['record_client_finished', s.client_handshake_traffic_secret, 0, CT_HANDSHAKE, M('client_finished')],
      ['record_new_session_ticket', s.server_application_traffic_secret_0, 0, CT_HANDSHAKE, M('new_session_ticket')],
      ['record_client_appdata', s.client_application_traffic_secret_0, 0, CT_APPLICATION_DATA, I('appdata_plaintext')],
      ['record_server_appdata', s.server_application_traffic_secret_0, 1, CT_APPLICATION_DATA, I('appdata_plaintext')],
      ['record_client_close_notify', s.client_application_traffic_secret_0, 1, CT_ALERT, new Uint8Array([1, 0])],
      ['record_server_close_notify', s.server_application_traffic_secret_0, 2, CT_ALERT, new Uint8Array([1, 0])],
    ];
    for (const [name, secret, seq, type, content] of cases) {
      const rec = protectRecord(state(secret, seq), type, content);
      expect(toHex(rec), name).toBe(J.inputs[name]);
      const opened = unprotectRecord(state(secret, seq), rec.subarray(0, 5), rec.subarray(5));
      expect(opened.type).toBe(type);
      expect(opened.content).toEqual(content);
    }
    expect(state(s.server_handshake_traffic_secret, 0).key).toEqual(fromHex(J.expected.server_handshake_key));
  });

  it('our server answers the RFC ClientHello with the RFC ServerHello and the RFC handshake secrets', () => {
    const m = istioMesh('rfc8448-server');
    const conn = createConnection(serverConfig(m, { requireClientCert: false }), m.rand);
    const serverRandom = M('server_hello').subarray(6, 38);
    const draws = [serverRandom, I('server_private')];
    const out = receiveBytes(conn, I('record_client_hello'), m.now, (n) => {
      const b = draws.shift()!;
      expect(b.length).toBe(n);
      return b.slice();
    });
    expect(toHex(out.send.subarray(0, 95))).toBe(J.inputs.record_server_hello);
    const t = traces(out.events);
    for (const k of ['ecdhe_shared_secret', 'handshake_secret', 'client_handshake_traffic_secret', 'server_handshake_traffic_secret', 'server_handshake_key', 'server_handshake_iv']) {
      expect(t[k], k).toBe(J.expected[k]);
    }
    expect(out.events.find((e) => e.kind === 'keylog')).toEqual({
      kind: 'keylog', line: `CLIENT_HANDSHAKE_TRAFFIC_SECRET ${toHex(M('client_hello').subarray(6, 38))} ${J.expected.client_handshake_traffic_secret}`,
    });
    expect(conn.serverName).toBe('server');
    // the RFC ClientHello has an empty legacy_session_id: no middlebox-compat ChangeCipherSpec follows
    expect(out.send[95]).toBe(CT_APPLICATION_DATA);
  });

  it('our client, put in the RFC client\'s place, derives the RFC secrets, opens the server flight and refuses the RSA certificate', () => {
    const m = istioMesh('rfc8448-client');
    const conn = createConnection(clientConfig(m, { verifyPeer: {} }), m.rand);
    start(conn, m.now, m.rand);
    // Inject the RFC ClientHello: plain-data state makes this a matter of assignment.
    const ch = parseClientHello(M('client_hello').subarray(4));
    Object.assign(conn, {
      transcript: M('client_hello'), ecdhPrivate: I('client_private'), clientRandom: ch.random, sessionId: ch.sessionId,
      offeredSuites: ch.cipherSuites, offeredExtensions: ch.extensions.map((e) => e.type),
    });
    const out = receiveBytes(conn, concat(I('record_server_hello'), I('record_server_encrypted_handshake')), m.now, m.rand);
    const t = traces(out.events);
    for (const k of ['handshake_secret', 'client_handshake_traffic_secret', 'server_handshake_traffic_secret', 'transcript_hash_ch_sh']) {
      expect(t[k], k).toBe(J.expected[k]);
    }
    const names = out.events.flatMap((e) => (e.kind === 'handshake-message' ? [e.name] : []));
    expect(names).toEqual(['ServerHello', 'EncryptedExtensions', 'Certificate']);
    expect(out.events.filter((e) => e.kind === 'alert-sent')).toEqual([{
      kind: 'alert-sent', level: 'fatal', description: 'unsupported_certificate',
      reason: 'TLS: peer certificate key is RSA; only ECDSA P-256 is supported',
    }]);
    // The alert travels under the client handshake key (RFC value), sequence 0: 21 fatal(2) unsupported_certificate(43).
    const cs = cipherState(TLS_AES_128_GCM_SHA256, fromHex(J.expected.client_handshake_traffic_secret));
    const opened = unprotectRecord(cs, out.send.subarray(0, 5), out.send.subarray(5));
    expect(opened).toEqual({ type: CT_ALERT, content: new Uint8Array([2, 43]) });
    expect(conn.phase).toBe('failed');
    expect(out.appData).toEqual([]);
  });
});
