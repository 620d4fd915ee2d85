/**
 * Running a parsed JSONPath template over decoded JSON. Each piece of the template yields one group of values (text
 * yields itself); `{range}` repeats its body with `@` bound to each value in turn. Missing keys yield nothing, as
 * with kubectl's default --allow-missing-template-keys=true. A failure throws JsonpathEvalError with kubectl's
 * wording (index out of bounds, filtering a non-list, comparing values of different types, ...).
 */
import type { Json } from './kubectlObjects';
import type { Cmp, Expr, Pick, Piece, Step } from './kubectlJsonpathParse';
import { goTypeName, goV } from './kubectlGoFmt';

export class JsonpathEvalError extends Error {}

const fail = (message: string): never => {
  throw new JsonpathEvalError(message);
};

type JsonObject = { [k: string]: Json };
const isObject = (v: Json): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The members of a list, or the values of a map in key order; nothing for a scalar. */
function members(v: Json): Json[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.keys(v).sort().map((k) => v[k]);
  return [];
}

/** `v` and every non-empty map and list nested in it, parents before their members (what `..` searches). */
function containers(v: Json, out: Json[]): Json[] {
  const inner = members(v);
  if (inner.length) out.push(v);
  for (const m of inner) containers(m, out);
  return out;
}

function asList(v: Json): Json[] {
  if (!Array.isArray(v)) return fail(`${goTypeName(v)} is not array or slice`);
  return v;
}

function outOfBounds(index: number, length: number): never {
  return fail(`array index out of bounds: index ${index}, length ${length}`);
}

/** `[i]`: negative counts from the end; past either end is an error. */
function indexInto(list: Json[], at: number): Json {
  const i = at < 0 ? at + list.length : at;
  if (i < 0 || i >= list.length) outOfBounds(i, list.length);
  return list[i];
}

/** `[from:to:step]`: bounds default to the whole list; an empty slice is always fine, bounds past the list are not. */
function sliceOf(list: Json[], p: Extract<Pick, { by: 'slice' }>): Json[] {
  const len = list.length;
  const bound = (n: number | undefined, whenOmitted: number): number => (n === undefined ? whenOmitted : n < 0 ? n + len : n);
  const from = bound(p.from, 0), to = bound(p.to, len), stride = p.step ?? 1;
  if (from === to) return [];
  if (from < 0 || from >= len) outOfBounds(from, len);
  if (to < 0 || to > len) outOfBounds(to - 1, len);
  if (from > to) fail(`starting index ${from} is greater than ending index ${to}`);
  if (stride <= 0) fail('step must be > 0');
  const out: Json[] = [];
  for (let i = from; i < to; i += stride) out.push(list[i]);
  return out;
}

/** One member of `[a,b,...]` over all the values (a union lists member by member, as the docs' example shows). */
function pickFrom(values: Json[], p: Pick): Json[] {
  if (p.by === 'key') return walk(values, p.path);
  return values.filter((v) => v !== null).flatMap((v) => (p.by === 'index' ? [indexInto(asList(v), p.at)] : sliceOf(asList(v), p)));
}

function scalarKind(v: Json): 'string' | 'number' | 'boolean' {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return typeof v as 'string' | 'number' | 'boolean';
  return fail('invalid type for comparison');
}

function compare(cmp: Cmp, a: Json, b: Json): boolean {
  const ka = scalarKind(a), kb = scalarKind(b);
  if (cmp !== '==' && cmp !== '!=' && (ka === 'boolean' || kb === 'boolean')) fail('invalid type for comparison');
  if (ka !== kb) fail('incompatible types for comparison');
  const x = a as string | number, y = b as string | number;
  switch (cmp) {
    case '==': return x === y;
    case '!=': return x !== y;
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    case '>=': return x >= y;
  }
}

/** The single value an operand has for `el` (undefined: none), for comparing. */
function operandValue(e: Expr, el: Json): Json | undefined {
  const vals = evalExpr(e, el);
  if (vals.length > 1) fail('can only compare one element at a time');
  return vals[0];
}

function keeps(f: Extract<Step, { op: 'filter' }>, el: Json): boolean {
  if (!f.cmp || !f.right) {
    try {
      return evalExpr(f.left, el).length > 0; // `[?(@.x)]`: the element has x
    } catch (e) {
      if (e instanceof JsonpathEvalError) return false;
      throw e;
    }
  }
  const a = operandValue(f.left, el);
  if (a === undefined) return false;
  const b = operandValue(f.right, el);
  return b !== undefined && compare(f.cmp, a, b);
}

function step(values: Json[], s: Step): Json[] {
  switch (s.op) {
    case 'child': return values.flatMap((v) => (isObject(v) && Object.prototype.hasOwnProperty.call(v, s.name) ? [v[s.name]] : []));
    case 'all': return values.flatMap(members);
    case 'descend': return values.flatMap((v) => containers(v, []));
    case 'pick': return s.picks.flatMap((p) => pickFrom(values, p));
    case 'filter':
      return values.filter((v) => v !== null).flatMap((v) => {
        if (!Array.isArray(v)) return fail(`${goV(v)} is not array or slice and cannot be filtered`);
        return v.filter((el) => keeps(s, el));
      });
  }
}

const walk = (values: Json[], steps: Step[]): Json[] => steps.reduce(step, values);

function evalExpr(e: Expr, here: Json): Json[] {
  switch (e.kind) {
    case 'literal': return [e.value];
    case 'unknown': return fail(`unrecognized identifier ${e.word}`);
    case 'path': return walk([here], e.steps);
  }
}

/** Appends one group of values per piece to `out`, with `@` being `here`. */
export function evaluate(pieces: Piece[], here: Json, out: Json[][]): Json[][] {
  for (const p of pieces) {
    if (p.kind === 'text') out.push([p.text]);
    else if (p.kind === 'value') out.push(evalExpr(p.expr, here));
    else if (p.kind === 'range') for (const item of evalExpr(p.over, here)) evaluate(p.body, item, out);
    else fail('not in range, nothing to end');
  }
  return out;
}
