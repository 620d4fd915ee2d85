/** ARP for IPv4 over Ethernet (RFC 826): request and reply. */
import { u16, u32, put16, put32 } from '../bytes';

export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;

export interface Arp {
  op: number;
  senderMac: Uint8Array;
  senderIp: number;
  targetMac: Uint8Array;
  targetIp: number;
}

export function buildArp(a: Arp): Uint8Array {
  const p = new Uint8Array(28);
  put16(p, 0, 1); // hardware type: Ethernet
  put16(p, 2, 0x0800); // protocol type: IPv4
  p[4] = 6;
  p[5] = 4;
  put16(p, 6, a.op);
  p.set(a.senderMac, 8);
  put32(p, 14, a.senderIp);
  p.set(a.targetMac, 18);
  put32(p, 24, a.targetIp);
  return p;
}

export function parseArp(p: Uint8Array): Arp | null {
  if (p.length < 28 || u16(p, 0) !== 1 || u16(p, 2) !== 0x0800 || p[4] !== 6 || p[5] !== 4) return null;
  return { op: u16(p, 6), senderMac: p.slice(8, 14), senderIp: u32(p, 14), targetMac: p.slice(18, 24), targetIp: u32(p, 24) };
}
