/** Ethernet II frames (IEEE 802.3 with an EtherType): build and parse the 14-byte header. */
import { u16, put16 } from '../bytes';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETH_HEADER = 14;

export function buildEthernet(dst: Uint8Array, src: Uint8Array, ethertype: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(ETH_HEADER + payload.length);
  f.set(dst, 0);
  f.set(src, 6);
  put16(f, 12, ethertype);
  f.set(payload, ETH_HEADER);
  return f;
}

export interface EthHeader {
  dst: Uint8Array;
  src: Uint8Array;
  ethertype: number;
  payload: Uint8Array;
}

export function parseEthernet(f: Uint8Array): EthHeader | null {
  if (f.length < ETH_HEADER) return null;
  return { dst: f.subarray(0, 6), src: f.subarray(6, 12), ethertype: u16(f, 12), payload: f.subarray(ETH_HEADER) };
}

export function isBroadcast(mac: Uint8Array): boolean {
  return mac.every((b) => b === 0xff);
}
