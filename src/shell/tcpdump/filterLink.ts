/**
 * Protocol checks for each link type: where the network header starts and how a packet says what it carries.
 * Ethernet (LINKTYPE_ETHERNET, IEEE 802.3): 14-byte header, EtherType at 12 (a value <= 1500 there is an 802.3
 * length, and the 802.2 LLC DSAP follows the header). Linux cooked v2 (LINKTYPE_LINUX_SLL2): 20-byte header,
 * protocol type at 0, packet type at 10 (4 = PACKET_OUTGOING). Raw IP (LINKTYPE_RAW): no header, the version
 * nibble tells IPv4 from IPv6. Offsets inside IPv4 (RFC 791), IPv6 (RFC 8200), ARP (RFC 826).
 */
import { LinkType } from '../../net/dissect/tree';
import { FilterError } from './filterError';
import { and, bin, cmp, FALSE, ld, not, num, or, type Pred, type Value } from './filterPred';

export const ETHERTYPE_IP = 0x0800;
export const ETHERTYPE_IP6 = 0x86dd;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_RARP = 0x8035;
const IPPROTO_FRAGMENT = 44;
const MAX_8023_LENGTH = 1500;

export interface Link {
  type: LinkType;
  /** Offset of the network-layer header. */
  net: number;
  /** The name tcpdump uses for the link type in its messages. */
  name: string;
}

export function linkOf(type: LinkType): Link {
  switch (type) {
    case LinkType.ETHERNET: return { type, net: 14, name: 'Ethernet' };
    case LinkType.LINUX_SLL2: return { type, net: 20, name: 'Linux cooked v2' };
    case LinkType.RAW: return { type, net: 0, name: 'Raw IP' };
    default: throw new FilterError(`link type ${String(type)} is not supported by podlock's tcpdump`);
  }
}

/** The packet carries EtherType `t` (for raw IP: the version nibble says IPv4 or IPv6). */
export function ethertype(link: Link, t: number): Pred {
  if (link.type === LinkType.ETHERNET) return cmp(ld(12, 2), 'eq', t);
  if (link.type === LinkType.LINUX_SLL2) return cmp(ld(0, 2), 'eq', t);
  if (t === ETHERTYPE_IP) return cmp(bin('&', ld(0, 1), num(0xf0)), 'eq', 0x40);
  if (t === ETHERTYPE_IP6) return cmp(bin('&', ld(0, 1), num(0xf0)), 'eq', 0x60);
  return FALSE;
}

/** `ether proto N`: on Ethernet, N <= 1500 names an 802.2 DSAP in a length-field frame. */
export function linkProto(link: Link, n: number): Pred {
  if (link.type === LinkType.ETHERNET && n <= MAX_8023_LENGTH) {
    return and(not(cmp(ld(12, 2), 'gt', MAX_8023_LENGTH)), cmp(ld(14, 1), 'eq', n));
  }
  return ethertype(link, n);
}

export const isIp = (link: Link): Pred => ethertype(link, ETHERTYPE_IP);
export const isIp6 = (link: Link): Pred => ethertype(link, ETHERTYPE_IP6);

/** IPv4 protocol field. */
export function ipProto(link: Link, p: number): Pred {
  return and(isIp(link), cmp(ld(link.net + 9, 1), 'eq', p));
}

/** IPv6 next header, or the next header after a fragment header (no further chase). */
export function ip6Proto(link: Link, p: number): Pred {
  const nxt = ld(link.net + 6, 1);
  return and(isIp6(link), or(cmp(nxt, 'eq', p), and(cmp(nxt, 'eq', IPPROTO_FRAGMENT), cmp(ld(link.net + 40, 1), 'eq', p))));
}

export const anyProto = (link: Link, p: number): Pred => or(ipProto(link, p), ip6Proto(link, p));

/** Not a later IPv4 fragment (fragment offset 0). */
export const firstFragment = (link: Link): Pred => not(cmp(ld(link.net + 6, 2), 'set', 0x1fff));

/** A 16-bit field of the IPv4 payload (after the variable-length header). */
export function ip4PayloadField(link: Link, off: number): Value {
  return { k: 'load', base: 'ip4payload', at: num(off), size: 2, netOff: link.net };
}

/** Sent by this host: SLL2's packet type, elsewhere the capture metadata (live captures only). */
export function outbound(link: Link, savefile: boolean): Pred {
  if (link.type === LinkType.LINUX_SLL2) return cmp(ld(10, 1), 'eq', 4);
  if (savefile) throw new FilterError(`inbound/outbound not supported on ${link.name} when reading savefiles`);
  return { k: 'test', t: { kind: 'outbound' } };
}

export function requireEthernet(link: Link, what: 'addresses' | 'broadcast' | 'multicast'): void {
  if (link.type === LinkType.ETHERNET) return;
  if (what === 'addresses') throw new FilterError('ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel');
  if (what === 'broadcast') throw new FilterError('not a broadcast link');
  throw new FilterError(MULTICAST_LINKS);
}

export const MULTICAST_LINKS = 'link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel';
