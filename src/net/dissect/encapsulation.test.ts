import { describe, expect, it } from 'vitest';
import { dissect, findField, findFields, type Dissection } from './index';
import { FRAMES } from './frames.test-helper';

const d = (name: keyof typeof FRAMES): Dissection => dissect(FRAMES[name].bytes, FRAMES[name].linkType);
function at(x: Dissection, name: string, start: number, length: number, value?: unknown, n = 0): void {
  const f = findFields(x, name)[n];
  expect(f, `${name}[${n}] missing`).toBeDefined();
  expect({ name, start: f.start, length: f.length }).toEqual({ name, start, length });
  if (value !== undefined) expect(f.value, name).toEqual(value);
}

describe('VXLAN on UDP 8472 (Cilium) carrying Ethernet + IPv4 + TCP', () => {
  const x = d('vxlan8472');

  it('dissects outer and inner layers with offsets in the whole frame', () => {
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'udp', 'vxlan', 'eth', 'ip', 'tcp']);
    at(x, 'udp.dstport', 36, 2, 8472);
    at(x, 'udp.checksum.status', 40, 2, 'Not present');
    at(x, 'vxlan', 42, 8);
    at(x, 'vxlan.flags', 42, 2, 0x0800);
    at(x, 'vxlan.flag_i', 42, 2, true);
    at(x, 'vxlan.gbp', 44, 2, 0);
    at(x, 'vxlan.vni', 46, 3, 6);
    at(x, 'vxlan.reserved8', 49, 1, 0);
    expect(findField(x, 'vxlan.flags')?.label).toBe('Flags: 0x0800, VXLAN Network ID (VNI)');
    expect(findField(x, 'vxlan.flags_reserved')?.label).toBe('.000 .000 0.00 .000 = Reserved(R): 0x0000');
    at(x, 'eth', 50, 14, undefined, 1);
    at(x, 'eth.dst', 50, 6, '0a:58:0a:f4:02:2a', 1);
    at(x, 'ip.src', 26, 4, '192.168.61.11', 0);
    at(x, 'ip.src', 76, 4, '10.244.1.23', 1);
    at(x, 'tcp.srcport', 84, 2, 51116);
    at(x, 'tcp.options.mss_val', 106, 2, 1330);
    at(x, 'tcp.checksum.status', 100, 0, 'Good');
  });

  it('shows the inner packet in the columns, as Wireshark does', () => {
    expect(x.summary).toEqual({
      protocol: 'TCP', src: '10.244.1.23', dst: '10.244.2.42',
      info: '51116 → 8080 [SYN] Seq=123456 Win=64240 Len=0 MSS=1330 SACK_PERM TSval=2005146253 TSecr=0 WS=128',
    });
  });
});

describe('VXLAN on UDP 4789 (IANA)', () => {
  it('dissects the VNI and the inner SYN/ACK, with a verified UDP checksum', () => {
    const x = d('vxlan4789');
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'udp', 'vxlan', 'eth', 'ip', 'tcp']);
    at(x, 'udp.checksum.status', 40, 0, 'Good');
    at(x, 'vxlan.vni', 46, 3, 0xabc);
    expect(x.summary.info).toMatch(/^8080 → 51116 \[SYN, ACK\] Seq=998877 Ack=123457 Win=65160 Len=0 MSS=1460 SACK_PERM TSval=4004186138 TSecr=2005146253 WS=128$/);
  });
});

describe('other encapsulations and IPv4 corners', () => {
  it('IP in IP (Calico IPIP) dissects both headers', () => {
    const x = d('ipip');
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'ip', 'tcp']);
    at(x, 'ip.proto', 23, 1, 4);
    at(x, 'ip.src', 46, 4, '10.244.1.23', 1);
    expect(findField(x, 'ip.proto')?.label).toBe('Protocol: IPIP (4)');
  });

  it('Linux cooked v2 dissects the SLL header then IPv4/UDP', () => {
    const x = d('sll2Udp');
    expect(x.layers.map((l) => l.name)).toEqual(['sll', 'ip', 'udp', 'data']);
    at(x, 'sll.etype', 0, 2, 0x0800);
    at(x, 'sll.ifindex', 4, 4, 3);
    at(x, 'sll.pkttype', 10, 1, 4);
    at(x, 'sll.src.eth', 12, 6, '0a:58:0a:f4:01:17');
    at(x, 'ip.src', 32, 4, '10.244.1.23');
    expect(findField(x, 'sll.pkttype')?.label).toBe('Packet type: Sent by us (4)');
    expect(x.summary).toMatchObject({ protocol: 'UDP', info: '45678 → 53 Len=34' });
  });

  it('IPv4 options: Router Alert in a 24-byte header', () => {
    const x = d('ipOptionsRouterAlert');
    at(x, 'ip', 14, 24);
    at(x, 'ip.hdr_len', 14, 1, 24);
    at(x, 'ip.options.routeralert', 34, 4);
    at(x, 'ip.opt.ra', 36, 2, 0);
    at(x, 'ip.dsfield.dscp', 15, 1, 48);
    expect(findField(x, 'ip.options.routeralert')?.label).toBe('IP Option - Router Alert (4 bytes): Router shall examine packet (0)');
    expect(x.layers[1].children?.find((c) => c.name === '')?.label).toBe('Options: (4 bytes), Router Alert');
    expect(x.summary).toMatchObject({ protocol: 'IPv4', dst: '224.0.0.22', info: 'IGMP (2)' });
    expect(x.summary.dst).toBe('224.0.0.22');
    expect(findField(x, 'eth.dst')?.label).toBe('Destination: IPv4mcast_00:00:16 (01:00:5e:00:00:16)');
  });

  it('a fragment is not reassembled: its payload is data', () => {
    const x = d('ipFragment');
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'data']);
    at(x, 'ip.flags.mf', 20, 1, true);
    expect(x.summary.info).toBe('Fragmented IP protocol (proto=UDP 17, off=0, ID=1234)');
  });
});

describe('TCP corners', () => {
  it('SACK blocks and the info words they add', () => {
    const x = d('tcpAckSack');
    // NOP NOP at 54, timestamps at 56 (10 bytes), NOP NOP at 66, SACK at 68: 2 + 2 x 8 bytes
    at(x, 'tcp.options', 54, 32);
    at(x, 'tcp.options.sack', 68, 18);
    at(x, 'tcp.options.sack_le', 70, 4, 5000, 0);
    at(x, 'tcp.options.sack_re', 74, 4, 6000, 0);
    at(x, 'tcp.options.sack_le', 78, 4, 7000, 1);
    at(x, 'tcp.options.sack_re', 82, 4, 8000, 1);
    at(x, 'tcp.options.sack.count', 68, 0, 2);
    expect(findField(x, 'tcp.options.sack')?.label).toBe('TCP Option - SACK 5000-6000 7000-8000');
    expect(x.summary.info).toBe('8080 → 51116 [ACK] Seq=998877 Ack=130000 Win=509 Len=0 TSval=1000 TSecr=2000 SLE=5000 SRE=6000 SLE=7000 SRE=8000');
  });

  it('FIN/ACK', () => {
    const x = d('tcpFinAck');
    expect(findField(x, 'tcp.flags')?.label).toBe('Flags: 0x011 (FIN, ACK)');
    expect(findField(x, 'tcp.flags.str')?.value).toBe('·······A···F');
    at(x, 'tcp.nxtseq', 34, 0, 130001);
    expect(x.summary.info).toBe('51116 → 8080 [FIN, ACK] Seq=130000 Ack=999000 Win=502 Len=0');
  });

  it('a tampered checksum is Bad with the right value, and says so in Info', () => {
    const x = d('tcpBadChecksum');
    const sent = findField(x, 'tcp.checksum')!.value as number;
    at(x, 'tcp.checksum.status', 50, 0, 'Bad');
    at(x, 'tcp.checksum_calculated', 50, 2, sent ^ 0x0100);
    expect(x.summary.info).toBe('51116 → 8080 [RST, ACK] Seq=130000 Ack=999000 Win=0 [TCP CHECKSUM INCORRECT] Len=0');
    expect(x.malformed).toBeUndefined();
  });
});
