/**
 * Names the filter language knows: its keywords, the named constants of pcap-filter(7) (header field offsets,
 * ICMP/ICMPv6 types from RFC 792 and RFC 4443, TCP flag bits from RFC 793/3168), and small excerpts of the
 * system databases a real tcpdump consults: protocol numbers (/etc/protocols, IANA), service ports
 * (/etc/services, IANA) and EtherTypes (IEEE). Only the entries a Kubernetes lab plausibly needs are here.
 */

/** Keywords (case-sensitive). A keyword is never an id: `host tcp` is a syntax error; `\tcp` escapes it. */
const SUPPORTED = [
  'and', 'or', 'not', 'src', 'dst', 'host', 'net', 'port', 'portrange', 'proto', 'gateway', 'mask',
  'ether', 'link', 'ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'sctp', 'icmp', 'icmp6', 'igmp', 'igrp', 'pim', 'vrrp', 'carp',
  'ah', 'esp', 'broadcast', 'multicast', 'less', 'greater', 'len', 'length', 'inbound', 'outbound',
];

/** Keywords of primitives this tcpdump leaves out (other link layers, encapsulations, pf logs, 802.11, ATM, SS7). */
export const REFUSED = new Set([
  'fddi', 'tr', 'wlan', 'ppp', 'slip', 'radio', 'decnet', 'atalk', 'aarp', 'lat', 'sca', 'moprc', 'mopdl', 'iso', 'esis',
  'isis', 'clnp', 'stp', 'ipx', 'netbeui', 'l1', 'l2', 'iih', 'lsp', 'snp', 'csnp', 'psnp', 'vlan', 'mpls', 'pppoed',
  'pppoes', 'geneve', 'llc', 'vpi', 'vci', 'lane', 'oamf4', 'oam', 'metac', 'bcc', 'sc', 'ilmic', 'connectmsg',
  'metaconnect', 'protochain', 'ra', 'ta', 'addr1', 'addr2', 'addr3', 'addr4', 'type', 'subtype', 'dir', 'on', 'ifname',
  'rnr', 'rulenum', 'reason', 'rset', 'ruleset', 'srnr', 'subrulenum', 'action', 'ifindex', 'sio', 'opc', 'dpc', 'sls',
  'hsio', 'hopc', 'hdpc', 'hsls', 'fisu', 'lssu', 'msu', 'hfisu', 'hlssu', 'hmsu',
]);

export const KEYWORDS = new Set([...SUPPORTED, ...REFUSED]);

/** Names the lexer turns into numbers, wherever they appear (`host tcpflags` is host 0.0.0.13). */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['icmptype', 0], ['icmpcode', 1], ['icmp6type', 0], ['icmp6code', 1], ['tcpflags', 13],
  ['tcp-fin', 0x01], ['tcp-syn', 0x02], ['tcp-rst', 0x04], ['tcp-push', 0x08], ['tcp-ack', 0x10], ['tcp-urg', 0x20],
  ['tcp-ece', 0x40], ['tcp-cwr', 0x80],
  ['icmp-echoreply', 0], ['icmp-unreach', 3], ['icmp-sourcequench', 4], ['icmp-redirect', 5], ['icmp-echo', 8],
  ['icmp-routeradvert', 9], ['icmp-routersolicit', 10], ['icmp-timxceed', 11], ['icmp-paramprob', 12],
  ['icmp-tstamp', 13], ['icmp-tstampreply', 14], ['icmp-ireq', 15], ['icmp-ireqreply', 16], ['icmp-maskreq', 17],
  ['icmp-maskreply', 18],
  ['icmp6-destinationunreach', 1], ['icmp6-packettoobig', 2], ['icmp6-timeexceeded', 3], ['icmp6-parameterproblem', 4],
  ['icmp6-echo', 128], ['icmp6-echoreply', 129], ['icmp6-multicastlistenerquery', 130],
  ['icmp6-multicastlistenerreportv1', 131], ['icmp6-multicastlistenerdone', 132], ['icmp6-routersolicit', 133],
  ['icmp6-routeradvert', 134], ['icmp6-neighborsolicit', 135], ['icmp6-neighboradvert', 136], ['icmp6-redirect', 137],
  ['icmp6-routerrenum', 138], ['icmp6-nodeinformationquery', 139], ['icmp6-nodeinformationresponse', 140],
  ['icmp6-ineighbordiscoverysolicit', 141], ['icmp6-ineighbordiscoveryadvert', 142],
  ['icmp6-multicastlistenerreportv2', 143], ['icmp6-homeagentdiscoveryrequest', 144],
  ['icmp6-homeagentdiscoveryreply', 145], ['icmp6-mobileprefixsolicit', 146], ['icmp6-mobileprefixadvert', 147],
  ['icmp6-certpathsolicit', 148], ['icmp6-certpathadvert', 149], ['icmp6-multicastrouteradvert', 151],
  ['icmp6-multicastroutersolicit', 152], ['icmp6-multicastrouterterm', 153],
]);

/** IP protocol numbers by name and alias (getprotobyname's view of /etc/protocols). */
const PROTOCOL_LINES = [
  'ip 0 IP', 'hopopt 0 HOPOPT', 'icmp 1 ICMP', 'igmp 2 IGMP', 'ipencap 4 IP-ENCAP', 'tcp 6 TCP', 'egp 8 EGP', 'igp 9 IGP',
  'udp 17 UDP', 'ipv6 41 IPv6', 'ipv6-route 43 IPv6-Route', 'ipv6-frag 44 IPv6-Frag', 'rsvp 46 RSVP', 'gre 47 GRE',
  'esp 50 IPSEC-ESP', 'ah 51 IPSEC-AH', 'ipv6-icmp 58 IPv6-ICMP', 'ipv6-nonxt 59 IPv6-NoNxt', 'ipv6-opts 60 IPv6-Opts',
  'eigrp 88 EIGRP', 'ospf 89 OSPFIGP', 'ipip 94 IPIP', 'etherip 97 ETHERIP', 'pim 103 PIM', 'ipcomp 108 IPCOMP',
  'vrrp 112 VRRP', 'l2tp 115 L2TP', 'isis 124 ISIS', 'sctp 132 SCTP', 'udplite 136 UDPLite', 'mpls-in-ip 137 MPLS-in-IP',
  'ethernet 143 Ethernet',
];
export const PROTOCOLS: ReadonlyMap<string, number> = new Map(PROTOCOL_LINES.flatMap((line) => {
  const [name, num, ...aliases] = line.split(' ');
  return [name, ...aliases].map((n) => [n, Number(num)] as [string, number]);
}));

/** EtherTypes `ether proto \name` accepts as plain type-field matches. */
export const ETHER_TYPES: ReadonlyMap<string, number> = new Map([
  ['ip', 0x0800], ['ip6', 0x86dd], ['arp', 0x0806], ['rarp', 0x8035], ['loopback', 0x9000], ['decnet', 0x6003],
  ['sca', 0x6007], ['lat', 0x6004], ['mopdl', 0x6001], ['moprc', 0x6002],
]);
/** EtherType names whose match involves 802.2 LLC/SNAP headers: left out. */
export const ETHER_LLC_NAMES = new Set(['iso', 'stp', 'ipx', 'netbeui', 'atalk', 'aarp']);

export type Transport = 'tcp' | 'udp';

/** Services: `name port/protocols [aliases]` as /etc/services lists them (t = tcp, u = udp). */
const SERVICE_LINES = [
  'echo 7 tu', 'discard 9 tu sink null', 'daytime 13 tu', 'ftp-data 20 t', 'ftp 21 t', 'ssh 22 t', 'telnet 23 t',
  'smtp 25 t mail', 'time 37 tu timserver', 'whois 43 t nicname', 'domain 53 tu', 'bootps 67 u', 'bootpc 68 u',
  'tftp 69 u', 'finger 79 t', 'http 80 t www', 'kerberos 88 tu kerberos5 krb5 kerberos-sec', 'pop3 110 t pop-3',
  'sunrpc 111 tu portmapper', 'auth 113 t authentication tap ident', 'nntp 119 t readnews untp', 'ntp 123 u',
  'netbios-ns 137 u', 'netbios-dgm 138 u', 'netbios-ssn 139 t', 'imap2 143 t imap', 'snmp 161 tu',
  'snmp-trap 162 tu snmptrap', 'bgp 179 t', 'ldap 389 tu', 'https 443 tu', 'microsoft-ds 445 t', 'isakmp 500 u',
  'syslog 514 u', 'route 520 u router routed', 'submission 587 t', 'ldaps 636 tu', 'domain-s 853 tu', 'rsync 873 t',
  'imaps 993 t', 'pop3s 995 t', 'socks 1080 t', 'openvpn 1194 tu', 'ms-sql-s 1433 t', 'radius 1812 tu', 'nfs 2049 tu',
  'mysql 3306 t', 'ms-wbt-server 3389 t', 'ipsec-nat-t 4500 u', 'sip 5060 tu', 'mdns 5353 u', 'postgresql 5432 t postgres',
  'amqp 5672 t', 'x11 6000 t x11-0', 'redis 6379 t', 'http-alt 8080 t webcache', 'git 9418 t',
];
export interface Service { port: number; tcp: boolean; udp: boolean }
export const SERVICES: ReadonlyMap<string, Service> = new Map(SERVICE_LINES.flatMap((line) => {
  const [name, port, protos, ...aliases] = line.split(' ');
  const s: Service = { port: Number(port), tcp: protos.includes('t'), udp: protos.includes('u') };
  return [name, ...aliases].map((n) => [n, s] as [string, Service]);
}));

/** The one transport a service name implies, or undefined when it is listed for both (or none). */
export function serviceTransport(s: Service): Transport | undefined {
  if (s.tcp && !s.udp) return 'tcp';
  if (s.udp && !s.tcp) return 'udp';
  return undefined;
}
