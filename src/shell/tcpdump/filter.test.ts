/**
 * The filter compiler on a zoo of frames (filterFrames.test-helper.ts) for Ethernet, raw IP and Linux SLL2:
 * every primitive, qualifier inheritance, pcap's precedence and arithmetic quirks, BPF's treatment of short
 * frames, and the error messages, each one checked against Debian's tcpdump 4.99.3 / libpcap 1.10.3 when this was
 * written (filter.tcpdump.test.ts keeps checking when tcpdump is installed).
 */
import { describe, expect, it } from 'vitest';
import { LinkType } from '../../net/dissect/tree';
import { parseIp } from '../../net/addr';
import { compileFilter, type FilterOptions } from './filter';
import { zoo } from './filterFrames.test-helper';

const ETH = LinkType.ETHERNET;
const RAW = LinkType.RAW;
const SLL2 = LinkType.LINUX_SLL2;

/** Names of the zoo frames `expr` keeps. */
function selects(expr: string, linkType: LinkType = ETH, options: FilterOptions = { savefile: true }): string[] {
  const f = compileFilter(expr, linkType, options);
  if (!f.ok) throw new Error(`${expr}: ${f.message}`);
  return zoo(linkType).filter((z) => f.match(z)).map((z) => z.name);
}

function error(expr: string, linkType: LinkType = ETH): string {
  const f = compileFilter(expr, linkType, { savefile: true });
  if (f.ok) throw new Error(`${expr}: compiled`);
  return f.message;
}

const TCP_8080 = ['tcp syn', 'tcp syn-ack', 'tcp http get', 'tcp fin', 'sctp', 'udp first fragment', 'tcp with ip options', 'tcp cut by snaplen'];

describe('primitives', () => {
  it('host, src host, net with prefix, mask or pcap short form', () => {
    expect(selects('src host 10.244.2.42')).toEqual(['tcp syn-ack', 'tcp rst port 80', 'icmp reply']);
    expect(selects('net 224.0.0.0/4')).toEqual(['igmp', 'mdns multicast']);
    expect(selects('net 224.0.0.0 mask 240.0.0.0')).toEqual(selects('net 224.0.0.0/4'));
    expect(selects('dst net 10.96')).toEqual(selects('dst net 10.96.0.0/16'));
    expect(selects('dst net 10.96')).toEqual(['tcp 443', 'udp dns']);
    expect(selects('net 10')).toEqual(selects('net 10.0.0.0/8'));
    // `host 10.96.0` is pcap's short host: 10.96.0.0/24
    expect(selects('host 10.96.0')).toEqual(['tcp 443', 'udp dns']);
  });
  it('host and net look into ARP and RARP too, unless a protocol says otherwise', () => {
    expect(selects('host 192.168.61.12')).toEqual(['udp wireguard', 'vxlan 8472', 'vxlan 4789', 'arp request', 'arp reply', 'esp', 'ah', 'gre', 'ipip']);
    expect(selects('arp src 192.168.61.12')).toEqual(['arp reply']);
    expect(selects('rarp host 192.168.61.11')).toEqual(['rarp']);
    expect(selects('ip host 192.168.61.12')).not.toContain('arp request');
  });
  it('port and portrange match TCP, UDP and SCTP, both directions, first fragments only', () => {
    expect(selects('port 8080')).toEqual(TCP_8080);
    expect(selects('portrange 8000-8100')).toEqual(TCP_8080);
    expect(selects('udp port 8080')).toEqual(['udp first fragment']);
    expect(selects('tcp src port 80')).toEqual(['tcp rst port 80']);
    expect(selects('port 443')).toEqual(['tcp 443', 'ipv6 tcp 443']);
    expect(selects('port 53')).toEqual(['udp dns', 'ipv6 fragment udp 53'].slice(0, 1)); // IPv6: no fragment-header chase for ports
    expect(selects('udp portrange 4000-5000')).toEqual(['vxlan 4789', 'udp first fragment']);
  });
  it('on a VXLAN frame, host and port see the outer headers only', () => {
    expect(selects('udp port 8472')).toEqual(['vxlan 8472']);
    expect(selects('host 10.244.2.42 and udp')).not.toContain('vxlan 8472');
    expect(selects('port 8080 and udp')).toEqual(['udp first fragment']);
  });
  it('protocol names, proto numbers and names', () => {
    expect(selects('tcp')).toEqual(['tcp syn', 'tcp syn-ack', 'tcp http get', 'tcp fin', 'tcp rst port 80', 'tcp 443',
      'tcp with ip options', 'tcp cut by snaplen', 'ipv6 tcp 443', 'truncated ipv4']);
    expect(selects('icmp')).toEqual(['icmp echo', 'icmp reply']);
    expect(selects('icmp6')).toEqual(['ipv6 icmp6']);
    expect(selects('esp')).toEqual(['esp', 'ipv6 esp']);
    expect(selects('ip proto 50')).toEqual(['esp']);
    expect(selects('proto \\esp')).toEqual(['esp', 'ipv6 esp']);
    expect(selects('ip proto \\ipencap')).toEqual(['ipip']);
    expect(selects('proto 47')).toEqual(['gre']);
    expect(selects('sctp')).toEqual(['sctp']);
    expect(selects('ah or igmp or rarp')).toEqual(['rarp', 'ah', 'igmp']);
    expect(selects('ether proto \\arp')).toEqual(['arp request', 'arp reply']);
    expect(selects('link proto 0x42')).toEqual(['802.3 stp']);
    expect(selects('not ip and not ip6')).toEqual(['arp request', 'arp reply', 'rarp', 'vlan 100 tcp', '802.3 stp']);
  });
  it('service names from /etc/services, with their transport', () => {
    expect(selects('port http-alt')).toEqual(selects('tcp port 8080'));
    expect(selects('port domain')).toEqual(['udp dns']);
    // both names are listed for TCP only, so the range is TCP's
    expect(selects('portrange http-http-alt')).toEqual(selects('tcp portrange 80-8080'));
  });
  it('ether host/src/dst in every spelling pcap accepts, broadcast and multicast', () => {
    const a = selects('ether src 0a:58:0a:f4:02:2a');
    for (const mac of ['0a580af4022a', '0a.58.0a.f4.02.2a', '0a-58-0a-f4-02-2a', '0a58.0af4.022a', 'a:58:a:f4:2:2a']) {
      expect(selects(`ether src ${mac}`)).toEqual(a);
    }
    expect(selects('ether broadcast')).toEqual(['arp request', 'rarp', 'udp broadcast']);
    expect(selects('ip broadcast')).toEqual(['udp broadcast']);
    expect(selects('ip multicast')).toEqual(['igmp', 'udp broadcast', 'mdns multicast']);
    expect(selects('ip6 multicast')).toEqual(['ipv6 multicast']);
  });
  it('ip broadcast: all-zeros or all-ones host bits under the capture interface netmask', () => {
    expect(selects('ip broadcast', ETH, { netmask: 0xffffff00 })).toEqual(['udp broadcast']);
    const onNet = compileFilter('ip broadcast', ETH, { netmask: 0xffff0000 });
    const frame = zoo(ETH).find((z) => z.name === 'tcp 443')!; // to 10.96.0.1
    const data = frame.data.slice();
    data.set([10, 96, 255, 255], 30);
    expect(onNet.ok && onNet.match({ data, wireLength: data.length })).toBe(true);
  });
  it('less, greater and len use the length on the wire, not the captured bytes', () => {
    expect(selects('greater 100')).toEqual(['udp wireguard', 'vxlan 8472', 'vxlan 4789']);
    expect(selects('len = 87')).toEqual(['tcp http get', 'tcp cut by snaplen']);
    expect(selects('less 54 and tcp')).toEqual(['tcp syn', 'tcp syn-ack', 'tcp fin', 'tcp rst port 80', 'tcp 443', 'truncated ipv4']);
  });
  it('header loads, flags and named constants', () => {
    expect(selects('tcp[tcpflags] & (tcp-syn|tcp-fin) != 0')).toEqual(['tcp syn', 'tcp syn-ack', 'tcp fin', 'tcp with ip options']);
    expect(selects('tcp[13] = 0x12')).toEqual(['tcp syn-ack']);
    expect(selects('tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack = 0')).toEqual(['tcp syn', 'tcp with ip options']);
    expect(selects('icmp[icmptype] = icmp-echo')).toEqual(['icmp echo']);
    expect(selects('ip[6:2] & 0x1fff != 0')).toEqual(['udp later fragment']);
    expect(selects('ip[0] & 0xf > 5')).toEqual(['tcp with ip options']);
    expect(selects('udp[8:4] = 0x08000000')).toEqual(['vxlan 8472', 'vxlan 4789']);
    expect(selects('ether[12:2] = 0x8100')).toEqual(['vlan 100 tcp']);
    expect(selects('ip6[6] = 58')).toEqual(['ipv6 icmp6']);
  });
});

describe("pcap's grammar", () => {
  it('a bare id after and/or/not takes the qualifiers of the term before it', () => {
    expect(selects('host 10.244.2.42 or 192.168.61.12')).toEqual(selects('host 10.244.2.42 or host 192.168.61.12'));
    expect(selects('tcp dst port 8080 or 443')).toEqual(selects('tcp dst port 8080 or tcp dst port 443'));
    expect(selects('port 8080 and not 51116')).toEqual(['sctp', 'udp first fragment', 'tcp with ip options']);
    expect(selects('host (10.244.2.42 or 192.168.61.12)')).toEqual(selects('host 10.244.2.42 or host 192.168.61.12'));
    expect(selects('port (80 or 443)')).toEqual(['tcp rst port 80', 'tcp 443', 'ipv6 tcp 443']);
  });
  it('and and or have equal precedence and group to the left', () => {
    expect(selects('icmp or udp and port 53')).toEqual(['udp dns']);
    expect(selects('icmp or (udp and port 53)')).toEqual(['udp dns', 'icmp echo', 'icmp reply']);
  });
  it('% and ^ have no yacc precedence, so they take everything to their right', () => {
    expect(selects('ip[0] % 3 + 1 = 2')).toEqual(selects('ip[0] % 4 = 2'));
    expect(selects('ip[0] * 2 ^ 3 = 0x45')).toEqual(selects('ip[0] = 0x45'));
  });
  it("arithmetic keeps only its left operand's protocol check, as tcpdump does", () => {
    // tcp[12] here is also read from ICMP packets: only ip[2:2] guards the expression
    expect(selects('ip[2:2] - ((ip[0]&0xf)<<2) - ((tcp[12]&0xf0)>>2) != 0')).toContain('icmp echo');
  });
});

describe('short frames, as BPF reads them', () => {
  it('a load past the captured bytes rejects the packet, even under not', () => {
    expect(selects('tcp[100] = 0 or port 8080')).not.toContain('tcp syn');
    expect(selects('not tcp[100] = 1')).not.toContain('tcp syn');
    expect(selects('tcp port 8080')).not.toContain('truncated ipv4');
    expect(selects('ip[100000] = 0')).toEqual([]);
  });
  it('but not a load the optimizer drops', () => {
    expect(selects('net 0.0.0.0/0')).toContain('truncated ipv4');
    expect(selects('tcp port 80 or not sctp')).toContain('truncated ipv4');
    expect(selects('tcp[100] = 0 or tcp')).toContain('tcp syn'); // both ways lead to "accept", so tcp[100] is never read
  });
});

describe('link types', () => {
  it('raw IP has no link header: ARP never matches, ether addresses are refused', () => {
    expect(selects('port 8080', RAW)).toEqual(TCP_8080);
    expect(selects('ip', RAW)).toHaveLength(zoo(RAW).filter((z) => !z.name.startsWith('ipv6')).length);
    expect(error('arp', RAW)).toBe('tcpdump: expression rejects all packets');
    expect(error('ether host 1:2:3:4:5:6', RAW)).toBe('tcpdump: ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel');
    expect(error('vlan', RAW)).toBe("tcpdump: 'vlan' is not supported by podlock's tcpdump");
  });
  it('Linux cooked v2: the protocol field, and inbound/outbound from the packet type', () => {
    expect(selects('port 8080', SLL2)).toEqual(TCP_8080);
    expect(selects('arp', SLL2)).toEqual(['arp request', 'arp reply']);
    expect(selects('outbound and tcp', SLL2)).toEqual(['tcp syn', 'tcp http get', 'tcp rst port 80', 'tcp cut by snaplen', 'truncated ipv4']);
    expect(selects('inbound and icmp', SLL2)).toEqual(['icmp reply']);
    expect(error('broadcast', SLL2)).toBe('tcpdump: not a broadcast link');
  });
  it('inbound/outbound: from capture metadata live, refused when reading an Ethernet file', () => {
    expect(selects('outbound and icmp', ETH, {})).toEqual(['icmp echo']);
    expect(error('inbound')).toBe('tcpdump: inbound/outbound not supported on Ethernet when reading savefiles');
  });
  it('host names resolve only through the lab', () => {
    const resolveHost = (n: string) => (n === 'backend' ? [parseIp('10.244.2.42')] : undefined);
    expect(selects('src host backend', ETH, { resolveHost })).toEqual(selects('src host 10.244.2.42'));
    expect(error('host backend')).toBe("tcpdump: unknown host 'backend'");
  });
  it('an empty expression keeps everything', () => {
    expect(selects('  ')).toHaveLength(zoo(ETH).length);
  });
});

describe("errors, word for word tcpdump's", () => {
  it.each([
    ['host', "tcpdump: can't parse filter expression: syntax error"],
    ['tcp and', "tcpdump: can't parse filter expression: syntax error"],
    ['(tcp', "tcpdump: can't parse filter expression: syntax error"],
    ['foo', "tcpdump: can't parse filter expression: syntax error"],
    ['proto tcp', "tcpdump: can't parse filter expression: syntax error"],
    ['net 10/8', "tcpdump: can't parse filter expression: syntax error"],
    ['host 10.0.0.1 @', "tcpdump: can't parse filter expression: syntax error"],
    ['tcp and 80', 'tcpdump: syntax error in filter expression'],
    ['(port 8080) or 80', 'tcpdump: syntax error in filter expression'],
    ['host foo', "tcpdump: unknown host 'foo'"],
    ['host 1.2.3.4.5', "tcpdump: unknown host '1.2.3.4.5'"],
    ['port foo', "tcpdump: unknown port 'foo'"],
    ['portrange 80-foo', "tcpdump: unknown port in range '80-foo'"],
    ['udp port http', "tcpdump: port 'http' is tcp"],
    ['port 65536', 'tcpdump: illegal port number 65536 > 65535'],
    ['portrange 1--2', 'tcpdump: illegal port number -2 < 0'],
    ['port 08', 'tcpdump: number 08 contains non-octal digit'],
    ['port 99999999999', 'tcpdump: number 99999999999 overflows 32 bits'],
    ['host 1.2.3.256', "tcpdump: invalid IPv4 address '1.2.3.256'"],
    ['net 10.244.1.5/16', 'tcpdump: non-network bits set in "10.244.1.5/16"'],
    ['net 1.2.3.4 mask 255.255.0.0', 'tcpdump: non-network bits set in "1.2.3.4 mask 255.255.0.0"'],
    ['net 10.0.0.0/33', 'tcpdump: mask length must be <= 32'],
    ['host 10.244.1.0/24', 'tcpdump: Mask syntax for networks only'],
    ['port 1.2.3.4', "tcpdump: 'port' modifier applied to ip host"],
    ['tcp host 1.2.3.4', "tcpdump: 'tcp' modifier applied to host"],
    ['ip6 net 10', "tcpdump: 'ip6' modifier applied to ip host"],
    ['ether net 10', 'tcpdump: illegal link layer address'],
    ['icmp port 1', "tcpdump: illegal qualifier of 'port'"],
    ['tcp proto 5', "tcpdump: 'tcp proto' is bogus"],
    ['arp proto 1', 'tcpdump: arp does not encapsulate another protocol'],
    ['src proto 1', "tcpdump: can't parse filter expression: syntax error"],
    ['ip proto \\ipv4', "tcpdump: unknown ip proto 'ipv4'"],
    ['ether proto \\tcp', "tcpdump: unknown ether proto 'tcp'"],
    ['ether host 52:54:00:2c:68', 'tcpdump: bogus ethernet address 52:54:00:2c:'],
    ['ether host foo', "tcpdump: unknown ether host 'foo'"],
    ['host 0a:58:0a:f4:02:2a', 'tcpdump: ethernet address used in non-ether expression'],
    ['port $1', 'tcpdump: aid supported only on ARCnet'],
    ['ether', 'tcpdump: link layer applied in wrong context'],
    ['esp[0] = 1', 'tcpdump: unsupported index operation'],
    ['ip[0:3] = 1', 'tcpdump: data size must be 1, 2, or 4'],
    ['ip[1/0] = 0', 'tcpdump: division by zero'],
    ['5 % 0 = 1', 'tcpdump: modulus by zero'],
    ['ip[0] << (30+3) = 0', 'tcpdump: shift by more than 31 bits'],
    ['tcp multicast', 'tcpdump: link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel'],
    ['arp broadcast', 'tcpdump: only link-layer/IP broadcast filters supported'],
    ['gateway foo', "tcpdump: 'gateway' not supported in this configuration"],
    ['gateway 1.2.3.4', "tcpdump: 'gateway' requires a name"],
  ])('%s', (expr, message) => {
    expect(error(expr)).toBe(message);
  });

  it.each([
    'tcp and udp', 'ip and arp', 'icmp and ip6', 'tcp or udp and icmp', 'port 80 and icmp', 'not tcp and tcp', '1 = 2',
    'tcp[13] = 2 and tcp[13] = 3', 'ip[9] = 6 and ip[9] = 17', 'len > 100 and not len > 100', 'ether[12:2] & 0 != 0',
  ])('%s: expression rejects all packets, as the optimizer finds', (expr) => {
    expect(error(expr)).toBe('tcpdump: expression rejects all packets');
  });

  it.each([
    // contradictions libpcap's optimizer does not see, so tcpdump runs them and prints nothing
    'port 80 and not host 1.2.3.4 and icmp', 'ether[12:2] = 0x800 and arp', 'ah and ip[9] = 8', 'less 10 and greater 100',
    'port 80 and port 81',
  ])('%s: accepted, though nothing can match', (expr) => {
    expect(selects(expr)).toEqual([]);
  });

  it('names what this tcpdump leaves out', () => {
    expect(error('vlan')).toBe("tcpdump: 'vlan' is not supported by podlock's tcpdump");
    expect(error('protochain 6')).toBe("tcpdump: 'protochain' is not supported by podlock's tcpdump");
    expect(error('host ::1')).toBe("tcpdump: IPv6 addresses are not supported by podlock's tcpdump");
    // 802.11, ATM and the other link layers' primitives (tcpdump: '802.11 link-layer types supported only on
    // 802.11', "'lane' supported only on raw ATM", ...)
    expect(error('type mgt')).toBe("tcpdump: 'type' is not supported by podlock's tcpdump");
    expect(error('lane')).toBe("tcpdump: 'lane' is not supported by podlock's tcpdump");
    expect(error('ether proto \\stp')).toBe("tcpdump: 'ether proto \\stp' is not supported by podlock's tcpdump");
  });
});
