/**
 * The filter expression's tokens. A word is a run of letters, digits, `.`, `-` and `_` that starts with a letter
 * or digit and ends with a letter, digit or `.`; what it is depends on its whole text: a keyword, a named
 * constant (a number), a MAC address (`0a:58:..`, `0a.58..`, `0a-58-..`, `0a58.0af4.022a`, `0a580af4022a`), a
 * dotted IPv4 host or network (`10.244`, `10.244.1.0`), a number (decimal, 0x hex, 0-prefixed octal) or a name.
 * Colons make MAC addresses (`0a:58:0a:f4:02:2a`), IPv6 addresses, or from two `hex:` groups on a "bogus ethernet
 * address"; the longest reading wins. `\name` escapes a keyword. A malformed number or address becomes a token
 * carrying its error, raised when the parser reads it; a character the language lacks is a token nothing accepts.
 */
import { CONSTANTS, KEYWORDS } from './filterNames';

export type TokenKind = 'kw' | 'id' | 'num' | 'hid' | 'eid' | 'ip6' | 'aid' | 'op' | 'bad' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Numbers: the value (0..2^32-1). */
  value?: number;
  /** Set on a token whose use is an error (bad character, malformed number or address). */
  error?: string;
}

export const SYNTAX = "can't parse filter expression: syntax error";

const OPERATORS = ['>=', '<=', '!=', '==', '<<', '>>', '&&', '||', '>', '<', '=', '!', '&', '|', '^', '+', '-', '*', '/',
  '%', '(', ')', '[', ']', ':'];

const WORD = /[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?/y;
const MAC = /[0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5}/y;
/** Two or more `hex:` groups that make no MAC address: tcpdump's "bogus ethernet address". */
const BOGUS_MAC = /(?:[0-9A-Fa-f]{1,2}:){2,}/y;
/** After a backslash: anything up to white space, `!` or a parenthesis is a name, never a keyword. */
const ESCAPED = /[^ \t\n\r!()]+/y;
const IPV6_RUN = /[0-9A-Fa-f:.]+/y;
const NUMBER = /^(?:[0-9]+|0[xX][0-9A-Fa-f]+)$/;
const HID = /^(?:[0-9]+|0[xX][0-9A-Fa-f]+)(?:\.(?:[0-9]+|0[xX][0-9A-Fa-f]+)){1,3}$/;
const MAC_FORMS = [
  /^[0-9A-Fa-f]{1,2}([.-])[0-9A-Fa-f]{1,2}(?:\1[0-9A-Fa-f]{1,2}){4}$/,
  /^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/,
  /^[0-9A-Fa-f]{12}$/,
];

/** A C-style integer literal as a 32-bit unsigned value, or the error tcpdump gives for it. */
function parseNumber(text: string): { value: number } | { error: string } {
  let value: number;
  if (/^0[xX]/.test(text)) value = parseInt(text.slice(2), 16);
  else if (text.length > 1 && text[0] === '0') {
    if (/[89]/.test(text)) return { error: `number ${text} contains non-octal digit` };
    value = parseInt(text, 8);
  } else value = parseInt(text, 10);
  if (value > 0xffffffff) return { error: `number ${text} overflows 32 bits` };
  return { value };
}

function isIpv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  for (const [h, half] of halves.entries()) {
    if (half === '') continue;
    const parts = half.split(':');
    for (const [i, p] of parts.entries()) {
      const last = h === halves.length - 1 && i === parts.length - 1;
      if (last && /^\d+\.\d+\.\d+\.\d+$/.test(p)) groups += 2;
      else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) groups++;
      else return false;
    }
  }
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

/** The longest of the colon forms at `at` (MAC, IPv6, bogus MAC), or undefined when a word is as long. */
function colonToken(s: string, at: number, wordLength: number): Token | undefined {
  const mac = match(MAC, s, at) ?? '';
  const run = match(IPV6_RUN, s, at) ?? '';
  const v6 = run.includes(':') && isIpv6(run) ? run : '';
  const bogus = match(BOGUS_MAC, s, at) ?? '';
  const longest = Math.max(mac.length, v6.length, bogus.length);
  if (longest <= wordLength) return undefined;
  if (mac.length === longest) return { kind: 'eid', text: mac };
  if (v6.length === longest) return { kind: 'ip6', text: v6 };
  return { kind: 'bad', text: bogus, error: `bogus ethernet address ${bogus}` };
}

function wordToken(text: string): Token {
  if (KEYWORDS.has(text)) return { kind: 'kw', text };
  const constant = CONSTANTS.get(text);
  if (constant !== undefined) return { kind: 'num', text, value: constant };
  if (MAC_FORMS.some((re) => re.test(text))) return { kind: 'eid', text };
  if (HID.test(text)) return { kind: 'hid', text };
  if (NUMBER.test(text)) {
    const n = parseNumber(text);
    return 'error' in n ? { kind: 'num', text, error: n.error } : { kind: 'num', text, value: n.value };
  }
  return { kind: 'id', text };
}

function match(re: RegExp, s: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(s)?.[0];
}

export function lex(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const word = match(WORD, s, i);
    const colon = /[0-9A-Fa-f:]/.test(c) ? colonToken(s, i, word?.length ?? 0) : undefined;
    if (colon) {
      out.push(colon);
      i += colon.text.length;
      continue;
    }
    if (word) {
      out.push(wordToken(word));
      i += word.length;
      continue;
    }
    if (c === '\\') {
      const w = match(ESCAPED, s, i + 1);
      out.push(w ? { kind: 'id', text: w } : { kind: 'bad', text: c, error: SYNTAX });
      i += 1 + (w?.length ?? 0);
      continue;
    }
    if (c === '$') {
      const w = match(WORD, s, i + 1);
      out.push(w ? { kind: 'aid', text: c + w } : { kind: 'bad', text: c, error: SYNTAX });
      i += 1 + (w?.length ?? 0);
      continue;
    }
    const op = OPERATORS.find((o) => s.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    out.push({ kind: 'bad', text: c, error: SYNTAX });
    i++;
  }
  out.push({ kind: 'eof', text: '' });
  return out;
}
