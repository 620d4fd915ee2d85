/** The event list's rows and the narration's sentences, from log entries and a made-up context. */
import { describe, expect, it } from 'vitest';
import { Engine } from '../sim/engine';
import { addressBook, endpoint, notableOf, protectionOf, toRow, type FrameSummary, type SummaryContext } from './timelineSummary';
import type { Entry } from './timelineLog';

const frames: Record<string, FrameSummary> = {
  'web/frontend:eth0#1': { protocol: 'HTTP', src: '10.244.1.128', dst: '10.96.52.166', info: 'GET /api/accounts/1042 HTTP/1.1' },
  'bank/backend:eth0#1': { protocol: 'HTTP', src: '10.244.2.109', dst: '10.244.1.128', info: 'HTTP/1.1 200 OK  (application/json)' },
  'node-1:eth0#1': { protocol: 'WireGuard', src: '192.168.61.11', dst: '192.168.61.12', info: 'Transport Data, receiver=0xC56EB39F, counter=2, datalen=192' },
  'node-1:eth0#2': { protocol: 'HTTP', src: '10.244.1.128', dst: '10.244.2.109', info: 'GET /api/accounts/1042 HTTP/1.1' },
  'node-2:eth0#1': { protocol: 'ESP', src: '10.244.2.85', dst: '10.244.1.143', info: 'ESP (SPI=0x00000003)' },
  'node-1:eth0#3': { protocol: 'TLSv1', src: '10.244.1.128', dst: '10.244.2.109', info: 'Client Hello' },
  'node-1:eth0#4': { protocol: 'TCP', src: '10.244.1.128', dst: '10.244.2.109', info: '52255 → 8080 [ACK]' },
};
const names: Record<string, string> = { '10.244.1.128': 'web/frontend', '10.244.2.109': 'bank/backend', '10.96.52.166': 'service bank/backend' };

const frame = (seq: number, point: string, no: number, trace: number, dir: 'in' | 'out' = 'out'): Entry =>
  ({ seq, step: seq, t: 0, kind: 'frame', point, dir, no, trace });
const origins = new Map<number, Entry>([[8, frame(1, 'web/frontend:eth0', 1, 8)], [9, frame(2, 'bank/backend:eth0', 1, 9)]]);
const ctx: SummaryContext = {
  frame: (point, no) => frames[`${point}#${no}`],
  name: (ip) => names[ip],
  origin: (trace) => origins.get(trace),
  nodes: ['node-1', 'node-2', 'node-3'],
};

describe('rows', () => {
  it('summarises every kind of event in one line', () => {
    expect(toRow(frame(5, 'node-1:eth0', 1, 8), ctx)).toEqual({
      seq: 5, step: 5, t: 0, kind: 'frame', where: 'node-1:eth0 out', point: 'node-1:eth0', no: 1, protocol: 'WireGuard', protection: 'wireguard',
      text: 'WireGuard 192.168.61.11 → 192.168.61.12  Transport Data, receiver=0xC56EB39F, counter=2, datalen=192',
    });
    const base = { seq: 1, step: 1, t: 0 };
    expect(toRow({ ...base, kind: 'drop', point: 'bank/backend:eth0', reason: 'TLS: certificate signed by an unknown CA', trace: 3 }, ctx))
      .toMatchObject({ where: 'bank/backend:eth0', text: 'dropped: TLS: certificate signed by an unknown CA' });
    expect(toRow({ ...base, kind: 'tcp', host: 'web/frontend', local: '183763328:52255', remote: '174077094:8080', from: 'SYN_SENT', to: 'ESTABLISHED' }, ctx).text)
      .toBe('TCP 10.244.1.128:52255 ↔ 10.96.52.166:8080: SYN_SENT → ESTABLISHED');
    expect(toRow({ ...base, kind: 'crypto', host: 'node-1', protocol: 'wireguard', what: 'initiation-sent', peerNode: 'node-2' }, ctx).text)
      .toBe('WireGuard handshake initiation sent to node-2');
    expect(toRow({ ...base, kind: 'crypto', host: 'web/frontend', protocol: 'tls', what: 'handshake-done TLS_AES_128_GCM_SHA256 peer=spiffe://cluster.local/ns/bank/sa/backend' }, ctx).text)
      .toBe('TLS handshake done: TLS_AES_128_GCM_SHA256, peer spiffe://cluster.local/ns/bank/sa/backend');
    expect(toRow({ ...base, kind: 'output', host: 'web/frontend', program: 'curl', stream: 'stdout', text: '{\n  "account": 1042\n}' }, ctx).text)
      .toBe('curl stdout: { "account": 1042 }');
    expect(toRow({ ...base, kind: 'exit', host: 'default/app-a', program: 'curl', code: 56 }, ctx).text).toBe('curl exited with status 56');
    expect(toRow({ ...base, kind: 'input', input: { kind: 'exec', target: 'web/frontend', argv: ['ping', '-c', '2', '10.244.2.109'] } }, ctx))
      .toMatchObject({ where: 'web/frontend', text: 'runs ping -c 2 10.244.2.109' });
  });

  it('knows what protects a frame and formats engine endpoints', () => {
    expect(['WireGuard', 'ESP', 'TLSv1.2', 'TLSv1', 'HTTP', 'TCP'].map(protectionOf)).toEqual(['wireguard', 'esp', 'tls', 'tls', undefined, undefined]);
    expect(endpoint('183763328:52255')).toBe('10.244.1.128:52255');
    expect(endpoint('not-an-address')).toBe('not-an-address');
  });

  it('names the cluster addresses', () => {
    const { cluster } = Engine.create('plaintext', 7).st;
    const name = addressBook(cluster);
    const backend = cluster.pods.find((p) => p.name === 'backend')!;
    expect(name(backend.ip)).toBe('bank/backend');
    expect(name('192.168.61.11')).toBe('node-1');
    expect(name(cluster.nodes[1].routerIp)).toBe('node-2 (cilium_host)');
    expect(name(cluster.services.find((s) => s.name === 'backend')!.clusterIP)).toBe('service bank/backend');
    expect(name('8.8.8.8')).toBeUndefined();
  });
});

describe('narration', () => {
  it('says how a request or response crosses the wire: encrypted, or in clear', () => {
    expect(notableOf(frame(5, 'node-1:eth0', 1, 8), ctx)).toEqual({
      seq: 5, step: 5, weight: 2,
      text: 'HTTP request GET /api/accounts/1042 from web/frontend to service bank/backend leaves node-1 encrypted with WireGuard',
    });
    expect(notableOf(frame(6, 'node-2:eth0', 1, 9), ctx)?.text)
      .toBe('HTTP response 200 OK from bank/backend to web/frontend leaves node-2 encrypted with IPsec ESP');
    expect(notableOf(frame(7, 'node-1:eth0', 2, 8), ctx)?.text)
      .toBe('HTTP request GET /api/accounts/1042 from web/frontend to service bank/backend leaves node-1 in clear: anyone on the wire can read it');
    expect(notableOf(frame(8, 'node-1:eth0', 3, 77), ctx)?.text).toBe('TLS handshake starts from web/frontend to bank/backend, leaving node-1');
  });

  it('stays quiet about hops inside a node, arrivals and frames that carry nothing to tell', () => {
    expect(notableOf(frame(5, 'web/frontend:eth0', 1, 8), ctx)).toBeUndefined();
    expect(notableOf(frame(5, 'node-1:eth0', 1, 8, 'in'), ctx)).toBeUndefined();
    expect(notableOf(frame(5, 'node-1:eth0', 4, 50), ctx)).toBeUndefined();
    expect(notableOf({ seq: 1, step: 1, t: 0, kind: 'crypto', host: 'node-2', protocol: 'wireguard', what: 'keypair-new' }, ctx)).toBeUndefined();
  });

  it('weighs drops over handshakes over the rest', () => {
    const base = { seq: 1, step: 1, t: 0 };
    expect(notableOf({ ...base, kind: 'drop', point: 'bank/backend:eth0', reason: 'mTLS mode STRICT', trace: 1 }, ctx))
      .toMatchObject({ weight: 4, text: 'Packet dropped at bank/backend:eth0: mTLS mode STRICT' });
    expect(notableOf({ ...base, kind: 'crypto', host: 'node-1', protocol: 'wireguard', what: 'response-received', peerNode: 'node-2' }, ctx))
      .toMatchObject({ weight: 3, text: 'WireGuard handshake between node-1 and node-2 complete' });
    expect(notableOf({ ...base, kind: 'exit', host: 'default/app-a', program: 'curl', code: 56 }, ctx))
      .toMatchObject({ weight: 2, text: 'curl in default/app-a failed with exit status 56' });
    expect(notableOf({ ...base, kind: 'tcp', host: 'web/frontend', local: '1:2', remote: '3:4', from: 'SYN_SENT', to: 'ESTABLISHED' }, ctx)?.weight).toBe(1);
  });
});
