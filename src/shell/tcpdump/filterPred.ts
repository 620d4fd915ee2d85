/**
 * What a compiled filter is made of. A Value is 32-bit unsigned arithmetic over packet bytes and the packet's
 * length; a Test compares two values (or asks the capture metadata for the direction); a Pred combines tests
 * with and/or/not. Values are folded where both sides are constants, and `x * 0`, `x & 0` become 0 (as tcpdump's
 * optimizer does with a literal 0, so `net 0.0.0.0/0` reads no address at all).
 */

/** Where an offset counts from: the frame's start, the transport header after IPv4's variable-length header. */
export type Base = 'frame' | 'ip4payload';
export type ArithOp = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';

export type Value =
  | { k: 'num'; n: number }
  | { k: 'len' }
  | { k: 'load'; base: Base; at: Value; size: 1 | 2 | 4; netOff: number }
  | { k: 'bin'; op: ArithOp; a: Value; b: Value }
  | { k: 'neg'; a: Value };

/** BPF's conditional jumps; `!=`, `<` and `<=` are these with the branches swapped. */
export type CmpOp = 'eq' | 'gt' | 'ge' | 'set';

/**
 * `user`: from a relation the user wrote (its loads are told apart from the protocol checks' loads, as tcpdump's
 * optimizer does). `error`: a refusal tcpdump makes only if this test survives optimization.
 */
export type Test =
  | { kind: 'cmp'; a: Value; op: CmpOp; b: Value; user: boolean; error?: string }
  /** A comparison whose outcome is fixed, but which the optimizer does not see through. */
  | { kind: 'opaque'; value: boolean; error?: string }
  /** True when capture metadata says the packet was sent by this host. */
  | { kind: 'outbound' };

export type Pred =
  | { k: 'const'; v: boolean }
  | { k: 'test'; t: Test }
  | { k: 'and' | 'or'; a: Pred; b: Pred }
  | { k: 'not'; a: Pred };

export const TRUE: Pred = { k: 'const', v: true };
export const FALSE: Pred = { k: 'const', v: false };

export const num = (n: number): Value => ({ k: 'num', n: n >>> 0 });

export function applyOp(op: ArithOp, x: number, y: number): number {
  switch (op) {
    case '+': return (x + y) >>> 0;
    case '-': return (x - y) >>> 0;
    case '*': return Math.imul(x, y) >>> 0;
    case '/': return Math.floor(x / y) >>> 0;
    case '%': return x % y >>> 0;
    case '&': return (x & y) >>> 0;
    case '|': return (x | y) >>> 0;
    case '^': return (x ^ y) >>> 0;
    case '<<': return y > 31 ? 0 : (x << y) >>> 0;
    case '>>': return y > 31 ? 0 : x >>> y;
  }
}

/** a op b, folded when both are constants, and (`zero`) `x * 0` and `x & 0` to 0. */
export function bin(op: ArithOp, a: Value, b: Value, zero = true): Value {
  if (a.k === 'num' && b.k === 'num') return num(applyOp(op, a.n, b.n));
  if (zero && (op === '*' || op === '&') && ((a.k === 'num' && a.n === 0) || (b.k === 'num' && b.n === 0))) return num(0);
  return { k: 'bin', op, a, b };
}

export function neg(a: Value): Value {
  return a.k === 'num' ? num(-a.n) : { k: 'neg', a };
}

/** A load of `size` bytes at a fixed offset from the frame's start. */
export function ld(at: number, size: 1 | 2 | 4): Value {
  return { k: 'load', base: 'frame', at: num(at), size, netOff: 0 };
}

export function cmp(a: Value, op: CmpOp, b: Value | number, user = false): Pred {
  const bv = typeof b === 'number' ? num(b) : b;
  if (a.k === 'num' && bv.k === 'num') return compare(op, a.n, bv.n) ? TRUE : FALSE;
  return { k: 'test', t: { kind: 'cmp', a, op, b: bv, user } };
}

export function compare(op: CmpOp, x: number, y: number): boolean {
  switch (op) {
    case 'eq': return x === y;
    case 'gt': return x > y;
    case 'ge': return x >= y;
    case 'set': return (x & y) !== 0;
  }
}

export const not = (a: Pred): Pred => ({ k: 'not', a });

export function and(...ps: Pred[]): Pred {
  return ps.reduce((x, y) => ({ k: 'and', a: x, b: y }));
}

export function or(...ps: Pred[]): Pred {
  return ps.reduce((x, y) => ({ k: 'or', a: x, b: y }));
}

/** Canonical text of a value: equal texts read the same bytes the same way. */
export function valueKey(v: Value): string {
  switch (v.k) {
    case 'num': return String(v.n);
    case 'len': return 'len';
    case 'load': return `${v.base === 'frame' ? '' : `T${v.netOff}+`}[${valueKey(v.at)}]${v.size}`;
    case 'bin': return `(${valueKey(v.a)}${v.op}${valueKey(v.b)})`;
    case 'neg': return `-${valueKey(v.a)}`;
  }
}

export function hasLoad(v: Value): boolean {
  switch (v.k) {
    case 'load': return true;
    case 'bin': return hasLoad(v.a) || hasLoad(v.b);
    case 'neg': return hasLoad(v.a);
    default: return false;
  }
}
