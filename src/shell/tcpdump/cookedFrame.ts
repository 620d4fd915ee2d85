/**
 * What Linux hands `tcpdump -i any`: each frame re-wrapped in a Linux cooked v2 header (LINKTYPE_LINUX_SLL2,
 * https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html) naming the interface by index and the direction, with
 * the Ethernet header replaced by its EtherType and source address. The printer then shows `eth0  Out IP ...`.
 */
import { LinkType } from '../../net/dissect/tree';

export const SLL2_HEADER_LEN = 20;
/** sll_pkttype values (linux/if_packet.h). */
export const PACKET_HOST = 0;
export const PACKET_BROADCAST = 1;
export const PACKET_MULTICAST = 2;
export const PACKET_OTHERHOST = 3;
export const PACKET_OUTGOING = 4;
const ARPHRD_ETHER = 1;
const ARPHRD_NONE = 0xfffe;

export interface CookOptions {
  /** Link type of `frame`: Ethernet, or raw IP (tunnel devices such as cilium_wg0). */
  linkType: number;
  ifindex: number;
  dir: 'in' | 'out';
  /** The capturing interface's own MAC address, to tell frames for this host from others' (default: all are). */
  ownMac?: Uint8Array;
}

/** The frame as `-i any` captures it, or undefined for an Ethernet frame too short to have a header. */
export function toCookedV2(frame: Uint8Array, o: CookOptions): Uint8Array | undefined {
  const h = new Uint8Array(SLL2_HEADER_LEN);
  const v = new DataView(h.buffer);
  v.setUint32(4, o.ifindex);
  let payload: Uint8Array;
  if (o.linkType === LinkType.ETHERNET) {
    if (frame.length < 14) return undefined;
    v.setUint16(0, (frame[12] << 8) | frame[13]);
    v.setUint16(8, ARPHRD_ETHER);
    h[10] = o.dir === 'out' ? PACKET_OUTGOING : inboundType(frame, o.ownMac);
    h[11] = 6;
    h.set(frame.subarray(6, 12), 12);
    payload = frame.subarray(14);
  } else {
    v.setUint16(0, frame.length > 0 && frame[0] >> 4 === 6 ? 0x86dd : 0x0800);
    v.setUint16(8, ARPHRD_NONE);
    h[10] = o.dir === 'out' ? PACKET_OUTGOING : PACKET_HOST;
    payload = frame;
  }
  const out = new Uint8Array(SLL2_HEADER_LEN + payload.length);
  out.set(h);
  out.set(payload, SLL2_HEADER_LEN);
  return out;
}

function inboundType(frame: Uint8Array, ownMac?: Uint8Array): number {
  if (frame.subarray(0, 6).every((b) => b === 0xff)) return PACKET_BROADCAST;
  if (frame[0] & 1) return PACKET_MULTICAST;
  if (ownMac && !frame.subarray(0, 6).every((b, i) => b === ownMac[i])) return PACKET_OTHERHOST;
  return PACKET_HOST;
}
