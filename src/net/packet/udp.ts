/** UDP (RFC 768) over IPv4, with the pseudo-header checksum. */
import { u16, put16 } from '../bytes';
import { inetChecksum, pseudoHeaderSum, verifies } from '../checksum';
import { PROTO_UDP } from './ipv4';

export const UDP_HEADER = 8;

/** `noChecksum` leaves the checksum zero, as Linux VXLAN does over IPv4 by default. */
export function buildUdp(src: number, dst: number, sport: number, dport: number, payload: Uint8Array, noChecksum = false): Uint8Array {
  const u = new Uint8Array(UDP_HEADER + payload.length);
  put16(u, 0, sport);
  put16(u, 2, dport);
  put16(u, 4, u.length);
  u.set(payload, UDP_HEADER);
  if (noChecksum) return u;
  const c = inetChecksum(u, 0, u.length, pseudoHeaderSum(src, dst, PROTO_UDP, u.length));
  put16(u, 6, c === 0 ? 0xffff : c);
  return u;
}

export interface UdpDatagram {
  sport: number;
  dport: number;
  length: number;
  checksumOk: boolean;
  payload: Uint8Array;
}

export function parseUdp(src: number, dst: number, u: Uint8Array): UdpDatagram | null {
  if (u.length < UDP_HEADER) return null;
  const length = u16(u, 4);
  if (length < UDP_HEADER || length > u.length) return null;
  const checksumOk = u16(u, 6) === 0 || verifies(u, 0, length, pseudoHeaderSum(src, dst, PROTO_UDP, length));
  return { sport: u16(u, 0), dport: u16(u, 2), length, checksumOk, payload: u.subarray(UDP_HEADER, length) };
}
