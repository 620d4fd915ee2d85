/**
 * Relations `expr relop expr` over pcap-filter(7) arithmetic: 32-bit unsigned constants, `len`, packet loads
 * `proto[expr : size]`, and `| & << >> + - * /` with C's precedence. `%` and `^` have no precedence of their own
 * in tcpdump's grammar, so each takes the operand before it and everything after it (`a * b % c + d` is
 * `a * (b % (c + d))`). A load carries its protocol's check (its guard); arithmetic keeps only its left operand's
 * guard, a relation checks both sides' guards, then compares.
 */
import { FilterError, unsupportedKeyword } from './filterError';
import { Cursor, isRelOp, syntaxError } from './filterCursor';
import { anyProto, ethertype, firstFragment, ipProto, isIp, isIp6, ETHERTYPE_ARP, ETHERTYPE_RARP, type Link } from './filterLink';
import { REFUSED } from './filterNames';
import { and, bin, cmp, compare, ld, neg, not, num, TRUE, type ArithOp, type Pred, type Value } from './filterPred';

/** An arithmetic operand: its value, its protocol check, whether it is a lone number (`33`, `(33)`), whether it
 * is built from numbers only (`30+3`), and whether it read the packet at all (`ip[0] & 0` did). */
interface Arith { v: Value; guard?: Pred; literal?: boolean; pure?: boolean; reads?: boolean }

/**
 * What parsing a relation needs. tcpdump refuses a shift or division by a lone number as it parses, but by a
 * computed constant only if the comparison survives its optimizer, so those refusals wait in `deferred`.
 */
interface ArithCtx { c: Cursor; link: Link; deferred: string[] }

const LEVELS: string[][] = [['|'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/']];

/** Protocols whose header `proto[...]` indexes, and how. */
const TRANSPORT_ANY: Record<string, number> = { tcp: 6, udp: 17, sctp: 132, pim: 103 };
const TRANSPORT_IP: Record<string, number> = { icmp: 1, igmp: 2, igrp: 9, vrrp: 112, carp: 112 };
export const LOAD_PROTOS = new Set(['ether', 'link', 'ip', 'ip6', 'arp', 'rarp', 'icmp6', 'ah', 'esp',
  ...Object.keys(TRANSPORT_ANY), ...Object.keys(TRANSPORT_IP)]);

/**
 * `a relop b`: both sides' guards, then the comparison. Numbers on both sides fold to a constant; a comparison
 * that is constant only because `x & 0` or `x * 0` dropped a load stays a test whose outcome is fixed (`opaque`),
 * which tcpdump's optimizer does not see through.
 */
export function parseRelation(c: Cursor, link: Link): Pred {
  const x: ArithCtx = { c, link, deferred: [] };
  const a = parseArith(x);
  if (!isRelOp(c.peek())) throw syntaxError();
  const op = c.next().text;
  const b = parseArith(x);
  const error = x.deferred.find((e) => e.startsWith('shift')) ?? x.deferred[0];
  let test: Pred;
  const swapped = op === '!=' || op === '<' || op === '<=';
  const bpf = op === '>' || op === '<=' ? 'gt' : op === '>=' || op === '<' ? 'ge' : 'eq';
  const guard = a.guard && b.guard ? and(a.guard, b.guard) : a.guard ?? b.guard;
  if (a.v.k === 'num' && b.v.k === 'num') {
    const value = compare(bpf, a.v.n, b.v.n) !== swapped;
    test = a.reads || b.reads ? { k: 'test', t: { kind: 'opaque', value, error } } : { k: 'const', v: value };
  } else {
    test = { k: 'test', t: { kind: 'cmp', a: a.v, op: bpf, b: b.v, user: true, error } };
    if (swapped) test = not(test);
  }
  return guard ? and(guard, test) : test;
}

function parseArith(x: ArithCtx, level = 0): Arith {
  if (level === LEVELS.length) return parseOperand(x);
  let left = parseArith(x, level + 1);
  for (;;) {
    // operators are never malformed tokens: look without raising, as tcpdump reduces `a / 0` before reading on
    const t = x.c.at();
    if (t.kind !== 'op' || !LEVELS[level].includes(t.text)) return left;
    x.c.next();
    left = combine(x, t.text as ArithOp, left, parseArith(x, level + 1));
  }
}

function parseOperand(x: ArithCtx): Arith {
  const { c } = x;
  if (c.isOp('-')) {
    c.next();
    const a = parseOperand(x);
    return { v: neg(a.v), guard: a.guard, pure: a.pure, reads: a.reads };
  }
  let a = parsePrimary(x);
  const t = c.at();
  if (t.kind === 'op' && (t.text === '%' || t.text === '^')) {
    const op = c.next().text as ArithOp;
    a = combine(x, op, a, parseArith(x));
  }
  return a;
}

function combine(x: ArithCtx, op: ArithOp, a: Arith, b: Arith): Arith {
  if (b.v.k === 'num' && (b.literal || b.pure)) {
    let error: string | undefined;
    if (op === '/' && b.v.n === 0) error = 'division by zero';
    if (op === '%' && b.v.n === 0) error = 'modulus by zero';
    if ((op === '<<' || op === '>>') && b.v.n > 31) error = 'shift by more than 31 bits';
    if (error && b.literal) throw new FilterError(error);
    if (error) x.deferred.push(error);
  }
  const v = bin(op, a.v, b.v, (a.literal === true && a.v.k === 'num' && a.v.n === 0) || (b.literal === true && b.v.k === 'num' && b.v.n === 0));
  // as tcpdump does, count `x & 0` (not `x * 0`) as a constant when checking a divisor or shift
  return { v, guard: a.guard, pure: (a.pure && b.pure) || (op === '&' && v.k === 'num'), reads: a.reads || b.reads };
}

function parsePrimary(x: ArithCtx): Arith {
  const { c } = x;
  const t = c.next();
  if (t.kind === 'num') return { v: num(t.value!), literal: true, pure: true };
  if (t.kind === 'kw' && (t.text === 'len' || t.text === 'length')) return { v: { k: 'len' }, reads: true };
  if (t.kind === 'op' && t.text === '(') {
    const inner = parseArith(x);
    c.expectOp(')');
    return inner;
  }
  if (t.kind === 'kw' && c.isOp('[')) {
    if (REFUSED.has(t.text)) throw unsupportedKeyword(t.text);
    if (!LOAD_PROTOS.has(t.text)) throw syntaxError();
    c.next();
    const index = parseArith(x);
    let size = 1;
    if (c.isOp(':')) {
      c.next();
      const s = c.next();
      if (s.kind !== 'num') throw syntaxError();
      size = s.value!;
    }
    c.expectOp(']');
    return load(x.link, t.text, index, size);
  }
  throw syntaxError();
}

function load(link: Link, proto: string, index: Arith, size: number): Arith {
  if (proto === 'ah' || proto === 'esp') throw new FilterError('unsupported index operation');
  if (size !== 1 && size !== 2 && size !== 4) throw new FilterError('data size must be 1, 2, or 4');
  const sz = size as 1 | 2 | 4;
  const at = (off: number): Value => bin('+', index.v, num(off));
  let v: Value;
  let guard: Pred | undefined;
  if (proto === 'ether' || proto === 'link') v = { k: 'load', base: 'frame', at: index.v, size: sz, netOff: 0 };
  else if (proto in TRANSPORT_ANY || proto in TRANSPORT_IP) {
    const p = proto in TRANSPORT_ANY ? anyProto(link, TRANSPORT_ANY[proto]) : ipProto(link, TRANSPORT_IP[proto]);
    guard = and(isIp(link), p, firstFragment(link));
    v = { k: 'load', base: 'ip4payload', at: index.v, size: sz, netOff: link.net };
  } else {
    if (proto === 'icmp6') guard = and(isIp6(link), cmp(ld(link.net + 6, 1), 'eq', 58));
    else if (proto === 'ip6') guard = isIp6(link);
    else if (proto === 'ip') guard = isIp(link);
    else guard = ethertype(link, proto === 'arp' ? ETHERTYPE_ARP : ETHERTYPE_RARP);
    v = { k: 'load', base: 'frame', at: at(link.net + (proto === 'icmp6' ? 40 : 0)), size: sz, netOff: 0 };
  }
  return { v, guard: index.guard ? and(index.guard, guard ?? TRUE) : guard, reads: true };
}
