/**
 * Address and port primitives: `[ip|arp|rarp] [src|dst] host|net ADDR`, `ether [src|dst] host MAC`,
 * `[tcp|udp|sctp] [src|dst] port|portrange N`. Header offsets: IPv4 addresses at 12/16 (RFC 791), ARP sender and
 * target protocol addresses at 14/24 (RFC 826, Ethernet/IPv4 sizes), Ethernet destination then source MAC,
 * transport ports in the first four bytes of TCP (RFC 9293), UDP (RFC 768) and SCTP (RFC 9260) headers.
 */
import { FilterError } from './filterError';
import {
  ETHERTYPE_ARP, ETHERTYPE_RARP, ethertype, firstFragment, ip4PayloadField, isIp, isIp6, requireEthernet, type Link,
} from './filterLink';
import { and, bin, cmp, ld, not, num, or, type Pred, type Value } from './filterPred';

/** `src`, `dst`, `src or dst` (the default) and `src and dst`. */
export type Dir = 'src' | 'dst' | 'or' | 'and';

export function byDir(dir: Dir | undefined, src: () => Pred, dst: () => Pred): Pred {
  if (dir === 'src') return src();
  if (dir === 'dst') return dst();
  return dir === 'and' ? and(src(), dst()) : or(src(), dst());
}

/** The address protocols `host`/`net` look into, each with its guard and its source/destination offsets. */
function addressFamilies(link: Link, proto: string | undefined): { guard: Pred; src: number; dst: number }[] {
  const ip = { guard: isIp(link), src: link.net + 12, dst: link.net + 16 };
  const arp = { guard: ethertype(link, ETHERTYPE_ARP), src: link.net + 14, dst: link.net + 24 };
  const rarp = { guard: ethertype(link, ETHERTYPE_RARP), src: link.net + 14, dst: link.net + 24 };
  if (proto === 'ip') return [ip];
  if (proto === 'arp') return [arp];
  if (proto === 'rarp') return [rarp];
  return [ip, arp, rarp];
}

function masked(v: Value, mask: number): Value {
  return mask === 0xffffffff ? v : bin('&', v, num(mask));
}

/** IPv4 host or network match (`mask` all ones for a host). */
export function ipAddress(link: Link, proto: string | undefined, dir: Dir | undefined, addr: number, mask: number): Pred {
  return or(...addressFamilies(link, proto).map((f) => {
    const one = (off: number): Pred => and(f.guard, cmp(masked(ld(off, 4), mask), 'eq', addr & mask));
    return byDir(dir, () => one(f.src), () => one(f.dst));
  }));
}

/** Ethernet source/destination MAC: the low four bytes, then the high two. */
export function etherAddress(link: Link, dir: Dir | undefined, mac: Uint8Array): Pred {
  requireEthernet(link, 'addresses');
  const low = ((mac[2] << 24) | (mac[3] << 16) | (mac[4] << 8) | mac[5]) >>> 0;
  const high = (mac[0] << 8) | mac[1];
  const at = (off: number): Pred => and(cmp(ld(off + 2, 4), 'eq', low), cmp(ld(off, 2), 'eq', high));
  return byDir(dir, () => at(6), () => at(0));
}

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_SCTP = 132;

/** Ports of TCP, UDP and SCTP (in that order: SCTP, TCP, UDP unless one is named), IPv6 first, then IPv4 first fragments. */
export function portMatch(link: Link, protos: number[], dir: Dir | undefined, lo: number, hi?: number): Pred {
  const field = (v: Value): Pred => (hi === undefined ? cmp(v, 'eq', lo) : and(cmp(v, 'ge', lo), not(cmp(v, 'gt', hi))));
  const ports6 = (): Pred => byDir(dir, () => field(ld(link.net + 40, 2)), () => field(ld(link.net + 42, 2)));
  const ports4 = (): Pred => byDir(dir, () => field(ip4PayloadField(link, 0)), () => field(ip4PayloadField(link, 2)));
  const v6 = and(isIp6(link), or(...protos.map((p) => and(cmp(ld(link.net + 6, 1), 'eq', p), ports6()))));
  const v4 = and(isIp(link), or(...protos.map((p) => and(cmp(ld(link.net + 9, 1), 'eq', p), and(firstFragment(link), ports4())))));
  return or(v6, v4);
}

/** A dotted IPv4 host or network (`10.244` is 10.244.0.0 with a /16 mask) as address and implied mask. */
export function dotted(text: string): { addr: number; mask: number } {
  const parts = text.split('.');
  if (parts.some((p) => !/^[0-9]+$/.test(p) || Number(p) > 255)) throw new FilterError(`invalid IPv4 address '${text}'`);
  let addr = 0;
  parts.forEach((p, i) => (addr |= Number(p) << (24 - 8 * i)));
  const bits = 8 * parts.length;
  return { addr: addr >>> 0, mask: bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0 };
}

/** A bare number as a network: shifted left until its highest byte is the first octet (`net 10` is 10/8). */
export function numberNet(v: number): { addr: number; mask: number } {
  if (v < 0x100) return { addr: (v << 24) >>> 0, mask: 0xff000000 };
  if (v < 0x10000) return { addr: (v << 16) >>> 0, mask: 0xffff0000 };
  if (v < 0x1000000) return { addr: (v << 8) >>> 0, mask: 0xffffff00 };
  return { addr: v, mask: 0xffffffff };
}

/** A MAC address in any form the lexer accepts, as 6 bytes. */
export function macBytes(text: string): Uint8Array {
  const hex = /^[0-9A-Fa-f]{12}$/.test(text) || /^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/.test(text)
    ? text.replace(/\./g, '').match(/../g)!
    : text.split(/[:.-]/);
  return new Uint8Array(hex.map((h) => parseInt(h, 16)));
}
