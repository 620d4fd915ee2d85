/**
 * An independent peer: Node's `tls` module (OpenSSL) over loopback TCP. Our client and our server each complete a
 * mutual TLS 1.3 handshake with it in all three cipher suites, with certificates from our CA, exchange application
 * data both ways, and produce the same NSS key log OpenSSL does.
 */
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../net/bytes';
import { ecPrivateKeyDer, toPem } from '../pki/pem';
import { createIstioRootCa, issueWorkloadCert } from '../pki/meshCa';
import { close, createConnection, receiveBytes, sendApplicationData, start } from './connection';
import { suiteName } from './suites';
import { TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256 } from './constants';
import { clientConfig, istioMesh, serverConfig, type MeshFixture } from './testFixtures';
import type { TlsConn, TlsEvent, TlsOutput } from './types';

// OpenSSL checks validity against the real clock: issue the certificates a minute before now.
const realNow = () => (Math.floor(Date.now() / 1000) - 60) * 1_000_000;
const keyPem = (c: MeshFixture['client']) => toPem('EC PRIVATE KEY', ecPrivateKeyDer(c.privateKey, c.publicKey));
const certPem = (der: Uint8Array) => toPem('CERTIFICATE', der);
const SNI = 'outbound_.8000_._.backend.web.svc.cluster.local';

const cleanups: (() => void)[] = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

function withTimeout<T>(p: Promise<T>, what: string, ms = 10_000): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`timeout: ${what}`)), ms))]);
}

/** Drives one of our connections over a TCP socket; `onApp` may answer application data. */
function drive(sock: net.Socket, conn: TlsConn, m: MeshFixture, onApp: (data: Uint8Array) => Uint8Array | null) {
  const events: TlsEvent[] = [];
  const appData: Uint8Array[] = [];
  const write = (o: TlsOutput) => { events.push(...o.events); if (o.send.length) sock.write(o.send); };
  const done = new Promise<void>((resolve) => {
    sock.on('data', (d: Buffer) => {
      const o = receiveBytes(conn, new Uint8Array(d), m.now + 1_000_000, m.rand);
      write(o);
      for (const a of o.appData) {
        appData.push(a);
        const reply = onApp(a);
        if (reply) write(sendApplicationData(conn, reply));
      }
      if (conn.phase === 'closed' || conn.phase === 'failed') resolve();
    });
    sock.on('close', () => resolve());
    sock.on('error', () => resolve());
  });
  return { events, appData, write, done };
}

const SUITES = [TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_256_GCM_SHA384];

describe('interop with Node tls (OpenSSL)', () => {
  for (const suite of SUITES) {
    it(`our client ↔ OpenSSL server, ${suiteName(suite)}`, async () => {
      const m = istioMesh(`node-server-${suite}`, realNow());
      const nodeKeylog: string[] = [];
      let serverSide: { alpn: string | false | null; cipher: string; peerSan?: string; authorized: boolean; got: string } | null = null;
      const server = tls.createServer({
        key: keyPem(m.server), cert: certPem(m.server.chain[0]), ca: certPem(m.ca.certDer), requestCert: true, rejectUnauthorized: true,
        minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphers: suiteName(suite), ALPNProtocols: ['istio'],
      }, (s) => {
        s.on('data', (d: Buffer) => {
          serverSide = {
            alpn: s.alpnProtocol, cipher: s.getCipher().name, peerSan: s.getPeerX509Certificate()?.subjectAltName,
            authorized: s.authorized, got: d.toString(),
          };
          s.write('pong');
        });
      });
      server.on('keylog', (line: Buffer) => nodeKeylog.push(line.toString().trim()));
      cleanups.push(() => server.close());
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const sock = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
      cleanups.push(() => sock.destroy());
      const conn = createConnection(clientConfig(m), m.rand);
      let d!: ReturnType<typeof drive>;
      const got = new Promise<string>((resolve) => {
        d = drive(sock, conn, m, (a) => { resolve(fromUtf8(a)); return null; });
      });
      await once(sock, 'connect');
      d.write(start(conn, m.now, m.rand));
      d.write(sendApplicationData(conn, utf8('ping'))); // queued until the handshake is done
      expect(await withTimeout(got, 'pong from OpenSSL')).toBe('pong');
      expect(serverSide).toEqual({ alpn: 'istio', cipher: suiteName(suite), peerSan: 'URI:spiffe://cluster.local/ns/web/sa/frontend', authorized: true, got: 'ping' });
      expect(d.events.find((e) => e.kind === 'handshake-done')).toMatchObject({
        cipherSuite: suiteName(suite), alpn: 'istio', peerIdentity: { spiffeId: 'spiffe://cluster.local/ns/web/sa/backend' },
      });
      const ours = d.events.flatMap((e) => (e.kind === 'keylog' ? [e.line] : []));
      expect(ours.sort()).toEqual(nodeKeylog.sort());
      d.write(close(conn));
      await withTimeout(d.done, 'close');
      expect(conn.phase === 'closed' || conn.closeSent).toBe(true);
    });

    it(`OpenSSL client ↔ our server, ${suiteName(suite)}`, async () => {
      const m = istioMesh(`node-client-${suite}`, realNow());
      let ours!: ReturnType<typeof drive>;
      let conn!: TlsConn;
      const server = net.createServer((sock) => {
        conn = createConnection(serverConfig(m), m.rand);
        ours = drive(sock, conn, m, (a) => (fromUtf8(a) === 'ping' ? utf8('pong') : null));
      });
      cleanups.push(() => server.close());
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const nodeKeylog: string[] = [];
      const client = tls.connect({
        host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, servername: SNI,
        key: keyPem(m.client), cert: certPem(m.client.chain[0]), ca: certPem(m.ca.certDer),
        minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphers: suiteName(suite), ALPNProtocols: ['istio-peer-exchange', 'istio'],
        checkServerIdentity: (_host, cert) => (cert.subjectaltname === 'URI:spiffe://cluster.local/ns/web/sa/backend' ? undefined : new Error(`unexpected ${cert.subjectaltname}`)),
      });
      client.on('keylog', (line) => nodeKeylog.push(line.toString().trim()));
      cleanups.push(() => client.destroy());
      await withTimeout(once(client, 'secureConnect'), 'OpenSSL secureConnect');
      expect(client.authorized).toBe(true);
      expect(client.alpnProtocol).toBe('istio');
      expect(client.getCipher().name).toBe(suiteName(suite));
      const peer = client.getPeerX509Certificate()!;
      expect(peer.subjectAltName).toBe('URI:spiffe://cluster.local/ns/web/sa/backend');
      expect(peer.verify(new X509Certificate(m.ca.certDer).publicKey)).toBe(true);
      client.write('ping');
      const [reply] = await withTimeout(once(client, 'data'), 'pong from our server');
      expect(reply.toString()).toBe('pong');
      expect(ours.appData.map(fromUtf8)).toEqual(['ping']);
      expect(ours.events.find((e) => e.kind === 'handshake-done')).toMatchObject({
        cipherSuite: suiteName(suite), alpn: 'istio', serverName: SNI, peerIdentity: { uris: ['spiffe://cluster.local/ns/web/sa/frontend'] },
      });
      expect(ours.events.flatMap((e) => (e.kind === 'keylog' ? [e.line] : [])).sort()).toEqual(nodeKeylog.sort());
      client.end();
      await withTimeout(ours.done, 'close');
      expect(ours.events.some((e) => e.kind === 'alert-received' && e.description === 'close_notify')).toBe(true);
    });
  }

  it('OpenSSL client without a certificate: our server sends certificate_required', async () => {
    const m = istioMesh('node-nocert', realNow());
    let ours!: ReturnType<typeof drive>;
    const server = net.createServer((sock) => { ours = drive(sock, createConnection(serverConfig(m), m.rand), m, () => null); });
    cleanups.push(() => server.close());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = tls.connect({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, ca: certPem(m.ca.certDer), checkServerIdentity: () => undefined });
    cleanups.push(() => client.destroy());
    const err = await withTimeout(new Promise<Error>((resolve) => { client.on('error', resolve); client.on('secureConnect', () => client.write('x')); }), 'client error');
    expect(err.message).toMatch(/certificate required/);
    await withTimeout(ours.done, 'server done');
    expect(ours.events.filter((e) => e.kind === 'alert-sent')).toMatchObject([{ description: 'certificate_required', reason: 'TLS: client sent no certificate, but mutual TLS requires one' }]);
    expect(ours.appData).toEqual([]);
  });

  it('OpenSSL client with a certificate from another CA: our server sends unknown_ca, OpenSSL reports it', async () => {
    const m = istioMesh('node-otherca', realNow());
    const other = createIstioRootCa(m.rand, m.now);
    const stranger = issueWorkloadCert(other, m.rand, { now: m.now, namespace: 'web', serviceAccount: 'frontend', mesh: 'istio' });
    let ours!: ReturnType<typeof drive>;
    const server = net.createServer((sock) => { ours = drive(sock, createConnection(serverConfig(m), m.rand), m, () => null); });
    cleanups.push(() => server.close());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = tls.connect({
      host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, ca: certPem(m.ca.certDer), checkServerIdentity: () => undefined,
      key: keyPem(stranger), cert: certPem(stranger.chain[0]),
    });
    cleanups.push(() => client.destroy());
    const err = await withTimeout(new Promise<Error>((resolve) => { client.on('error', resolve); client.on('secureConnect', () => client.write('x')); }), 'client error');
    expect(err.message).toMatch(/unknown ca/);
    await withTimeout(ours.done, 'server done');
    expect(ours.events.filter((e) => e.kind === 'alert-sent')).toMatchObject([{ description: 'unknown_ca', reason: /^TLS: certificate signed by an unknown CA \(issuer O=cluster.local\)/ }]);
    expect(ours.appData).toEqual([]);
  });

  it('our client refuses an OpenSSL server with the wrong SPIFFE ID: OpenSSL reports bad_certificate', async () => {
    const m = istioMesh('node-wrongid', realNow());
    const errors: string[] = [];
    const server = tls.createServer({ key: keyPem(m.server), cert: certPem(m.server.chain[0]) }, () => undefined);
    server.on('tlsClientError', (e) => errors.push(e.message));
    cleanups.push(() => server.close());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const sock = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    cleanups.push(() => sock.destroy());
    const conn = createConnection(clientConfig(m, { verifyPeer: { expectSpiffeId: 'spiffe://cluster.local/ns/web/sa/payments' } }), m.rand);
    const d = drive(sock, conn, m, () => null);
    await once(sock, 'connect');
    d.write(start(conn, m.now, m.rand));
    await withTimeout(d.done, 'our failure');
    expect(d.events.filter((e) => e.kind === 'alert-sent')).toEqual([{
      kind: 'alert-sent', level: 'fatal', description: 'bad_certificate',
      reason: 'TLS: peer SPIFFE ID spiffe://cluster.local/ns/web/sa/backend is not the expected spiffe://cluster.local/ns/web/sa/payments',
    }]);
    await withTimeout((async () => { while (!errors.length) await new Promise((r) => setTimeout(r, 10)); })(), 'OpenSSL error');
    expect(errors[0]).toMatch(/bad certificate/);
  });
});
