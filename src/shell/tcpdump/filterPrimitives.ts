/**
 * The meaning of `qualifiers id`: which test a host, net, port, portrange, proto or gateway id makes under a
 * protocol and direction qualifier, and the refusals (with tcpdump's wording) for combinations that make none.
 */
import { LinkType } from '../../net/dissect/tree';
import { isIp as isDottedQuad, parseIp } from '../../net/addr';
import { dotted, etherAddress, ipAddress, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, macBytes, numberNet, portMatch, type Dir } from './filterAddr';
import { FilterError, unsupported } from './filterError';
import type { Token } from './filterLex';
import { anyProto, ip6Proto, ipProto, isIp, isIp6, linkProto, MULTICAST_LINKS, requireEthernet, type Link } from './filterLink';
import { ETHER_LLC_NAMES, ETHER_TYPES, PROTOCOLS } from './filterNames';
import { checkPort, portRange, servicePort } from './filterPorts';
import { and, bin, cmp, ld, num, or, type Pred, type Value } from './filterPred';

export type TypeQual = 'host' | 'net' | 'port' | 'portrange' | 'proto' | 'gateway';
export interface Quals { proto?: string; dir?: Dir; type?: TypeQual }

export interface Ctx {
  link: Link;
  resolveHost?: (name: string) => number[] | undefined;
  netmask: number;
  savefile: boolean;
}

/** An id as the grammar hands it over: the token, and for networks a `/len` or `mask M` suffix. */
export interface Id { tok: Token; len?: Token; mask?: Token }

const LINK_PROTOS = new Set(['ether', 'link']);
const ADDRESS_PROTOS = new Set([undefined, 'ip', 'arp', 'rarp']);
const PORT_PROTOS: ReadonlyMap<string | undefined, number[]> = new Map([
  [undefined, [IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP]], ['tcp', [IPPROTO_TCP]], ['udp', [IPPROTO_UDP]], ['sctp', [IPPROTO_SCTP]],
]);
/** Protocol keywords standing alone: what they test. */
const IP_ONLY: Record<string, number> = { icmp: 1, igmp: 2, igrp: 9, vrrp: 112, carp: 112 };
const IP_AND_IP6: Record<string, number> = { tcp: 6, udp: 17, sctp: 132, pim: 103, ah: 51, esp: 50 };

export function protocolAlone(ctx: Ctx, proto: string): Pred {
  const { link } = ctx;
  if (LINK_PROTOS.has(proto)) throw new FilterError('link layer applied in wrong context');
  if (proto === 'ip') return isIp(link);
  if (proto === 'ip6') return isIp6(link);
  if (proto === 'arp') return linkProto(link, 0x0806);
  if (proto === 'rarp') return linkProto(link, 0x8035);
  if (proto === 'icmp6') return ip6Proto(link, 58);
  if (proto in IP_ONLY) return ipProto(link, IP_ONLY[proto]);
  return anyProto(link, IP_AND_IP6[proto]);
}

/** Checks a protocol qualifier on an IPv4 host or network. */
function addressProto(q: Quals, kind: 'host' | 'net'): void {
  if (LINK_PROTOS.has(q.proto!)) throw new FilterError('illegal link layer address');
  if (q.proto === 'ip6') throw new FilterError("'ip6' modifier applied to ip host");
  if (!ADDRESS_PROTOS.has(q.proto)) throw new FilterError(`'${q.proto}' modifier applied to ${kind}`);
}

function portProtos(q: Quals): number[] {
  const protos = PORT_PROTOS.get(q.proto);
  if (!protos) throw new FilterError(`illegal qualifier of '${q.type}'`);
  return protos;
}

/** The primitive for `id` under qualifiers `q`; `orphan` when a bare id had no qualifiers to inherit. */
export function primitive(ctx: Ctx, q: Quals, id: Id, orphan = false): Pred {
  const { tok } = id;
  if (tok.kind === 'aid') throw new FilterError('aid supported only on ARCnet');
  if (tok.kind === 'ip6') throw unsupported('IPv6 addresses are');
  if (tok.kind === 'eid') {
    if (!LINK_PROTOS.has(q.proto!) || (q.type && q.type !== 'host')) throw new FilterError('ethernet address used in non-ether expression');
    return etherAddress(ctx.link, q.dir, macBytes(tok.text));
  }
  if (tok.kind === 'hid') return dottedPrimitive(ctx, q, id, orphan);
  if (orphan) throw ORPHAN();
  if (tok.kind === 'num') return numberPrimitive(ctx, q, tok.value!);
  return namePrimitive(ctx, q, tok.text);
}

function numberPrimitive(ctx: Ctx, q: Quals, v: number): Pred {
  switch (q.type ?? 'host') {
    case 'host': addressProto(q, 'host'); return ipAddress(ctx.link, q.proto, q.dir, v, 0xffffffff);
    case 'net': { addressProto(q, 'net'); const n = numberNet(v); return ipAddress(ctx.link, q.proto, q.dir, n.addr, n.mask); }
    case 'port': return portMatch(ctx.link, portProtos(q), q.dir, checkPort(v));
    case 'portrange': return portMatch(ctx.link, portProtos(q), q.dir, checkPort(v), checkPort(v));
    case 'proto': return protoNumber(ctx, q.proto, v);
    case 'gateway': throw new FilterError("'gateway' requires a name");
  }
}

const ORPHAN = (): FilterError => new FilterError('syntax error in filter expression');

function dottedPrimitive(ctx: Ctx, q: Quals, id: Id, orphan: boolean): Pred {
  const type = q.type ?? 'host';
  const host = dotted(id.tok.text);
  const addr = host.addr;
  let mask = host.mask;
  if (id.len || id.mask) {
    let text: string;
    if (id.len) {
      const bits = id.len.value!;
      if (bits > 32) throw new FilterError('mask length must be <= 32');
      mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      text = `${id.tok.text}/${bits}`;
    } else {
      mask = dotted(id.mask!.text).addr;
      text = `${id.tok.text} mask ${id.mask!.text}`;
    }
    if ((addr & ~mask) !== 0) throw new FilterError(`non-network bits set in "${text}"`);
    if (type !== 'net') throw new FilterError('Mask syntax for networks only');
    if (LINK_PROTOS.has(q.proto!)) throw new FilterError('link-layer modifier applied to net');
  }
  if (orphan) throw ORPHAN();
  if (type === 'port' || type === 'portrange' || type === 'proto') throw new FilterError(`'${type}' modifier applied to ip host`);
  if (type === 'gateway') throw new FilterError("'gateway' requires a name");
  addressProto(q, type);
  return ipAddress(ctx.link, q.proto, q.dir, addr, mask);
}

function namePrimitive(ctx: Ctx, q: Quals, name: string): Pred {
  switch (q.type ?? 'host') {
    case 'host': {
      if (LINK_PROTOS.has(q.proto!)) {
        if (ctx.link.type !== LinkType.ETHERNET) {
          throw new FilterError('only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level host name');
        }
        throw new FilterError(`unknown ether host '${name}'`);
      }
      const addrs = isDottedQuad(name) ? [parseIp(name)] : ctx.resolveHost?.(name);
      if (!addrs?.length) throw new FilterError(`unknown host '${name}'`);
      addressProto(q, 'host');
      return or(...addrs.map((a) => ipAddress(ctx.link, q.proto, q.dir, a >>> 0, 0xffffffff)));
    }
    case 'net': throw new FilterError(`unknown network '${name}'`);
    case 'port': {
      const protos = portProtos(q);
      const s = servicePort(name, q.proto);
      return portMatch(ctx.link, s.proto ? PORT_PROTOS.get(s.proto)! : protos, q.dir, s.port);
    }
    case 'portrange': {
      const protos = portProtos(q);
      const r = portRange(name, q.proto);
      return portMatch(ctx.link, r.proto ? PORT_PROTOS.get(r.proto)! : protos, q.dir, r.lo, r.hi);
    }
    case 'proto': return protoNumber(ctx, q.proto, protoByName(q.proto, name));
    case 'gateway': throw new FilterError("'gateway' not supported in this configuration");
  }
}

function protoByName(proto: string | undefined, name: string): number {
  if (LINK_PROTOS.has(proto!)) {
    if (ETHER_LLC_NAMES.has(name)) throw unsupported(`'ether proto \\${name}' is`);
    const t = ETHER_TYPES.get(name);
    if (t === undefined) throw new FilterError(`unknown ether proto '${name}'`);
    return t;
  }
  // only `ip`, `ip6` or no qualifier look names up in the protocols database
  if (proto !== undefined && proto !== 'ip' && proto !== 'ip6') throw new FilterError(`unknown protocol: ${name}`);
  const p = PROTOCOLS.get(name);
  if (p === undefined) throw new FilterError(`unknown ip proto '${name}'`);
  return p;
}

/** `[ether|ip|ip6] proto N`. */
function protoNumber(ctx: Ctx, proto: string | undefined, n: number): Pred {
  const { link } = ctx;
  if (proto === undefined) return anyProto(link, n);
  if (proto === 'ip') return ipProto(link, n);
  if (proto === 'ip6') return ip6Proto(link, n);
  if (LINK_PROTOS.has(proto)) return linkProto(link, n);
  if (proto === 'arp' || proto === 'rarp') throw new FilterError(`${proto} does not encapsulate another protocol`);
  throw new FilterError(`'${proto} proto' is bogus`);
}

/** `[ether|ip|ip6] broadcast|multicast`; IPv4 broadcast is all-zeros or all-ones host bits under the netmask. */
export function castPrimitive(ctx: Ctx, proto: string | undefined, what: 'broadcast' | 'multicast'): Pred {
  const { link } = ctx;
  const linkLevel = proto === undefined || LINK_PROTOS.has(proto);
  if (what === 'broadcast') {
    if (linkLevel) {
      requireEthernet(link, 'broadcast');
      return etherAddress(link, 'dst', new Uint8Array([255, 255, 255, 255, 255, 255]));
    }
    if (proto !== 'ip') throw new FilterError('only link-layer/IP broadcast filters supported');
    const hostBits = ~ctx.netmask >>> 0;
    const dst = (): Value => (hostBits === 0xffffffff ? ld(link.net + 16, 4) : bin('&', ld(link.net + 16, 4), num(hostBits)));
    return and(isIp(link), or(cmp(dst(), 'eq', 0), cmp(dst(), 'eq', hostBits)));
  }
  if (proto === 'ip') return and(isIp(link), cmp(ld(link.net + 16, 1), 'ge', 224));
  if (proto === 'ip6') return and(isIp6(link), cmp(ld(link.net + 24, 1), 'eq', 0xff));
  if (!linkLevel) throw new FilterError(MULTICAST_LINKS);
  requireEthernet(link, 'multicast');
  return cmp(ld(0, 1), 'set', 1);
}
