/** ICMP echo request and reply (RFC 792). */
import { u16, put16 } from '../bytes';
import { inetChecksum, verifies } from '../checksum';

export const ICMP_ECHO_REPLY = 0;
export const ICMP_ECHO_REQUEST = 8;

export function buildIcmpEcho(type: number, id: number, seq: number, data: Uint8Array): Uint8Array {
  const m = new Uint8Array(8 + data.length);
  m[0] = type;
  put16(m, 4, id);
  put16(m, 6, seq);
  m.set(data, 8);
  put16(m, 2, inetChecksum(m));
  return m;
}

export interface IcmpEcho {
  type: number;
  code: number;
  id: number;
  seq: number;
  checksumOk: boolean;
  data: Uint8Array;
}

export function parseIcmp(m: Uint8Array): IcmpEcho | null {
  if (m.length < 8) return null;
  return { type: m[0], code: m[1], id: u16(m, 4), seq: u16(m, 6), checksumOk: verifies(m), data: m.subarray(8) };
}
