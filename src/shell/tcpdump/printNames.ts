/**
 * Names tcpdump 4.99.3 prints for numbers (each table was read off the real tool's output): EtherTypes under -e,
 * IP protocols under -v, MAC address vendors (the few OUIs it knows; those in 00:xx:xx and 08:00:xx were
 * enumerated) and, without -n, port service names and protocol keywords.
 */
import { serviceName } from './printServices';

const ETHERTYPES: Record<number, string> = {
  0x0600: 'NS', 0x0707: 'GeoNet (old)', 0x0800: 'IPv4', 0x0806: 'ARP', 0x1000: 'Trail', 0x1111: 'CALM FAST',
  0x6001: 'MOP DL', 0x6002: 'MOP RC', 0x6003: 'DN', 0x6004: 'LAT', 0x6007: 'SCA', 0x6558: 'TEB', 0x8035: 'Reverse ARP',
  0x8038: 'Lanbridge', 0x803c: 'DEC DNS', 0x803e: 'DEC DTS', 0x805b: 'VEXP', 0x805c: 'VPROD', 0x809b: 'Appletalk',
  0x80f3: 'Appletalk ARP', 0x8100: '802.1Q', 0x8137: 'IPX', 0x86dd: 'IPv6', 0x8808: 'MPCP', 0x8809: 'Slow Protocols',
  0x880b: 'PPP', 0x8847: 'MPLS unicast', 0x8848: 'MPLS multicast', 0x8863: 'PPPoE D', 0x8864: 'PPPoE S',
  0x886f: 'MS NLB heartbeat', 0x888e: 'EAPOL', 0x8899: 'Realtek protocols', 0x88a2: 'AoE', 0x88a8: '802.1Q-QinQ',
  0x88ca: 'TIPC', 0x88cc: 'LLDP', 0x88e5: '802.1AE MACsec', 0x88f7: 'PTP', 0x8902: 'CFM', 0x893a: 'IEEE1905.1',
  0x8947: 'GeoNet', 0x894f: 'NSH', 0x9000: 'Loopback', 0x9100: '802.1Q-9100', 0x9200: '802.1Q-9200', 0xabcd: 'CFM (old)',
  0xd28b: 'Arista Vendor Specific Protocol', 0xfefe: 'OSI',
};

export const ethertypeName = (t: number): string | undefined => ETHERTYPES[t];

/** `IPv4 (0x0800)`, `Unknown (0x88b5)`. */
export const ethertypeText = (t: number): string => `${ETHERTYPES[t] ?? 'Unknown'} (0x${t.toString(16).padStart(4, '0')})`;

/** EtherTypes that carry an 802.1Q tag. */
export const isVlanType = (t: number): boolean => t === 0x8100 || t === 0x88a8 || t === 0x9100 || t === 0x9200;

const IP_PROTOS: Record<number, string> = {
  0: 'Options', 1: 'ICMP', 2: 'IGMP', 4: 'IPIP', 6: 'TCP', 8: 'EGP', 9: 'IGRP', 17: 'UDP', 33: 'DCCP', 41: 'IPv6',
  43: 'Routing', 44: 'Fragment', 46: 'RSVP', 47: 'GRE', 50: 'ESP', 51: 'AH', 55: 'Mobile IP', 58: 'ICMPv6',
  62: 'Mobile IP (old)', 88: 'EIGRP', 89: 'OSPF', 103: 'PIM', 108: 'Compressed IP', 112: 'VRRP', 113: 'PGM',
  132: 'SCTP', 135: 'Mobility', 143: 'Ethernet',
};

/** `TCP (6)`, `unknown (99)`, as -v shows an IPv4 header's protocol. */
export const ipProtoText = (p: number): string => `${IP_PROTOS[p] ?? 'unknown'} (${p})`;

/** IANA protocol keywords tcpdump shows without -n where it would say `ip-proto-N` (`-` for unassigned). */
const PROTO_KEYWORDS = (
  'hopopt icmp igmp ggp ipencap st tcp cbt egp igp bbn-rcc-mon nvp-ii pup argus emcon xnet chaos udp mux dcn-meas ' +
  'hmp prm xns-idp trunk-1 trunk-2 leaf-1 leaf-2 rdp irtp iso-tp4 netblt mfe-nsp merit-inp dccp 3pc idpr xtp ddp ' +
  'idpr-cmtp tp++ il ipv6 sdrp ipv6-route ipv6-frag idrp rsvp gre dsr bna esp ah i-nlsp swipe narp mobile tlsp ' +
  'skip ipv6-icmp ipv6-nonxt ipv6-opts - cftp - sat-expak kryptolan rvd ippc - sat-mon visa ipcv cpnx rspf wsn ' +
  'pvp br-sat-mon sun-nd wb-mon wb-expak iso-ip vmtp secure-vmtp vines ttp nsfnet-igp dgp tcf eigrp ospf ' +
  'sprite-rpc larp mtp ax.25 ipip micp scc-sp etherip encap - gmtp ifmp pnni pim aris scps qnx a/n ipcomp snp ' +
  'compaq-peer ipx-in-ip vrrp pgm - l2tp ddx iatp stp srp uti smp sm ptp isis fire crtp crudp sscopmce iplt sps ' +
  'pipe sctp fc rsvp-e2e-ignore mobility-header udplite mpls-in-ip manet hip shim6 wesp rohc'
).split(' ');

/** `ip-proto-17`, or without -n the protocol's keyword (`udp`). */
export function protoKeyword(p: number, n: number): string {
  const name = n === 0 ? (p === 253 || p === 254 ? `exptest-${p}` : p === 255 ? 'reserved' : PROTO_KEYWORDS[p]) : undefined;
  return name && name !== '-' ? name : `ip-proto-${p}`;
}

const OUIS: Record<number, string> = {
  0x000000: 'Ethernet', 0x00000c: 'Cisco', 0x00005e: 'IANA', 0x000081: 'Nortel Networks SONMP',
  0x0000f8: 'Cisco bridged', 0x00049f: 'Freescale', 0x0004ea: 'HP-Labs', 0x001018: 'Broadcom',
  0x00120f: 'IEEE 802.3 Private', 0x0012bb: 'ANSI/TIA', 0x0015ad: 'Netronome', 0x001b21: 'DCBX',
  0x002320: 'Nicira Networks', 0x002481: 'HP', 0x0080c2: 'Ethernet bridged', 0x009069: 'Juniper',
  0x00a03e: 'ATM Forum', 0x00e004: 'PMC-Sierra', 0x00e02f: 'DOCSIS Spanning Tree', 0x080007: 'Appletalk',
  0x080009: 'Hewlett-Packard',
};

/** A MAC address as printed: plain with -n; otherwise `Broadcast`, or the address and its vendor. */
export function macText(b: Uint8Array, off: number, numeric: boolean): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(b[off + i].toString(16).padStart(2, '0'));
  const plain = parts.join(':');
  if (numeric) return plain;
  if (parts.every((p) => p === 'ff')) return 'Broadcast';
  const oui = (b[off] << 16) | (b[off + 1] << 8) | b[off + 2];
  return `${plain} (oui ${OUIS[oui] ?? 'Unknown'})`;
}

/** A TCP or UDP port as printed: its service name unless -n. */
export function portText(proto: 'tcp' | 'udp', port: number, n: number): string {
  return (n === 0 && serviceName(proto, port)) || String(port);
}
