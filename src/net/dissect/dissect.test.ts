import { describe, expect, it } from 'vitest';
import { dissect, findField, findFields, type Dissection } from './index';
import { FRAMES } from './frames.test-helper';
import { LinkType } from './tree';

const d = (name: keyof typeof FRAMES): Dissection => dissect(FRAMES[name].bytes, FRAMES[name].linkType);
const layerNames = (x: Dissection): string[] => x.layers.map((l) => l.name);

/** The n-th field called `name` must sit at `start` for `length` bytes (and have `value`, if given). */
function at(x: Dissection, name: string, start: number, length: number, value?: unknown, n = 0): void {
  const f = findFields(x, name)[n];
  expect(f, `${name}[${n}] missing`).toBeDefined();
  expect({ name, start: f.start, length: f.length }).toEqual({ name, start, length });
  if (value !== undefined) expect(f.value, name).toEqual(value);
}
const label = (x: Dissection, name: string, n = 0): string | undefined => findFields(x, name)[n]?.label;

describe('Ethernet / IPv4 / TCP SYN with options', () => {
  const x = d('tcpSyn');

  it('has the layers, columns and no malformed mark', () => {
    expect(layerNames(x)).toEqual(['eth', 'ip', 'tcp']);
    expect(x.summary).toEqual({
      protocol: 'TCP', src: '10.244.1.23', dst: '10.244.2.42',
      info: '51116 → 8080 [SYN] Seq=123456 Win=64240 Len=0 MSS=1330 SACK_PERM TSval=2005146253 TSecr=0 WS=128',
    });
    expect(x.malformed).toBeUndefined();
  });

  it('dissects the Ethernet header', () => {
    at(x, 'eth', 0, 14);
    at(x, 'eth.dst', 0, 6, '0a:58:0a:f4:02:2a');
    at(x, 'eth.src', 6, 6, '0a:58:0a:f4:01:17');
    at(x, 'eth.type', 12, 2, 0x0800);
    at(x, 'eth.src.lg', 6, 3, true);
    expect(label(x, 'eth.type')).toBe('Type: IPv4 (0x0800)');
    expect(label(x, 'eth')).toBe('Ethernet II, Src: 0a:58:0a:f4:01:17 (0a:58:0a:f4:01:17), Dst: 0a:58:0a:f4:02:2a (0a:58:0a:f4:02:2a)');
  });

  it('dissects every IPv4 header field', () => {
    at(x, 'ip', 14, 20);
    at(x, 'ip.version', 14, 1, 4);
    at(x, 'ip.hdr_len', 14, 1, 20);
    at(x, 'ip.dsfield', 15, 1, 0);
    at(x, 'ip.len', 16, 2, 60);
    at(x, 'ip.id', 18, 2, 0x1234);
    at(x, 'ip.flags', 20, 1, 2);
    at(x, 'ip.flags.df', 20, 1, true);
    at(x, 'ip.flags.mf', 20, 1, false);
    at(x, 'ip.frag_offset', 20, 2, 0);
    at(x, 'ip.ttl', 22, 1, 64);
    at(x, 'ip.proto', 23, 1, 6);
    at(x, 'ip.checksum', 24, 2, 0x0f60);
    at(x, 'ip.checksum.status', 24, 0, 'Good');
    at(x, 'ip.src', 26, 4, '10.244.1.23');
    at(x, 'ip.dst', 30, 4, '10.244.2.42');
    expect(label(x, 'ip.hdr_len')).toBe('.... 0101 = Header Length: 20 bytes (5)');
    expect(label(x, 'ip.flags')).toBe("010. .... = Flags: 0x2, Don't fragment");
    expect(label(x, 'ip.flags.df')).toBe(".1.. .... = Don't fragment: Set");
    expect(label(x, 'ip.ttl')).toBe('Time to Live: 64');
    expect(label(x, 'ip.proto')).toBe('Protocol: TCP (6)');
    expect(label(x, 'ip.checksum')).toBe('Header Checksum: 0x0f60 [correct]');
    expect(label(x, 'ip.checksum.status')).toBe('Header checksum status: Good');
    expect(findField(x, 'ip.checksum.status')?.generated).toBe(true);
    expect(label(x, 'ip.src')).toBe('Source Address: 10.244.1.23');
    expect(label(x, 'ip.dsfield')).toBe('Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)');
  });

  it('dissects the TCP header, every flag and the checksum over the pseudo-header', () => {
    at(x, 'tcp', 34, 40);
    at(x, 'tcp.srcport', 34, 2, 51116);
    at(x, 'tcp.dstport', 36, 2, 8080);
    at(x, 'tcp.seq', 38, 4, 123456);
    at(x, 'tcp.ack', 42, 4, 0);
    at(x, 'tcp.hdr_len', 46, 1, 40);
    at(x, 'tcp.flags', 46, 2, 0x002);
    at(x, 'tcp.flags.syn', 47, 1, true);
    at(x, 'tcp.flags.ack', 47, 1, false);
    at(x, 'tcp.flags.res', 46, 1, false);
    at(x, 'tcp.flags.ae', 46, 1, false);
    for (const flag of ['cwr', 'ece', 'urg', 'push', 'reset', 'fin']) at(x, `tcp.flags.${flag}`, 47, 1, false);
    at(x, 'tcp.window_size_value', 48, 2, 64240);
    at(x, 'tcp.checksum', 50, 2, 0xd8d8);
    at(x, 'tcp.checksum.status', 50, 0, 'Good');
    at(x, 'tcp.urgent_pointer', 52, 2, 0);
    at(x, 'tcp.len', 34, 0, 0);
    at(x, 'tcp.nxtseq', 34, 0, 123457);
    expect(label(x, 'tcp.flags')).toBe('Flags: 0x002 (SYN)');
    expect(label(x, 'tcp.flags.syn')).toBe('.... .... ..1. = Syn: Set');
    expect(label(x, 'tcp.flags.str')).toBe('TCP Flags: ··········S·');
    expect(label(x, 'tcp.hdr_len')).toBe('1010 .... = Header Length: 40 bytes (10)');
    expect(label(x, 'tcp')).toBe('Transmission Control Protocol, Src Port: 51116, Dst Port: 8080, Seq: 123456, Len: 0');
  });

  it('dissects the options MSS, SACK permitted, timestamps, NOP and window scale', () => {
    at(x, 'tcp.options', 54, 20);
    expect(label(x, 'tcp.options')).toBe('Options: (20 bytes), Maximum segment size, SACK permitted, Timestamps, No-Operation (NOP), Window scale');
    at(x, 'tcp.options.mss', 54, 4);
    at(x, 'tcp.options.mss_val', 56, 2, 1330);
    at(x, 'tcp.options.sack_perm', 58, 2);
    at(x, 'tcp.options.timestamp', 60, 10);
    at(x, 'tcp.options.timestamp.tsval', 62, 4, 2005146253);
    at(x, 'tcp.options.timestamp.tsecr', 66, 4, 0);
    at(x, 'tcp.options.nop', 70, 1);
    at(x, 'tcp.options.wscale', 71, 3);
    at(x, 'tcp.options.wscale.shift', 73, 1, 7);
    at(x, 'tcp.options.wscale.multiplier', 73, 1, 128);
    expect(findFields(x, 'tcp.option_kind').map((f) => [f.start, f.value])).toEqual([[54, 2], [58, 4], [60, 8], [70, 1], [71, 3]]);
    expect(label(x, 'tcp.options.mss')).toBe('TCP Option - Maximum segment size: 1330 bytes');
    expect(label(x, 'tcp.options.wscale')).toBe('TCP Option - Window scale: 7 (multiply by 128)');
    expect(label(x, 'tcp.options.timestamp')).toBe('TCP Option - Timestamps: TSval 2005146253, TSecr 0');
  });
});

describe('IPv4 header checksum (RFC 1071) on the textbook header', () => {
  // 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7: the words sum to 0x2479c; fold 0x479c + 0x2 = 0x479e;
  // one's complement 0xb861.
  it('verifies the known checksum', () => {
    const x = d('rawIpUdp');
    expect(layerNames(x)).toEqual(['raw', 'ip', 'udp', 'data']);
    at(x, 'raw', 0, 115);
    at(x, 'ip.checksum', 10, 2, 0xb861);
    at(x, 'ip.checksum.status', 10, 0, 'Good');
    at(x, 'ip.src', 12, 4, '192.168.0.1');
    at(x, 'ip.dst', 16, 4, '192.168.0.199');
    at(x, 'udp.srcport', 20, 2, 53);
    at(x, 'udp.length', 24, 2, 95);
    at(x, 'udp.checksum.status', 26, 0, 'Good');
    expect(x.summary).toMatchObject({ protocol: 'UDP', info: '53 → 53777 Len=87' });
  });

  it('reports a bad checksum and the right one when a header byte changes', () => {
    const bytes = FRAMES.rawIpUdp.bytes.slice();
    bytes[8] = 65; // TTL 64 -> 65 adds 0x0100 to the sum, so the checksum should drop by 0x0100
    const x = dissect(bytes, LinkType.RAW);
    at(x, 'ip.checksum.status', 10, 0, 'Bad');
    at(x, 'ip.checksum_calculated', 10, 2, 0xb761);
    expect(label(x, 'ip.checksum')).toBe('Header Checksum: 0xb861 incorrect, should be 0xb761(may be caused by "IP checksum offload"?)');
    expect(x.malformed).toBeUndefined(); // a wrong checksum is a verdict, not malformed bytes
  });
});

describe('ARP', () => {
  it('dissects a request and the padding of the short frame', () => {
    const x = d('arpRequest');
    expect(layerNames(x)).toEqual(['eth', 'arp']);
    at(x, 'arp', 14, 28);
    at(x, 'arp.hw.type', 14, 2, 1);
    at(x, 'arp.proto.type', 16, 2, 0x0800);
    at(x, 'arp.hw.size', 18, 1, 6);
    at(x, 'arp.proto.size', 19, 1, 4);
    at(x, 'arp.opcode', 20, 2, 1);
    at(x, 'arp.src.hw_mac', 22, 6, '52:54:00:00:00:01');
    at(x, 'arp.src.proto_ipv4', 28, 4, '192.168.61.11');
    at(x, 'arp.dst.hw_mac', 32, 6, '00:00:00:00:00:00');
    at(x, 'arp.dst.proto_ipv4', 38, 4, '192.168.61.12');
    at(x, 'eth.padding', 42, 18);
    expect(label(x, 'arp')).toBe('Address Resolution Protocol (request)');
    expect(label(x, 'arp.opcode')).toBe('Opcode: request (1)');
    expect(x.summary).toEqual({ protocol: 'ARP', src: 'RealtekU_00:00:01', dst: 'Broadcast', info: 'Who has 192.168.61.12? Tell 192.168.61.11' });
  });

  it('dissects a reply', () => {
    expect(d('arpReply').summary.info).toBe('192.168.61.12 is at 52:54:00:00:00:02');
  });
});

describe('ICMP echo', () => {
  it('dissects a request', () => {
    const x = d('icmpEchoRequest');
    expect(layerNames(x)).toEqual(['eth', 'ip', 'icmp']);
    at(x, 'icmp', 34, 64);
    at(x, 'icmp.type', 34, 1, 8);
    at(x, 'icmp.code', 35, 1, 0);
    at(x, 'icmp.checksum.status', 36, 0, 'Good');
    at(x, 'icmp.ident', 38, 2, 0x1234);
    at(x, 'icmp.ident_le', 38, 2, 0x3412);
    at(x, 'icmp.seq', 40, 2, 1);
    at(x, 'icmp.seq_le', 40, 2, 256);
    at(x, 'data.data', 42, 56);
    expect(label(x, 'icmp.type')).toBe('Type: 8 (Echo (ping) request)');
    expect(x.summary.info).toBe('Echo (ping) request  id=0x1234, seq=1/256, ttl=64');
  });

  it('dissects a reply', () => {
    expect(d('icmpEchoReply').summary).toMatchObject({ protocol: 'ICMP', src: '10.244.2.42', info: 'Echo (ping) reply    id=0x1234, seq=1/256, ttl=64' });
  });

  it('dissects the datagram quoted by a port unreachable, without calling it malformed', () => {
    const x = d('icmpPortUnreachable');
    expect(layerNames(x)).toEqual(['eth', 'ip', 'icmp']);
    expect(x.summary.info).toBe('Destination unreachable (Port unreachable)');
    expect(x.malformed).toBeUndefined();
    const icmp = x.layers[2];
    expect(icmp.children?.map((c) => c.name)).toEqual(['icmp.type', 'icmp.code', 'icmp.checksum', 'icmp.unused', 'ip', 'udp']);
    at(x, 'ip.src', 54, 4, '10.244.1.23', 1);
    at(x, 'udp.dstport', 64, 2, 53);
    at(x, 'udp.checksum.status', 68, 0, 'Unverified');
  });
});

describe('ICMP in a first fragment', () => {
  it('leaves the checksum unverified: the message is not all there, whatever the bytes say', () => {
    const b = FRAMES.icmpEchoRequest.bytes.slice();
    b[14 + 6] |= 0x20; // More fragments; the IP checksum is now wrong, so Wireshark does not try reassembly
    const x = dissect(b, LinkType.ETHERNET);
    expect(layerNames(x)).toContain('icmp');
    expect(findField(x, 'icmp.checksum.status')?.value).toBe('Unverified');
    expect(findField(d('icmpEchoRequest'), 'icmp.checksum.status')?.value).toBe('Good');
  });
});
