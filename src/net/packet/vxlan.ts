/** VXLAN (RFC 7348): the 8-byte header in front of an inner Ethernet frame. Cilium uses UDP port 8472. */
import { put32, u32 } from '../bytes';

export const VXLAN_HEADER = 8;
export const CILIUM_VXLAN_PORT = 8472;

export function buildVxlan(vni: number, inner: Uint8Array): Uint8Array {
  const v = new Uint8Array(VXLAN_HEADER + inner.length);
  v[0] = 0x08; // I flag: VNI valid
  put32(v, 4, (vni & 0xffffff) << 8);
  v.set(inner, VXLAN_HEADER);
  return v;
}

export function parseVxlan(v: Uint8Array): { vni: number; inner: Uint8Array } | null {
  if (v.length < VXLAN_HEADER || (v[0] & 0x08) === 0) return null;
  return { vni: u32(v, 4) >>> 8, inner: v.subarray(VXLAN_HEADER) };
}
