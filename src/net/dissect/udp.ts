/**
 * UDP (RFC 768): ports, length, checksum over the IPv4 pseudo-header (RFC 768 "Fields"; zero means "not computed"),
 * then dispatch of the payload by port through the registry (lower port first, as Wireshark tries).
 * Malformed: a length under 8 or beyond the IP payload.
 */
import { u16 } from '../bytes';
import { inetChecksum, pseudoHeaderSum, sum16, verifies } from '../checksum';
import { MAX_DEPTH, clip, dissectData, field, generated, hex, malformed, view, type ChecksumStatus, type DissectCtx, type Dissector } from './context';
import { dispatchPorts } from './registry';
import type { Field } from './tree';

export const UDP_HEADER = 8;
const PROTO_UDP = 17;

export const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

export const dissectUdp: Dissector = (ctx, start, end) => {
  const { b, short } = view(ctx.frame, start, end, UDP_HEADER);
  const sp = u16(b, start);
  const dp = u16(b, start + 2);
  const len = u16(b, start + 4);
  const csum = u16(b, start + 6);
  const lenF = field('udp.length', `Length: ${len}`, start + 4, 2, len);
  const layer = field('udp', `User Datagram Protocol, Src Port: ${sp}, Dst Port: ${dp}`, start, UDP_HEADER, undefined, [
    field('udp.srcport', `Source Port: ${sp}`, start, 2, sp),
    field('udp.dstport', `Destination Port: ${dp}`, start + 2, 2, dp),
    lenF,
  ]);
  ctx.layers.push(layer);
  ctx.summary.protocol = 'UDP';
  ctx.summary.info = `${sp} → ${dp} Len=${Math.max(0, len - UDP_HEADER)}`;
  // the bytes the IP layer says belong to UDP (the frame may hold fewer)
  const ipPayload = ctx.ip ? ctx.ip.payloadLength : end - start;
  const bogus = ctx.fragmented ? undefined : len < UDP_HEADER ? `Length: ${len} (bogus, must be >= ${UDP_HEADER})` : len > ipPayload ? `Length: ${len} (bogus, payload length ${ipPayload})` : undefined;
  const whole = !short && !bogus && !ctx.fragmented && start + len <= end && ctx.ip !== undefined;
  layer.children!.push(checksumField(ctx, b, start, len, csum, whole));
  if (short) {
    clip(ctx, layer, end);
    return;
  }
  ctx.ports = { transport: 'udp', src: sp, dst: dp };
  if (bogus) {
    lenF.label = bogus;
    ctx.summary.info = len < UDP_HEADER ? `${sp} → ${dp} [BAD UDP LENGTH ${len} < ${UDP_HEADER}]` : `${sp} → ${dp} [BAD UDP LENGTH ${len} > IP PAYLOAD LENGTH] Len=${len - UDP_HEADER}`;
    malformed(ctx, layer, bogus, start + 4, lenF);
    if (len < UDP_HEADER) return;
  }
  if (layer.children!.find((c) => c.name === 'udp.checksum')?.children?.[0]?.value === 'Bad') ctx.summary.info += ' [UDP CHECKSUM INCORRECT]';
  // a length beyond the IP payload is malformed, but Wireshark still dissects the bytes that are there
  const payload = start + UDP_HEADER;
  const payloadEnd = ctx.fragmented ? end : Math.min(end, start + len);
  if (payloadEnd > payload) {
    layer.children!.push(field('udp.payload', `UDP payload (${plural(payloadEnd - payload, 'byte')})`, payload, payloadEnd - payload));
    if (ctx.depth >= MAX_DEPTH || !dispatchPorts('udp', ctx, payload, payloadEnd)) dissectData(ctx, payload, payloadEnd);
  }
  return Math.min(len, end - start);
};

function checksumField(ctx: DissectCtx, b: Uint8Array, start: number, len: number, csum: number, whole: boolean): Field {
  const at = start + 6;
  if (csum === 0) {
    // Wireshark puts this status on the checksum's two bytes
    return field('udp.checksum', 'Checksum: 0x0000 [zero-value ignored]', at, 2, 0, [
      generated('udp.checksum.status', 'Checksum Status: Not present', at, 'Not present', 2),
    ]);
  }
  if (!whole || !ctx.ip) {
    return field('udp.checksum', `Checksum: ${hex(csum, 4)} [unverified]`, at, 2, csum, [
      generated('udp.checksum.status', 'Checksum Status: Unverified', at, 'Unverified'),
    ]);
  }
  const pseudo = pseudoHeaderSum(ctx.ip.src, ctx.ip.dst, PROTO_UDP, len);
  const good = verifies(b, start, start + len, pseudo);
  let calc = inetChecksum(b, start, at, sum16(b, at + 2, start + len, pseudo));
  if (calc === 0) calc = 0xffff; // RFC 768: a computed zero is sent as all ones
  const status: ChecksumStatus = good ? 'Good' : 'Bad';
  return field('udp.checksum', good
    ? `Checksum: ${hex(csum, 4)} [correct]`
    : `Checksum: ${hex(csum, 4)} incorrect, should be ${hex(calc, 4)} (maybe caused by "UDP checksum offload"?)`, at, 2, csum, [
    generated('udp.checksum.status', `Checksum Status: ${status}`, at, status),
    generated('udp.checksum_calculated', `Calculated Checksum: ${hex(calc, 4)}`, at, calc, 2),
  ]);
}
