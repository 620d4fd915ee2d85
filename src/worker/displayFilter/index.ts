/**
 * Display filters over the dissector's field tree (field names are Wireshark's, so `ip.src == 10.244.1.5 &&
 * tcp.port == 8080`, `wg`, `!arp`, `http.request.method == "GET" || tls` read as they do in Wireshark).
 * `compileFilter` checks the whole filter first (syntax, names, and literals against the field's value type) and
 * throws a FilterError naming the spot, so a bad filter never half-applies; `test` then runs on each frame.
 *
 * Semantics follow Wireshark 4: a test on a field that is absent is false whatever the operator; a field that
 * occurs several times (an address in an outer and an inner header) passes `==`, `>`, `contains`, `matches`, `in`
 * when any occurrence does, and `!=` only when the field is there and every occurrence differs (so `a != b` is
 * `a && !(a == b)`). `ip.addr`, `tcp.port`, `udp.port` and `eth.addr` stand for the source and destination fields.
 */
import type { Field } from '../../net/dissect/tree';
import { FilterError } from './lexer';
import { parseFilter, type FilterNode, type RelOp } from './parser';
import { literalProblem, matches, parseLiteral, typeOfValue, type FieldValue, type ParsedLiteral, type ValueType } from './values';

export { FilterError } from './lexer';
export type { FieldValue, ValueType } from './values';

/** A frame as filters see it: every value of a field, or undefined when the frame has no such field. */
export interface FrameView {
  values(name: string): FieldValue[] | undefined;
}

export interface CompiledFilter {
  text: string;
  test(frame: FrameView): boolean;
}

/** Protocols whose fields the dissector names (the first part of every field name). */
export const PROTOCOLS = new Set([
  'frame', 'eth', 'arp', 'vlan', 'sll', 'raw', 'ip', 'icmp', 'tcp', 'udp', 'vxlan', 'http', 'wg', 'esp', 'tls', 'data', '_ws',
]);

/** Wireshark's fields that name either end: a test on them is a test on both. */
export const ALIASES: Record<string, string[]> = {
  'ip.addr': ['ip.src', 'ip.dst'], 'ip.host': ['ip.src', 'ip.dst'], 'tcp.port': ['tcp.srcport', 'tcp.dstport'],
  'udp.port': ['udp.srcport', 'udp.dstport'], 'eth.addr': ['eth.src', 'eth.dst'],
};

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

function checkName(name: string, pos: number): void {
  if (!NAME.test(name) || !PROTOCOLS.has(name.split('.')[0])) throw new FilterError(`"${name}" is neither a field nor a protocol name`, pos);
}

function valuesOf(frame: FrameView, name: string): FieldValue[] | undefined {
  const alias = ALIASES[name];
  if (!alias) return frame.values(name);
  const all = alias.flatMap((n) => frame.values(n) ?? []);
  return alias.some((n) => frame.values(n)) ? all : undefined;
}

type Test = (frame: FrameView) => boolean;

/**
 * Parses and checks `text`. `typeOf` tells what values a field holds (from the frames at hand), so that a
 * literal that could never match, such as `ip.src == hello`, is an error rather than an empty list.
 */
export function compileFilter(text: string, typeOf: (name: string) => ValueType | undefined = () => undefined): CompiledFilter {
  const typed = (name: string) => (ALIASES[name] ?? [name]).map(typeOf).find((t) => t !== undefined);

  function literal(l: { text: string; quoted: boolean; pos: number }, op: RelOp | 'in', field: string): ParsedLiteral {
    let p: ParsedLiteral;
    try {
      p = parseLiteral(l, op);
    } catch (e) {
      throw new FilterError(`"${l.text}" is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`, l.pos);
    }
    const problem = op === 'contains' || op === '~' ? null : literalProblem(p, typed(field), field);
    if (problem) throw new FilterError(problem, l.pos);
    return p;
  }

  function build(n: FilterNode): Test {
    switch (n.k) {
      case 'and': {
        const a = build(n.a), b = build(n.b);
        return (f) => a(f) && b(f);
      }
      case 'or': {
        const a = build(n.a), b = build(n.b);
        return (f) => a(f) || b(f);
      }
      case 'not': {
        const a = build(n.a);
        return (f) => !a(f);
      }
      case 'has':
        checkName(n.field, n.pos);
        return (f) => valuesOf(f, n.field) !== undefined;
      case 'cmp': {
        checkName(n.field, n.pos);
        const p = literal(n.value, n.op, n.field);
        const { field, op } = n;
        if (op === '!=') return (f) => { const vs = valuesOf(f, field); return !!vs && !vs.some((v) => matches(v, '==', p)); };
        return (f) => !!valuesOf(f, field)?.some((v) => matches(v, op, p));
      }
      case 'in': {
        checkName(n.field, n.pos);
        const items = n.items.map((it) => ({ lo: literal(it.lo, 'in', n.field), hi: it.hi && literal(it.hi, 'in', n.field) }));
        const field = n.field;
        return (f) => !!valuesOf(f, field)?.some((v) =>
          items.some((it) => (it.hi ? matches(v, '>=', it.lo) && matches(v, '<=', it.hi) : matches(v, '==', it.lo))));
      }
    }
  }

  return { text, test: build(parseFilter(text)) };
}

/** The values of every named field in a frame's tree (generated fields included, as Wireshark filters them). */
export function frameView(layers: Field[]): FrameView & { types(): Map<string, ValueType> } {
  const map = new Map<string, FieldValue[]>();
  const walk = (fs: Field[] | undefined): void => {
    for (const f of fs ?? []) {
      if (f.name) {
        const list = map.get(f.name);
        if (list) list.push(f.value);
        else map.set(f.name, [f.value]);
      }
      walk(f.children);
    }
  };
  walk(layers);
  return {
    values: (name) => map.get(name),
    types() {
      const out = new Map<string, ValueType>();
      for (const [name, vs] of map) {
        const t = vs.map(typeOfValue).find((x) => x !== undefined);
        if (t) out.set(name, t);
      }
      return out;
    },
  };
}
