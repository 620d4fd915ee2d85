/**
 * The lexical pieces of kubectl's JSONPath templates: quoted strings with Go's backslash escapes (`"\t"`, `'\n'`,
 * `"\u00e9"`), and the members of a `[...]` subscript (`0`, `-1`, `1:3`, `::2`, `'a\.b'`).
 */
import type { Pick, Step } from './kubectlJsonpathParse';

export class JsonpathSyntaxError extends Error {}

export const fail = (message: string): never => {
  throw new JsonpathSyntaxError(message);
};

const SLICE = /^(-?\d+)?(?::(-?\d+)?(?::(-?\d+)?)?)?$/;

/** Index of the quote closing the string that opens at `i`; strings end on their line. */
export function closingQuote(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === s[i]) return j;
    else if (s[j] === '\n' || s[j] === '\r') break;
  }
  return fail('unterminated quoted string');
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** The text of a quoted literal with Go's backslash escapes, or undefined when an escape is not valid. */
export function unquote(quoted: string): string | undefined {
  let out = '';
  const body = quoted.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      out += body[i];
      continue;
    }
    const e = body[++i] ?? '';
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (e in HEX_LENGTH) {
      const digits = body.slice(i + 1, i + 1 + HEX_LENGTH[e]);
      const code = parseInt(digits, 16);
      if (digits.length !== HEX_LENGTH[e] || !/^[0-9a-fA-F]+$/.test(digits) || code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += digits.length;
    } else if (/^[0-7]{3}$/.test(body.slice(i, i + 3)) && parseInt(body.slice(i, i + 3), 8) < 256) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else return undefined;
  }
  return out;
}

/** `['a\.b.c']`: a key's text is a path of names split at unescaped dots. */
function keyPath(text: string): Step[] {
  const names = [''];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) names[names.length - 1] += text[++i];
    else if (text[i] === '.') names.push('');
    else names[names.length - 1] += text[i];
  }
  return names.filter((n) => n !== '').map((name) => ({ op: 'child', name }));
}

/** Splits `s` at `sep` where it is not inside quotes. */
export function splitOutsideQuotes(s: string, sep: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"' || s[i] === "'") i = closingQuote(s, i);
    else if (s[i] === sep) {
      parts.push(s.slice(from, i));
      from = i + 1;
    }
  }
  return [...parts, s.slice(from)];
}

/** One member of a subscript. */
export function pick(raw: string): Pick {
  const item = raw.trim();
  const q = item[0];
  if ((q === '"' || q === "'") && item.length > 1 && item.endsWith(q)) return { by: 'key', path: keyPath(item.slice(1, -1)) };
  const m = SLICE.exec(item);
  if (item === '') return fail('invalid array index: empty []');
  if (!m) return fail(`invalid array index ${item}`);
  const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));
  if (!item.includes(':')) return { by: 'index', at: Number(m[1]) };
  return { by: 'slice', from: num(m[1]), to: num(m[2]), step: num(m[3]) };
}
