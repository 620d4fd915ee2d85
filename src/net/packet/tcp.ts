/** TCP segments (RFC 9293 §3.1) with options (MSS, SACK-permitted RFC 2018, timestamps and window scale RFC 7323). */
import { u16, u32, put16, put32 } from '../bytes';
import { inetChecksum, pseudoHeaderSum, verifies } from '../checksum';
import { PROTO_TCP } from './ipv4';

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;
export const URG = 0x20;

export type TcpOption =
  | { kind: 'eol' }
  | { kind: 'nop' }
  | { kind: 'mss'; value: number }
  | { kind: 'wscale'; shift: number }
  | { kind: 'sackOk' }
  | { kind: 'ts'; val: number; ecr: number };

export interface TcpSegment {
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  options: TcpOption[];
  payload: Uint8Array;
}

function optionBytes(opts: TcpOption[]): Uint8Array {
  const out: number[] = [];
  for (const o of opts) {
    switch (o.kind) {
      case 'eol': out.push(0); break;
      case 'nop': out.push(1); break;
      case 'mss': out.push(2, 4, (o.value >> 8) & 0xff, o.value & 0xff); break;
      case 'wscale': out.push(3, 3, o.shift); break;
      case 'sackOk': out.push(4, 2); break;
      case 'ts': {
        const b = new Uint8Array(8);
        put32(b, 0, o.val);
        put32(b, 4, o.ecr);
        out.push(8, 10, ...b);
        break;
      }
    }
  }
  while (out.length % 4 !== 0) out.push(0);
  return new Uint8Array(out);
}

export function buildTcp(src: number, dst: number, s: TcpSegment): Uint8Array {
  const opts = optionBytes(s.options);
  const hl = 20 + opts.length;
  const t = new Uint8Array(hl + s.payload.length);
  put16(t, 0, s.sport);
  put16(t, 2, s.dport);
  put32(t, 4, s.seq >>> 0);
  put32(t, 8, s.ack >>> 0);
  t[12] = (hl / 4) << 4;
  t[13] = s.flags;
  put16(t, 14, s.window);
  t.set(opts, 20);
  t.set(s.payload, hl);
  put16(t, 16, inetChecksum(t, 0, t.length, pseudoHeaderSum(src, dst, PROTO_TCP, t.length)));
  return t;
}

export interface ParsedTcp extends TcpSegment {
  headerLength: number;
  checksumOk: boolean;
}

function parseOptions(b: Uint8Array): TcpOption[] | null {
  const opts: TcpOption[] = [];
  let i = 0;
  while (i < b.length) {
    const kind = b[i];
    if (kind === 0) { opts.push({ kind: 'eol' }); break; }
    if (kind === 1) { opts.push({ kind: 'nop' }); i++; continue; }
    if (i + 1 >= b.length) return null;
    const len = b[i + 1];
    if (len < 2 || i + len > b.length) return null;
    if (kind === 2 && len === 4) opts.push({ kind: 'mss', value: u16(b, i + 2) });
    else if (kind === 3 && len === 3) opts.push({ kind: 'wscale', shift: b[i + 2] });
    else if (kind === 4 && len === 2) opts.push({ kind: 'sackOk' });
    else if (kind === 8 && len === 10) opts.push({ kind: 'ts', val: u32(b, i + 2), ecr: u32(b, i + 6) });
    i += len;
  }
  return opts;
}

export function parseTcp(src: number, dst: number, t: Uint8Array): ParsedTcp | null {
  if (t.length < 20) return null;
  const hl = (t[12] >> 4) * 4;
  if (hl < 20 || hl > t.length) return null;
  const options = parseOptions(t.subarray(20, hl));
  if (!options) return null;
  return {
    sport: u16(t, 0),
    dport: u16(t, 2),
    seq: u32(t, 4),
    ack: u32(t, 8),
    flags: t[13],
    window: u16(t, 14),
    options,
    payload: t.subarray(hl),
    headerLength: hl,
    checksumOk: verifies(t, 0, t.length, pseudoHeaderSum(src, dst, PROTO_TCP, t.length)),
  };
}

/** Sequence-space arithmetic modulo 2^32 (RFC 9293 §3.4). */
export const seqAdd = (a: number, n: number): number => (a + n) >>> 0;
export const seqDiff = (a: number, b: number): number => ((a - b) | 0);
export const seqLt = (a: number, b: number): boolean => seqDiff(a, b) < 0;
export const seqLe = (a: number, b: number): boolean => seqDiff(a, b) <= 0;
