/**
 * TCP through the real engine: the plaintext scenario's curl from web/frontend (node-1) to bank/backend (node-2).
 * State transitions per connection, segmentation at the pod MTU, sequence/ack bookkeeping read back from the wire
 * on node-1:eth0, connection refused, SYN loss with retransmission on RTO, SYN retries with exponential backoff,
 * and curl/ping error paths through engine.input.
 */
import { describe, expect, it } from 'vitest';
import { Engine, POD_MTU } from '../../sim/engine';
import { EPOCH_US, MS, SECOND } from '../../sim/clock';
import { createQueue } from '../../sim/scheduler';
import type { AppExitEvent, AppOutputEvent, TcpStateEvent } from '../../sim/events';
import { record, type Recording } from '../../capture/recorder';
import { parseIp } from '../addr';
import { fromUtf8 } from '../bytes';
import { parseEthernet, ETHERTYPE_IPV4 } from '../packet/ethernet';
import { parseIpv4, PROTO_TCP, type Ipv4Packet } from '../packet/ipv4';
import { ACK, FIN, PSH, RST, SYN, parseTcp, seqAdd, seqDiff, type ParsedTcp } from '../packet/tcp';

const CURL_AT = EPOCH_US + 200 * MS; // the scenario's scripted curl

function watch(e: Engine) {
  const tcp: TcpStateEvent[] = [], out: AppOutputEvent[] = [], exits: AppExitEvent[] = [];
  e.events.on('tcp', (x) => tcp.push(x));
  e.events.on('output', (x) => out.push(x));
  e.events.on('exit', (x) => exits.push(x));
  return { tcp, out, exits };
}

/** An engine with the scenario's scripted inputs removed (nothing else is scheduled at creation). */
function quietEngine(seed: string | number): Engine {
  const e = Engine.create('plaintext', seed);
  expect(e.st.queue.heap.every((x) => x.ev.k === 'input')).toBe(true);
  e.st.queue = createQueue();
  return e;
}

interface Seg { t: number; dir: string; len: number; ip: Ipv4Packet; tcp: ParsedTcp }

function tcpSegments(rec: Recording): Seg[] {
  const out: Seg[] = [];
  for (const f of rec.frames) {
    const eth = parseEthernet(f.frame);
    if (!eth || eth.ethertype !== ETHERTYPE_IPV4) continue;
    const ip = parseIpv4(eth.payload);
    if (!ip || ip.proto !== PROTO_TCP) continue;
    out.push({ t: f.t, dir: f.dir, len: f.frame.length, ip, tcp: parseTcp(ip.src, ip.dst, ip.payload)! });
  }
  return out;
}

const ipOf = (e: Engine, pod: string) => parseIp(e.st.cluster.pods.find((p) => p.name === pod)!.ip);
/** Runs to the scripted curl and returns its app id. */
function scriptedCurl(e: Engine): string {
  e.runUntil(CURL_AT);
  return Object.values(e.st.apps).find((a) => a.kind === 'curl' && a.host === 'web/frontend')!.id;
}
const stdoutOf = (out: AppOutputEvent[], app: string) => out.filter((o) => o.app === app && o.stream === 'stdout').map((o) => o.text).join('');
const seqLen = (s: ParsedTcp) => s.payload.length + (s.flags & SYN ? 1 : 0) + (s.flags & FIN ? 1 : 0);

describe('a plaintext HTTP exchange', () => {
  it('walks the client and server through the RFC 9293 states in order', () => {
    const e = Engine.create('plaintext', 7);
    const w = watch(e);
    const curl = scriptedCurl(e);
    e.runToIdle();
    const byConn = new Map<string, TcpStateEvent[]>();
    for (const x of w.tcp) byConn.set(x.conn, [...(byConn.get(x.conn) ?? []), x]);
    const client = [...byConn.values()].find((l) => l[0].host === 'web/frontend')!;
    const server = [...byConn.values()].find((l) => l[0].host === 'bank/backend')!;
    expect(client.map((x) => x.to)).toEqual(['SYN_SENT', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'TIME_WAIT', 'CLOSED']);
    expect(server.map((x) => x.to)).toEqual(['LISTEN', 'SYN_RECEIVED', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED']);
    for (const list of [client, server]) {
      expect(list[0].from).toBe('CLOSED');
      list.slice(1).forEach((x, i) => expect(x.from).toBe(list[i].to));
      list.slice(1).forEach((x, i) => expect(x.t).toBeGreaterThanOrEqual(list[i].t));
    }
    expect(client[0].t).toBe(CURL_AT);
    // TIME_WAIT lasts 60 s of virtual time, then the connection is gone.
    expect(client[5].t - client[4].t).toBe(60 * SECOND);
    expect(Object.values(e.st.conns).filter((c) => c.host === 'web/frontend' || c.host === 'bank/backend')).toEqual([]);
    expect(w.exits.find((x) => x.app === curl)?.code).toBe(0);
  });

  it('segments the response at the pod MTU and keeps sequence and ack numbers consistent on node-1:eth0', () => {
    const e = Engine.create('plaintext', 7);
    const rec = record(e, 'node-1:eth0');
    const w = watch(e);
    const curl = scriptedCurl(e);
    e.runToIdle();
    for (const f of rec.frames) expect(f.frame.length).toBeLessThanOrEqual(1514);
    const fe = ipOf(e, 'frontend'), be = ipOf(e, 'backend');
    const segs = tcpSegments(rec).filter((s) => (s.ip.src === fe && s.ip.dst === be) || (s.ip.src === be && s.ip.dst === fe));
    for (const s of segs) {
      expect(s.tcp.checksumOk && s.ip.checksumOk).toBe(true);
      if (s.tcp.payload.length > 0) expect(s.ip.totalLength).toBeLessThanOrEqual(POD_MTU);
    }
    const fromServer = segs.filter((s) => s.ip.src === be);
    const data = fromServer.filter((s) => s.tcp.payload.length > 0);
    const full = data.filter((s) => s.ip.totalLength === POD_MTU);
    expect(full.length).toBeGreaterThanOrEqual(3);
    expect(data.slice(0, -1).every((s) => !(s.tcp.flags & PSH))).toBe(true);
    expect(data[data.length - 1].tcp.flags & PSH).toBe(PSH); // PSH on the last segment of the write

    // Walk the capture: each side's segments are contiguous from its ISN, each ACK covers only bytes sent.
    const next = new Map<number, number>(); // side -> next sequence number it will send
    const acked = new Map<number, number>();
    for (const s of segs) {
      const me = s.ip.src, peer = s.ip.dst, t = s.tcp;
      if (t.flags & SYN) next.set(me, t.seq);
      expect(t.seq).toBe(next.get(me)); // no gaps, no overlaps, no retransmissions
      next.set(me, seqAdd(t.seq, seqLen(t)));
      if (t.flags & ACK) {
        expect(seqDiff(t.ack, next.get(peer)!)).toBeLessThanOrEqual(0); // never acknowledges unsent bytes
        if (acked.has(me)) expect(seqDiff(t.ack, acked.get(me)!)).toBeGreaterThanOrEqual(0); // never goes back
        acked.set(me, t.ack);
      }
    }
    const serverFin = fromServer.find((s) => s.tcp.flags & FIN)!;
    const clientFin = segs.find((s) => s.ip.src === fe && s.tcp.flags & FIN)!;
    const last = segs[segs.length - 1];
    expect([last.ip.src, last.tcp.flags, last.tcp.ack]).toEqual([fe, ACK, seqAdd(serverFin.tcp.seq, 1)]);
    expect(segs.some((s) => s.ip.src === be && s.tcp.ack === seqAdd(clientFin.tcp.seq, 1))).toBe(true);

    // The bytes on the wire are exactly the HTTP response curl printed.
    const body = stdoutOf(w.out, curl);
    const resp = fromUtf8(Uint8Array.from(data.flatMap((s) => [...s.tcp.payload])));
    expect(resp.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    const len = Number(/\r\nContent-Length: (\d+)\r\n/i.exec(resp)![1]);
    expect(resp.slice(resp.indexOf('\r\n\r\n') + 4)).toBe(body);
    expect(new TextEncoder().encode(body).length).toBe(len);
    expect((JSON.parse(body) as { transactions: unknown[] }).transactions).toHaveLength(24);
  });
});

describe('failures', () => {
  it('connection refused: a RST answers the SYN and curl exits 7', () => {
    const e = Engine.create('plaintext', 11);
    const backend = e.st.hosts['bank/backend'];
    for (const k of Object.keys(backend.listeners)) delete backend.listeners[k];
    const rec = record(e, 'node-1:eth0');
    const w = watch(e);
    const curl = scriptedCurl(e);
    e.runUntil(CURL_AT + 100 * MS);
    const segs = tcpSegments(rec);
    const syn = segs.find((s) => s.tcp.flags === SYN)!;
    const rst = segs.find((s) => s.tcp.flags & RST)!;
    expect(rst.ip.src).toBe(ipOf(e, 'backend'));
    expect(rst.tcp.flags).toBe(RST | ACK);
    expect(rst.tcp.ack).toBe(seqAdd(syn.tcp.seq, 1));
    expect(w.exits.filter((x) => x.app === curl).map((x) => x.code)).toEqual([7]);
    expect(w.out.find((o) => o.app === curl && o.stream === 'stderr')?.text).toMatch(
      /^curl: \(7\) Failed to connect to backend\.bank\.svc\.cluster\.local port 8080 after \d+ ms: Couldn't connect to server\n$/);
    const client = w.tcp.filter((x) => x.host === 'web/frontend').map((x) => x.to);
    expect(client).toEqual(['SYN_SENT', 'CLOSED']);
  });

  it('a lost SYN is retransmitted after the 1 s RTO (then 2 s), and the exchange still completes', () => {
    const e = Engine.create('plaintext', 5);
    const rec = record(e, 'node-1:eth0');
    const w = watch(e);
    const node2 = e.st.ifaces['node-2:eth0'];
    const saved = node2.link;
    const curl = scriptedCurl(e);
    let deafAt = 0;
    // Deafen node-2 the moment the first SYN is put on the wire: it is captured on node-1:eth0, never delivered.
    const off = e.events.on('frame', (f) => {
      if (deafAt || f.point !== 'node-1:eth0' || f.dir !== 'out') return;
      const ip = parseIpv4(f.frame.subarray(14));
      if (ip?.proto === PROTO_TCP && parseTcp(ip.src, ip.dst, ip.payload)!.flags === SYN) {
        deafAt = f.t;
        e.st.ifaces['node-2:eth0'].link = { kind: 'none' };
      }
    });
    e.runUntil(CURL_AT + 50 * MS);
    off();
    expect(deafAt).toBeGreaterThan(0);
    e.runUntil(deafAt + 1500 * MS);
    e.st.ifaces['node-2:eth0'].link = saved;
    e.runToIdle();
    const syns = tcpSegments(rec).filter((s) => s.dir === 'out' && s.tcp.flags === SYN);
    expect(syns).toHaveLength(3);
    expect(new Set(syns.map((s) => s.tcp.seq)).size).toBe(1);
    expect(Math.abs(syns[1].t - syns[0].t - SECOND)).toBeLessThan(MS);
    expect(Math.abs(syns[2].t - syns[1].t - 2 * SECOND)).toBeLessThan(MS);
    expect(tcpSegments(rec).filter((s) => s.tcp.flags === (SYN | ACK))).toHaveLength(1);
    expect(w.exits.filter((x) => x.app === curl).map((x) => x.code)).toEqual([0]);
    const body = stdoutOf(w.out, curl);
    expect((JSON.parse(body) as { transactions: unknown[] }).transactions).toHaveLength(24);
  });

  it('an unreachable backend: 1 SYN + 6 retries spaced 1, 2, 4, 8, 16, 32 s, then curl exits 28', () => {
    const e = Engine.create('plaintext', 3);
    e.st.ifaces['node-2:eth0'].link = { kind: 'none' };
    const rec = record(e, 'web/frontend:eth0');
    const w = watch(e);
    const app = scriptedCurl(e);
    e.runUntil(CURL_AT + 200 * SECOND);
    const syns = tcpSegments(rec).filter((s) => s.dir === 'out' && s.tcp.flags === SYN && s.tcp.dport === 8080);
    expect(syns).toHaveLength(7);
    const gaps = syns.slice(1).map((s, i) => s.t - syns[i].t);
    [1, 2, 4, 8, 16, 32].forEach((g, i) => expect(Math.abs(gaps[i] - g * SECOND)).toBeLessThan(MS));
    const curl = w.exits.find((x) => x.app === app)!;
    expect(curl.code).toBe(28);
    expect(Math.abs(curl.t - CURL_AT - 127 * SECOND)).toBeLessThan(MS); // 1+2+4+8+16+32+64 s
    expect(w.out.find((o) => o.app === curl.app)?.text).toMatch(/^curl: \(28\) Failed to connect to backend\.bank\.svc\.cluster\.local port 8080 after 127\d{3} ms/);
  });
});

/**
 * Loses the client's last ACK (the one answering the server's FIN) once: node-2 is deaf for that one frame.
 * Returns when the server's FINs reached the client pod and when the client's connection closed.
 */
function loseFinalAck(seed: number) {
  const e = Engine.create('plaintext', seed);
  const rec = record(e, 'web/frontend:eth0');
  const w = watch(e);
  const fe = ipOf(e, 'frontend');
  let serverFinSeen = false, lostAt = 0;
  let restore: (() => void) | undefined;
  e.events.on('frame', (f) => {
    restore?.();
    restore = undefined;
    if (lostAt || f.point !== 'node-1:eth0') return;
    const ip = parseIpv4(f.frame.subarray(14));
    if (ip?.proto !== PROTO_TCP) return;
    const flags = parseTcp(ip.src, ip.dst, ip.payload)!.flags;
    if (f.dir === 'in' && flags & FIN) serverFinSeen = true;
    if (!serverFinSeen || f.dir !== 'out' || ip.src !== fe || flags !== ACK) return;
    lostAt = f.t; // captured on node-1:eth0, never delivered to node-2
    const node2 = e.st.ifaces['node-2:eth0'];
    const saved = node2.link;
    node2.link = { kind: 'none' };
    restore = () => { node2.link = saved; };
  });
  e.runToIdle();
  const finsIn = tcpSegments(rec).filter((s) => s.dir === 'in' && s.tcp.flags & FIN).map((s) => s.t);
  const client = w.tcp.filter((x) => x.host === 'web/frontend' && x.remote.endsWith(':8080'));
  const server = w.tcp.filter((x) => x.host === 'bank/backend');
  return { lostAt, finsIn, client, server };
}

describe('closing with a lost final ACK', () => {
  it('the server retransmits its FIN, the client in TIME_WAIT acknowledges it again, and both close', () => {
    const r = loseFinalAck(7);
    expect(r.lostAt).toBeGreaterThan(0);
    expect(r.finsIn).toHaveLength(2);
    expect(r.server.map((x) => x.to).slice(-2)).toEqual(['LAST_ACK', 'CLOSED']);
    expect(r.server[r.server.length - 1].t).toBeGreaterThan(r.finsIn[1]);
    expect(r.client.map((x) => x.to).slice(-2)).toEqual(['TIME_WAIT', 'CLOSED']);
  });

  // RFC 9293 3.10.7.4 TIME-WAIT: "Acknowledge it, and restart the 2 MSL timeout"; Linux re-arms TCP_TIMEWAIT_LEN.
  it('restarts the 60 s TIME_WAIT timer when the peer retransmits its FIN', () => {
    const r = loseFinalAck(7);
    expect(r.finsIn).toHaveLength(2);
    const closed = r.client[r.client.length - 1];
    expect(closed.to).toBe('CLOSED');
    expect(closed.t - r.finsIn[1]).toBe(60 * SECOND);
  });
});

describe('exec through engine.input', () => {
  function exec(e: Engine, argv: string[], run = 0) {
    const w = watch(e);
    expect(e.input({ kind: 'exec', target: 'web/frontend', argv })).toBeNull();
    e.runFor(run);
    return w;
  }

  it('curl with an unknown option exits 2 with curl\'s message', () => {
    const w = exec(quietEngine(1), ['curl', '-z', 'http://backend.bank:8080/']);
    expect(w.exits.map((x) => x.code)).toEqual([2]);
    expect(w.out[0]).toMatchObject({ stream: 'stderr' });
    expect(w.out[0].text.split('\n')[0]).toBe('curl: option -z: is unknown');
  });

  it('curl to an unresolvable host exits 6; https exits 1; neither sends a packet', () => {
    const e = quietEngine(1);
    const rec = record(e, 'web/frontend:eth0');
    const a = exec(e, ['curl', '-s', 'http://nosuch.bank:8080/']);
    expect(a.exits.map((x) => x.code)).toEqual([6]);
    expect(a.out[0].text).toBe('curl: (6) Could not resolve host: nosuch.bank\n');
    const b = exec(e, ['curl', 'https://backend.bank:8080/']);
    expect(b.exits.map((x) => x.code)).toEqual([1]);
    expect(b.out[0].text).toMatch(/^curl: \(1\) Protocol "https" not supported/);
    expect(rec.frames).toHaveLength(0);
  });

  it('ping -c 2 to the backend pod gets two replies and prints the summary', () => {
    const e = quietEngine(9);
    const ip = e.st.cluster.pods.find((p) => p.name === 'backend')!.ip;
    const w = exec(e, ['ping', '-c', '2', ip], 5 * SECOND);
    const text = w.out.map((o) => o.text).join('');
    expect(text.startsWith(`PING ${ip} (${ip}) 56(84) bytes of data.\n`)).toBe(true);
    const replies = text.split('\n').filter((l) => l.startsWith(`64 bytes from ${ip}: icmp_seq=`));
    expect(replies.map((l) => /icmp_seq=(\d+) ttl=(\d+)/.exec(l)!.slice(1))).toEqual([['1', '62'], ['2', '62']]);
    expect(text).toContain(`--- ${ip} ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss`);
    expect(w.exits.map((x) => x.code)).toEqual([0]);
  });

  it('rejects bad inputs with an error and changes nothing', () => {
    const e = Engine.create('plaintext', 2);
    e.runUntil(CURL_AT + 1 * MS); // mid-connection, with timers armed
    const before = e.snapshot();
    const bad: unknown[] = [
      { kind: 'nope' }, null, 'exec', { kind: 'exec', target: '', argv: ['curl'] }, { kind: 'exec', target: 'web/frontend', argv: [] },
      { kind: 'exec', target: 'web/frontend', argv: ['curl', 7] }, { kind: 'set-routing', routing: 'overlay' },
    ];
    for (const b of bad) expect(typeof e.input(b as never)).toBe('string');
    expect(e.input({ kind: 'nope' } as never)).toBe('unknown input kind: nope');
    expect(e.snapshot()).toEqual(before);
  });
});
