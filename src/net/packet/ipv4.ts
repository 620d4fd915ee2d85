/** IPv4 (RFC 791): build a header with a correct checksum, parse one, and rewrite fields with checksum updates. */
import { u16, u32, put16, put32 } from '../bytes';
import { inetChecksum, verifies } from '../checksum';

export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ESP = 50;
export const IPV4_HEADER = 20;

export interface Ipv4Fields {
  src: number;
  dst: number;
  proto: number;
  ttl: number;
  id: number;
  df: boolean;
  tos?: number;
}

export function buildIpv4(h: Ipv4Fields, payload: Uint8Array): Uint8Array {
  const p = new Uint8Array(IPV4_HEADER + payload.length);
  p[0] = 0x45;
  p[1] = h.tos ?? 0;
  put16(p, 2, p.length);
  put16(p, 4, h.id & 0xffff);
  put16(p, 6, h.df ? 0x4000 : 0);
  p[8] = h.ttl;
  p[9] = h.proto;
  put32(p, 12, h.src);
  put32(p, 16, h.dst);
  put16(p, 10, inetChecksum(p, 0, IPV4_HEADER));
  p.set(payload, IPV4_HEADER);
  return p;
}

export interface Ipv4Packet extends Ipv4Fields {
  headerLength: number;
  totalLength: number;
  checksumOk: boolean;
  payload: Uint8Array;
}

/** Parses an IPv4 packet; null when the bytes are not a well-formed IPv4 header. */
export function parseIpv4(p: Uint8Array): Ipv4Packet | null {
  if (p.length < IPV4_HEADER || p[0] >> 4 !== 4) return null;
  const headerLength = (p[0] & 0x0f) * 4;
  const totalLength = u16(p, 2);
  if (headerLength < IPV4_HEADER || totalLength < headerLength || totalLength > p.length) return null;
  return {
    src: u32(p, 12),
    dst: u32(p, 16),
    proto: p[9],
    ttl: p[8],
    id: u16(p, 4),
    df: (p[6] & 0x40) !== 0,
    tos: p[1],
    headerLength,
    totalLength,
    checksumOk: verifies(p, 0, headerLength),
    payload: p.subarray(headerLength, totalLength),
  };
}

/** Recomputes the header checksum in place. */
export function refreshIpv4Checksum(p: Uint8Array): void {
  const hl = (p[0] & 0x0f) * 4;
  put16(p, 10, 0);
  put16(p, 10, inetChecksum(p, 0, hl));
}
