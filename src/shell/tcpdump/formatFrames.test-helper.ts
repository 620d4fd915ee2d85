/**
 * Test support (no vitest, no Node): hand-made frames for what the lab's scenarios do not send yet or send only
 * when something goes wrong, to compare the printer with the real tcpdump: TCP options, SACK, URG/ECN flags,
 * resets with text, bad checksums, HTTP edge cases, TLS, ESP, IP in IP, IP options, fragments, WireGuard and
 * other UDP, ICMP errors and queries, ARP variants, VLAN tags, and Raw IP and Linux cooked v2 link types.
 */
import { put16, put32 } from '../../net/bytes';
import { inetChecksum, pseudoHeaderSum } from '../../net/checksum';
import { parseIp, parseMac } from '../../net/addr';
import { toCookedV2 } from './cookedFrame';

const MAC_1 = parseMac('52:54:00:9e:6b:99');
const MAC_2 = parseMac('52:54:00:2c:68:65');
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...parts: (number[] | Uint8Array)[]): Uint8Array => {
  const all: number[] = [];
  for (const p of parts) all.push(...p);
  return new Uint8Array(all);
};
const fill = (n: number, f: (i: number) => number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => f(i) & 0xff);

export function eth(payload: Uint8Array, type = 0x0800, src = MAC_1, dst = MAC_2): Uint8Array {
  return bytes(dst, src, [type >> 8, type & 0xff], payload);
}

export interface Ip4Opts { src?: string; dst?: string; id?: number; frag?: number; ttl?: number; tos?: number; options?: number[]; badSum?: boolean }

export function ipv4(proto: number, payload: Uint8Array, o: Ip4Opts = {}): Uint8Array {
  const opts = [...(o.options ?? [])];
  while (opts.length % 4) opts.push(0);
  const hl = 20 + opts.length;
  const p = new Uint8Array(hl + payload.length);
  p[0] = 0x40 | (hl / 4);
  p[1] = o.tos ?? 0;
  put16(p, 2, p.length);
  put16(p, 4, o.id ?? 0x1234);
  put16(p, 6, o.frag ?? 0x4000);
  p[8] = o.ttl ?? 64;
  p[9] = proto;
  put32(p, 12, parseIp(o.src ?? '10.244.1.35'));
  put32(p, 16, parseIp(o.dst ?? '10.244.3.78'));
  p.set(opts, 20);
  put16(p, 10, inetChecksum(p, 0, hl) ^ (o.badSum ? 0x0100 : 0));
  p.set(payload, hl);
  return p;
}

export interface TcpOpts { sport?: number; dport?: number; seq: number; ack?: number; flags: number; win?: number; urp?: number; options?: number[]; payload?: Uint8Array; badSum?: boolean }

/** A TCP segment inside an IPv4 packet between `src` and `dst`, checksum correct unless `badSum`. */
export function tcp(t: TcpOpts, ip: Ip4Opts = {}): Uint8Array {
  const opts = [...(t.options ?? [])];
  while (opts.length % 4) opts.push(1);
  const hl = 20 + opts.length;
  const payload = t.payload ?? new Uint8Array();
  const s = new Uint8Array(hl + payload.length);
  put16(s, 0, t.sport ?? 51116);
  put16(s, 2, t.dport ?? 8080);
  put32(s, 4, t.seq >>> 0);
  put32(s, 8, (t.ack ?? 0) >>> 0);
  s[12] = (hl / 4) << 4;
  s[13] = t.flags;
  put16(s, 14, t.win ?? 502);
  put16(s, 18, t.urp ?? 0);
  s.set(opts, 20);
  s.set(payload, hl);
  const src = parseIp(ip.src ?? '10.244.1.35');
  const dst = parseIp(ip.dst ?? '10.244.3.78');
  put16(s, 16, inetChecksum(s, 0, s.length, pseudoHeaderSum(src, dst, 6, s.length)) ^ (t.badSum ? 0x0001 : 0));
  return ipv4(6, s, ip);
}

export function udp(sport: number, dport: number, payload: Uint8Array, ip: Ip4Opts = {}, sum: 'ok' | 'zero' | 'bad' = 'ok', ulen?: number): Uint8Array {
  const u = new Uint8Array(8 + payload.length);
  put16(u, 0, sport);
  put16(u, 2, dport);
  put16(u, 4, ulen ?? u.length);
  u.set(payload, 8);
  if (sum !== 'zero') {
    const c = inetChecksum(u, 0, u.length, pseudoHeaderSum(parseIp(ip.src ?? '10.244.1.35'), parseIp(ip.dst ?? '10.244.3.78'), 17, u.length));
    put16(u, 6, (c === 0 ? 0xffff : c) ^ (sum === 'bad' ? 0x0010 : 0));
  }
  return ipv4(17, u, ip);
}

export function icmp(type: number, code: number, rest: Uint8Array, ip: Ip4Opts = {}, badSum = false): Uint8Array {
  const m = bytes([type, code, 0, 0], rest);
  put16(m, 2, inetChecksum(m) ^ (badSum ? 0x0200 : 0));
  return ipv4(1, m, ip);
}

const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;
const FIN = 0x01;
const RST = 0x04;
const HANDSHAKE_OPTS = [2, 4, 0x05, 0x32, 4, 2, 8, 10, 0x26, 0xa1, 0x5a, 0x70, 0, 0, 0, 0, 1, 3, 3, 7];
const TS = (v: number, e: number): number[] => [1, 1, 8, 10, v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff, e >>> 24, (e >> 16) & 0xff, (e >> 8) & 0xff, e & 0xff];
const SERVER = { src: '10.244.3.78', dst: '10.244.1.35' };
const C = 648097392;
const S = 4004186138;

/** One connection's life with the TCP features the printer must get right, and HTTP edge cases on it. */
export function tcpFrames(): Uint8Array[] {
  return [
    tcp({ seq: 1000, flags: SYN, win: 64240, options: HANDSHAKE_OPTS }),
    tcp({ sport: 8080, dport: 51116, seq: 5000, ack: 1001, flags: SYN | ACK, win: 65160, options: HANDSHAKE_OPTS }, SERVER),
    tcp({ seq: 1001, ack: 5001, flags: ACK, win: 507, options: TS(C, S) }),
    tcp({ seq: 1001, ack: 5001, flags: PSH | ACK, win: 507, options: TS(C, S), payload: text('GET / HTTP/1.1\r\nHost: backend:8080\r\nAccept: */*\r\n\r\n') }),
    tcp({ sport: 8080, dport: 51116, seq: 5001, ack: 1052, flags: ACK, options: [1, 1, 5, 18, 0, 0, 0x04, 0x1d, 0, 0, 0x04, 0x31, 0, 0, 0x04, 0x45, 0, 0, 0x04, 0x59] }, SERVER),
    tcp({ sport: 8080, dport: 51116, seq: 5001, ack: 1052, flags: PSH | ACK, payload: text('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nline one\n\tindented\r\nno newline at the end') }, SERVER),
    tcp({ sport: 8080, dport: 51116, seq: 5100, ack: 1052, flags: ACK, payload: fill(64, (i) => i * 37) }, SERVER),
    tcp({ seq: 1052, ack: 5100, flags: ACK | 0x20 | 0x40 | 0x80 | PSH, urp: 3, payload: text('abcd') }),
    tcp({ seq: 1056, ack: 5100, flags: ACK, options: [19, 18, ...fill(16, (i) => i + 0xa0), 28, 4, 0x01, 0x2d, 99, 4, 0xbe, 0xef] }),
    tcp({ seq: 1056, ack: 5100, flags: ACK, options: [34, 10, ...fill(8, (i) => i), 254, 6, 0xf9, 0x89, 1, 2, 34, 2, 254, 4, 0x12, 0x34, 2, 6, 5, 0x32, 0, 0, 0] }),
    tcp({ seq: 1056, ack: 5100, flags: ACK, options: [...new Array(40).fill(1)] }).map((b, i) => (i === 32 ? 0x40 : b)),
    tcp({ seq: 1056, ack: 5100, flags: ACK, options: [1, 2, 4, 5, 0x32, 8, 30, 1, 1] }),
    tcp({ seq: 1056, ack: 5100, flags: ACK, options: [1, 1, 3, 3, 7, 20, 4, 0xab, 9, 29, 6, 1, 2, 0xde, 0xad, 13, 6, 0, 0, 0, 9] }),
    tcp({ seq: 1056, ack: 5100, flags: ACK, options: [5, 7, 0, 0, 0, 1, 2] }),
    tcp({ seq: 1056, ack: 5100, flags: ACK, badSum: true, options: TS(C + 1, S) }),
    tcp({ seq: 1056, ack: 5100, flags: ACK, options: TS(C + 1, S) }, { badSum: true }),
    tcp({ sport: 8080, dport: 51116, seq: 5100, ack: 1056, flags: RST | ACK, payload: text('connection refused by policy') }, SERVER),
    tcp({ sport: 8080, dport: 51116, seq: 5100, flags: RST, payload: bytes(text('reset: '), [0x01, 0x7f, 0x80, 0xc1, 0x09], text('and some more text here')) }, SERVER),
    tcp({ seq: 1056, ack: 5100, flags: FIN | ACK, win: 507 }),
    tcp({ sport: 40000, dport: 80, seq: 1, ack: 1, flags: PSH | ACK, payload: text('post /api/transfer HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}') }),
    tcp({ sport: 40000, dport: 80, seq: 1, ack: 1, flags: PSH | ACK, payload: text('GET /only-the-start-of-a-long-request-line') }),
    tcp({ sport: 40000, dport: 80, seq: 1, ack: 1, flags: PSH | ACK, payload: text('HTTP/1.0 404\r\n\r\n') }),
    tcp({ sport: 40000, dport: 80, seq: 1, ack: 1, flags: PSH | ACK, payload: text('HELLO world\r\n') }),
    tcp({ sport: 40001, dport: 443, seq: 77, ack: 88, flags: PSH | ACK, payload: bytes([0x17, 3, 3, 0, 32], fill(32, (i) => 255 - i)) }),
    tcp({ seq: 1, ack: 1, flags: 0, win: 0 }),
  ];
}

/** IP-level variety: ESP, IP in IP, options, fragments, unusual header fields and protocols. */
export function ipFrames(): Uint8Array[] {
  const esp = bytes([0, 0, 0, 3, 0, 0, 0, 0x57], fill(80, (i) => i * 13));
  return [
    ipv4(50, esp, { src: '10.244.3.247', dst: '10.244.0.12' }),
    ipv4(50, esp.subarray(0, 8), { src: '10.244.3.247', dst: '10.244.0.12' }),
    ipv4(4, tcp({ seq: 9, flags: SYN }), { src: '192.168.61.11', dst: '192.168.61.12' }),
    tcp({ seq: 7, flags: SYN }, { options: [7, 11, 8, 10, 0, 0, 1, 10, 0, 0, 2, 1] }),
    tcp({ seq: 7, flags: SYN }, { options: [68, 12, 5, 0, 0, 0, 0, 1, 0, 0, 0, 2, 148, 4, 0, 0] }),
    tcp({ seq: 7, flags: SYN }, { dst: '10.0.0.9', options: [1, 131, 7, 4, 10, 244, 3, 78] }),
    tcp({ seq: 7, flags: SYN }, { options: [130, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 68, 3] }),
    udp(5000, 6000, fill(100, (i) => i), { frag: 0x2000, id: 77 }),
    ipv4(17, fill(40, (i) => i), { frag: 0x2000 | 185, id: 77 }),
    ipv4(17, fill(40, (i) => i), { frag: 185, id: 77 }),
    ipv4(99, fill(20, (i) => i)),
    ipv4(253, fill(20, (i) => i)),
    ipv4(59, new Uint8Array()),
    ipv4(6, new Uint8Array([0, 80]), { tos: 0xbb, ttl: 0, frag: 0xe000 }),
    ipv4(1, new Uint8Array(), { tos: 0x01 }),
    ipv4(17, new Uint8Array([0x13, 0x88, 0x17, 0x70, 0, 4, 0, 0]), { tos: 0x02 }),
  ];
}

const WG_INIT = bytes([1, 0, 0, 0], fill(144, (i) => i * 7 + 1));
const WG_RESPONSE = bytes([2, 0, 0, 0], fill(88, (i) => i * 5 + 3));
const WG_DATA = bytes([4, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 0, 0, 0, 0, 0, 0, 0, 0], fill(80, (i) => i * 11));

export function udpFrames(): Uint8Array[] {
  const nodes = { src: '192.168.61.11', dst: '192.168.61.12' };
  return [
    udp(51871, 51871, WG_INIT, nodes),
    udp(51871, 51871, WG_RESPONSE, { src: '192.168.61.12', dst: '192.168.61.11' }),
    udp(51871, 51871, WG_DATA, nodes),
    udp(51871, 51871, WG_DATA.subarray(0, 32), nodes),
    udp(40000, 9999, text('hello'), {}, 'bad'),
    udp(40000, 9999, text('hello'), {}, 'zero'),
    udp(40000, 9999, text('hello'), {}, 'ok', 200),
    udp(40000, 9999, text('hello'), {}, 'ok', 4),
    udp(40000, 4789, bytes([0x08, 0, 0, 0, 0, 0x01, 0x23, 0], eth(tcp({ seq: 3, flags: SYN }))), nodes, 'zero'),
    udp(40000, 8472, bytes([0x0c, 0, 0, 0, 0xab, 0xcd, 0xef, 0x11], eth(tcp({ seq: 3, flags: SYN }))), nodes, 'zero'),
    udp(40000, 8472, bytes([0x08, 0, 0]), nodes, 'zero'),
  ];
}

export function icmpFrames(): Uint8Array[] {
  const quotedTcp = tcp({ seq: 1, flags: SYN }).subarray(0, 28);
  const quotedUdp = udp(40000, 9999, text('x')).subarray(0, 28);
  const echo = (type: number, bad = false): Uint8Array => icmp(type, 0, bytes([0x12, 0x34, 0, 1], fill(56, (i) => i)), {}, bad);
  const err = (type: number, code: number, quoted: Uint8Array, word = [0, 0, 0, 0]): Uint8Array => icmp(type, code, bytes(word, quoted), SERVER);
  return [
    echo(8), echo(0), echo(8, true),
    err(3, 3, quotedUdp), err(3, 3, quotedTcp), err(3, 1, quotedTcp), err(3, 0, quotedTcp), err(3, 2, quotedTcp),
    err(3, 4, quotedTcp, [0, 0, 0x05, 0x78]), err(3, 4, quotedTcp), err(3, 13, quotedTcp), err(3, 9, quotedTcp), err(3, 77, quotedTcp),
    err(11, 0, quotedTcp), err(11, 1, quotedTcp), err(11, 5, quotedTcp), err(5, 1, quotedTcp, [10, 244, 3, 1]), err(5, 9, quotedTcp, [10, 244, 3, 1]),
    err(12, 0, quotedTcp, [20, 0, 0, 0]), err(12, 2, quotedTcp), err(4, 0, quotedTcp),
    icmp(13, 0, bytes([0, 7, 0, 2], fill(12, () => 0))),
    icmp(14, 0, bytes([0, 7, 0, 2], [0x02, 0x9b, 0xd1, 0x4c, 0x02, 0x9b, 0xd1, 0x4d, 0x02, 0x9b, 0xd1, 0x4e])),
    icmp(18, 0, bytes([0, 1, 0, 1], [255, 255, 255, 0])),
    icmp(9, 0, bytes([2, 2, 0x07, 0x08], [10, 0, 0, 1, 0, 0, 0, 5, 10, 0, 0, 2, 0, 0, 0, 6])),
    icmp(10, 0, bytes([0, 0, 0, 0])),
    icmp(42, 3, bytes([0, 0, 0, 0])),
  ];
}

export function arpFrames(): Uint8Array[] {
  const arp = (op: number, sha: Uint8Array, spa: number[], tha: Uint8Array, tpa: number[], hrd = 1, pro = 0x0800): Uint8Array =>
    bytes([hrd >> 8, hrd & 0xff, pro >> 8, pro & 0xff, 6, 4, 0, op], sha, spa, tha, tpa);
  const zero = new Uint8Array(6);
  const bcast = new Uint8Array(6).fill(0xff);
  return [
    eth(arp(1, MAC_1, [192, 168, 61, 11], zero, [192, 168, 61, 12]), 0x0806, MAC_1, bcast),
    eth(arp(1, MAC_1, [192, 168, 61, 11], MAC_2, [192, 168, 61, 12]), 0x0806),
    eth(arp(2, MAC_2, [192, 168, 61, 12], MAC_1, [192, 168, 61, 11]), 0x0806, MAC_2, MAC_1),
    eth(arp(3, MAC_1, [0, 0, 0, 0], MAC_1, [0, 0, 0, 0]), 0x8035, MAC_1, bcast),
    eth(arp(4, MAC_2, [192, 168, 61, 12], MAC_1, [192, 168, 61, 11]), 0x8035),
    eth(arp(9, MAC_2, [192, 168, 61, 12], MAC_1, [192, 168, 61, 11]), 0x0806),
    eth(arp(77, MAC_2, [192, 168, 61, 12], MAC_1, [192, 168, 61, 11]), 0x0806),
    eth(arp(1, MAC_1, [192, 168, 61, 11], zero, [192, 168, 61, 12], 6), 0x0806),
    eth(arp(1, MAC_1, [192, 168, 61, 11], zero, [192, 168, 61, 12], 1, 0x0801), 0x0806),
  ];
}

/** Ethernet frames: everything above on Ethernet, plus VLAN tags and unknown EtherTypes. */
export function ethernetFrames(): Uint8Array[] {
  const ip = [...tcpFrames(), ...ipFrames(), ...udpFrames(), ...icmpFrames()].map((p) => eth(p));
  const tagged = (tags: number[][], payload: Uint8Array): Uint8Array => bytes(MAC_2, MAC_1, ...tags, [0x08, 0x00], payload);
  return [
    ...ip,
    ...arpFrames(),
    tagged([[0x81, 0x00, 0x20, 0x05]], tcp({ seq: 5, flags: SYN })),
    tagged([[0x88, 0xa8, 0x30, 0x64], [0x81, 0x00, 0x10, 0x07]], tcp({ seq: 5, flags: SYN })),
    eth(fill(30, (i) => i), 0x88b5),
    bytes(MAC_2, MAC_1, [0x81, 0x00, 0x00]),
  ];
}

/** LINKTYPE_RAW packets. */
export function rawFrames(): Uint8Array[] {
  return [tcp({ seq: 1, flags: SYN }), ipFrames()[0], udpFrames()[0], bytes([0x55], fill(19, () => 0))];
}

/** LINKTYPE_LINUX_SLL2 frames seen on interface `ifindex` (the name is the capturing host's, as tcpdump prints it). */
export function sll2Frames(ifindex: number): Uint8Array[] {
  const sll2 = (type: number, pkttype: number, payload: Uint8Array): Uint8Array => {
    const h = new Uint8Array(20);
    put16(h, 0, type);
    put32(h, 4, ifindex);
    put16(h, 8, 1);
    h[10] = pkttype;
    h[11] = 6;
    h.set(MAC_1, 12);
    return bytes(h, payload);
  };
  return [
    sll2(0x0800, 0, tcp({ seq: 1, flags: SYN })),
    sll2(0x0800, 4, tcp({ sport: 8080, dport: 51116, seq: 9, ack: 2, flags: SYN | ACK }, SERVER)),
    sll2(0x0806, 1, arpFrames()[0].subarray(14)),
    sll2(0x8100, 0, bytes([0x00, 0x05, 0x08, 0x00], icmpFrames()[0])),
    sll2(0x88b5, 3, fill(20, (i) => i)),
    toCookedV2(udpFrames()[0], { linkType: 101, ifindex, dir: 'out' }) ?? new Uint8Array(),
    toCookedV2(eth(tcp({ seq: 1, flags: SYN }), 0x0800, MAC_2, new Uint8Array([1, 0, 0x5e, 0, 0, 1])), { linkType: 1, ifindex, dir: 'in' }) ?? new Uint8Array(),
  ];
}
