/**
 * `kubectl -o jsonpath=...` and `-o jsonpath-as-json=...`, the template language of the Kubernetes "JSONPath
 * Support" page: compile a template once, then render it over each object kubectl prints.
 *
 * Output: the values one action finds are joined by single spaces; strings print as they are, maps and lists as
 * compact JSON (sorted keys), numbers and booleans as Go prints them, null as `<nil>`. With jsonpath-as-json, the
 * values of each action (and each run of text) print as an indented JSON array on a line of its own.
 */
import type { Json } from './kubectlObjects';
import { readAction } from './kubectlJsonpathParse';
import type { Piece } from './kubectlJsonpathParse';
import { JsonpathSyntaxError, closingQuote, fail } from './kubectlJsonpathLex';
import { JsonpathEvalError, evaluate } from './kubectlJsonpathEval';
import { goJson, goJsonIndent, goV } from './kubectlGoFmt';

/** A compiled template. */
export interface JsonpathTemplate {
  source: string;
  pieces: Piece[];
}

export type Failed = { ok: false; error: string };

/** The template's text runs and action insides, in order. An action ends at the first `}` outside quotes. */
function* segments(src: string): Generator<{ text: string } | { action: string }> {
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{', i);
    if (open < 0) {
      yield { text: src.slice(i) };
      return;
    }
    if (open > i) yield { text: src.slice(i, open) };
    let close = open + 1;
    for (; close < src.length && src[close] !== '}'; close++) {
      const c = src[close];
      if (c === '"' || c === "'") close = closingQuote(src, close);
      else if (c === '\n' || c === '\r') break;
    }
    if (src[close] !== '}') fail('unclosed action');
    yield { action: src.slice(open + 1, close) };
    i = close + 1;
  }
}

/** Parses a whole template: each `{range}` holds the pieces up to its `{end}`, or to the end as kubectl allows. */
function parseTemplate(src: string): Piece[] {
  const top: Piece[] = [];
  const open: Piece[][] = [top]; // the bodies of the ranges not yet ended, innermost last
  for (const seg of segments(src)) {
    const body = open[open.length - 1];
    if ('text' in seg) {
      body.push({ kind: 'text', text: seg.text });
      continue;
    }
    const action = readAction(seg.action);
    if (action.kind === 'value') body.push({ kind: 'value', expr: action.expr });
    else if (action.kind === 'range') {
      const range: Piece = { kind: 'range', over: action.over, body: [] };
      body.push(range);
      open.push(range.body);
    } else if (action.kind === 'end') {
      if (open.length > 1) open.pop();
      else body.push({ kind: 'strayEnd' }); // kubectl reports this when the template runs
    }
  }
  return top;
}

/** Parses a template; the error is what kubectl prints after `error parsing jsonpath <template>, `. */
export function compileJsonpath(source: string): { ok: true; template: JsonpathTemplate } | Failed {
  try {
    return { ok: true, template: { source, pieces: parseTemplate(source) } };
  } catch (e) {
    if (e instanceof JsonpathSyntaxError) return { ok: false, error: e.message };
    throw e;
  }
}

/** The values found over `data`, one group per action or text run (custom-columns and --sort-by read these). */
export function jsonpathResults(t: JsonpathTemplate, data: Json): { ok: true; groups: Json[][] } | Failed {
  try {
    return { ok: true, groups: evaluate(t.pieces, data, []) };
  } catch (e) {
    if (e instanceof JsonpathEvalError) return { ok: false, error: e.message };
    throw e;
  }
}

const show = (v: Json): string => (typeof v === 'string' ? v : v !== null && typeof v === 'object' ? goJson(v) : goV(v));

/** Renders a template over `data`; the error is what kubectl prints after `Error executing template: `. */
export function renderJsonpath(t: JsonpathTemplate, data: Json, asJson = false): { ok: true; text: string } | Failed {
  const r = jsonpathResults(t, data);
  if (!r.ok) return r;
  const text = asJson
    ? r.groups.map((g) => `${goJsonIndent(g)}\n`).join('')
    : r.groups.map((g) => g.map(show).join(' ')).join('');
  return { ok: true, text };
}
