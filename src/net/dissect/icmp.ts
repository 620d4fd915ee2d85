/**
 * ICMP for IPv4 (RFC 792; "Fragmentation needed" MTU RFC 1191): type, code, checksum over the whole message with a
 * generated status, echo identifier/sequence (shown big- and little-endian, as Wireshark does), and for error
 * messages the quoted IPv4 datagram, dissected inside the ICMP layer without counting its cut-off as malformed.
 */
import { u16, u32 } from '../bytes';
import { fmtIp } from '../addr';
import { verifies, inetChecksum, sum16 } from '../checksum';
import { MAX_DEPTH, add, clip, dataField, field, generated, hex, hexOf, view, type ChecksumStatus, type DissectCtx, type Dissector } from './context';
import { dissectIp } from './ipv4';
import type { Field } from './tree';

const ICMP_HEADER = 8;

const TYPES: Record<number, string> = {
  0: 'Echo (ping) reply', 3: 'Destination unreachable', 4: 'Source quench (flow control)', 5: 'Redirect',
  8: 'Echo (ping) request', 9: 'Router advertisement', 10: 'Router solicitation', 11: 'Time-to-live exceeded',
  12: 'Parameter problem', 13: 'Timestamp request', 14: 'Timestamp reply', 15: 'Information request', 16: 'Information reply',
  17: 'Address mask request', 18: 'Address mask reply', 42: 'Extended Echo request', 43: 'Extended Echo reply',
};
const CODES: Record<number, Record<number, string>> = {
  3: ['Network unreachable', 'Host unreachable', 'Protocol unreachable', 'Port unreachable', 'Fragmentation needed',
    'Source route failed', 'Destination network unknown', 'Destination host unknown', 'Source host isolated',
    'Network administratively prohibited', 'Host administratively prohibited', 'Network unreachable for TOS',
    'Host unreachable for TOS', 'Communication administratively filtered', 'Host precedence violation', 'Precedence cutoff in effect'],
  5: ['Redirect for network', 'Redirect for host', 'Redirect for TOS and network', 'Redirect for TOS and host'],
  11: ['Time to live exceeded in transit', 'Fragment reassembly time exceeded'],
  12: ['Pointer indicates the error', 'Required option missing', 'Bad length'],
  9: { 0: 'Normal router advertisement', 16: 'Does not route common traffic' },
  42: ['No error'],
  43: ['No error', 'Malformed Query', 'No Such Interface', 'No Such Table Entry', 'Multiple Interfaces Satisfy Query'],
};
const ECHO_LIKE = new Set([0, 8, 13, 14, 15, 16, 17, 18]);
const ERRORS = new Set([3, 4, 5, 11, 12]);

const swap16 = (v: number): number => ((v & 0xff) << 8) | (v >> 8);

export const dissectIcmp: Dissector = (ctx, start, end) => {
  const { b, short } = view(ctx.frame, start, end, ICMP_HEADER);
  const type = b[start];
  const code = b[start + 1];
  const csum = u16(b, start + 2);
  const typeName = TYPES[type] ?? 'Unknown ICMP (obsolete or malformed?)';
  const codeName = CODES[type]?.[code];
  const layer = field('icmp', 'Internet Control Message Protocol', start, end - start, undefined, [
    field('icmp.type', `Type: ${type} (${typeName})`, start, 1, type),
    field('icmp.code', codeName ? `Code: ${code} (${codeName})` : `Code: ${code}`, start + 1, 1, code),
    checksumField(ctx, b, start, end, csum, short),
  ]);
  ctx.layers.push(layer);
  ctx.summary.protocol = 'ICMP';
  ctx.summary.info = typeName.padEnd(20) + (codeName && !ECHO_LIKE.has(type) ? ` (${codeName})` : '');
  const kids = layer.children!;
  let quotedLen: number | undefined;
  if (ECHO_LIKE.has(type)) {
    const id = u16(b, start + 4);
    const seq = u16(b, start + 6);
    kids.push(
      field('icmp.ident', `Identifier (BE): ${id} (${hex(id, 4)})`, start + 4, 2, id),
      field('icmp.ident_le', `Identifier (LE): ${swap16(id)} (${hex(swap16(id), 4)})`, start + 4, 2, swap16(id)),
      field('icmp.seq', `Sequence Number (BE): ${seq} (${hex(seq, 4)})`, start + 6, 2, seq),
      field('icmp.seq_le', `Sequence Number (LE): ${swap16(seq)} (${hex(swap16(seq), 4)})`, start + 6, 2, swap16(seq)),
    );
    ctx.summary.info += ` id=${hex(id, 4)}, seq=${seq}/${swap16(seq)}` + (ctx.ip ? `, ttl=${ctx.ip.ttl}` : '');
  } else if (type === 5) {
    const gw = fmtIp(u32(b, start + 4));
    kids.push(field('icmp.redir_gw', `Gateway Address: ${gw}`, start + 4, 4, gw));
  } else if (ERRORS.has(type) && type !== 4 && type !== 5 && b[start + 5] !== 0) {
    // RFC 4884 §4.1: the length of the original datagram, in 32-bit words, ahead of extension objects
    const words = b[start + 5];
    quotedLen = words * 4;
    kids.push(
      type === 12
        ? field('icmp.pointer', `Pointer: ${b[start + 4]}`, start + 4, 1, b[start + 4])
        : field('icmp.unused', `Unused: ${hexOf(b, start + 4, start + 5)}`, start + 4, 1, hexOf(b, start + 4, start + 5)),
      field('icmp.length', `Length: ${words}`, start + 5, 1, words),
      generated('icmp.length.original_datagram', `Length of original datagram: ${quotedLen}`, start + 5, quotedLen, 1),
      type === 3 && code === 4
        ? field('icmp.mtu', `MTU of next hop: ${u16(b, start + 6)}`, start + 6, 2, u16(b, start + 6))
        : field('icmp.unused', `Unused: ${hexOf(b, start + 6, start + 8)}`, start + 6, 2, hexOf(b, start + 6, start + 8)),
    );
  } else if (type === 3 && code === 4) {
    // RFC 1191 §4: next-hop MTU in the low 16 bits
    const mtu = u16(b, start + 6);
    kids.push(field('icmp.unused', `Unused: ${hexOf(b, start + 4, start + 6)}`, start + 4, 2, hexOf(b, start + 4, start + 6)),
      field('icmp.mtu', `MTU of next hop: ${mtu}`, start + 6, 2, mtu));
  } else if (type === 12) {
    kids.push(field('icmp.pointer', `Pointer: ${b[start + 4]}`, start + 4, 1, b[start + 4]),
      field('icmp.unused', `Unused: ${hexOf(b, start + 5, start + 8)}`, start + 5, 3, hexOf(b, start + 5, start + 8)));
  } else if (ERRORS.has(type)) {
    kids.push(field('icmp.unused', `Unused: ${hexOf(b, start + 4, start + 8)}`, start + 4, 4, hexOf(b, start + 4, start + 8)));
  }
  ctx.summary.info = ctx.summary.info.trimEnd();
  if (short) {
    clip(ctx, layer, end);
    return;
  }
  const body = start + (ECHO_LIKE.has(type) || ERRORS.has(type) ? ICMP_HEADER : 4);
  const bodyEnd = quotedLen === undefined ? end : Math.min(end, body + quotedLen);
  if (ERRORS.has(type) && body < bodyEnd) add(layer, ...quoted(ctx, body, bodyEnd));
  else if (body < end) add(layer, dataField(ctx.frame, body, end));
  if (bodyEnd < end) add(layer, dataField(ctx.frame, bodyEnd, end)); // RFC 4884 extension structure
};

/** The datagram an ICMP error quotes, dissected in a scratch context so it neither rewrites the columns nor counts as malformed. */
function quoted(ctx: DissectCtx, start: number, end: number): Field[] {
  const sub: DissectCtx = { ...ctx, layers: [], summary: { ...ctx.summary }, quoted: true, depth: ctx.depth + 1, ip: undefined, ports: undefined };
  if (ctx.depth < MAX_DEPTH) dissectIp(sub, start, end);
  return sub.layers.length > 0 ? sub.layers : [dataField(ctx.frame, start, end)];
}

function checksumField(ctx: DissectCtx, b: Uint8Array, start: number, end: number, csum: number, short: boolean): Field {
  const at = start + 2;
  // the whole message must be there (the IP layer's length says how long it is), and not one fragment of it
  const whole = !ctx.fragmented && (ctx.ip === undefined ? !short : end - start >= ctx.ip.payloadLength);
  if (!whole) {
    return field('icmp.checksum', `Checksum: ${hex(csum, 4)} [unverified]`, at, 2, csum, [
      generated('icmp.checksum.status', 'Checksum Status: Unverified', at, 'Unverified'),
    ]);
  }
  const good = verifies(b, start, end);
  const status: ChecksumStatus = good ? 'Good' : 'Bad';
  const calc = inetChecksum(b, start, at, sum16(b, at + 2, end));
  return field('icmp.checksum', good ? `Checksum: ${hex(csum, 4)} [correct]` : `Checksum: ${hex(csum, 4)} incorrect, should be ${hex(calc, 4)}`, at, 2, csum, [
    generated('icmp.checksum.status', `Checksum Status: ${status}`, at, status),
  ]);
}
