/**
 * TCP (RFC 9293 §3.1 header format; the AE flag of Accurate ECN as Wireshark 4.0 names it; checksum over the IPv4
 * pseudo-header, §3.1 "Checksum"): ports, sequence and acknowledgment numbers, data offset, every flag as its own
 * field plus `tcp.flags.str`, window, checksum with a generated status, urgent pointer, options, payload; the payload
 * goes to the port registry (lower port first, then heuristics).
 *
 * Sequence numbers are absolute: relative numbering (Wireshark's default) needs the connection's first segment,
 * which is a capture-level concern, not a single packet's. Likewise the window is not scaled.
 * Malformed: a data offset under 5, or a header longer than the segment.
 */
import { u16, u32 } from '../bytes';
import { inetChecksum, pseudoHeaderSum, sum16, verifies } from '../checksum';
import { MAX_DEPTH, bits, clip, field, generated, hex, malformed, setOrNot, view, type ChecksumStatus, type DissectCtx, type Dissector } from './context';
import { dispatchPorts } from './registry';
import { dissectTcpOptions } from './tcpOptions';
import { plural } from './udp';
import type { Field } from './tree';

export const TCP_MIN_HEADER = 20;
const PROTO_TCP = 6;

/** [mask, field suffix, label, name in `Flags: 0x012 (SYN, ACK)`] from the lowest bit up, as Wireshark lists them. */
const FLAGS: [number, string, string, string][] = [
  [0x001, 'fin', 'Fin', 'FIN'], [0x002, 'syn', 'Syn', 'SYN'], [0x004, 'reset', 'Reset', 'RST'], [0x008, 'push', 'Push', 'PSH'],
  [0x010, 'ack', 'Acknowledgment', 'ACK'], [0x020, 'urg', 'Urgent', 'URG'], [0x040, 'ece', 'ECN-Echo', 'ECE'],
  [0x080, 'cwr', 'Congestion Window Reduced', 'CWR'], [0x100, 'ae', 'Accurate ECN', 'AE'], [0xe00, 'res', 'Reserved', 'Reserved'],
];
const FLAG_LETTERS = 'RRRACEUAPRSF';
const KEPT_WHEN_BOGUS = new Set(['tcp.srcport', 'tcp.dstport', 'tcp.len', 'tcp.seq', 'tcp.hdr_len']);

export function tcpFlagNames(flags: number): string {
  const names = FLAGS.filter(([m]) => flags & m).map(([, , , n]) => n);
  return names.length ? names.join(', ') : '<None>';
}

export function tcpFlagString(flags: number): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += flags & (0x800 >> i) ? FLAG_LETTERS[i] : '·';
  return s;
}

export const dissectTcp: Dissector = (ctx, start, end) => {
  const { b, short } = view(ctx.frame, start, end, TCP_MIN_HEADER);
  const sp = u16(b, start);
  const dp = u16(b, start + 2);
  const seq = u32(b, start + 4);
  const ack = u32(b, start + 8);
  const off = b[start + 12] >> 4;
  const hlen = off * 4;
  const flags = u16(b, start + 12) & 0x0fff;
  const win = u16(b, start + 14);
  const csum = u16(b, start + 16);
  const urg = u16(b, start + 18);
  // the segment's length as the IP header reports it (the frame may hold fewer bytes)
  const segLen = ctx.ip ? ctx.ip.payloadLength : end - start;
  const dataLen = Math.max(0, segLen - hlen);
  const nxt = (seq + dataLen + (flags & 0x002 ? 1 : 0) + (flags & 0x001 ? 1 : 0)) >>> 0;
  const hasAck = (flags & 0x010) !== 0;

  const hdrLenF = field('tcp.hdr_len', `${bits(b[start + 12], 0xf0, 8)}Header Length: ${hlen} bytes (${off})`, start + 12, 1, hlen);
  const layer = field('tcp', `Transmission Control Protocol, Src Port: ${sp}, Dst Port: ${dp}, Seq: ${seq}${hasAck ? `, Ack: ${ack}` : ''}, Len: ${dataLen}`, start, TCP_MIN_HEADER, undefined, [
    field('tcp.srcport', `Source Port: ${sp}`, start, 2, sp),
    field('tcp.dstport', `Destination Port: ${dp}`, start + 2, 2, dp),
    generated('tcp.len', `TCP Segment Len: ${dataLen}`, start, dataLen),
    field('tcp.seq', `Sequence Number: ${seq}`, start + 4, 4, seq),
    generated('tcp.nxtseq', `Next Sequence Number: ${nxt}`, start, nxt),
    field('tcp.ack', `Acknowledgment Number: ${ack}`, start + 8, 4, ack),
    hdrLenF,
    flagsField(flags, start + 12),
    field('tcp.window_size_value', `Window: ${win}`, start + 14, 2, win),
    field('tcp.window_size', `Calculated window size: ${win}`, start + 14, 2, win),
    checksumField(ctx, b, start, segLen, csum, !ctx.fragmented && start + segLen <= end),
    field('tcp.urgent_pointer', `Urgent Pointer: ${urg}`, start + 18, 2, urg),
  ]);
  ctx.layers.push(layer);
  ctx.summary.protocol = 'TCP';
  ctx.summary.info = `${sp} → ${dp} [${tcpFlagNames(flags)}] Seq=${seq}${hasAck ? ` Ack=${ack}` : ''} Win=${win}${flags & 0x020 ? ` Urg=${urg}` : ''}`;
  if (short) {
    ctx.summary.info = `${sp} → ${dp}`;
    clip(ctx, layer, end);
    return;
  }
  ctx.ports = { transport: 'tcp', src: sp, dst: dp };
  if (hlen < TCP_MIN_HEADER) {
    // Wireshark stops after the data offset: the rest of the header cannot be trusted
    const why = `bogus TCP header length (${hlen}, must be at least ${TCP_MIN_HEADER})`;
    layer.children = layer.children!.filter((f) => KEPT_WHEN_BOGUS.has(f.name));
    layer.label = `Transmission Control Protocol, Src Port: ${sp}, Dst Port: ${dp}, Seq: ${seq}`;
    layer.length = end - start;
    ctx.summary.info += `, ${why}`;
    malformed(ctx, layer, why, start + 12, hdrLenF);
    return;
  }
  const past = start + hlen > end;
  if (past || ctx.fragmented) {
    // the header runs past the data, or the segment is a first fragment: Wireshark shows no segment length
    layer.children = layer.children!.filter((f) => f.name !== 'tcp.len' && f.name !== 'tcp.nxtseq');
    layer.label = `Transmission Control Protocol, Src Port: ${sp}, Dst Port: ${dp}, Seq: ${seq}${hasAck ? `, Ack: ${ack}` : ''}`;
    if (past) malformed(ctx, layer, `TCP header length ${hlen} runs past the end of the data (${end - start} bytes)`, start + 12, hdrLenF);
  }
  layer.length = hlen;
  let optInfo: string[] = [];
  if (hlen > TCP_MIN_HEADER) {
    const opts = dissectTcpOptions(ctx, layer, past ? view(ctx.frame, start, end, hlen).b : ctx.frame, start + TCP_MIN_HEADER, start + hlen);
    layer.children!.push(opts.field);
    optInfo = opts.info;
  }
  const bad = findChild(layer, 'tcp.checksum')?.children?.[0]?.value === 'Bad';
  if (bad) ctx.summary.info += ' [TCP CHECKSUM INCORRECT]';
  if (past) {
    clip(ctx, layer, end);
    return;
  }
  ctx.summary.info += `${ctx.fragmented ? '' : ` Len=${dataLen}`}${optInfo.map((w) => ` ${w}`).join('')}`;
  const payload = start + hlen;
  if (end > payload) {
    layer.children!.push(field('tcp.payload', `TCP payload (${plural(end - payload, 'byte')})`, payload, end - payload));
    // unclaimed TCP payload stays in tcp.payload (tshark adds no data layer for it)
    if (ctx.depth < MAX_DEPTH) dispatchPorts('tcp', ctx, payload, end);
  }
};

function findChild(f: Field, name: string): Field | undefined {
  return f.children?.find((c) => c.name === name);
}

function flagsField(flags: number, at: number): Field {
  const kids = [...FLAGS].reverse().map(([mask, suffix, label]) =>
    field(`tcp.flags.${suffix}`, `${bits(flags, mask, 12)}${label}: ${setOrNot((flags & mask) !== 0)}`, mask >= 0x100 ? at : at + 1, 1, (flags & mask) !== 0));
  kids.push(field('tcp.flags.str', `TCP Flags: ${tcpFlagString(flags)}`, at, 2, tcpFlagString(flags)));
  return field('tcp.flags', `Flags: ${hex(flags, 3)} (${tcpFlagNames(flags)})`, at, 2, flags, kids);
}

function checksumField(ctx: DissectCtx, b: Uint8Array, start: number, segLen: number, csum: number, whole: boolean): Field {
  const at = start + 16;
  if (!whole || !ctx.ip) {
    return field('tcp.checksum', `Checksum: ${hex(csum, 4)} [unverified]`, at, 2, csum, [
      generated('tcp.checksum.status', 'Checksum Status: Unverified', at, 'Unverified'),
    ]);
  }
  const pseudo = pseudoHeaderSum(ctx.ip.src, ctx.ip.dst, PROTO_TCP, segLen);
  const good = verifies(b, start, start + segLen, pseudo);
  const calc = inetChecksum(b, start, at, sum16(b, at + 2, start + segLen, pseudo));
  const status: ChecksumStatus = good ? 'Good' : 'Bad';
  return field('tcp.checksum', good
    ? `Checksum: ${hex(csum, 4)} [correct]`
    : `Checksum: ${hex(csum, 4)} incorrect, should be ${hex(calc, 4)}(maybe caused by "TCP checksum offload"?)`, at, 2, csum, [
    generated('tcp.checksum.status', `Checksum Status: ${status}`, at, status),
    generated('tcp.checksum_calculated', `Calculated Checksum: ${hex(calc, 4)}`, at, calc, 2),
  ]);
}
