/**
 * Test support: a zoo of frames for the filter tests, each built for Ethernet, raw IP and Linux SLL2 where the
 * link can carry it. It holds what the lab's captures lack: IPv6 (plain and behind a fragment header), SCTP, ESP,
 * AH, GRE, IGMP, IP in IP, first and later IPv4 fragments, IP options, a frame cut short by the snap length,
 * broadcast and multicast, an 802.1Q tag, an 802.3/LLC frame, and SLL2 packets in both directions.
 */
import { put16, put32 } from '../../net/bytes';
import { inetChecksum } from '../../net/checksum';
import { buildArp, ARP_REQUEST, ARP_REPLY } from '../../net/packet/arp';
import { buildEthernet } from '../../net/packet/ethernet';
import { buildIcmpEcho, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST } from '../../net/packet/icmp';
import { buildIpv4, PROTO_TCP, PROTO_UDP } from '../../net/packet/ipv4';
import { ACK, buildTcp, FIN, PSH, RST, SYN } from '../../net/packet/tcp';
import { buildUdp } from '../../net/packet/udp';
import { buildVxlan } from '../../net/packet/vxlan';
import { parseIp, parseMac } from '../../net/addr';
import { LinkType } from '../../net/dissect/tree';

export interface ZooFrame { name: string; data: Uint8Array; wireLength: number; direction?: 'in' | 'out' }

const ip = parseIp;
const POD_A = ip('10.244.1.23');
const POD_B = ip('10.244.2.42');
const NODE_1 = ip('192.168.61.11');
const NODE_2 = ip('192.168.61.12');
const MAC_A = parseMac('0a:58:0a:f4:01:17');
const MAC_B = parseMac('0a:58:0a:f4:02:2a');
const MAC_N1 = parseMac('52:54:00:00:00:01');
const MAC_N2 = parseMac('52:54:00:00:00:02');
const BCAST = parseMac('ff:ff:ff:ff:ff:ff');

const tcp = (src: number, dst: number, sport: number, dport: number, flags: number, payload: Uint8Array = new Uint8Array(0), id = 1): Uint8Array =>
  buildIpv4({ src, dst, proto: PROTO_TCP, ttl: 64, id, df: true },
    buildTcp(src, dst, { sport, dport, seq: 1000, ack: flags & ACK ? 2000 : 0, flags, window: 502, options: [], payload }));
const udp = (src: number, dst: number, sport: number, dport: number, payload: Uint8Array = new Uint8Array(8), ttl = 64): Uint8Array =>
  buildIpv4({ src, dst, proto: PROTO_UDP, ttl, id: 7, df: false }, buildUdp(src, dst, sport, dport, payload));
const ipRaw = (src: number, dst: number, proto: number, payload: Uint8Array): Uint8Array =>
  buildIpv4({ src, dst, proto, ttl: 64, id: 9, df: false }, payload);

/** An IPv4 packet with a given fragment offset (8-byte units) and More Fragments flag. */
function fragment(proto: number, offset: number, more: boolean, payload: Uint8Array): Uint8Array {
  const p = ipRaw(POD_A, POD_B, proto, payload);
  put16(p, 6, (more ? 0x2000 : 0) | offset);
  put16(p, 10, 0);
  put16(p, 10, inetChecksum(p, 0, 20));
  return p;
}

/** IPv4 with one 4-byte option (Router Alert), so the transport header starts at 24. */
function withOptions(inner: Uint8Array): Uint8Array {
  const p = new Uint8Array(inner.length + 4);
  p.set(inner.subarray(0, 20));
  p.set([0x94, 0x04, 0x00, 0x00], 20);
  p.set(inner.subarray(20), 24);
  p[0] = 0x46;
  put16(p, 2, p.length);
  put16(p, 10, 0);
  put16(p, 10, inetChecksum(p, 0, 24));
  return p;
}

/** A minimal IPv6 packet: next header `nxt`, payload as given (checksums are not looked at by filters). */
function ipv6(nxt: number, payload: Uint8Array, src = 0x20010db8, dst = 0x20010db9): Uint8Array {
  const p = new Uint8Array(40 + payload.length);
  p[0] = 0x60;
  put16(p, 4, payload.length);
  p[6] = nxt;
  p[7] = 64;
  put32(p, 8, src);
  put32(p, 20, 1);
  put32(p, 24, dst);
  put32(p, 36, 2);
  p.set(payload, 40);
  return p;
}

const ports = (sport: number, dport: number, rest = 8): Uint8Array => {
  const b = new Uint8Array(4 + rest);
  put16(b, 0, sport);
  put16(b, 2, dport);
  return b;
};

/** The network-layer packets, with the EtherType and (for Ethernet) addresses each travels with. */
function packets(): { name: string; etype: number; l3: Uint8Array; dst?: Uint8Array; src?: Uint8Array; cut?: number }[] {
  const get = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: backend\r\n\r\n');
  const inner = buildEthernet(MAC_B, MAC_A, 0x0800, tcp(POD_A, POD_B, 51116, 8080, SYN));
  return [
    { name: 'tcp syn', etype: 0x800, l3: tcp(POD_A, POD_B, 51116, 8080, SYN) },
    { name: 'tcp syn-ack', etype: 0x800, l3: tcp(POD_B, POD_A, 8080, 51116, SYN | ACK), dst: MAC_A, src: MAC_B },
    { name: 'tcp http get', etype: 0x800, l3: tcp(POD_A, POD_B, 51116, 8080, PSH | ACK, get) },
    { name: 'tcp fin', etype: 0x800, l3: tcp(POD_A, POD_B, 51116, 8080, FIN | ACK) },
    { name: 'tcp rst port 80', etype: 0x800, l3: tcp(POD_B, POD_A, 80, 40000, RST | ACK) },
    { name: 'tcp 443', etype: 0x800, l3: tcp(POD_A, ip('10.96.0.1'), 40001, 443, ACK) },
    { name: 'udp dns', etype: 0x800, l3: udp(POD_A, ip('10.96.0.10'), 5353, 53) },
    { name: 'udp wireguard', etype: 0x800, l3: udp(NODE_1, NODE_2, 51871, 51871, new Uint8Array(148)), dst: MAC_N2, src: MAC_N1 },
    { name: 'vxlan 8472', etype: 0x800, l3: udp(NODE_1, NODE_2, 40000, 8472, buildVxlan(6, inner)), dst: MAC_N2, src: MAC_N1 },
    { name: 'vxlan 4789', etype: 0x800, l3: udp(NODE_2, NODE_1, 40000, 4789, buildVxlan(7, inner)), dst: MAC_N1, src: MAC_N2 },
    { name: 'icmp echo', etype: 0x800, l3: ipRaw(POD_A, POD_B, 1, buildIcmpEcho(ICMP_ECHO_REQUEST, 1, 1, new Uint8Array(56))) },
    { name: 'icmp reply', etype: 0x800, l3: ipRaw(POD_B, POD_A, 1, buildIcmpEcho(ICMP_ECHO_REPLY, 1, 1, new Uint8Array(56))) },
    { name: 'arp request', etype: 0x806, dst: BCAST, src: MAC_N1,
      l3: buildArp({ op: ARP_REQUEST, senderMac: MAC_N1, senderIp: NODE_1, targetMac: new Uint8Array(6), targetIp: NODE_2 }) },
    { name: 'arp reply', etype: 0x806, dst: MAC_N1, src: MAC_N2,
      l3: buildArp({ op: ARP_REPLY, senderMac: MAC_N2, senderIp: NODE_2, targetMac: MAC_N1, targetIp: NODE_1 }) },
    { name: 'rarp', etype: 0x8035, dst: BCAST, src: MAC_N1,
      l3: buildArp({ op: 3, senderMac: MAC_N1, senderIp: 0, targetMac: MAC_N1, targetIp: NODE_1 }) },
    { name: 'esp', etype: 0x800, l3: ipRaw(NODE_1, NODE_2, 50, new Uint8Array([0, 0, 0x12, 0x34, 0, 0, 0, 1, ...new Uint8Array(40)])) },
    { name: 'ah', etype: 0x800, l3: ipRaw(NODE_2, NODE_1, 51, new Uint8Array(24)) },
    { name: 'sctp', etype: 0x800, l3: ipRaw(POD_A, POD_B, 132, ports(3868, 8080, 8)) },
    { name: 'gre', etype: 0x800, l3: ipRaw(NODE_1, NODE_2, 47, new Uint8Array(24)) },
    { name: 'ipip', etype: 0x800, l3: ipRaw(NODE_1, NODE_2, 4, tcp(POD_A, POD_B, 51116, 8080, SYN)) },
    { name: 'igmp', etype: 0x800, l3: ipRaw(POD_A, ip('224.0.0.22'), 2, new Uint8Array([0x22, 0, 0, 0, 0, 0, 0, 0])),
      dst: parseMac('01:00:5e:00:00:16') },
    { name: 'udp first fragment', etype: 0x800, l3: fragment(PROTO_UDP, 0, true, ports(5000, 8080, 20)) },
    { name: 'udp later fragment', etype: 0x800, l3: fragment(PROTO_UDP, 3, false, ports(8080, 8080, 20)) },
    { name: 'tcp with ip options', etype: 0x800, l3: withOptions(tcp(POD_A, POD_B, 51117, 8080, SYN)) },
    { name: 'udp broadcast', etype: 0x800, l3: udp(POD_A, ip('255.255.255.255'), 68, 67), dst: BCAST },
    { name: 'mdns multicast', etype: 0x800, l3: udp(POD_A, ip('224.0.0.251'), 5353, 5353, new Uint8Array(12), 255),
      dst: parseMac('01:00:5e:00:00:fb') },
    { name: 'tcp cut by snaplen', etype: 0x800, l3: tcp(POD_A, POD_B, 51116, 8080, PSH | ACK, get), cut: 40 },
    { name: 'ipv6 tcp 443', etype: 0x86dd, l3: ipv6(6, ports(40002, 443, 16)) },
    { name: 'ipv6 fragment udp 53', etype: 0x86dd, l3: ipv6(44, new Uint8Array([17, 0, 0, 0, 0, 0, 0, 1, ...ports(5353, 53)])) },
    { name: 'ipv6 icmp6', etype: 0x86dd, l3: ipv6(58, new Uint8Array([128, 0, 0, 0, 0, 1, 0, 1])) },
    { name: 'ipv6 multicast', etype: 0x86dd, l3: (() => { const p = ipv6(17, ports(546, 547)); p[24] = 0xff; return p; })() },
    { name: 'ipv6 esp', etype: 0x86dd, l3: ipv6(50, new Uint8Array(16)) },
    { name: 'truncated ipv4', etype: 0x800, l3: tcp(POD_A, POD_B, 51116, 8080, SYN).subarray(0, 12) },
  ];
}

function sll2(etype: number, pkttype: number, src: Uint8Array, payload: Uint8Array): Uint8Array {
  const h = new Uint8Array(20 + payload.length);
  put16(h, 0, etype);
  put32(h, 4, 3);
  put16(h, 8, 1);
  h[10] = pkttype;
  h[11] = 6;
  h.set(src, 12);
  h.set(payload, 20);
  return h;
}

/** The zoo for one link type, in a fixed order. */
export function zoo(linkType: LinkType): ZooFrame[] {
  const out: ZooFrame[] = [];
  packets().forEach((p, i) => {
    let data: Uint8Array;
    let direction: 'in' | 'out' | undefined = i % 2 ? 'in' : 'out';
    if (linkType === LinkType.ETHERNET) data = buildEthernet(p.dst ?? MAC_B, p.src ?? MAC_A, p.etype, p.l3);
    else if (linkType === LinkType.LINUX_SLL2) {
      data = sll2(p.etype, i % 2 ? 0 : 4, p.src ?? MAC_A, p.l3);
      direction = undefined;
    } else if (p.etype === 0x800 || p.etype === 0x86dd) data = p.l3.slice();
    else return;
    const wireLength = data.length;
    if (p.cut) data = data.slice(0, (linkType === LinkType.ETHERNET ? 14 : linkType === LinkType.LINUX_SLL2 ? 20 : 0) + p.cut);
    out.push({ name: p.name, data, wireLength, direction });
  });
  if (linkType === LinkType.ETHERNET) {
    const tagged = new Uint8Array([0x81, 0x00, 0x00, 0x64, 0x08, 0x00, ...tcp(POD_A, POD_B, 51116, 8080, SYN)]);
    out.push({ name: 'vlan 100 tcp', data: buildEthernet(MAC_B, MAC_A, 0x8100, tagged.subarray(2)), wireLength: 0 });
    const llc = new Uint8Array([0x42, 0x42, 0x03, 0, 0, 0, 0, 0, ...new Uint8Array(30)]);
    out.push({ name: '802.3 stp', data: buildEthernet(parseMac('01:80:c2:00:00:00'), MAC_N1, llc.length, llc), wireLength: 0 });
    for (const f of out.slice(-2)) f.wireLength = f.data.length;
  }
  return out;
}

/** A classic pcap file (microsecond timestamps, little-endian) whose record i has timestamp i seconds. */
export function zooPcap(linkType: LinkType, frames: ZooFrame[]): Uint8Array {
  const size = 24 + frames.reduce((n, f) => n + 16 + f.data.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true);
  v.setUint32(20, linkType, true);
  let off = 24;
  frames.forEach((f, i) => {
    v.setUint32(off, 1_772_442_000 + i, true);
    v.setUint32(off + 8, f.data.length, true);
    v.setUint32(off + 12, f.wireLength, true);
    out.set(f.data, off + 16);
    off += 16 + f.data.length;
  });
  return out;
}
