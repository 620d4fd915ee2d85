/**
 * Packet builders and parsers against packets nobody here wrote: frames of the shared interop captures are parsed
 * and rebuilt from their fields, byte for byte (which proves header layout, TCP options and both checksums), and
 * where a capture holds offload checksums, ours are compared with the values tshark 4.0.17 computed. Then round
 * trips (ARP, ICMP echo, VXLAN), rejection of truncated or inconsistent input, NAT/TTL rewriting, sequence wrap.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, u16 } from '../bytes';
import { verifies, pseudoHeaderSum } from '../checksum';
import { readCapture } from '../../capture/pcapRead';
import { interopPath } from '../../testing/tools';
import { ARP_REPLY, ARP_REQUEST, buildArp, parseArp } from './arp';
import { buildEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4, isBroadcast, parseEthernet } from './ethernet';
import { buildIcmpEcho, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, parseIcmp } from './icmp';
import { buildIpv4, parseIpv4, PROTO_TCP, PROTO_UDP } from './ipv4';
import { rewriteIpv4 } from './rewrite';
import { ACK, buildTcp, FIN, parseTcp, PSH, seqAdd, seqDiff, seqLe, seqLt, SYN } from './tcp';
import { buildUdp, parseUdp } from './udp';
import { buildVxlan, parseVxlan } from './vxlan';

const load = (...p: string[]) => readCapture(new Uint8Array(readFileSync(interopPath(...p))));
const hex = (b: Uint8Array) => toHex(b);

/** Rebuilds an IPv4 + TCP packet from its parsed fields. */
function rebuildTcpPacket(ipBytes: Uint8Array): Uint8Array {
  const ip = parseIpv4(ipBytes)!;
  const t = parseTcp(ip.src, ip.dst, ip.payload)!;
  return buildIpv4(ip, buildTcp(ip.src, ip.dst, t));
}

describe('rebuilding real packets', () => {
  it('builds the Wikipedia IPv4 header byte for byte', () => {
    const p = buildIpv4({ src: 0xc0a80001, dst: 0xc0a800c7, proto: PROTO_UDP, ttl: 64, id: 0, df: true }, new Uint8Array(0x73 - 20));
    expect(hex(p.subarray(0, 20))).toBe('45000073000040004011b861c0a80001c0a800c7');
  });

  it("rebuilds wireguard-ping-tcp.pcap frame 3: Ethernet and IPv4 identical, UDP identical but its offload checksum", () => {
    const frame = load('wireguard', 'wireguard-ping-tcp.pcap').packets[2].data;
    const eth = parseEthernet(frame)!;
    expect(eth.ethertype).toBe(ETHERTYPE_IPV4);
    const ip = parseIpv4(eth.payload)!;
    expect(ip.checksumOk).toBe(true);
    const u = parseUdp(ip.src, ip.dst, ip.payload)!;
    expect([u.sport, u.dport, u.length]).toEqual([43462, 51820, 136]);
    // The capture was taken before checksum offload: the field holds the partial sum, so it does not verify.
    expect(u.checksumOk).toBe(false);
    const udp = buildUdp(ip.src, ip.dst, u.sport, u.dport, u.payload);
    const rebuilt = buildEthernet(eth.dst, eth.src, eth.ethertype, buildIpv4(ip, udp));
    expect(rebuilt).toHaveLength(frame.length);
    expect(hex(rebuilt.subarray(0, 14 + 20))).toBe(hex(frame.subarray(0, 14 + 20)));
    // Everything but the two checksum bytes is identical ...
    expect(hex(rebuilt.subarray(34, 40))).toBe(hex(frame.subarray(34, 40)));
    expect(hex(rebuilt.subarray(42))).toBe(hex(frame.subarray(42)));
    // ... and the checksum is the one tshark computes ("Checksum: 0x14ae incorrect, should be 0x4dd3").
    expect(u16(udp, 6)).toBe(0x4dd3);
    expect(parseUdp(ip.src, ip.dst, udp)!.checksumOk).toBe(true);
  });

  it('rebuilds all 14 frames of rfc8448-simple-1rtt-port9080.pcap (Ethernet, IPv4, TCP) byte for byte', () => {
    const f = load('tls13', 'rfc8448', 'rfc8448-simple-1rtt-port9080.pcap');
    expect(f.packets).toHaveLength(14);
    const flags: number[] = [];
    for (const p of f.packets) {
      const eth = parseEthernet(p.data)!;
      const ip = parseIpv4(eth.payload)!;
      expect(ip.checksumOk).toBe(true);
      const t = parseTcp(ip.src, ip.dst, ip.payload)!;
      expect(t.checksumOk).toBe(true);
      flags.push(t.flags);
      expect(hex(buildEthernet(eth.dst, eth.src, eth.ethertype, rebuildTcpPacket(eth.payload)))).toBe(hex(p.data));
    }
    expect(flags.slice(0, 4)).toEqual([SYN, SYN | ACK, ACK, PSH | ACK]);
    expect(flags.slice(-3)).toEqual([FIN | ACK, FIN | ACK, ACK]);
  });

  it('rebuilds all 11 frames of the Botan mTLS raw-IP capture byte for byte', () => {
    const f = load('tls13', 'botan-mtls', 'tls13-mtls-botan-port15443.pcap');
    expect(f.interfaces[0].linkType).toBe(101);
    for (const p of f.packets) expect(hex(rebuildTcpPacket(p.data))).toBe(hex(p.data));
  });

  // tshark -r capture.pcap -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE
  //   -T fields -e frame.number -e ip.checksum_calculated -e tcp.checksum_calculated
  const ILLUSTRATED: [number, number, number][] = [[1, 0x3cb6, 0x9268], [2, 0x3cb6, 0xc165], [5, 0x3bc5, 0x3622], [7, 0x3771, 0x15da]];

  it('rebuilds TCP segments with options (MSS, NOP, window scale, timestamps, SACK-permitted, EOL) from a real loopback capture', () => {
    const f = load('tls13', 'illustrated-tls13', 'aes256gcm-current', 'capture.pcap');
    for (const [n, ipSum, tcpSum] of ILLUSTRATED) {
      const orig = f.packets[n - 1].data.subarray(4); // DLT_NULL header
      const ip = parseIpv4(orig)!;
      const t = parseTcp(ip.src, ip.dst, ip.payload)!;
      if (n <= 2) expect(t.options.map((o) => o.kind)).toEqual(['mss', 'nop', 'wscale', 'nop', 'nop', 'ts', 'sackOk', 'eol']);
      else expect(t.options.map((o) => o.kind)).toEqual(['nop', 'nop', 'ts']);
      const rebuilt = rebuildTcpPacket(orig);
      expect(rebuilt).toHaveLength(orig.length);
      const hl = ip.headerLength;
      // Identical except the IPv4 checksum (captured as 0) and the TCP checksum (captured as the partial sum).
      const mask = (b: Uint8Array) => { const c = b.slice(); c[10] = c[11] = c[hl + 16] = c[hl + 17] = 0; return hex(c); };
      expect(mask(rebuilt)).toBe(mask(orig));
      expect(u16(rebuilt, 10)).toBe(ipSum);
      expect(u16(rebuilt, hl + 16)).toBe(tcpSum);
    }
  });
});

describe('parsers reject truncated or inconsistent input', () => {
  const seg = buildTcp(0x0a000001, 0x0a000002, {
    sport: 40000, dport: 8080, seq: 1, ack: 2, flags: ACK, window: 502,
    options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'ts', val: 7, ecr: 9 }], payload: new Uint8Array([1, 2, 3]),
  });
  const pkt = buildIpv4({ src: 0x0a000001, dst: 0x0a000002, proto: PROTO_TCP, ttl: 64, id: 1, df: true }, seg);

  it('accepts the well-formed packet and trims trailing padding to the total length', () => {
    const padded = new Uint8Array(pkt.length + 6);
    padded.set(pkt);
    const ip = parseIpv4(padded)!;
    expect(ip.totalLength).toBe(pkt.length);
    expect(ip.payload).toHaveLength(seg.length);
    expect(parseTcp(ip.src, ip.dst, ip.payload)!.payload).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('parseIpv4 returns null for short, non-v4, bad IHL and inconsistent lengths', () => {
    expect(parseIpv4(pkt.subarray(0, 19))).toBeNull();
    expect(parseIpv4(pkt.subarray(0, pkt.length - 1))).toBeNull(); // total length beyond the bytes
    const v6 = pkt.slice(); v6[0] = 0x65;
    expect(parseIpv4(v6)).toBeNull();
    const ihl4 = pkt.slice(); ihl4[0] = 0x44;
    expect(parseIpv4(ihl4)).toBeNull();
    const short = pkt.slice(); short[2] = 0; short[3] = 19; // total length < header length
    expect(parseIpv4(short)).toBeNull();
    const bigIhl = pkt.slice(); bigIhl[0] = 0x4f; bigIhl[2] = 0; bigIhl[3] = 40; // 60-byte header in a 40-byte packet
    expect(parseIpv4(bigIhl)).toBeNull();
  });

  it('parseIpv4 flags a bad header checksum without rejecting the packet', () => {
    const bad = pkt.slice(); bad[8] = 63;
    expect(parseIpv4(bad)!.checksumOk).toBe(false);
  });

  it('parseTcp returns null for short segments, bad data offsets and malformed options', () => {
    const a = 0x0a000001, b = 0x0a000002;
    expect(parseTcp(a, b, seg.subarray(0, 19))).toBeNull();
    const off4 = seg.slice(); off4[12] = 4 << 4;
    expect(parseTcp(a, b, off4)).toBeNull();
    const offBig = seg.slice(); offBig[12] = 15 << 4; // 60-byte header, 35-byte segment
    expect(parseTcp(a, b, offBig)).toBeNull();
    const badLen = seg.slice(); badLen[23] = 1; // timestamp option length 1
    expect(parseTcp(a, b, badLen)).toBeNull();
    const runOver = seg.slice(); runOver[23] = 12; // option runs past the header
    expect(parseTcp(a, b, runOver)).toBeNull();
    const flipped = seg.slice(); flipped[seg.length - 1] ^= 0x40;
    expect(parseTcp(a, b, flipped)!.checksumOk).toBe(false);
    expect(parseTcp(a, 0x0a000003, seg)!.checksumOk).toBe(false); // pseudo-header covers the addresses
  });

  it('parseUdp returns null for short datagrams and bad lengths; zero checksum means none', () => {
    const u = buildUdp(1, 2, 1000, 2000, new Uint8Array(10));
    expect(parseUdp(1, 2, u.subarray(0, 7))).toBeNull();
    const long = u.slice(); long[5] = 19; // length beyond the bytes
    expect(parseUdp(1, 2, long)).toBeNull();
    const tiny = u.slice(); tiny[5] = 7;
    expect(parseUdp(1, 2, tiny)).toBeNull();
    const none = buildUdp(1, 2, 1000, 2000, new Uint8Array(10), true);
    expect(u16(none, 6)).toBe(0);
    expect(parseUdp(9, 9, none)!.checksumOk).toBe(true);
    expect(parseUdp(9, 9, u)!.checksumOk).toBe(false);
  });

  it('parseEthernet, parseArp, parseIcmp and parseVxlan return null when too short', () => {
    expect(parseEthernet(new Uint8Array(13))).toBeNull();
    expect(parseArp(new Uint8Array(27))).toBeNull();
    expect(parseIcmp(new Uint8Array(7))).toBeNull();
    expect(parseVxlan(new Uint8Array(7))).toBeNull();
  });
});

describe('round trips', () => {
  const macA = fromHex('52:54:00:11:22:33'), macB = fromHex('02:aa:bb:cc:dd:ee');

  it('ARP request and reply (RFC 826 layout)', () => {
    const req = buildArp({ op: ARP_REQUEST, senderMac: macA, senderIp: 0xc0a83d0b, targetMac: new Uint8Array(6), targetIp: 0xc0a83d0c });
    expect(hex(req)).toBe('0001080006040001525400112233c0a83d0b000000000000c0a83d0c');
    expect(parseArp(req)).toEqual({ op: ARP_REQUEST, senderMac: macA, senderIp: 0xc0a83d0b, targetMac: new Uint8Array(6), targetIp: 0xc0a83d0c });
    const rep = parseArp(buildArp({ op: ARP_REPLY, senderMac: macB, senderIp: 3, targetMac: macA, targetIp: 4 }))!;
    expect([rep.op, hex(rep.senderMac), hex(rep.targetMac), rep.senderIp, rep.targetIp]).toEqual([ARP_REPLY, hex(macB), hex(macA), 3, 4]);
    const notIpv4 = req.slice(); notIpv4[2] = 0x86; notIpv4[3] = 0xdd;
    expect(parseArp(notIpv4)).toBeNull();
    const frame = buildEthernet(new Uint8Array(6).fill(0xff), macA, ETHERTYPE_ARP, req);
    const eth = parseEthernet(frame)!;
    expect([isBroadcast(eth.dst), hex(eth.src), eth.ethertype, hex(eth.payload)]).toEqual([true, hex(macA), ETHERTYPE_ARP, hex(req)]);
  });

  it('ICMP echo request and reply with a valid checksum', () => {
    const data = Uint8Array.from({ length: 56 }, (_, i) => i);
    const m = buildIcmpEcho(ICMP_ECHO_REQUEST, 0x1234, 7, data);
    expect([hex(m.subarray(0, 2)), hex(m.subarray(4, 8))]).toEqual(['0800', '12340007']);
    expect(verifies(m)).toBe(true);
    expect(parseIcmp(m)).toEqual({ type: ICMP_ECHO_REQUEST, code: 0, id: 0x1234, seq: 7, checksumOk: true, data });
    const r = parseIcmp(buildIcmpEcho(ICMP_ECHO_REPLY, 0x1234, 7, data))!;
    expect([r.type, r.checksumOk]).toEqual([ICMP_ECHO_REPLY, true]);
    const bad = m.slice(); bad[20] ^= 1;
    expect(parseIcmp(bad)!.checksumOk).toBe(false);
    // Odd-length data still checksums correctly.
    expect(parseIcmp(buildIcmpEcho(ICMP_ECHO_REQUEST, 1, 1, new Uint8Array([1, 2, 3])))!.checksumOk).toBe(true);
  });

  it('VXLAN header per RFC 7348: I flag, 24-bit VNI, inner frame after 8 bytes', () => {
    const inner = buildEthernet(macB, macA, ETHERTYPE_IPV4, new Uint8Array([0x45, 0]));
    const v = buildVxlan(0xabcdef, inner);
    expect(hex(v.subarray(0, 8))).toBe('08000000abcdef00');
    expect(parseVxlan(v)).toEqual({ vni: 0xabcdef, inner });
    expect(parseVxlan(buildVxlan(0x1_000_123, inner))!.vni).toBe(0x000123); // VNI is 24 bits
    const noI = v.slice(); noI[0] = 0;
    expect(parseVxlan(noI)).toBeNull();
  });
});

describe('rewriteIpv4', () => {
  const src = 0x0af40101, vip = 0x0a60_0a0a, backend = 0x0af40202;
  const tcp = buildTcp(src, vip, { sport: 45000, dport: 8080, seq: 0xfffffff0, ack: 0, flags: SYN, window: 64240, options: [{ kind: 'mss', value: 1330 }], payload: new Uint8Array(0) });
  const pkt = buildIpv4({ src, dst: vip, proto: PROTO_TCP, ttl: 64, id: 77, df: true }, tcp);

  it('DNAT of address and port keeps both checksums valid and equals a packet built from scratch', () => {
    const before = hex(pkt);
    const out = rewriteIpv4(pkt, { dst: backend, dport: 9090 });
    expect(hex(pkt)).toBe(before); // the input is never mutated
    const ip = parseIpv4(out)!;
    expect([ip.dst, ip.checksumOk]).toEqual([backend, true]);
    const t = parseTcp(ip.src, ip.dst, ip.payload)!;
    expect([t.dport, t.checksumOk]).toEqual([9090, true]);
    expect(verifies(ip.payload, 0, ip.payload.length, pseudoHeaderSum(ip.src, ip.dst, PROTO_TCP, ip.payload.length))).toBe(true);
    const scratch = buildIpv4({ src, dst: backend, proto: PROTO_TCP, ttl: 64, id: 77, df: true }, buildTcp(src, backend, { ...parseTcp(src, vip, tcp)!, dport: 9090 }));
    expect(hex(out)).toBe(hex(scratch));
  });

  it('SNAT of the reply restores the service address and port', () => {
    const reply = buildIpv4({ src: backend, dst: src, proto: PROTO_TCP, ttl: 63, id: 1, df: true },
      buildTcp(backend, src, { sport: 9090, dport: 45000, seq: 5, ack: 0xfffffff1, flags: SYN | ACK, window: 1, options: [], payload: new Uint8Array(0) }));
    const out = rewriteIpv4(reply, { src: vip, sport: 8080 });
    const ip = parseIpv4(out)!;
    const t = parseTcp(ip.src, ip.dst, ip.payload)!;
    expect([ip.src, ip.checksumOk, t.sport, t.checksumOk, t.ack]).toEqual([vip, true, 8080, true, 0xfffffff1]);
  });

  it('a TTL change fixes the header checksum and leaves the segment untouched', () => {
    const out = rewriteIpv4(pkt, { ttlDelta: -1 });
    const ip = parseIpv4(out)!;
    expect([ip.ttl, ip.checksumOk]).toEqual([63, true]);
    expect(hex(out.subarray(20))).toBe(hex(pkt.subarray(20)));
    expect(parseIpv4(pkt)!.ttl).toBe(64);
  });

  it('UDP: a checksum in use is recomputed; a zero checksum stays zero', () => {
    const withSum = buildIpv4({ src, dst: vip, proto: PROTO_UDP, ttl: 64, id: 1, df: false }, buildUdp(src, vip, 5353, 53, new Uint8Array([9, 8, 7])));
    const a = parseIpv4(rewriteIpv4(withSum, { dst: backend, dport: 5300 }))!;
    const ua = parseUdp(a.src, a.dst, a.payload)!;
    expect([a.checksumOk, ua.dport, ua.checksumOk, u16(a.payload, 6) !== 0]).toEqual([true, 5300, true, true]);
    const noSum = buildIpv4({ src, dst: vip, proto: PROTO_UDP, ttl: 64, id: 1, df: false }, buildUdp(src, vip, 5353, 53, new Uint8Array([9, 8, 7]), true));
    const b = parseIpv4(rewriteIpv4(noSum, { dst: backend, dport: 5300 }))!;
    expect([b.dst, u16(b.payload, 2), u16(b.payload, 6), b.checksumOk]).toEqual([backend, 5300, 0, true]);
  });
});

describe('sequence arithmetic across 2^32', () => {
  it('adds and compares modulo 2^32', () => {
    expect(seqAdd(0xffffffff, 1)).toBe(0);
    expect(seqAdd(0xfffffff0, 0x20)).toBe(0x10);
    expect(seqDiff(0x10, 0xfffffff0)).toBe(0x20);
    expect(seqDiff(0xfffffff0, 0x10)).toBe(-0x20);
    expect(seqLt(0xfffffff0, 0x10)).toBe(true);
    expect(seqLt(0x10, 0xfffffff0)).toBe(false);
    expect(seqLe(0x10, 0x10)).toBe(true);
    expect(seqLt(0x10, 0x10)).toBe(false);
    expect(seqLt(0, 0x7fffffff)).toBe(true);
  });

  it('a segment whose sequence number wraps is built and parsed intact', () => {
    const t = buildTcp(1, 2, { sport: 1, dport: 2, seq: seqAdd(0xffffffff, 5), ack: 0xffffffff, flags: ACK, window: 0, options: [], payload: new Uint8Array(0) });
    const p = parseTcp(1, 2, t)!;
    expect([p.seq, p.ack, p.checksumOk]).toEqual([4, 0xffffffff, true]);
  });
});
