/**
 * ARP (RFC 826; probes and announcements RFC 5227 §2.1.1 and §2.3): hardware and protocol types and sizes,
 * opcode, sender and target addresses. Ethernet/IPv4 addresses get Wireshark's typed fields
 * (`arp.src.hw_mac`, `arp.src.proto_ipv4`); other sizes are shown as bytes.
 */
import { u16, u32 } from '../bytes';
import { fmtIp, fmtMac } from '../addr';
import { clip, field, generated, hex, hexOf, view, type Dissector } from './context';
import { ethertypeName, macField } from './ethernet';
import type { Field } from './tree';

const ARP_FIXED = 8;
const OPCODES: Record<number, string> = { 1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply', 8: 'inverse request', 9: 'inverse reply' };
const HW_TYPES: Record<number, string> = { 1: 'Ethernet', 6: 'IEEE 802 Networks', 32: 'InfiniBand' };

export const dissectArp: Dissector = (ctx, start, end) => {
  const head = view(ctx.frame, start, end, ARP_FIXED);
  const hwType = u16(head.b, start);
  const protoType = u16(head.b, start + 2);
  const hln = head.b[start + 4];
  const pln = head.b[start + 5];
  const op = u16(head.b, start + 6);
  const total = ARP_FIXED + 2 * hln + 2 * pln;
  const { b, short } = view(ctx.frame, start, end, total);
  const opName = OPCODES[op] ?? (op === 0 ? 'Reserved opcode 0' : 'Unknown');
  const layer = field('arp', 'Address Resolution Protocol', start, total, undefined, [
    field('arp.hw.type', `Hardware type: ${HW_TYPES[hwType] ?? 'Unknown'} (${hwType})`, start, 2, hwType),
    field('arp.proto.type', `Protocol type: ${ethertypeName(protoType)} (${hex(protoType, 4)})`, start + 2, 2, protoType),
    field('arp.hw.size', `Hardware size: ${hln}`, start + 4, 1, hln),
    field('arp.proto.size', `Protocol size: ${pln}`, start + 5, 1, pln),
    field('arp.opcode', `Opcode: ${opName} (${op})`, start + 6, 2, op),
  ]);
  ctx.layers.push(layer);
  ctx.summary.protocol = 'ARP';
  ctx.summary.info = opName;
  const ethIp = hwType === 1 && hln === 6 && protoType === 0x0800 && pln === 4;
  const sha = start + ARP_FIXED;
  const spa = sha + hln;
  const tha = spa + pln;
  const tpa = tha + hln;
  const addr = (name: string, title: string, off: number, len: number, isHw: boolean): Field =>
    !ethIp
      ? field(`arp.${name}.${isHw ? 'hw' : 'proto'}`, `${title}: ${hexOf(b, off, off + len)}`, off, len, hexOf(b, off, off + len))
      : isHw
        ? macField(`arp.${name}.hw_mac`, `${title} MAC address`, b, off, false)
        : field(`arp.${name}.proto_ipv4`, `${title} IP address: ${fmtIp(u32(b, off))}`, off, 4, fmtIp(u32(b, off)));
  const kids = layer.children!;
  let kind = opName;
  if (ethIp && !short) {
    const sender = u32(b, spa);
    const target = u32(b, tpa);
    const gratuitous = sender === target;
    const probe = op === 1 && sender === 0;
    if (op === 1 && gratuitous) {
      kind = 'ARP Announcement';
      kids.push(generated('arp.isgratuitous', 'Is gratuitous: True', start, true), generated('arp.isannouncement', 'Is announcement: True', start, true));
      ctx.summary.info = `ARP Announcement for ${fmtIp(sender)}`;
    } else if (probe) {
      kind = 'ARP Probe';
      kids.push(generated('arp.isprobe', 'Is probe: True', start, true));
      ctx.summary.info = `Who has ${fmtIp(target)}? (ARP Probe)`;
    } else if (op === 1) {
      ctx.summary.info = `Who has ${fmtIp(target)}? Tell ${fmtIp(sender)}`;
    } else if (op === 2) {
      if (gratuitous) kids.push(generated('arp.isgratuitous', 'Is gratuitous: True', start, true));
      ctx.summary.info = gratuitous ? `Gratuitous ARP for ${fmtIp(sender)} (Reply)` : `${fmtIp(sender)} is at ${fmtMac(b, sha)}`;
    }
  }
  layer.label = `Address Resolution Protocol (${kind})`;
  if (hln + pln > 0) {
    kids.push(addr('src', 'Sender', sha, hln, true), addr('src', 'Sender', spa, pln, false), addr('dst', 'Target', tha, hln, true), addr('dst', 'Target', tpa, pln, false));
  }
  if (short) {
    clip(ctx, layer, end);
    return;
  }
  return total;
};
