/**
 * Linux "cooked" capture v2 (LINKTYPE_LINUX_SLL2 = 276, https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html),
 * what `tcpdump -i any` writes: protocol (an Ethertype), reserved, interface index, ARPHRD type, packet type,
 * link-layer address length and up to 8 address bytes; then the payload by Ethertype.
 */
import { u16, u32 } from '../bytes';
import { clip, dissectData, field, hex, hexOf, view, type Dissector } from './context';
import { ethertypeName, macField, macName } from './ethernet';
import { dispatchEthertype } from './registry';

export const SLL2_HEADER = 20;
const HATYPES: Record<number, string> = { 1: 'Ethernet', 772: 'Loopback', 776: 'IPv6-in-IPv4', 778: 'GRE over IP', 65534: 'None' };
const PKTTYPES = ['Unicast to us', 'Broadcast', 'Multicast', 'Unicast to another host', 'Sent by us'];

export const dissectSll2: Dissector = (ctx, start, end) => {
  const { b, short } = view(ctx.frame, start, end, SLL2_HEADER);
  const type = u16(b, start);
  const ifindex = u32(b, start + 4);
  const hatype = u16(b, start + 8);
  const pkttype = b[start + 10];
  const halen = Math.min(b[start + 11], 8);
  const isEth = hatype === 1 && halen === 6;
  const layer = field('sll', 'Linux cooked capture v2', start, SLL2_HEADER, undefined, [
    field('sll.etype', `Protocol: ${ethertypeName(type)} (${hex(type, 4)})`, start, 2, type),
    field('sll.ifindex', `Interface index: ${ifindex}`, start + 4, 4, ifindex),
    field('sll.hatype', `Link-layer address type: ${HATYPES[hatype] ?? 'Unknown'} (${hatype})`, start + 8, 2, hatype),
    field('sll.pkttype', `Packet type: ${PKTTYPES[pkttype] ?? 'Unknown'} (${pkttype})`, start + 10, 1, pkttype),
    field('sll.halen', `Link-layer address length: ${b[start + 11]}`, start + 11, 1, b[start + 11]),
  ]);
  const kids = layer.children!;
  if (isEth) kids.push(macField('sll.src.eth', 'Source', b, start + 12, false));
  else if (halen > 0) kids.push(field('sll.src.other', `Source: ${hexOf(b, start + 12, start + 12 + halen)}`, start + 12, halen, hexOf(b, start + 12, start + 12 + halen)));
  if (halen < 8) kids.push(field('sll.unused', `Unused: ${hexOf(b, start + 12 + halen, start + 20)}`, start + 12 + halen, 8 - halen));
  ctx.layers.push(layer);
  ctx.summary = { protocol: 'SLL', src: isEth && !short ? macName(b, start + 12) : '', dst: '', info: 'Linux cooked capture v2' };
  if (short) {
    clip(ctx, layer, end);
    return;
  }
  const payload = start + SLL2_HEADER;
  const used = dispatchEthertype(type, ctx, payload, end);
  if (used === undefined) {
    dissectData(ctx, payload, end);
    return;
  }
  if (payload + used < end) {
    kids.push(field('sll.trailer', `Trailer: ${hexOf(ctx.frame, payload + used, end)}`, payload + used, end - payload - used));
  }
};
