import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../net/bytes';
import { close, createConnection, keyUpdate, receiveBytes, sendApplicationData, start } from './connection';
import { CT_ALERT, TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256 } from './constants';
import { absorb, pump, side } from './loopback';
import { clientConfig, istioMesh, serverConfig } from './testFixtures';

describe('TLS 1.3 mutual handshake between our client and server', () => {
  for (const suite of [TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_256_GCM_SHA384]) {
    it(`completes with suite 0x${suite.toString(16)} and carries data both ways`, () => {
      const m = istioMesh();
      const c = side(createConnection(clientConfig(m, { cipherSuites: [suite] }), m.rand));
      const s = side(createConnection(serverConfig(m), m.rand));
      pump(c, s, absorb(c, start(c.conn, m.now, m.rand)), m.now, m.rand);
      const cd = c.events.find((e) => e.kind === 'handshake-done');
      const sd = s.events.find((e) => e.kind === 'handshake-done');
      expect(cd).toMatchObject({ cipherSuiteId: suite, alpn: 'istio', peerIdentity: { spiffeId: 'spiffe://cluster.local/ns/web/sa/backend' } });
      expect(sd).toMatchObject({ cipherSuiteId: suite, alpn: 'istio', serverName: 'outbound_.8000_._.backend.web.svc.cluster.local', peerIdentity: { uris: ['spiffe://cluster.local/ns/web/sa/frontend'] } });
      // keylogs agree
      const keys = (x: typeof c) => x.events.flatMap((e) => (e.kind === 'keylog' ? [e.line] : [])).sort();
      expect(keys(c)).toEqual(keys(s));
      expect(keys(c)).toHaveLength(5);

      pump(c, s, absorb(c, sendApplicationData(c.conn, utf8('GET / HTTP/1.1\r\n\r\n'))), m.now, m.rand);
      pump(s, c, absorb(s, sendApplicationData(s.conn, utf8('HTTP/1.1 200 OK\r\n\r\n'))), m.now, m.rand);
      expect(s.appData.map(fromUtf8)).toEqual(['GET / HTTP/1.1\r\n\r\n']);
      expect(c.appData.map(fromUtf8)).toEqual(['HTTP/1.1 200 OK\r\n\r\n']);
      // state is plain data
      expect(structuredClone(c.conn)).toEqual(c.conn);

      pump(c, s, absorb(c, close(c.conn)), m.now, m.rand);
      expect(c.conn.phase).toBe('closed');
      expect(s.conn.phase).toBe('closed');
      expect(s.events.filter((e) => e.kind === 'alert-received')).toMatchObject([{ description: 'close_notify', level: 'warning' }]);
    });
  }

  it('survives byte-by-byte segmentation, structuredClone snapshots between segments, queued early data and large writes', () => {
    const m = istioMesh('seg');
    let client = createConnection(clientConfig(m), m.rand);
    let server = createConnection(serverConfig(m), m.rand);
    const got = { c: [] as Uint8Array[], s: [] as Uint8Array[] };
    const big = new Uint8Array(40000).map((_, i) => i & 0xff);
    let toServer = start(client, m.now, m.rand).send;
    const early = sendApplicationData(client, big); // queued until the handshake completes
    expect(early.send.length).toBe(0);
    let toClient = new Uint8Array(0);
    for (let round = 0; round < 10 && (toServer.length || toClient.length); round++) {
      const nextClient: Uint8Array[] = [];
      // one byte at a time during the handshake, odd-sized segments afterwards
      for (let i = 0; i < toServer.length;) {
        const n = server.phase === 'connected' ? 1337 : 1;
        server = structuredClone(server);
        const o = receiveBytes(server, toServer.subarray(i, i + n), m.now, m.rand);
        i += n;
        got.s.push(...o.appData);
        if (o.send.length) nextClient.push(o.send);
      }
      const nextServer: Uint8Array[] = [];
      for (const b of toClient) {
        client = structuredClone(client);
        const o = receiveBytes(client, new Uint8Array([b]), m.now, m.rand);
        got.c.push(...o.appData);
        if (o.send.length) nextServer.push(o.send);
      }
      toClient = Uint8Array.from(nextClient.flatMap((x) => [...x]));
      toServer = Uint8Array.from(nextServer.flatMap((x) => [...x]));
    }
    expect(client.phase).toBe('connected');
    expect(server.phase).toBe('connected');
    const all = Uint8Array.from(got.s.flatMap((x) => [...x]));
    expect(all).toEqual(big);
  });

  it('KeyUpdate moves both directions to new keys', () => {
    const m = istioMesh('ku');
    const c = side(createConnection(clientConfig(m), m.rand));
    const s = side(createConnection(serverConfig(m), m.rand));
    pump(c, s, absorb(c, start(c.conn, m.now, m.rand)), m.now, m.rand);
    const before = c.conn.write!.key;
    pump(c, s, absorb(c, keyUpdate(c.conn, true)), m.now, m.rand);
    expect(c.conn.write!.key).not.toEqual(before);
    expect(s.conn.read!.key).toEqual(c.conn.write!.key);
    expect(c.conn.read!.key).toEqual(s.conn.write!.key);
    pump(s, c, absorb(s, sendApplicationData(s.conn, utf8('after update'))), m.now, m.rand);
    expect(c.appData.map(fromUtf8)).toEqual(['after update']);
  });

  it('hides the content type: every record after ServerHello is opaque application_data', () => {
    const m = istioMesh('ct');
    const c = side(createConnection(clientConfig(m), m.rand));
    const s = side(createConnection(serverConfig(m), m.rand));
    pump(c, s, absorb(c, start(c.conn, m.now, m.rand)), m.now, m.rand);
    const out = s.events.filter((e) => e.kind === 'record' && e.dir === 'out');
    expect(out.map((e) => e.kind === 'record' && [e.contentType, e.innerType])).toEqual([[22, 22], [20, 20], [23, 22]]);
    const cOut = c.events.filter((e) => e.kind === 'record' && e.dir === 'out');
    expect(cOut.map((e) => e.kind === 'record' && [e.contentType, e.innerType])).toEqual([[22, 22], [20, 20], [23, 22]]);
    const alert = absorb(c, close(c.conn));
    expect(alert[0]).toBe(23);
    expect(alert[0]).not.toBe(CT_ALERT);
  });
});
