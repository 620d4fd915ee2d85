/**
 * The corners of tcpdump's filter language that its man page does not spell out, each observed on Debian's
 * tcpdump 4.99.3 (libpcap 1.10.3) as a black box: how words become tokens, which qualifiers a bare id inherits,
 * which of two errors is reported, what tcpdump's optimizer sees through, and BPF's arithmetic. The comparison
 * test (filter.tcpdump.test.ts) re-checks most of these expressions against the real binary when it is installed.
 */
import { describe, expect, it } from 'vitest';
import { LinkType } from '../../net/dissect/tree';
import { compileFilter } from './filter';
import { zoo } from './filterFrames.test-helper';

const ETH = LinkType.ETHERNET;

function outcome(expr: string, linkType: LinkType = ETH): string {
  const f = compileFilter(expr, linkType, { savefile: true });
  return f.ok ? 'ok' : f.message;
}

function selects(expr: string): string[] {
  const f = compileFilter(expr, ETH, { savefile: true });
  if (!f.ok) throw new Error(`${expr}: ${f.message}`);
  return zoo(ETH).filter((z) => f.match(z)).map((z) => z.name);
}

const SYNTAX = "tcpdump: can't parse filter expression: syntax error";
const ORPHAN = 'tcpdump: syntax error in filter expression';

describe('tokens', () => {
  it.each([
    ['host tcpflags', 'ok'], // named constants are numbers anywhere: host 0.0.0.13
    ['host a_b', "tcpdump: unknown host 'a_b'"],
    ['host a-', "tcpdump: unknown host 'a'"], // a word never ends in '-' or '_'
    ['host a.', "tcpdump: unknown host 'a.'"],
    ['host 1.2.3.4x', "tcpdump: unknown host '1.2.3.4x'"],
    ['host 012.1.1.1', 'ok'], // dotted parts are decimal
    ['host 1.2.3.0377', "tcpdump: invalid IPv4 address '1.2.3.0377'"],
    ['host 0x1.2.3.4', "tcpdump: invalid IPv4 address '0x1.2.3.4'"],
    ['1-1 = 0', SYNTAX], // one word, not arithmetic
    ['TCP', SYNTAX], // keywords are lower case, and a name cannot start an expression
    ['host TCP', "tcpdump: unknown host 'TCP'"],
    ['proto \\tcp&&tcp', "tcpdump: unknown ip proto 'tcp&&tcp'"], // an escaped name runs to white space, ! or a parenthesis
    ['(proto \\tcp)', 'ok'],
    ['host 123456789012', 'tcpdump: ethernet address used in non-ether expression'], // 12 hex digits are a MAC
    ['ether host 1.2.3.4.5.6', 'ok'],
    ['ether host 01.2.3.4.5.006', "tcpdump: unknown ether host '01.2.3.4.5.006'"],
    ['ether host 1:2:3:4:5:6:7', 'tcpdump: bogus ethernet address 1:2:3:4:5:6:'],
    ['ether host 1:2', 'tcpdump: illegal link layer address'],
    ['0a:58:0a:f4:02:2aand443', SYNTAX],
    ['host $1', 'tcpdump: aid supported only on ARCnet'],
  ])('%s', (expr, expected) => {
    expect(outcome(expr)).toBe(expected);
  });
});

describe('qualifiers a bare id inherits', () => {
  it.each([
    ['tcp and 80', ORPHAN], // a lone protocol leaves none
    ['less 10 or 20', ORPHAN],
    ['(host 1.2.3.4) and (5.6.7.8)', ORPHAN], // a group restores what was in force before it
    ['port 80 and (host 1.2.3.4) or 1.2.3.5', "tcpdump: 'port' modifier applied to ip host"],
    ['host 1.2.3.4 and (not port 81) or 1.2.3.5', 'ok'],
    ['port 80 or (tcp) or 81', 'ok'],
    ['ip proto 6 or 17', 'ok'],
    ['tcp and 1:2:3:4:5:6', 'tcpdump: ethernet address used in non-ether expression'],
    ['udp and 10.244.1.0/24', 'tcpdump: Mask syntax for networks only'],
    ['tcp and 80 1', SYNTAX], // a number is judged once tcpdump sees no arithmetic follows
    ['port 80 and 1 = 1', 'ok'],
    ['port 80 or (81) = 1', 'ok'],
    ['port 80 or (not (81) or 82)', 'ok'],
    ['port 80 or ((81 or 82) or 83)', SYNTAX], // an id list never starts with '(('
    ['host ((1.2.3.4))', SYNTAX],
    ['host not 1.2.3.4', 'ok'],
    ['src && dst 192.168.61.12', 'ok'],
    ['src and src host 1.2.3.4', SYNTAX],
  ])('%s', (expr, expected) => {
    expect(outcome(expr)).toBe(expected);
  });
});

describe('which error tcpdump reports', () => {
  it.each([
    ['host foo or 1:2:3', "tcpdump: unknown host 'foo'"], // each primitive is judged as it is read
    ['host a`b', "tcpdump: unknown host 'a'"],
    ['port 70000 08', 'tcpdump: illegal port number 70000 > 65535'],
    ['ether 08', 'tcpdump: number 08 contains non-octal digit'], // but a lone protocol looks at the next token first
    ['ether 1.2.3.4', SYNTAX],
    ['tcp and 1.2.3.256', "tcpdump: invalid IPv4 address '1.2.3.256'"],
    ['5 / 0 08', 'tcpdump: division by zero'],
    ['ip[8] / 0 99999999999 >= 64', 'tcpdump: division by zero'],
    ['inbound 1', 'tcpdump: inbound/outbound not supported on Ethernet when reading savefiles'],
    ['net 1.2.3.4/8 @', 'tcpdump: non-network bits set in "1.2.3.4/8"'],
    ['portrange 1.2.3.4 mask 255.0.0.0', 'tcpdump: non-network bits set in "1.2.3.4 mask 255.0.0.0"'],
    ['tcp proto \\udp', 'tcpdump: unknown protocol: udp'],
    ['udp portrange http-http-alt', "tcpdump: port in range 'http-http-alt' is tcp"],
    ['portrange 99999999999-1', 'tcpdump: illegal port number 1215752191 > 65535'],
    // a shift or division by a lone number is refused as it is parsed; by a computed one only if it survives
    ['ip[0] << 33 = 0 and ether host 1:2:3:4:5:6', 'tcpdump: shift by more than 31 bits'],
    ['ip[0] << (20+20) = 0', 'tcpdump: shift by more than 31 bits'],
    ['tcp and udp and ip[0] << (20+20) = 0', 'tcpdump: expression rejects all packets'],
    ['ip[0] << 4 * 18 = 0 or 1 = 1', 'ok'],
    ['tcp[12] >> 4 - 0x0800 = 1', 'tcpdump: shift by more than 31 bits'],
    ['arp proto \\tcp', 'tcpdump: unknown protocol: tcp'],
  ])('%s', (expr, expected) => {
    expect(outcome(expr)).toBe(expected);
  });
  it('link-level names and ether hosts on links without MACs', () => {
    expect(outcome('ether host foo', LinkType.RAW)).toBe('tcpdump: only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level host name');
    expect(outcome('ether src 0a:58:0a:f4:02:2a', LinkType.LINUX_SLL2)).toBe('tcpdump: ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel');
  });
});

describe("what tcpdump's optimizer sees", () => {
  it.each([
    ['ether[12:2] & 0 != 0', 'tcpdump: expression rejects all packets'], // a constant as the first test
    ['ip[0] & 0 = 1', 'ok'], // the same after a protocol check is left in place
    ['(dst net 10.244.0.0/16 || ip[9] - 1 <= 0x0800) && ether[12:2] & 0 == 1', 'ok'],
    ['arp[7] * 0 >= 6 and igmp', 'tcpdump: expression rejects all packets'],
    ['1 << (20+20) = 0', 'ok'], // shifts past 31 bits give 0
    ['ip and arp', 'tcpdump: expression rejects all packets'],
    ['(ip proto 6 or ip proto 17) and ip proto 1', 'tcpdump: expression rejects all packets'],
    ['(tcp or udp) and ip host 1.1.1.1 and icmp', 'ok'],
    ['(ip dst host 1.1.1.1 or ip dst host 3.3.3.3) and ip dst host 2.2.2.2', 'tcpdump: expression rejects all packets'],
    ['ip broadcast or ((src 0x0af40117 or ip proto 1 and !arp) and ether host 0a:58:0a:f4:01:17) and arp', 'tcpdump: expression rejects all packets'],
    ['tcp[13] = 2 and tcp[13:1] = 3', 'tcpdump: expression rejects all packets'],
    ['ip[9] = 17 and tcp', 'ok'], // a relation's load is not the protocol check's
    ['less 10 and len > 10', 'tcpdump: expression rejects all packets'],
  ])('%s', (expr, expected) => {
    expect(outcome(expr)).toBe(expected);
  });

  it('a test left in place can still read past a short packet', () => {
    // the truncated IPv4 packet has 12 bytes of header: its destination address is never captured
    expect(selects('sctp or (dst host 10.244.1 and len > 1000) || !icmp6')).not.toContain('truncated ipv4');
    expect(selects('tcp port 80 or not sctp')).toContain('truncated ipv4');
  });

  it('shifts by 32 or more give 0 when packets are filtered too', () => {
    expect(selects('ip[0] << (ip[8] - 24) = 0')).toContain('tcp syn'); // TTL 64: a shift by 40
  });
});
