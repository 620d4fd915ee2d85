/**
 * VXLAN (RFC 7348 §5; Group Policy extension draft-smith-vxlan-group-policy as Wireshark shows it): flags, group
 * policy ID, VNI, reserved byte, then the inner Ethernet frame, dissected in place so every inner field keeps its
 * offset in the whole frame. Registered on UDP 4789 (IANA) and 8472 (the Linux kernel default, used by Cilium and
 * flannel).
 */
import { u16 } from '../bytes';
import { MAX_DEPTH, bits, clip, dissectData, field, hex, view, type Dissector } from './context';
import { dissectEthernet } from './ethernet';

export const VXLAN_HEADER = 8;
export const VXLAN_PORT = 4789;
export const VXLAN_LINUX_PORT = 8472;

/** [mask, field, label, true text, false text] */
const FLAGS: [number, string, string, string, string][] = [
  [0x8000, 'vxlan.flag_g', 'GBP Extension', 'Defined', 'Not defined'],
  [0x0800, 'vxlan.flag_i', 'VXLAN Network ID (VNI)', 'True', 'False'],
  [0x0040, 'vxlan.flag_d', "Don't Learn", 'True', 'False'],
  [0x0008, 'vxlan.flag_a', 'Policy Applied', 'True', 'False'],
];
const RESERVED = 0x77b7;

export const dissectVxlan: Dissector = (ctx, start, end) => {
  const { b, short } = view(ctx.frame, start, end, VXLAN_HEADER);
  const flags = u16(b, start);
  const gbp = u16(b, start + 2);
  const vni = (b[start + 4] << 16) | (b[start + 5] << 8) | b[start + 6];
  const set = FLAGS.filter(([m]) => flags & m).map(([, , label]) => label);
  const flagKids = FLAGS.map(([m, name, label, yes, no]) => field(name, `${bits(flags, m, 16)}${label}: ${flags & m ? yes : no}`, start, 2, (flags & m) !== 0));
  flagKids.push(field('vxlan.flags_reserved', `${bits(flags, RESERVED, 16)}Reserved(R): ${hex(flags & RESERVED, 4)}`, start, 2, flags & RESERVED));
  const layer = field('vxlan', 'Virtual eXtensible Local Area Network', start, VXLAN_HEADER, undefined, [
    field('vxlan.flags', `Flags: ${hex(flags, 4)}${set.map((s) => `, ${s}`).join('')}`, start, 2, flags, flagKids),
    field('vxlan.gbp', `Group Policy ID: ${gbp}`, start + 2, 2, gbp),
    field('vxlan.vni', `VXLAN Network Identifier (VNI): ${vni}`, start + 4, 3, vni),
    field('vxlan.reserved8', `Reserved: ${b[start + 7]}`, start + 7, 1, b[start + 7]),
  ]);
  ctx.layers.push(layer);
  ctx.summary.protocol = 'VXLAN';
  if (short) {
    clip(ctx, layer, end);
    return;
  }
  const inner = start + VXLAN_HEADER;
  if (inner >= end) return;
  if (ctx.depth >= MAX_DEPTH) {
    dissectData(ctx, inner, end);
    return;
  }
  // the inner frame has its own addresses and ports
  ctx.ip = undefined;
  ctx.ports = undefined;
  ctx.fragmented = false;
  ctx.depth++;
  dissectEthernet(ctx, inner, end);
  ctx.depth--;
};
