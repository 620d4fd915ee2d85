/**
 * IPv4 (RFC 791 §3.1; DSCP RFC 2474/RFC 8622, ECN RFC 3168; header checksum RFC 1071): every header field with
 * Wireshark's names and labels, flags DF/MF, options, the header checksum with a generated status (Good/Bad, as
 * tshark shows with `ip.check_checksum` on) and the calculated value, then dispatch by protocol number.
 *
 * Malformed: a version other than 4, IHL < 5, a header longer than the data, a total length below the header
 * length or beyond the frame (then the payload that is there is still dissected).
 * Fragments are not reassembled (a capture-level job): their payload is shown as data, as Wireshark does.
 */
import { u16, u32 } from '../bytes';
import { fmtIp } from '../addr';
import { inetChecksum, sum16, verifies } from '../checksum';
import { bits, clip, dissectData, field, generated, hex, malformed, setOrNot, view, type ChecksumStatus, type Dissector } from './context';
import { dissectIpOptions } from './ipv4Options';
import { dispatchIpProto } from './registry';
import type { Field } from './tree';

export const IPV4_MIN_HEADER = 20;

const PROTOCOLS: Record<number, string> = {
  0: 'IPv6 Hop-by-Hop Option', 1: 'ICMP', 2: 'IGMP', 4: 'IPIP', 6: 'TCP', 17: 'UDP', 41: 'IPv6', 47: 'Generic Routing Encapsulation',
  50: 'Encap Security Payload', 51: 'Authentication Header', 58: 'ICMPv6', 89: 'OSPF IGP', 99: 'any private encryption scheme',
  103: 'PIM', 112: 'VRRP', 132: 'SCTP',
};

export const ipProtoName = (p: number): string => PROTOCOLS[p] ?? 'Unknown';

/** DSCP code point -> [short name for the DS field line, long name]. */
function dscpNames(d: number): [string, string] {
  if (d === 0) return ['CS0', 'Default'];
  if (d === 46) return ['EF PHB', 'Expedited Forwarding'];
  if (d === 44) return ['VOICE-ADMIT', 'Voice Admit'];
  if (d === 1) return ['LE', 'Lower Effort'];
  if (d % 8 === 0) return [`CS${d / 8}`, `Class Selector ${d / 8}`];
  const cls = d >> 3;
  const drop = (d >> 1) & 3;
  if (cls >= 1 && cls <= 4 && (d & 1) === 0 && drop >= 1) return [`AF${cls}${drop}`, `Assured Forwarding ${cls}${drop}`];
  return ['Unknown', 'Unknown'];
}
const ECN: [string, string][] = [
  ['Not-ECT', 'Not ECN-Capable Transport'], ['ECT(1)', "ECN-Capable Transport codepoint '01'"],
  ['ECT(0)', "ECN-Capable Transport codepoint '10'"], ['CE', 'Congestion Experienced'],
];

export const dissectIpv4: Dissector = (ctx, start, end) => {
  const { b, short } = view(ctx.frame, start, end, IPV4_MIN_HEADER);
  const vihl = b[start];
  const version = vihl >> 4;
  const ihl = vihl & 0x0f;
  const hlen = ihl * 4;
  const tos = b[start + 1];
  const totalLen = u16(b, start + 2);
  const id = u16(b, start + 4);
  const ff = u16(b, start + 6);
  const flags = ff >> 13;
  const fragOff = ff & 0x1fff;
  const ttl = b[start + 8];
  const proto = b[start + 9];
  const csum = u16(b, start + 10);
  const src = u32(b, start + 12);
  const dst = u32(b, start + 16);

  const versionF = field('ip.version', `${bits(vihl, 0xf0, 8)}Version: ${version}`, start, 1, version);
  const hdrLenF = field('ip.hdr_len', `${bits(vihl, 0x0f, 8)}Header Length: ${hlen} bytes (${ihl})`, start, 1, hlen);
  const layer = field('ip', 'Internet Protocol Version 4', start, IPV4_MIN_HEADER, undefined, [versionF, hdrLenF]);
  ctx.layers.push(layer);
  ctx.summary.protocol = 'IPv4';
  ctx.summary.info = '';
  const present = end > start; // version and IHL are in the first byte
  if (present && version !== 4) {
    // Wireshark shows only the version
    layer.children = [versionF];
    layer.length = Math.min(hlen, end - start);
    malformed(ctx, layer, `Bogus IP version (${version})`, start, versionF);
    ctx.summary.info = `Bogus IP version (${version})`;
    return;
  }
  if (present && hlen < IPV4_MIN_HEADER) {
    layer.length = Math.min(hlen, end - start);
    const why = `Bogus IP header length (${hlen}, must be at least ${IPV4_MIN_HEADER})`;
    malformed(ctx, layer, why, start, hdrLenF);
    ctx.summary.info = why;
    return;
  }
  const [dscpShort, dscpLong] = dscpNames(tos >> 2);
  const flagNames = [flags & 4 && 'Reserved bit', flags & 2 && "Don't fragment", flags & 1 && 'More fragments'].filter(Boolean);
  const lenF = field('ip.len', `Total Length: ${totalLen}`, start + 2, 2, totalLen);
  const kids = layer.children!;
  kids.push(
    field('ip.dsfield', `Differentiated Services Field: ${hex(tos, 2)} (DSCP: ${dscpShort}, ECN: ${ECN[tos & 3][0]})`, start + 1, 1, tos, [
      field('ip.dsfield.dscp', `${bits(tos, 0xfc, 8)}Differentiated Services Codepoint: ${dscpLong} (${tos >> 2})`, start + 1, 1, tos >> 2),
      field('ip.dsfield.ecn', `${bits(tos, 0x03, 8)}Explicit Congestion Notification: ${ECN[tos & 3][1]} (${tos & 3})`, start + 1, 1, tos & 3),
    ]),
    lenF,
    field('ip.id', `Identification: ${hex(id, 4)} (${id})`, start + 4, 2, id),
    field('ip.flags', `${bits(b[start + 6], 0xe0, 8)}Flags: ${hex(flags, 1)}${flagNames.map((n) => `, ${n}`).join('')}`, start + 6, 1, flags, [
      field('ip.flags.rb', `${flagBits(flags, 4)}Reserved bit: ${setOrNot((flags & 4) !== 0)}`, start + 6, 1, (flags & 4) !== 0),
      field('ip.flags.df', `${flagBits(flags, 2)}Don't fragment: ${setOrNot((flags & 2) !== 0)}`, start + 6, 1, (flags & 2) !== 0),
      field('ip.flags.mf', `${flagBits(flags, 1)}More fragments: ${setOrNot((flags & 1) !== 0)}`, start + 6, 1, (flags & 1) !== 0),
    ]),
    field('ip.frag_offset', `${bits(ff, 0x1fff, 16)}Fragment Offset: ${fragOff * 8}`, start + 6, 2, fragOff),
    field('ip.ttl', `Time to Live: ${ttl}`, start + 8, 1, ttl),
    field('ip.proto', `Protocol: ${ipProtoName(proto)} (${proto})`, start + 9, 1, proto),
  );
  const full = !short && start + hlen <= end;
  kids.push(checksumField(b, start, hlen, csum, full ? undefined : 'Unverified'));
  kids.push(
    field('ip.src', `Source Address: ${fmtIp(src)}`, start + 12, 4, fmtIp(src)),
    field('ip.dst', `Destination Address: ${fmtIp(dst)}`, start + 16, 4, fmtIp(dst)),
  );
  if (short) {
    // flags and fragment offset are read as one 16-bit word: no flags item without both bytes
    if (end - start < 8) layer.children = kids.filter((f) => f.name !== 'ip.flags');
    clip(ctx, layer, end);
    return;
  }
  layer.label = `Internet Protocol Version 4, Src: ${fmtIp(src)}, Dst: ${fmtIp(dst)}`;
  layer.length = hlen;
  ctx.summary.src = fmtIp(src);
  ctx.summary.dst = fmtIp(dst);
  if (!full) {
    layer.length = end - start;
    malformed(ctx, layer, `IPv4 header length ${hlen} runs past the end of the data (${end - start} bytes)`, start, hdrLenF);
    return;
  }
  if (hlen > IPV4_MIN_HEADER) dissectIpOptions(ctx, layer, start + IPV4_MIN_HEADER, start + hlen);

  const avail = end - start;
  let pduEnd = start + Math.min(totalLen, avail);
  if (totalLen === 0) {
    lenF.label = `Total Length: ${avail} bytes (reported as 0, presumed to be because of "TCP segmentation offload" (TSO))`;
    lenF.value = avail;
    pduEnd = end;
  } else if (totalLen < hlen) {
    lenF.label = `Total Length: ${totalLen} bytes (bogus, less than header length ${hlen})`;
    // Wireshark stops at the length: nothing after it can be trusted
    layer.children = layer.children!.slice(0, layer.children!.indexOf(lenF) + 1);
    layer.label = 'Internet Protocol Version 4';
    malformed(ctx, layer, `IPv4 total length ${totalLen} is less than the header length ${hlen}`, start + 2, lenF);
    return;
  } else if (totalLen > avail) {
    malformed(ctx, layer, `IPv4 total length exceeds packet length (${avail} bytes)`, start + 2, lenF);
  }
  // what the layers above may count on: Wireshark cuts the datagram to the bytes captured, except in a quoted
  // datagram, whose checksums then stay unverified
  const reported = totalLen === 0 ? avail : ctx.quoted ? totalLen : Math.min(totalLen, avail);
  ctx.ip = { src, dst, proto, ttl, payloadLength: reported - hlen };
  const payload = start + hlen;
  // Wireshark tries reassembly only for a whole fragment with a good checksum; that cannot complete from one
  // packet, so the fragment shows as data. A first fragment it could not try (cut short, bad checksum) is
  // dissected for what it holds; a later one never is.
  const fragment = (flags & 1) !== 0 || fragOff > 0;
  const checksumGood = findChild(layer, 'ip.checksum')?.children?.[0]?.value === 'Good';
  if (fragment && (fragOff > 0 || (totalLen > hlen && totalLen <= avail && checksumGood))) {
    ctx.summary.info = `Fragmented IP protocol (proto=${ipProtoName(proto)} ${proto}, off=${fragOff * 8}, ID=${id.toString(16).padStart(4, '0')})`;
    dissectData(ctx, payload, pduEnd);
    return pduEnd - start;
  }
  ctx.fragmented = fragment;
  if (dispatchIpProto(proto, ctx, payload, pduEnd) === undefined) {
    ctx.summary.info = `${ipProtoName(proto)} (${proto})`;
    dissectData(ctx, payload, pduEnd);
  }
  return pduEnd - start;
};

/**
 * An IP header of either version, where the outer layer does not say which (IP in IP, an ICMP error's quoted
 * datagram): IPv4 is dissected, IPv6 declined (no IPv6 dissector yet: the caller shows data), anything else is a
 * one-byte bogus item, as Wireshark's "ip" dissector does.
 */
export const dissectIp: Dissector = (ctx, start, end) => {
  if (start >= end) return false;
  const version = ctx.frame[start] >> 4;
  if (version === 4) return dissectIpv4(ctx, start, end);
  if (version === 6) return false;
  const versionF = field('ip.version', `${bits(ctx.frame[start], 0xf0, 8)}Version: ${version}`, start, 1, version);
  const layer = field('ip', `Internet Protocol, bogus version (${version})`, start, 1, undefined, [versionF]);
  ctx.layers.push(layer);
  malformed(ctx, layer, `Bogus IP version (${version})`, start, versionF);
};

function findChild(f: Field, name: string): Field | undefined {
  return f.children?.find((c) => c.name === name);
}

/** The three flag bits drawn over the flags octet: `.1.. .... = `. */
function flagBits(flags: number, bit: number): string {
  return bits(flags << 5, bit << 5, 8);
}

function checksumField(b: Uint8Array, start: number, hlen: number, csum: number, forced?: ChecksumStatus): Field {
  const at = start + 10;
  if (forced) {
    return field('ip.checksum', `Header Checksum: ${hex(csum, 4)} [unverified]`, at, 2, csum, [
      generated('ip.checksum.status', `Header checksum status: ${forced}`, at, forced),
    ]);
  }
  const calc = inetChecksum(b, start, at, sum16(b, at + 2, start + hlen));
  const good = verifies(b, start, start + hlen);
  const status: ChecksumStatus = good ? 'Good' : 'Bad';
  return field('ip.checksum', good
    ? `Header Checksum: ${hex(csum, 4)} [correct]`
    : `Header Checksum: ${hex(csum, 4)} incorrect, should be ${hex(calc, 4)}(may be caused by "IP checksum offload"?)`, at, 2, csum, [
    generated('ip.checksum.status', `Header checksum status: ${status}`, at, status),
    generated('ip.checksum_calculated', `Calculated Checksum: ${hex(calc, 4)}`, at, calc, 2),
  ]);
}
