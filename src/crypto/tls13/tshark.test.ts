/**
 * Wireshark as a judge: an mTLS handshake between our client and server, written as a pcapng (raw IPv4/TCP,
 * port 15443) with its key log in a Decryption Secrets Block, is dissected and decrypted by tshark: the ClientHello
 * SNI/ALPN are readable, every encrypted handshake message is recognised and the application data is recovered.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePcapng } from '../../capture/pcapng';
import { utf8 } from '../../net/bytes';
import { buildIpv4, PROTO_TCP } from '../../net/packet/ipv4';
import { ACK, buildTcp, PSH, SYN } from '../../net/packet/tcp';
import { toolAvailable, tshark } from '../../testing/tools';
import { close, createConnection, sendApplicationData, start } from './connection';
import { absorb, pump, side } from './loopback';
import { clientConfig, istioMesh, serverConfig } from './testFixtures';

const CLIENT_IP = 0x0a2a0005; // 10.42.0.5
const SERVER_IP = 0x0a2a0106; // 10.42.1.6
const CPORT = 51000;
const SPORT = 15443;

describe.skipIf(!toolAvailable('tshark'))('tshark decrypts our TLS 1.3', () => {
  it('shows the handshake, SNI, ALPN and the decrypted ping/pong', () => {
    const m = istioMesh('tshark');
    const c = side(createConnection(clientConfig(m), m.rand));
    const s = side(createConnection(serverConfig(m), m.rand));
    const wire: { dir: 'c2s' | 's2c'; bytes: Uint8Array }[] = [];
    const rec = (dir: 'a2b' | 'b2a', first: 'c' | 's') => (d: typeof dir, b: Uint8Array) => {
      wire.push({ dir: (d === 'a2b') === (first === 'c') ? 'c2s' : 's2c', bytes: b });
      return b;
    };
    pump(c, s, absorb(c, start(c.conn, m.now, m.rand)), m.now, m.rand, rec('a2b', 'c'));
    pump(c, s, absorb(c, sendApplicationData(c.conn, utf8('ping'))), m.now, m.rand, rec('a2b', 'c'));
    pump(s, c, absorb(s, sendApplicationData(s.conn, utf8('pong'))), m.now, m.rand, rec('a2b', 's'));
    pump(c, s, absorb(c, close(c.conn)), m.now, m.rand, rec('a2b', 'c'));

    let cseq = 1000;
    let sseq = 5000;
    let t = m.now;
    const packets: { ifIndex: number; tsUs: number; data: Uint8Array }[] = [];
    const seg = (dir: 'c2s' | 's2c', flags: number, payload: Uint8Array) => {
      const c2s = dir === 'c2s';
      const tcp = buildTcp(c2s ? CLIENT_IP : SERVER_IP, c2s ? SERVER_IP : CLIENT_IP, {
        sport: c2s ? CPORT : SPORT, dport: c2s ? SPORT : CPORT, seq: c2s ? cseq : sseq, ack: c2s ? sseq : cseq,
        flags, window: 65535, options: [], payload,
      });
      packets.push({ ifIndex: 0, tsUs: (t += 100), data: buildIpv4({ src: c2s ? CLIENT_IP : SERVER_IP, dst: c2s ? SERVER_IP : CLIENT_IP, proto: PROTO_TCP, ttl: 64, id: packets.length, df: true }, tcp) });
      const adv = payload.length + (flags & SYN ? 1 : 0);
      if (c2s) cseq += adv; else sseq += adv;
    };
    seg('c2s', SYN, new Uint8Array(0));
    seg('s2c', SYN | ACK, new Uint8Array(0));
    seg('c2s', ACK, new Uint8Array(0));
    for (const w of wire) seg(w.dir, PSH | ACK, w.bytes);
    const keylog = c.events.flatMap((e) => (e.kind === 'keylog' ? [e.line] : [])).join('\n') + '\n';
    const file = join(mkdtempSync(join(tmpdir(), 'tls13-')), 'mtls.pcapng');
    writeFileSync(file, writePcapng({
      interfaces: [{ linkType: 101, name: 'eth0' }], secrets: [{ type: 'TLSK', data: utf8(keylog) }], packets,
    }));

    const args = ['-r', file, '-d', `tcp.port==${SPORT},tls`];
    const info = tshark([...args, '-Y', 'tls', '-T', 'fields', '-e', 'tls.handshake.type', '-e', 'tls.handshake.extensions_server_name',
      '-e', 'tls.handshake.extensions_alpn_str', '-E', 'separator=|']).trim().split('\n');
    expect(info[0]).toBe('1|outbound_.8000_._.backend.web.svc.cluster.local|istio-peer-exchange,istio');
    expect(info[1]).toBe('2,8,13,11,15,20||istio');
    expect(info[2]).toBe('11,15,20||');
    const follow = tshark([...args, '-q', '-z', 'follow,tls,ascii,0']);
    expect(follow).toMatch(/\t4\nping\n4\npong\n/); // client bytes are tab-indented (tshark's node 1)
    const alerts = tshark([...args, '-Y', 'tls.alert_message', '-T', 'fields', '-e', 'tls.alert_message.desc']).trim().split('\n');
    expect(alerts).toEqual(['0', '0']);
    expect(tshark([...args, '-Y', '_ws.malformed || _ws.expert.severity >= "Error"']).trim()).toBe('');
  });
});
