/**
 * The display-filter grammar, a subset of Wireshark's (wireshark-filter(4)), parsed by recursive descent into a
 * small tree. Precedence, loosest first: `||` (or), `&&` (and), `!` (not), then a test: a field or protocol on its
 * own (present in the frame), a comparison (`ip.src == 10.244.1.5`, `tcp.len > 0`, `http.host contains "bank"`,
 * `http.request.uri matches "accounts/[0-9]+"`), or set membership (`tcp.port in {80 443 8000..8080}`).
 *
 *   expr     := and ( "||" and )*
 *   and      := unary ( "&&" unary )*
 *   unary    := "!" unary | "(" expr ")" | test
 *   test     := FIELD [ relop value | "in" "{" item ( [","] item )* "}" ]
 *   item     := value [ ".." value ]
 */
import { FilterError, tokenize, type Token } from './lexer';

/** A value as typed: its text and whether it was quoted (a quoted value is always a string). */
export interface Literal {
  text: string;
  quoted: boolean;
  pos: number;
}

export type RelOp = '==' | '!=' | '>' | '<' | '>=' | '<=' | 'contains' | '~';

export type FilterNode =
  | { k: 'or' | 'and'; a: FilterNode; b: FilterNode }
  | { k: 'not'; a: FilterNode }
  | { k: 'has'; field: string; pos: number }
  | { k: 'cmp'; field: string; pos: number; op: RelOp; value: Literal }
  | { k: 'in'; field: string; pos: number; items: { lo: Literal; hi?: Literal }[] };

const RELOPS = new Set<string>(['==', '!=', '>', '<', '>=', '<=', 'contains', '~']);

const describe = (t: Token): string => (t.kind === 'end' ? 'the end of the filter' : `"${t.raw}"`);

export function parseFilter(text: string): FilterNode {
  const toks = tokenize(text);
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++];
  const isOp = (t: Token, op: string) => t.kind === 'op' && t.text === op;

  function expr(): FilterNode {
    let a = and();
    while (isOp(peek(), '||')) {
      next();
      a = { k: 'or', a, b: and() };
    }
    return a;
  }

  function and(): FilterNode {
    let a = unary();
    while (isOp(peek(), '&&')) {
      next();
      a = { k: 'and', a, b: unary() };
    }
    return a;
  }

  function unary(): FilterNode {
    const t = peek();
    if (isOp(t, '!')) {
      next();
      return { k: 'not', a: unary() };
    }
    if (t.kind === '(') {
      next();
      const inner = expr();
      const close = next();
      if (close.kind !== ')') throw new FilterError(`Expected ")" to close the "(" at character ${t.pos + 1}, found ${describe(close)}`, close.pos);
      return inner;
    }
    return test();
  }

  function test(): FilterNode {
    const t = next();
    if (t.kind !== 'word') {
      const what = t.kind === 'end' ? 'the filter ends' : `found ${describe(t)}`;
      throw new FilterError(`Expected a field or protocol name, but ${what}`, t.pos);
    }
    const field = t.text;
    const op = peek();
    if (op.kind === 'op' && RELOPS.has(op.text)) {
      next();
      return { k: 'cmp', field, pos: t.pos, op: op.text as RelOp, value: value(op) };
    }
    if (isOp(op, 'in')) {
      next();
      return { k: 'in', field, pos: t.pos, items: set() };
    }
    return { k: 'has', field, pos: t.pos };
  }

  function value(after: Token): Literal {
    const t = next();
    if (t.kind === 'word' || t.kind === 'string') return { text: t.text, quoted: t.kind === 'string', pos: t.pos };
    throw new FilterError(`"${after.raw}" needs a value on its right, but ${t.kind === 'end' ? 'the filter ends' : `found ${describe(t)}`}`, t.pos);
  }

  function set(): { lo: Literal; hi?: Literal }[] {
    const open = next();
    if (open.kind !== '{') throw new FilterError(`"in" takes a set in braces, such as {80 443}, but found ${describe(open)}`, open.pos);
    const items: { lo: Literal; hi?: Literal }[] = [];
    for (;;) {
      const t = peek();
      if (t.kind === '}') break;
      if (t.kind === ',' && items.length) {
        next();
        continue;
      }
      if (t.kind !== 'word' && t.kind !== 'string') throw new FilterError(`Expected a value or "}" in the set, found ${describe(t)}`, t.pos);
      next();
      const range = t.kind === 'word' ? /^(.+?)\.\.(.+)$/.exec(t.text) : null;
      if (range) items.push({ lo: { text: range[1], quoted: false, pos: t.pos }, hi: { text: range[2], quoted: false, pos: t.pos + range[1].length + 2 } });
      else items.push({ lo: { text: t.text, quoted: t.kind === 'string', pos: t.pos } });
    }
    const close = next();
    if (!items.length) throw new FilterError('The set is empty', close.pos);
    return items;
  }

  const tree = expr();
  const rest = peek();
  if (rest.kind !== 'end') {
    const hint = rest.kind === 'word' ? ': join tests with "&&" or "||"' : '';
    throw new FilterError(`Unexpected ${describe(rest)} at character ${rest.pos + 1}${hint}`, rest.pos);
  }
  return tree;
}
