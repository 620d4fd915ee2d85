/**
 * The tcpdump printer without the real tool: golden lines from FIDELITY.md §6 and from frames whose output Debian's
 * tcpdump 4.99.3 printed (the same frames are compared with it in formatFrames.test.ts whenever it is installed),
 * the relative sequence-number rules, the dumps, the banners and the truncation markers.
 */
import { describe, expect, it } from 'vitest';
import { FRAMES } from '../../net/dissect/frames.test-helper';
import { LinkType } from '../../net/dissect/tree';
import { EPOCH_US, HOUR, MINUTE, SECOND } from '../../sim/clock';
import { captureStats, createPrinter, linkTypeText, listeningBanner, readingBanner, type PrinterOptions } from './format';
import { arpFrames, eth, ipv4, tcp, udp } from './formatFrames.test-helper';
import { toCookedV2 } from './cookedFrame';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const printer = (o: Partial<PrinterOptions> = {}) => createPrinter({ linkType: LinkType.ETHERNET, ...o });
const T0 = EPOCH_US;
const TS = (v: number, e: number): number[] => [1, 1, 8, 10, v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff, e >>> 24, (e >> 16) & 0xff, (e >> 8) & 0xff, e & 0xff];
const SERVER = { src: '10.244.3.78', dst: '10.244.1.35' };

describe('FIDELITY.md §6 examples', () => {
  it('an HTTP request after the handshake: relative seq/ack, TS options, HTTP: label on 8080', () => {
    const p = printer();
    p.print(eth(tcp({ seq: 3_000_000_000, flags: 0x02 })), T0);
    p.print(eth(tcp({ sport: 8080, dport: 51116, seq: 77_000, ack: 3_000_000_001, flags: 0x12 }, SERVER)), T0);
    p.print(eth(tcp({ seq: 3_000_000_001, ack: 77_001, flags: 0x10 })), T0);
    const get = text('GET / HTTP/1.1\r\nHost: backend:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nX:1\r\n\r\n');
    expect(get.length).toBe(80);
    const at = EPOCH_US + 6 * HOUR + 5 * MINUTE + 24 * SECOND + 644_277;
    expect(p.print(eth(tcp({ seq: 3_000_000_001, ack: 77_001, flags: 0x18, win: 507, options: TS(648097392, 4004186138), payload: get })), at)).toEqual([
      '15:05:24.644277 IP 10.244.1.35.51116 > 10.244.3.78.8080: Flags [P.], seq 1:81, ack 1, win 507, options [nop,nop,TS val 648097392 ecr 4004186138], length 80: HTTP: GET / HTTP/1.1',
    ]);
  });

  it('TLS has no printer: just the length', () => {
    const tls = tcp({ sport: 40001, dport: 443, seq: 5, ack: 6, flags: 0x18, payload: new Uint8Array([0x17, 3, 3, 0, 3, 1, 2, 3]) });
    expect(printer().print(eth(tls), T0)[0]).toMatch(/ > 10\.244\.3\.78\.443: Flags \[P\.\], seq 5:13, ack 6, win 502, length 8$/);
  });

  it('-X: offset, eight groups of four hex digits padded to 40 columns, then printable ASCII', () => {
    const seg = tcp({ seq: 1, ack: 1, flags: 0x18, win: 0xfaf0, payload: text('GET / HTTP/1.1\r\n') });
    seg[36] = 0x1a; // the example's checksum bytes, as they appear at 0x0024
    seg[37] = 0xbb;
    expect(printer({ x: 'X' }).print(eth(seg), T0)[3]).toBe('\t0x0020:  5018 faf0 1abb 0000 4745 5420 2f20 4854  P.......GET./.HT');
  });

  it('ESP: SPI in 8 hex digits, sequence number in hex, ESP length', () => {
    const esp = new Uint8Array(88);
    esp.set([0, 0, 0, 3, 0, 0, 0, 0x57]);
    expect(printer().print(eth(ipv4(50, esp, { src: '10.244.3.247', dst: '10.244.0.12' })), T0)).toEqual([
      '09:00:00.000000 IP 10.244.3.247 > 10.244.0.12: ESP(spi=0x00000003,seq=0x57), length 88',
    ]);
  });

  it('WireGuard: no printer, plain UDP lengths 148, 92, 32 + data, 32', () => {
    const nodes = { src: '192.168.61.11', dst: '192.168.61.12' };
    const lines = [148, 92, 96, 32].map((n) => printer().print(eth(udp(51871, 51871, new Uint8Array(n).fill(4, 0, 1), nodes)), T0)[0]);
    expect(lines.map((l) => l.slice(16))).toEqual([148, 92, 96, 32].map((n) => `IP 192.168.61.11.51871 > 192.168.61.12.51871: UDP, length ${n}`));
  });

  it('VXLAN on 8472 is OTV to tcpdump 4.99.3; the inner frame follows on its own line', () => {
    expect(printer().print(FRAMES.vxlan8472.bytes, T0)).toEqual([
      '09:00:00.000000 IP 192.168.61.11.40000 > 192.168.61.12.8472: OTV, flags [I] (0x08), overlay 0, instance 6',
      'IP 10.244.1.23.51116 > 10.244.2.42.8080: Flags [S], seq 123456, win 64240, options [mss 1330,sackOK,TS val 2005146253 ecr 0,nop,wscale 7], length 0',
    ]);
  });
});

describe('golden lines (as Debian\'s tcpdump 4.99.3 printed them)', () => {
  it('ARP request and reply, plain, -e and -v', () => {
    const [request] = arpFrames();
    expect(printer().print(request, T0)).toEqual(['09:00:00.000000 ARP, Request who-has 192.168.61.12 tell 192.168.61.11, length 28']);
    expect(printer({ e: true }).print(FRAMES.arpReply.bytes, T0)).toEqual([
      '09:00:00.000000 52:54:00:00:00:02 > 52:54:00:00:00:01, ethertype ARP (0x0806), length 60: Reply 192.168.61.12 is-at 52:54:00:00:00:02, length 46',
    ]);
    expect(printer({ verbose: 1 }).print(request, T0)[0]).toBe(
      '09:00:00.000000 ARP, Ethernet (len 6), IPv4 (len 4), Request who-has 192.168.61.12 tell 192.168.61.11, length 28');
  });

  it('-v: the IP header in parentheses, the rest on the next line after four spaces; ICMP echo', () => {
    expect(printer({ verbose: 1 }).print(FRAMES.icmpEchoRequest.bytes, T0)).toEqual([
      '09:00:00.000000 IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto ICMP (1), length 84)',
      '    10.244.1.23 > 10.244.2.42: ICMP echo request, id 4660, seq 1, length 64',
    ]);
  });

  it('-v: TCP checksum verdict, and HTTP printed line by line after `HTTP, length: N`', () => {
    const lines = printer({ verbose: 1 }).print(FRAMES.http200.bytes, T0);
    expect(lines[1]).toMatch(/^ {4}10\.244\.2\.42\.8080 > 10\.244\.1\.23\.51116: Flags \[P\.\], cksum 0x[0-9a-f]{4} \(correct\), seq \d+:\d+, /);
    expect(lines.slice(2)).toEqual(['\tHTTP/1.1 200 OK', '\tContent-Type: application/json', '\tContent-Length: 11', '\t', '\t{"ok":true} [|http]']);
  });

  it('-A: newline, space and tab as they are, CR before LF dropped, dots for the rest', () => {
    const lines = printer({ x: 'A' }).print(FRAMES.http200.bytes, T0);
    expect(lines.slice(4)).toEqual(['....w...HTTP/1.1 200 OK', 'Content-Type: application/json', 'Content-Length: 11', '', '{"ok":true}']);
    const tab = printer({ x: 'A' }).print(eth(udp(1, 2, text('a\tb c\rd\r\n\r'))), T0);
    expect(tab.slice(-2)).toEqual([expect.stringMatching(/a\tb c\.d$/), '']);
  });

  it('-x and -xx: hex only, -xx with the Ethernet header', () => {
    expect(printer({ x: 'x' }).print(FRAMES.icmpEchoReply.bytes, T0)[1]).toBe('\t0x0000:  4500 0054 4321 0000 4001 1e60 0af4 022a');
    expect(printer({ x: 'xx' }).print(FRAMES.icmpEchoReply.bytes, T0)[1]).toMatch(/^\t0x0000: {2}0a58 0af4 0117 0a58 0af4 022a 0800 4500$/);
  });

  it('truncated frames end with tcpdump\'s markers', () => {
    const cut = (f: Uint8Array, n: number) => printer().print(f.subarray(0, n), T0, { origLen: f.length })[0].slice(16);
    expect(cut(FRAMES.tcpSyn.bytes, 40)).toBe('IP 10.244.1.23.51116 > 10.244.2.42.8080:  [|tcp]');
    expect(cut(FRAMES.tcpSyn.bytes, 60)).toBe('IP 10.244.1.23.51116 > 10.244.2.42.8080: Flags [S], seq 123456, win 64240, options [mss 1330,sackOK, [|tcp]');
    expect(cut(FRAMES.httpGet.bytes, 100)).toMatch(/length 130: HTTP \[\|http\]$/);
    expect(cut(FRAMES.tcpSyn.bytes, 20)).toBe('IP  [|ip]');
    expect(cut(FRAMES.tcpSyn.bytes, 10)).toBe(' [|ether]');
    expect(printer().print(new Uint8Array(), T0)).toEqual(['[Invalid header: caplen==0, len==0]']);
  });

  it('without -n: service names for ports, `(oui ...)` and Broadcast for MAC addresses; IPs stay numeric', () => {
    const p = printer({ n: 0, e: true });
    expect(p.print(FRAMES.tcpSyn.bytes, T0)[0]).toContain('0a:58:0a:f4:01:17 (oui Unknown) > 0a:58:0a:f4:02:2a (oui Unknown), ethertype IPv4 (0x0800), length 74: 10.244.1.23.51116 > 10.244.2.42.http-alt:');
    expect(p.print(FRAMES.arpRequest.bytes, T0)[0]).toContain('> Broadcast, ethertype ARP');
    expect(printer({ n: 0 }).print(eth(tcp({ sport: 40001, dport: 443, seq: 1, flags: 2 })), T0)[0]).toContain('10.244.1.35.40001 > 10.244.3.78.https:');
  });
});

describe('relative sequence numbers, as tcpdump\'s tcp_seq_hash keeps them', () => {
  const client = (seq: number, ack: number, flags: number, n = 0) => eth(tcp({ dport: 5001, seq, ack, flags, payload: new Uint8Array(n) }));
  const server = (seq: number, ack: number, flags: number, n = 0) => eth(tcp({ sport: 5001, dport: 51116, seq, ack, flags, payload: new Uint8Array(n) }, SERVER));
  const line = (l: string[]) => l[0].replace(/^.*?Flags/, 'Flags').replace(/, win.*?, length/, ', length');

  it('absolute on SYN and SYN-ACK, relative to the initial numbers afterwards, per direction', () => {
    const p = printer();
    expect(line(p.print(client(100, 0, 0x02), T0))).toBe('Flags [S], seq 100, length 0');
    expect(line(p.print(server(900, 101, 0x12), T0))).toBe('Flags [S.], seq 900, ack 101, length 0');
    expect(line(p.print(client(101, 901, 0x18, 10), T0))).toBe('Flags [P.], seq 1:11, ack 1, length 10');
    expect(line(p.print(server(901, 111, 0x18, 5), T0))).toBe('Flags [P.], seq 1:6, ack 11, length 5');
    expect(line(p.print(client(111, 906, 0x11), T0))).toBe('Flags [F.], seq 11, ack 6, length 0');
  });

  it('a connection first seen without SYN prints absolute numbers once, then relative to them', () => {
    const p = printer();
    expect(line(p.print(server(5000, 7000, 0x18, 100), T0))).toBe('Flags [P.], seq 5000:5100, ack 7000, length 100');
    // recorded: this direction's seq, and ack - 1 as the other direction's initial number
    expect(line(p.print(server(5100, 7000, 0x18, 100), T0))).toBe('Flags [P.], seq 100:200, ack 1, length 100');
    expect(line(p.print(client(7000, 5200, 0x10), T0))).toBe('Flags [.], ack 200, length 0');
    p.reset();
    expect(line(p.print(client(7000, 5200, 0x10), T0))).toBe('Flags [.], ack 5200, length 0');
  });

  it('wraps around 2^32', () => {
    const p = printer();
    p.print(server(0xfffffff0, 1, 0x12), T0);
    expect(line(p.print(server(0xfffffff1, 1, 0x18, 0x20), T0))).toBe('Flags [P.], seq 1:33, ack 1, length 32');
  });
});

describe('-t timestamps and -S', () => {
  it('as tcpdump formats them, from the virtual clock in UTC', () => {
    const at = (t: 0 | 1 | 2 | 3 | 4 | 5) => {
      const p = printer({ t });
      return [T0 + 200_007, T0 + 200_183, T0 + 100].map((us) => p.print(FRAMES.arpRequest.bytes, us)[0].replace(/ARP.*/, ''));
    };
    expect(at(0)).toEqual(['09:00:00.200007 ', '09:00:00.200183 ', '09:00:00.000100 ']);
    expect(at(1)).toEqual(['', '', '']);
    expect(at(2)).toEqual(['1772442000.200007 ', '1772442000.200183 ', '1772442000.000100 ']);
    expect(at(3)).toEqual([' 00:00:00.000000 ', ' 00:00:00.000176 ', '-00:00:00.200083 ']);
    expect(at(4)).toEqual(['2026-03-02 09:00:00.200007 ', '2026-03-02 09:00:00.200183 ', '2026-03-02 09:00:00.000100 ']);
    expect(at(5)).toEqual([' 00:00:00.000000 ', ' 00:00:00.000176 ', '-00:00:00.199907 ']);
  });

  it('-S prints absolute sequence numbers', () => {
    const p = printer({ S: true });
    p.print(eth(tcp({ sport: 5001, dport: 51116, seq: 900, ack: 101, flags: 0x12 }, SERVER)), T0);
    expect(p.print(eth(tcp({ dport: 5001, seq: 101, ack: 901, flags: 0x10 })), T0)[0]).toContain('Flags [.], ack 901, win 502');
  });
});

describe('banners', () => {
  it('reading a file (stderr)', () => {
    expect(readingBanner('p.pcapng', LinkType.ETHERNET)).toEqual(['reading from file p.pcapng, link-type EN10MB (Ethernet), snapshot length 262144']);
    expect(readingBanner('w.pcapng', LinkType.RAW)).toEqual(['reading from file w.pcapng, link-type RAW (Raw IP), snapshot length 262144']);
    expect(readingBanner('a.pcapng', LinkType.LINUX_SLL2)[1]).toBe('Warning: interface names might be incorrect');
  });

  it('a live capture (stderr), with and without -v, on one interface and on any', () => {
    expect(listeningBanner('eth0', LinkType.ETHERNET)).toEqual([
      'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode',
      'listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes',
    ]);
    expect(listeningBanner('eth0', LinkType.ETHERNET, { verbose: 1 })).toEqual(['tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes']);
    expect(listeningBanner('any', LinkType.LINUX_SLL2)).toEqual([
      'tcpdump: data link type LINUX_SLL2',
      'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode',
      'listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes',
    ]);
    expect(linkTypeText(147)).toBe('link-type 147');
    expect(createPrinter({ linkType: LinkType.ETHERNET, verbose: 2 }).listeningBanner('eth0')).toEqual(['tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes']);
    expect(createPrinter({ linkType: LinkType.RAW }).readingBanner('wg.pcapng')).toEqual(['reading from file wg.pcapng, link-type RAW (Raw IP), snapshot length 262144']);
  });

  it('the counts when a live capture stops', () => {
    expect(captureStats(1, 12)).toEqual(['1 packet captured', '12 packets received by filter', '0 packets dropped by kernel']);
  });
});

describe('Linux cooked v2 (-i any)', () => {
  it('interface name padded to 5 columns, then In/Out padded to 3', () => {
    const h = new Uint8Array(20);
    h[1] = 0x00;
    h[0] = 0x08;
    h[10] = 4;
    h[11] = 6;
    const frame = new Uint8Array([...h, ...tcp({ seq: 1, flags: 2 })]);
    const p = createPrinter({ linkType: LinkType.LINUX_SLL2 });
    expect(p.print(frame, T0, { iface: 'eth0' })[0]).toMatch(/^09:00:00\.000000 eth0 {2}Out IP 10\.244\.1\.35\.51116 > /);
    frame[10] = 0;
    expect(p.print(frame, T0, { iface: 'lxc-frontend' })[0]).toMatch(/^09:00:00\.000000 lxc-frontend In {2}IP /);
    expect(p.print(frame, T0)[0]).toMatch(/^09:00:00\.000000 \? {5}In {2}IP /);
  });

  it('toCookedV2 wraps the lab\'s frames as -i any captures them: B for broadcasts, Out for sent frames', () => {
    const p = createPrinter({ linkType: LinkType.LINUX_SLL2 });
    const arp = toCookedV2(arpFrames()[0], { linkType: LinkType.ETHERNET, ifindex: 7, dir: 'in' })!;
    expect(p.print(arp, T0, { iface: 'eth0' })).toEqual(['09:00:00.000000 eth0  B   ARP, Request who-has 192.168.61.12 tell 192.168.61.11, length 28']);
    const wg = toCookedV2(udp(51871, 51871, new Uint8Array(32)), { linkType: LinkType.RAW, ifindex: 9, dir: 'out' })!;
    expect(createPrinter({ linkType: LinkType.LINUX_SLL2, e: true }).print(wg, T0, { iface: 'cilium_wg0' })).toEqual([
      '09:00:00.000000 cilium_wg0 Out ifindex 9 ethertype IPv4 (0x0800), length 80: 10.244.1.35.51871 > 10.244.3.78.51871: UDP, length 32',
    ]);
    expect(toCookedV2(new Uint8Array(10), { linkType: LinkType.ETHERNET, ifindex: 1, dir: 'in' })).toBeUndefined();
  });
});
