/**
 * Link layers: Ethernet (with 802.1Q tags), raw IP and Linux cooked v2, and the EtherType dispatch they share.
 * Formats as tcpdump 4.99.3 prints them (tcpdump(8) "Link Level Headers", observed on the real tool):
 *   -e  `52:54:00:9e:6b:99 > 52:54:00:2c:68:65, ethertype IPv4 (0x0800), length 74: ...`
 *   tags `ethertype 802.1Q (0x8100), length 58: vlan 5, p 1, ethertype IPv4 (0x0800), ...`
 *   any `eth0  Out IP ...`, with -e `eth0  Out ifindex 9 52:54:00:9e:6b:99 ethertype IPv4 (0x0800), length 80: ...`
 * A payload nobody prints gets the -e header (even without -e) and a hex dump.
 */
import { printArp } from './printArp';
import type { Ctx } from './printCtx';
import { printIp } from './printIp';
import { hexLines } from './printHex';
import { ethertypeText, isVlanType, macText } from './printNames';

/** The payload of EtherType `type` at `off`, `len` bytes on the wire; false when nothing prints it. */
export function printEthertype(c: Ctx, type: number, off: number, len: number): boolean {
  if (type === 0x0800) printIp(c, off, len);
  else if (type === 0x0806 || type === 0x8035) printArp(c, off, len);
  else return false;
  return true;
}

/** tcpdump's fallback for bytes it has no printer for: a -X style dump, unless -x/-X already dumps them. */
export function dumpUnprinted(c: Ctx, off: number, end = c.end): void {
  if (c.o.x !== 'none' && c.o.x !== 'A' && c.o.x !== 'AA') return;
  const lines = hexLines(c.b, off, Math.max(off, end), true);
  if (lines.length > 0) c.put('\n' + lines.join('\n'));
}

const tag = (tci: number): string => `vlan ${tci & 0xfff}, p ${tci >>> 13}${tci & 0x1000 ? ', DEI' : ''}, `;

/** An Ethernet frame at `off` whose wire length is `len`. */
export function printEthernet(c: Ctx, off: number, len: number): void {
  c.proto = 'ether';
  const outermost = off === 0;
  if (len < c.end - off) {
    c.put(`[length ${len} < caplen ${c.end - off}] (invalid)`);
    return;
  }
  if (!c.has(off, 14)) c.trunc('ether');
  const numeric = c.o.n > 0;
  const macs = `${macText(c.b, off + 6, numeric)} > ${macText(c.b, off, numeric)}`;
  if (c.o.e) c.put(`${macs}, `);
  let type = c.u16(off + 12);
  let at = off + 14;
  let first = true;
  const header = (t: number): string => (first ? `ethertype ${ethertypeText(t)}, length ${len}: ` : `ethertype ${ethertypeText(t)}, `);
  while (isVlanType(type)) {
    if (!c.has(at, 4)) c.trunc('vlan');
    if (c.o.e) c.put(header(type) + tag(c.u16(at)));
    first = false;
    type = c.u16(at + 2);
    at += 4;
  }
  if (outermost) c.linkEnd = at;
  if (type <= 1500) {
    if (c.o.e) c.put(first ? `802.3, length ${type}: ` : '802.3');
    printLlc(c, at, type, macs);
    return;
  }
  if (c.o.e) c.put(header(type));
  const rest = len - (at - off);
  if (!printEthertype(c, type, at, rest)) {
    if (!c.o.e) c.put(`${macs}, ethertype ${ethertypeText(type)}, length ${len}: `);
    dumpUnprinted(c, at);
  }
}

/**
 * IEEE 802.3 with an 802.2 LLC header (the type field is a length): only what the lab can meet is printed, the
 * header cut short (` [|llc]`); anything else as bytes.
 */
function printLlc(c: Ctx, at: number, len: number, macs: string): void {
  c.proto = 'llc';
  if (len < 3 || !c.has(at, 3)) c.trunc();
  if (!c.o.e) c.put(`${macs}, 802.3, length ${len}: `);
  dumpUnprinted(c, at);
}

/** LINKTYPE_RAW: an IP packet with no link header; -e says `ip: `. */
export function printRaw(c: Ctx, len: number): void {
  c.proto = 'raw';
  if (c.o.e) c.put('ip: ');
  if (!c.has(0, 1)) c.trunc('ip');
  const version = c.b[0] >> 4;
  if (version === 4) printIp(c, 0, len);
  else c.put(`unknown ip ${version}`);
}

const PKTTYPES = ['In', 'B', 'M', 'P', 'Out'];

/** LINKTYPE_LINUX_SLL2: interface and direction columns, then the payload by its protocol type. */
export function printSll2(c: Ctx, len: number, iface = '?'): void {
  c.proto = 'sll2';
  if (!c.has(0, 20)) c.trunc('sll2', true);
  const type = c.u16(0);
  const pkttype = c.b[10];
  const halen = c.b[11];
  c.linkEnd = 20;
  c.put(`${iface.padEnd(5)} ${(PKTTYPES[pkttype] ?? '?').padEnd(3)} `);
  const mac = halen === 6 ? `${macText(c.b, 12, c.o.n > 0)} ` : '';
  const header = `ifindex ${c.u32(4)} ${mac}ethertype ${ethertypeText(type)}, length ${len}: `;
  if (c.o.e) c.put(header);
  if (isVlanType(type)) {
    printSllVlan(c, len - 20);
    return;
  }
  if (printEthertype(c, type, 20, len - 20)) return;
  if (!c.o.e && type >= 0x600) c.put(header);
  dumpUnprinted(c, 20);
}

/** An 802.1Q tag after a cooked header: `vlan 5, p 0, ` with -e, then `ethertype IPv4, ` either way. */
function printSllVlan(c: Ctx, len: number): void {
  c.proto = 'vlan';
  if (!c.has(20, 4)) {
    c.linkEnd = c.b.length;
    c.trunc();
  }
  const tci = c.u16(20);
  const type = c.u16(22);
  c.linkEnd = 24;
  if (c.o.e) c.put(tag(tci));
  c.put(`ethertype ${ethertypeText(type).replace(/ \(0x[0-9a-f]+\)$/, '')}, `);
  if (printEthertype(c, type, 24, len - 4)) return;
  if (!c.o.e) c.put(`ifindex ${c.u32(4)} ${c.b[11] === 6 ? `${macText(c.b, 12, c.o.n > 0)} ` : ''}ethertype ${ethertypeText(0x8100)}, length ${len + 16}: `);
  dumpUnprinted(c, 24);
}
