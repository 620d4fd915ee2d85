/**
 * Helpers the TLS files share: a bounds check that stops a handshake message at the first field that runs past its
 * vector, message or record (like Wireshark's exception, caught by the record layer and turned into a malformed
 * mark), labels for byte strings, names and counts as tshark writes them, the `GMT Unix Time` of a hello's random
 * (RFC 5246 §7.4.1.2's gmt_unix_time, formatted without Date: the civil calendar from days since 1970), and the
 * building blocks of extension bodies (unnamed groups, length-prefixed vectors, lists of code points).
 */
import { SECOND, toCivil } from '../../sim/clock';
import { u16 } from '../bytes';
import { field, hexOf } from './context';
import type { Field } from './tree';

/** Thrown inside the TLS files only; the record layer catches it and marks the spot malformed. */
export class TlsOverrun extends Error {
  constructor(readonly at: number, reason: string) {
    super(reason);
  }
}

/** Stops unless `n` bytes from `at` fit before `limit`; `what` names the field for the malformed reason. */
export function need(at: number, n: number, limit: number, what: string): void {
  if (at + n > limit) throw new TlsOverrun(Math.min(at, limit), `${what} (${n} bytes at offset ${at}) runs past the end of its data at offset ${limit}`);
}

export const u24 = (b: Uint8Array, at: number): number => (b[at] << 16) | (b[at + 1] << 8) | b[at + 2];

/** Hex of a byte string, cut after 36 bytes with an ellipsis as tshark's labels are (`<MISSING>` when empty). */
export function bytesText(b: Uint8Array, at: number, n: number): string {
  if (n <= 0) return '<MISSING>';
  return hexOf(b, at, at + Math.min(n, 36)) + (n > 36 ? '…' : '');
}

/**
 * A name (SNI, ALPN) as tshark shows the string: ASCII, every byte from 0x80 up a replacement character, control
 * characters as `\x1b` (no padding); a NUL ends the string, and then tshark shows the characters before it raw.
 */
export function displayText(b: Uint8Array, at: number, n: number): string {
  const nul = b.subarray(at, at + n).indexOf(0);
  const end = nul >= 0 ? at + nul : at + n;
  let s = '';
  for (let i = at; i < end; i++) {
    const c = b[i];
    s += c >= 0x80 ? '\ufffd' : nul < 0 && (c < 0x20 || c === 0x7f) ? `\\x${c.toString(16)}` : String.fromCharCode(c);
  }
  return s;
}

/** `3 suites`, `1 method`. */
export const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `Apr 25, 1990 19:31:08.000000000 UTC` (the day padded with a space, as tshark prints it). */
export function gmtTime(seconds: number): string {
  const c = toCivil(seconds * SECOND);
  return `${MONTHS[c.month - 1]} ${String(c.day).padStart(2, ' ')}, ${c.year} ${pad2(c.hour)}:${pad2(c.minute)}:${pad2(c.second)}.000000000 UTC`;
}

export type HelloKind = 'client' | 'server' | 'hrr';

/** An extension body in [s, e); `m` is the end of the whole message, which a few of tshark's vectors are held to. */
export type Body = (b: Uint8Array, s: number, e: number, kids: Field[], kind: HelloKind, m: number) => void;

/** An unnamed grouping line (Wireshark's text items), pushed before it is filled so a cut leaves what was read. */
export function group(kids: Field[], label: string, at: number, n: number): Field[] {
  const g = field('', label, at, n);
  g.children = [];
  kids.push(g);
  return g.children;
}

/**
 * A one- or two-byte length followed by that many bytes, which must fit before `e`. The length field (`name`,
 * `label: n`) is added to `out` first, so a vector that does not fit shows its length as tshark does.
 */
export function vector(b: Uint8Array, at: number, width: 1 | 2, e: number, out: Field[], name: string, label: string): number {
  need(at, width, e, label);
  const n = width === 1 ? b[at] : u16(b, at);
  out.push(field(name, `${label}: ${n}`, at, width, n));
  need(at + width, n, e, `${label} ${n}`);
  return n;
}

/** Two-byte code points in [s, s + n): one field each. */
export function list16(b: Uint8Array, s: number, n: number, make: (v: number, at: number) => Field): Field[] {
  const out: Field[] = [];
  for (let p = s; p + 2 <= s + n; p += 2) out.push(make(u16(b, p), p));
  return out;
}
