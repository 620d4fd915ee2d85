/**
 * Values in display filters: what a typed literal can stand for (a number, a boolean, an IPv4 address or subnet,
 * a byte string) and how one field value compares with it, following Wireshark's field types as far as our
 * dissector's values carry them: numbers compare as numbers, IPv4 addresses as addresses (a literal with a prefix
 * length matches the subnet), MAC addresses and byte strings byte by byte (`:`, `-` or `.` between bytes, any
 * case), everything else as text.
 */
import type { Literal, RelOp } from './parser';

export type FieldValue = string | number | boolean | undefined;
/** What a field's values look like, guessed from a value the dissector gave it. */
export type ValueType = 'number' | 'boolean' | 'ipv4' | 'mac' | 'string';

export interface ParsedLiteral {
  text: string;
  num?: number;
  bool?: boolean;
  ip?: { net: number; mask: number };
  /** Lower-case hex without separators, when the literal reads as bytes. */
  bytes?: string;
  regex?: RegExp;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const BYTES = /^[0-9a-fA-F]{2}([:.-]?[0-9a-fA-F]{2})*$/;
const MAC = /^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$|^[0-9a-fA-F]{4}(\.[0-9a-fA-F]{4}){2}$/;

export function parseIpv4(s: string): number | undefined {
  const m = IPV4.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** Decimal, 0x hex, 0b binary or leading-zero octal (as Wireshark reads integers), or a decimal fraction. */
export function parseNumber(s: string): number | undefined {
  if (/^[-+]?\d+(\.\d+)?$/.test(s) && !/^[-+]?0\d/.test(s)) return Number(s);
  if (/^0[0-7]+$/.test(s)) return parseInt(s, 8);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0b[01]+$/.test(s)) return parseInt(s.slice(2), 2);
  return undefined;
}

function parseBool(s: string): boolean | undefined {
  const l = s.toLowerCase();
  return l === 'true' || l === '1' ? true : l === 'false' || l === '0' ? false : undefined;
}

export function parseLiteral(l: Literal, op: RelOp | 'in'): ParsedLiteral {
  const out: ParsedLiteral = { text: l.text };
  if (op === '~') {
    out.regex = new RegExp(l.text, 'i'); // Wireshark's "matches" is case-insensitive; callers catch a bad pattern
    return out;
  }
  if (l.quoted) return out;
  out.num = parseNumber(l.text);
  out.bool = parseBool(l.text);
  const cidr = /^(.+)\/(\d{1,2})$/.exec(l.text);
  const ip = parseIpv4(cidr ? cidr[1] : l.text);
  const bits = cidr ? Number(cidr[2]) : 32;
  if (ip !== undefined && bits <= 32) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    out.ip = { net: (ip & mask) >>> 0, mask };
  }
  if (BYTES.test(l.text)) out.bytes = l.text.replace(/[:.-]/g, '').toLowerCase();
  return out;
}

/** The type a value suggests: how the literal it is compared with must read. */
export function typeOfValue(v: FieldValue): ValueType | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (parseIpv4(v) !== undefined) return 'ipv4';
  if (MAC.test(v)) return 'mac';
  return 'string';
}

/** Why a literal cannot be compared with a field of this type, or null when it can. */
export function literalProblem(p: ParsedLiteral, type: ValueType | undefined, field: string): string | null {
  const bad = (what: string) => `"${p.text}" is not ${what}, which ${field} holds`;
  if (type === 'number' && p.num === undefined && p.bool === undefined) return bad('a number');
  if (type === 'boolean' && p.bool === undefined) return bad('a boolean (1, 0, true or false)');
  if (type === 'ipv4' && !p.ip) return bad('an IPv4 address or subnet');
  if (type === 'mac' && (!p.bytes || p.bytes.length !== 12)) return bad('a MAC address');
  return null;
}

const ORDER: Record<string, (c: number) => boolean> = {
  '==': (c) => c === 0, '!=': (c) => c !== 0, '>': (c) => c > 0, '<': (c) => c < 0, '>=': (c) => c >= 0, '<=': (c) => c <= 0,
};
const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One field value against one literal. `!=` is not asked here: the evaluator builds it from `==`. */
export function matches(v: FieldValue, op: RelOp, p: ParsedLiteral): boolean {
  if (v === undefined) return false;
  if (op === '~') return typeof v === 'string' && !!p.regex?.test(v);
  if (typeof v === 'number') {
    const n = p.num ?? (p.bool === undefined ? undefined : Number(p.bool));
    return n !== undefined && op !== 'contains' && ORDER[op](cmp(v, n));
  }
  if (typeof v === 'boolean') return p.bool !== undefined && op !== 'contains' && ORDER[op](cmp(Number(v), Number(p.bool)));
  const ip = parseIpv4(v);
  if (ip !== undefined && p.ip) {
    if (op === '==') return ((ip & p.ip.mask) >>> 0) === p.ip.net;
    return op !== 'contains' && ORDER[op](cmp(ip, p.ip.net));
  }
  const bytes = BYTES.test(v) ? v.replace(/[:.-]/g, '').toLowerCase() : undefined;
  if (bytes !== undefined && p.bytes !== undefined) {
    if (op === 'contains') return hexIncludes(bytes, p.bytes);
    return ORDER[op](cmp(bytes, p.bytes));
  }
  if (op === 'contains') return v.includes(p.text);
  return ORDER[op](cmp(v, p.text));
}

/** Byte-aligned search in two hex strings. */
function hexIncludes(hay: string, needle: string): boolean {
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) if (i % 2 === 0) return true;
  return false;
}
