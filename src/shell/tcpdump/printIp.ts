/**
 * IPv4 (RFC 791) as tcpdump 4.99.3 prints it: `IP src > dst: ...` (no `IP ` under -e), and with -v the header in
 * parentheses, `(tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 60)`, the rest on the
 * next line after four spaces. Fragments after the first print `ip-proto-N`; protocols without a printer
 * print ` ip-proto-N LEN`. Headers that cannot be right (version, header length, total length) get tcpdump's
 * one-word complaints.
 */
import { u32 } from '../../net/bytes';
import { fold, sum16 } from '../../net/checksum';
import { ipAt, type Ctx } from './printCtx';
import { printIcmp } from './printIcmp';
import { printIpOptions } from './printIpOptions';
import { ipProtoText, protoKeyword } from './printNames';
import { printTcp } from './tcpPrint';
import { printUdp } from './printUdp';

/** What the transport printers need to know about the packet around them. */
export interface IpInfo {
  src: string;
  dst: string;
  /** Where the IP header starts (for the pseudo-header sum) and the protocol number. */
  off: number;
  proto: number;
  /** More fragments follow, or this is not the first: transport checksums cannot be checked. */
  fragmented: boolean;
  /** The destination the transport checksum covers: a source route's last address (RFC 791), else dst. */
  sumDst: number;
}

const FLAG_NAMES: [number, string][] = [[0x2000, '+'], [0x4000, 'DF'], [0x8000, 'rsvd']];

/**
 * An IPv4 packet at `off`; `len` is what the layer below says it has (a shorter total length is padding, a
 * longer one is reported as missing bytes).
 */
export function printIp(c: Ctx, off: number, len: number): void {
  c.proto = 'ip';
  const version = c.u8(off) >> 4;
  if (version !== 4) {
    c.put(version === 6 ? 'IP6, wrong link-layer encapsulation (invalid)' : `IP${version} (invalid)`);
    return;
  }
  if (!c.o.e) c.put('IP ');
  c.need(off, 20);
  const hl = (c.b[off] & 0x0f) * 4;
  if (hl < 20) {
    c.put(`bad-hlen ${hl}`);
    return;
  }
  const tlen = c.u16(off + 2);
  if (tlen > len) c.put(`truncated-ip - ${tlen - len} bytes missing! `);
  if (tlen < hl) {
    c.put(`bad-len ${tlen}`);
    return;
  }
  c.within(off + tlen, () => body(c, off, hl, tlen));
}

function body(c: Ctx, off: number, hl: number, tlen: number): void {
  const frag = c.u16(off + 6);
  const proto = c.b[off + 9];
  const info: IpInfo = {
    src: ipAt(c, off + 12), dst: ipAt(c, off + 16), off, proto, fragmented: (frag & 0x3fff) !== 0, sumDst: finalDestination(c, off, hl),
  };
  const addresses = `${info.src} > ${info.dst}: `;
  const optionCut = c.o.verbose > 0 && header(c, off, hl, tlen, frag);
  if (c.o.verbose > 0) c.put('\n    ');
  if (optionCut) {
    // after `[truncated-option]` tcpdump names the addresses and stops (softly)
    c.put(addresses);
    c.trunc('ip');
  }
  if ((frag & 0x1fff) !== 0) {
    c.put(addresses + protoKeyword(proto, c.o.n));
    return;
  }
  if (!c.has(off, hl)) {
    c.put(`${proto === 6 || proto === 17 ? '' : addresses} [remaining caplen(${c.end - off}) < header length(${hl})]`);
    c.trunc('ip', true);
  }
  const at = off + hl;
  const len = tlen - hl;
  switch (proto) {
    case 1:
      c.put(addresses);
      printIcmp(c, at, len, info);
      return;
    case 4:
      c.put(addresses);
      printIp(c, at, len);
      return;
    case 6:
      printTcp(c, at, len, info);
      return;
    case 17:
      printUdp(c, at, len, info);
      return;
    case 50:
      c.put(addresses);
      printEsp(c, at, len);
      return;
    case 58:
      c.put(`${addresses}[ICMPv6 requires IPv6] (invalid)`);
      return;
    case 59:
      c.put(`${addresses}no next header`);
      return;
    case 143:
      c.put(`${addresses}[Ethernet requires IPv6] (invalid)`);
      return;
    default:
      c.put(`${addresses} ${proto === 77 ? 'nd' : protoKeyword(proto, c.o.n)} ${len}`);
  }
}

/** The last address of a loose or strict source route among the options, else the header's destination. */
function finalDestination(c: Ctx, off: number, hl: number): number {
  for (let pos = off + 20; pos < off + hl && c.has(pos, 2); ) {
    const type = c.b[pos];
    if (type === 0) break;
    if (type === 1) {
      pos++;
      continue;
    }
    const len = c.b[pos + 1];
    if (len < 2) break;
    if ((type === 131 || type === 137) && len >= 7 && c.has(pos + len - 4, 4)) return u32(c.b, pos + len - 4);
    pos += len;
  }
  return u32(c.b, off + 16);
}

/** -v: the header fields in parentheses; true when an option was cut short. */
function header(c: Ctx, off: number, hl: number, tlen: number, frag: number): boolean {
  const tos = c.b[off + 1];
  const ttl = c.b[off + 8];
  const flags = FLAG_NAMES.filter(([bit]) => frag & bit).map(([, name]) => name);
  c.put(`(tos 0x${tos.toString(16)}${['', ',ECT(1)', ',ECT(0)', ',CE'][tos & 3]}${ttl ? `, ttl ${ttl}` : ''}`);
  c.put(`, id ${c.u16(off + 4)}, offset ${(frag & 0x1fff) * 8}, flags [${flags.length ? flags.join(', ') : 'none'}]`);
  c.put(`, proto ${ipProtoText(c.b[off + 9])}, length ${tlen}`);
  let cut = false;
  if (hl > 20) {
    c.put(', options (');
    cut = printIpOptions(c, off + 20, off + hl);
    c.put(')');
  }
  if (c.has(off, hl) && fold(sum16(c.b, off, off + hl)) !== 0xffff) {
    const field = c.u16(off + 10);
    const want = ~fold(sum16(c.b, off, off + hl) - field) & 0xffff;
    c.put(`, bad cksum ${field.toString(16)} (->${want.toString(16)})!`);
  }
  c.put(')');
  return cut;
}

/** ESP (RFC 4303): the SPI and sequence number; the rest is ciphertext (a first byte of it must be captured). */
function printEsp(c: Ctx, off: number, len: number): void {
  c.proto = 'esp';
  c.need(off, 9);
  const spi = c.u32(off);
  const seq = c.u32(off + 4);
  c.put(`ESP(spi=0x${spi.toString(16).padStart(8, '0')},seq=0x${seq.toString(16)}), length ${len}`);
}
