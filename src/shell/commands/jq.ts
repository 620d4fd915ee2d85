/**
 * `jq` (1.6), the part a learner uses to pull a field out of JSON: paths (`.a.b`, `."a b"`, `.["a"]`, `.[0]`,
 * `.[]`, with `?`), pipes `|`, commas `,`, parentheses, `keys`, `length`, `@base64`, `@base64d`; `-r` raw strings, `-c` compact.
 * Output is jq's (2-space indent, no colour); errors and exit codes are jq's (3 compile, 5 runtime, 4 input that is not JSON).
 */
import { readAllStdin } from '../stdin';
import type { Command, CommandCtx, CommandResult } from '../types';
import { fromBase64, textToBase64 } from '../../sim/base64';

type J = null | boolean | number | string | J[] | { [k: string]: J };
type Filter = (v: J) => J[];

class JqError extends Error {}

const typeOf = (v: J): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v);
const show = (v: J): string => JSON.stringify(v).slice(0, 11);

function index(v: J, key: string | number, opt: boolean): J[] {
  if (v === null) return [null];
  if (typeof key === 'string' && typeof v === 'object' && !Array.isArray(v)) return [v[key] ?? null];
  if (typeof key === 'number' && Array.isArray(v)) return [v[key < 0 ? v.length + key : key] ?? null];
  if (opt) return [];
  throw new JqError(`Cannot index ${typeOf(v)} with ${typeof key === 'string' ? `string "${key}"` : 'number'}`);
}

function iterate(v: J, opt: boolean): J[] {
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') return Object.values(v);
  if (opt) return [];
  throw new JqError(`Cannot iterate over ${typeOf(v)}${v === null ? '' : ` (${show(v)})`}`);
}

const BUILTINS: Record<string, Filter> = {
  keys: (v) => {
    if (Array.isArray(v)) return [v.map((_, i) => i)];
    if (v !== null && typeof v === 'object') return [Object.keys(v).sort()];
    throw new JqError(`${typeOf(v)} (${show(v)}) has no keys`);
  },
  length: (v) => [v === null ? 0 : typeof v === 'string' || Array.isArray(v) ? v.length : typeof v === 'object' ? Object.keys(v).length : typeof v === 'number' ? Math.abs(v) : (() => { throw new JqError(`boolean (${show(v)}) has no length`); })()],
  '@base64': (v) => [textToBase64(typeof v === 'string' ? v : JSON.stringify(v))],
  '@base64d': (v) => {
    const bytes = typeof v === 'string' ? fromBase64(v.replace(/=+$/, '').padEnd(Math.ceil(v.replace(/=+$/, '').length / 4) * 4, '=')) : undefined;
    if (!bytes) throw new JqError(`${typeOf(v)} (${show(v)}) is not valid base64 data`);
    return [new TextDecoder().decode(bytes)];
  },
};

/** Compiles a filter; throws a compile error message. */
function compile(src: string): Filter {
  let i = 0;
  const ws = () => { while (src[i] === ' ' || src[i] === '\n' || src[i] === '\t') i++; };
  const syntax = (): never => {
    throw new Error(`syntax error, unexpected ${i >= src.length ? '$end' : 'INVALID_CHARACTER'} (Unix shell quoting issues?) at <top-level>, line 1:\n${src}`);
  };
  const str = (): string => {
    let out = '';
    i++;
    while (i < src.length && src[i] !== '"') {
      if (src[i] === '\\') i++;
      out += src[i++] ?? '';
    }
    if (src[i++] !== '"') syntax();
    return out;
  };
  const path = (): Filter => {
    const steps: Filter[] = [];
    i++; // the leading dot
    const suffix = (f: Filter): void => {
      if (src[i] === '?') { i++; steps.push((v) => { try { return f(v); } catch { return []; } }); } else steps.push(f);
    };
    const opt = () => src[i] === '?';
    if (/[A-Za-z_]/.test(src[i] ?? '')) { const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))![0]; i += m.length; const o = opt(); suffix((v) => index(v, m, o)); }
    else if (src[i] === '"') { const k = str(); const o = opt(); suffix((v) => index(v, k, o)); }
    for (;;) {
      if (src[i] === '.' && /[A-Za-z_"]/.test(src[i + 1] ?? '')) {
        i++;
        const k = src[i] === '"' ? str() : (() => { const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))![0]; i += m.length; return m; })();
        const o = opt();
        suffix((v) => index(v, k, o));
      } else if (src[i] === '[') {
        i++; ws();
        if (src[i] === ']') { i++; const o = opt(); suffix((v) => iterate(v, o)); continue; }
        const key: string | number = src[i] === '"' ? str() : (() => { const m = /^-?\d+/.exec(src.slice(i)); if (!m) syntax(); i += m![0].length; return Number(m![0]); })();
        ws();
        if (src[i++] !== ']') syntax();
        const o = opt();
        suffix((v) => index(v, key, o));
      } else break;
    }
    return (v) => steps.reduce<J[]>((acc, f) => acc.flatMap(f), [v]);
  };
  const term = (): Filter => {
    ws();
    if (src[i] === '.') return path();
    if (src[i] === '(') {
      i++;
      const inner = pipe();
      ws();
      if (src[i++] !== ')') syntax();
      return inner;
    }
    const m = /^@?[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (!m) return syntax();
    i += m[0].length;
    const b = BUILTINS[m[0]];
    if (!b) throw new Error(`${m[0]}/0 is not defined at <top-level>, line 1:\n${src}`);
    return b;
  };
  const comma = (): Filter => {
    const parts = [term()];
    for (ws(); src[i] === ','; ws()) { i++; parts.push(term()); }
    return (v) => parts.flatMap((f) => f(v));
  };
  function pipe(): Filter {
    const parts = [comma()];
    for (ws(); src[i] === '|'; ws()) { i++; parts.push(comma()); }
    return (v) => parts.reduce<J[]>((acc, f) => acc.flatMap(f), [v]);
  }
  const f = pipe();
  ws();
  if (i < src.length) syntax();
  return f;
}

function runJq(ctx: CommandCtx, f: Filter, text: string, raw: boolean, compact: boolean, from: string): number {
  let value: J;
  try {
    value = JSON.parse(text) as J;
  } catch {
    const lines = text.split('\n');
    ctx.err(`parse error: Invalid literal at line ${lines.length}, column 0\n`);
    return 4;
  }
  try {
    for (const v of f(value)) ctx.out(`${raw && typeof v === 'string' ? v : JSON.stringify(v, null, compact ? undefined : 2)}\n`);
    return 0;
  } catch (e) {
    ctx.err(`jq: error (at ${from}:${Math.max(1, text.trimEnd().split('\n').length)}): ${e instanceof Error ? e.message : String(e)}\n`);
    return 5;
  }
}

export const jq: Command = {
  name: 'jq',
  summary: 'command-line JSON processor (jq 1.6: paths, pipes, keys, length, @base64d)',
  man: `jq [-r] [-c] FILTER [FILE]
  Applies FILTER to the JSON on standard input (or FILE): .a.b, ."a b", .["a"], .[0], .[] (? ignores errors),
  FILTER | FILTER, FILTER, FILTER, keys, length, @base64, @base64d. -r prints strings without quotes; -c on one line.
  This lab's jq has only these; the rest of the language is not available.`,
  where: 'any',
  run(argv, ctx): CommandResult {
    let raw = false, compact = false;
    const words: string[] = [];
    for (const a of argv.slice(1)) {
      if (/^-[rcMSn]+$/.test(a)) { raw ||= a.includes('r'); compact ||= a.includes('c'); } else if (a === '--raw-output') raw = true;
      else if (a === '--compact-output') compact = true;
      else words.push(a);
    }
    let f: Filter;
    try {
      f = compile(words[0] ?? '.');
    } catch (e) {
      ctx.err(`jq: error: ${e instanceof Error ? e.message : String(e)}\njq: 1 compile error\n`);
      return 3;
    }
    if (words[1] !== undefined) {
      const data = ctx.files.read(words[1]);
      if (!data) return (ctx.err(`jq: error: Could not open ${words[1]}: No such file or directory\n`), 2);
      return runJq(ctx, f, new TextDecoder().decode(data), raw, compact, words[1]);
    }
    return readAllStdin(ctx, (input) => (input.trim() === '' ? 0 : runJq(ctx, f, input, raw, compact, '<stdin>')));
  },
};
