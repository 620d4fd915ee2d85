/**
 * Botan's TLS 1.3 client-authentication transcript (../shared/interop/tls13/botan-mtls): an ECDSA P-256 server
 * certificate (CertificateVerify 0x0403, which we verify) and an RSA client certificate (0x0804, which we parse
 * and refuse). Our client and server are put in Botan's place by injecting its ClientHello into the plain-data state.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { concat, fromHex, toHex } from '../../net/bytes';
import { interopPath } from '../../testing/tools';
import { parseCertificate as parseX509 } from '../pki/x509Parse';
import { verifyChain } from '../pki/x509Verify';
import { TlsAlertError } from './alerts';
import { verifyCertificateVerify } from './certificateVerify';
import { createConnection, receiveBytes, start } from './connection';
import { CT_ALERT, CT_HANDSHAKE, HS_CERTIFICATE, HS_CERTIFICATE_VERIFY, HS_FINISHED, TLS_AES_128_GCM_SHA256 } from './constants';
import { findExt, parseU16Vector } from './extensions';
import { finishedVerifyData } from './keySchedule';
import { parseCertificate, parseCertificateRequest, parseCertificateVerify } from './messagesAuth';
import { parseClientHello, takeHandshake } from './messagesHello';
import { cipherState, unprotectRecord } from './record';
import { suiteInfo } from './suites';
import { clientConfig, istioMesh, serverConfig } from './testFixtures';

const J = (JSON.parse(readFileSync(interopPath('tls13', 'botan-mtls', 'tls13-mtls-botan.json'), 'utf8')) as {
  data: Record<string, string> & { messages: Record<string, string>; records: Record<string, string> };
}).data;
const M = (k: string) => fromHex(J.messages[k]);
const R = (k: string) => fromHex(J.records[k]);
const D = (k: string) => fromHex(J[k]);
const KEYS = readFileSync(interopPath('tls13', 'botan-mtls', 'tls13-mtls-botan.keys'), 'utf8').trim().split('\n');
const suite = suiteInfo(TLS_AES_128_GCM_SHA256);
const IN_VALIDITY = Date.UTC(2020, 0, 1) * 1000; // the ecdsa256 certificate is valid 2016-07-30 .. 2026-07-30

const serverCertDer = parseCertificate(M('server_certificate').subarray(4)).entries[0].cert;
const toServerFinished = concat(...['client_hello', 'server_hello', 'encrypted_extensions', 'certificate_request', 'server_certificate',
  'server_certificate_verify', 'server_finished'].map(M));

function messages(content: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let t = takeHandshake(content); t; t = takeHandshake(t.rest)) out.push(t.msg.raw);
  return out;
}

describe('Botan mutual-TLS transcript', () => {
  it('parses the CertificateRequest and both Certificate messages', () => {
    const cr = parseCertificateRequest(M('certificate_request').subarray(4));
    expect(cr.context.length).toBe(0);
    expect(parseU16Vector(findExt(cr.extensions, 13)!, 'sa')).toContain(0x0403);
    const server = parseX509(serverCertDer);
    expect(server).toMatchObject({ subject: 'CN=ecdsa256', keyType: 'ec-p256', ca: false, keyUsage: ['digitalSignature'] });
    const client = parseX509(parseCertificate(M('client_certificate').subarray(4)).entries[0].cert);
    expect(client).toMatchObject({ subject: 'CN=client', keyType: 'rsa' });
    expect(verifyChain([client.der], [client.der], IN_VALIDITY)).toMatchObject({ ok: false, alert: 'unsupported_certificate' });
  });

  it('verifies Botan\'s ECDSA server CertificateVerify and both Finished MACs', () => {
    const upToCert = concat(...['client_hello', 'server_hello', 'encrypted_extensions', 'certificate_request', 'server_certificate'].map(M));
    const cv = parseCertificateVerify(M('server_certificate_verify').subarray(4));
    expect(cv.scheme).toBe(0x0403);
    const pub = parseX509(serverCertDer).publicKey;
    expect(() => verifyCertificateVerify(TLS_AES_128_GCM_SHA256, 'server', upToCert, cv.scheme, cv.signature, pub)).not.toThrow();
    // the same signature under the client context string must fail (the 64-space + context construction matters)
    expect(() => verifyCertificateVerify(TLS_AES_128_GCM_SHA256, 'client', upToCert, cv.scheme, cv.signature, pub)).toThrow(TlsAlertError);
    const sFin = finishedVerifyData(suite, D('server_handshake_traffic_secret'), concat(upToCert, M('server_certificate_verify')));
    expect(toHex(sFin)).toBe(toHex(M('server_finished').subarray(4)));
    const toClientCv = concat(toServerFinished, M('client_certificate'), M('client_certificate_verify'));
    const cFin = finishedVerifyData(suite, D('client_handshake_traffic_secret'), toClientCv);
    expect(toHex(cFin)).toBe(toHex(M('client_finished').subarray(4)));
    // RSA-PSS client CertificateVerify: recognised and refused, not mis-verified
    const ccv = parseCertificateVerify(M('client_certificate_verify').subarray(4));
    expect(ccv.scheme).toBe(0x0804);
    expect(() => verifyCertificateVerify(TLS_AES_128_GCM_SHA256, 'client', concat(toServerFinished, M('client_certificate')), ccv.scheme, ccv.signature, pub))
      .toThrow(/rsa_pss_rsae_sha256, which was not offered/);
  });

  it('opens Botan\'s records with its secrets', () => {
    const open = (secret: string, rec: Uint8Array, seq = 0) => unprotectRecord({ ...cipherState(TLS_AES_128_GCM_SHA256, D(secret)), seq }, rec.subarray(0, 5), rec.subarray(5));
    const sh = open('server_handshake_traffic_secret', R('server_encrypted_handshake'));
    expect(sh.type).toBe(CT_HANDSHAKE);
    expect(messages(sh.content).map((b) => toHex(b))).toEqual(['encrypted_extensions', 'certificate_request', 'server_certificate', 'server_certificate_verify', 'server_finished'].map((k) => J.messages[k]));
    const ch = open('client_handshake_traffic_secret', R('client_encrypted_handshake'));
    expect(messages(ch.content).map((b) => toHex(b))).toEqual(['client_certificate', 'client_certificate_verify', 'client_finished'].map((k) => J.messages[k]));
    expect(open('client_application_traffic_secret_0', R('client_close_notify'))).toEqual({ type: CT_ALERT, content: new Uint8Array([1, 0]) });
    expect(open('server_application_traffic_secret_0', R('server_close_notify'))).toEqual({ type: CT_ALERT, content: new Uint8Array([1, 0]) });
  });

  it('our client in Botan\'s place completes the handshake and answers the CertificateRequest', () => {
    const m = istioMesh('botan-client');
    const conn = createConnection(clientConfig(m, { trustAnchors: [serverCertDer], verifyPeer: {}, alpn: [] }), m.rand);
    start(conn, IN_VALIDITY, m.rand);
    const ch = parseClientHello(M('client_hello').subarray(4));
    Object.assign(conn, {
      transcript: M('client_hello'), ecdhPrivate: D('client_private'), clientRandom: ch.random, sessionId: ch.sessionId,
      offeredSuites: ch.cipherSuites, offeredExtensions: ch.extensions.map((e) => e.type),
    });
    const out = receiveBytes(conn, concat(R('server_hello'), R('server_encrypted_handshake')), IN_VALIDITY, m.rand);
    expect(out.events.filter((e) => e.kind === 'alert-sent')).toEqual([]);
    const done = out.events.find((e) => e.kind === 'handshake-done');
    expect(done).toMatchObject({ cipherSuite: 'TLS_AES_128_GCM_SHA256', peerIdentity: { subject: 'CN=ecdsa256', serial: '07' } });
    // our key log equals Botan's, line for line
    const lines = out.events.flatMap((e) => (e.kind === 'keylog' && !e.line.startsWith('EXPORTER') ? [e.line] : []));
    expect(lines).toEqual(KEYS);
    // our client flight, opened with Botan's client handshake secret: Certificate, CertificateVerify, Finished
    const opened = unprotectRecord(cipherState(TLS_AES_128_GCM_SHA256, D('client_handshake_traffic_secret')), out.send.subarray(0, 5), out.send.subarray(5));
    const [cert, cv, fin] = messages(opened.content);
    expect([cert[0], cv[0], fin[0]]).toEqual([HS_CERTIFICATE, HS_CERTIFICATE_VERIFY, HS_FINISHED]);
    expect(parseCertificate(cert.subarray(4)).entries.map((e) => e.cert)).toEqual(m.client.chain);
    const sig = parseCertificateVerify(cv.subarray(4));
    expect(() => verifyCertificateVerify(TLS_AES_128_GCM_SHA256, 'client', concat(toServerFinished, cert), sig.scheme, sig.signature, m.client.publicKey)).not.toThrow();
    expect(fin.subarray(4)).toEqual(finishedVerifyData(suite, D('client_handshake_traffic_secret'), concat(toServerFinished, cert, cv)));
    expect(conn.phase).toBe('connected');
  });

  it('our server in Botan\'s place sends Botan\'s ServerHello, opens the client flight and refuses the RSA client certificate', () => {
    const m = istioMesh('botan-server');
    const conn = createConnection(serverConfig(m, { alpn: [] }), m.rand);
    const draws = [M('server_hello').subarray(6, 38), D('server_private')];
    const out = receiveBytes(conn, R('client_hello'), IN_VALIDITY, () => draws.shift()!.slice());
    expect(toHex(out.send.subarray(0, R('server_hello').length))).toBe(J.records.server_hello);
    expect(conn.clientHandshakeSecret).toEqual(D('client_handshake_traffic_secret'));
    conn.transcript = toServerFinished; // Botan's server flight instead of ours
    const out2 = receiveBytes(conn, R('client_encrypted_handshake'), IN_VALIDITY, m.rand);
    expect(out2.events.filter((e) => e.kind === 'alert-sent')).toEqual([{
      kind: 'alert-sent', level: 'fatal', description: 'unsupported_certificate', reason: 'TLS: peer certificate key is RSA; only ECDSA P-256 is supported',
    }]);
    expect(out2.appData).toEqual([]);
    expect(conn.phase).toBe('failed');
  });
});
