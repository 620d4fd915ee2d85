/**
 * ICMP (RFC 792, RFC 950, RFC 1256, RFC 1191) as tcpdump 4.99.3 prints it: `ICMP echo request, id 4660, seq 1,
 * length 64`, errors naming the quoted packet's destination (`ICMP 10.244.3.78 udp port 9999 unreachable`), and
 * with -v a wrong checksum (`(wrong icmp cksum ecb7 (->eeb7)!)`) and the quoted packet on the next lines.
 * Each message type prints only once the bytes it reads are captured; otherwise ` [|icmp]`.
 */
import { fold, sum16 } from '../../net/checksum';
import { ipAt, Truncated, type Ctx } from './printCtx';
import type { IpInfo } from './printIp';
import { printIp } from './printIp';
import { portText } from './printNames';

const p2 = (n: number): string => String(n).padStart(2, '0');

const UNREACH: Record<number, [string, string]> = {
  0: ['net ', ' unreachable'], 1: ['host ', ' unreachable'], 4: ['', ' unreachable - need to frag'],
  5: ['', ' unreachable - source route failed'], 6: ['net ', ' unreachable - unknown'], 7: ['host ', ' unreachable - unknown'],
  8: ['', ' unreachable - source host isolated'], 9: ['net ', ' unreachable - admin prohibited'],
  10: ['host ', ' unreachable - admin prohibited'], 11: ['net ', ' unreachable - tos prohibited'],
  12: ['host ', ' unreachable - tos prohibited'], 13: ['host ', ' unreachable - admin prohibited filter'],
  14: ['host ', ' unreachable - host precedence violation'], 15: ['host ', ' unreachable - precedence cutoff'],
};

const SIMPLE: Record<number, string> = {
  4: 'source quench', 10: 'router solicitation', 15: 'information request', 16: 'information reply',
  17: 'address mask request',
};

/** Types whose message quotes the packet that caused it (shown with -v). */
const QUOTING = new Set([3, 4, 5, 11, 12]);

export function printIcmp(c: Ctx, off: number, len: number, ip: IpInfo): void {
  c.proto = 'icmp';
  const text = describe(c, off, c.u8(off), c.u8(off + 1));
  c.put(`ICMP ${text}, length ${len}`);
  if (c.o.verbose === 0) return;
  if (!ip.fragmented && c.has(off, len) && fold(sum16(c.b, off, off + len)) !== 0xffff) {
    const field = c.u16(off + 2);
    const want = ~fold(sum16(c.b, off, off + len) - field) & 0xffff;
    c.put(` (wrong icmp cksum ${field.toString(16)} (->${want.toString(16)})!)`);
  }
  const type = c.b[off];
  if (!QUOTING.has(type)) return;
  c.put('\n\t');
  const quoted = off + 8;
  const qlen = c.u16(quoted + 2);
  try {
    // (tcpdump reads the quoted length again once the readable bytes end there)
    c.within(quoted + qlen, () => {
      c.u16(quoted + 2);
      printIp(c, quoted, qlen);
    });
  } catch (e) {
    // the quoted packet cut short ends its own line; the message goes on
    if (!(e instanceof Truncated)) throw e;
    c.cutShort(e);
  }
  c.proto = 'icmp';
  if ((type === 3 || type === 11 || type === 12) && len > 136) extensions(c, off, len);
}

/**
 * RFC 4884 extensions after the 128 bytes of original datagram: tcpdump 4.99.3 reads the header; a complete
 * message whose extension checksum is wrong shows nothing, anything but version 2 is `not supported`.
 */
function extensions(c: Ctx, off: number, len: number): void {
  c.need(off + 136, 4);
  const version = c.b[off + 136] >> 4;
  if (c.has(off, len) && fold(sum16(c.b, off + 136, off + len)) !== 0xffff) return;
  if (version !== 2) c.put(`\n\tICMP Multi-Part extension v${version} packet not supported`);
}

/** The message's text; fields are read as tcpdump reads them (some checked first, some read directly). */
function describe(c: Ctx, off: number, type: number, code: number): string {
  const quotedDst = (): string => ipAt(c, off + 24);
  switch (type) {
    case 0:
    case 8:
      return `echo ${type === 0 ? 'reply' : 'request'}, id ${c.u16(off + 4)}, seq ${c.u16(off + 6)}`;
    case 3: {
      if (code === 3) c.need(off, 18);
      const dst = quotedDst();
      if (code === 2) return `${dst} protocol ${c.u8(off + 17)} unreachable`;
      if (code === 3) return `${dst} ${portUnreachable(c, off + 8)} unreachable`;
      if (code === 4 && c.u16(off + 6) !== 0) return `${dst} unreachable - need to frag (mtu ${c.u16(off + 6)})`;
      const [pre, post] = UNREACH[code] ?? ['', ` unreachable - #${code}`];
      return `${pre}${dst}${post}`;
    }
    case 5: {
      const dst = quotedDst();
      const gw = ipAt(c, off + 4);
      if (code === 0 || code === 1) return `redirect ${dst} to ${code ? 'host' : 'net'} ${gw}`;
      if (code === 2 || code === 3) return `redirect-tos ${dst} to ${code === 3 ? 'host' : 'net'} ${gw}`;
      return `redirect-#${code} ${dst} to ${gw}`;
    }
    case 9:
      return routerAdvertisement(c, off);
    case 11:
      c.need(off, 28);
      return code === 0 ? 'time exceeded in-transit' : code === 1 ? 'ip reassembly time exceeded' : `time exceeded-#${code}`;
    case 12:
      return code === 0 ? `parameter problem - octet ${c.u8(off + 4)}` : `parameter problem - code ${code}`;
    case 13:
      return `time stamp query id ${c.u16(off + 4)} seq ${c.u16(off + 6)}`;
    case 14:
      c.need(off, 20);
      return `time stamp reply id ${c.u16(off + 4)} seq ${c.u16(off + 6)}: org ${ms(c.u32(off + 8))}, recv ${ms(c.u32(off + 12))}, xmit ${ms(c.u32(off + 16))}`;
    case 18:
      return `address mask is 0x${c.u32(off + 8).toString(16).padStart(8, '0')}`;
    default:
      return SIMPLE[type] ?? `type-#${type}`;
  }
}

/** `udp port 9999`, `tcp port 8080`, `protocol 1 port 53`: the quoted packet's protocol and destination port. */
function portUnreachable(c: Ctx, quoted: number): string {
  const proto = c.u8(quoted + 9);
  const port = c.u16(quoted + (c.u8(quoted) & 0x0f) * 4 + 2);
  if (proto === 6) return `tcp port ${portText('tcp', port, c.o.n)}`;
  if (proto === 17) return `udp port ${portText('udp', port, c.o.n)}`;
  return `protocol ${proto} port ${port}`;
}

/** RFC 1256: lifetime, then `{address preference}` per entry when entries are the usual two words. */
function routerAdvertisement(c: Ctx, off: number): string {
  c.need(off, 8);
  const count = c.b[off + 4];
  const size = c.b[off + 5];
  const life = c.u16(off + 6);
  let s = `router advertisement lifetime ${lifetime(life)} ${count}:`;
  if (size !== 2) return `${s} [size ${size}]`;
  c.need(off + 8, count * 8);
  for (let i = 0; i < count; i++) s += ` {${ipAt(c, off + 8 + i * 8)} ${c.u32(off + 12 + i * 8)}}`;
  return s;
}

const lifetime = (s: number): string =>
  s < 60 ? String(s) : s < 3600 ? `${Math.floor(s / 60)}:${p2(s % 60)}` : `${Math.floor(s / 3600)}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}`;

/** Milliseconds since midnight UT as `HH:MM:SS.mmm` (hours not wrapped). */
const ms = (v: number): string =>
  `${p2(Math.floor(v / 3600000))}:${p2(Math.floor(v / 60000) % 60)}:${p2(Math.floor(v / 1000) % 60)}.${String(v % 1000).padStart(3, '0')}`;
