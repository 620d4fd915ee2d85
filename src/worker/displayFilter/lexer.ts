/**
 * Tokens of the display-filter language (a useful subset of Wireshark's, wireshark-filter(4)): field names and
 * bare values are words, "quoted strings" take C escapes, and the operators are the symbolic and the English ones
 * (`&&` and `and`, `==` and `eq`, ...). Positions are 0-based character offsets into the filter text, for errors.
 */

export type TokenKind = 'word' | 'string' | 'op' | '(' | ')' | '{' | '}' | ',' | 'end';

export interface Token {
  kind: TokenKind;
  /** A word as typed, a string's decoded value, or an operator in its symbolic spelling (`and` -> `&&`). */
  text: string;
  /** Where the token starts in the filter text. */
  pos: number;
  /** The token as typed (for error messages). */
  raw: string;
}

export class FilterError extends Error {
  constructor(message: string, readonly pos: number) {
    super(message);
  }
}

/** Symbolic operators, longest first so `==` is never read as `=` `=`. */
const SYMBOLS = ['&&', '||', '==', '!=', '>=', '<=', '!', '>', '<', '~'];
/** English spellings of operators (lower case; Wireshark accepts them in any case). */
const WORD_OPS: Record<string, string> = {
  and: '&&', or: '||', not: '!', eq: '==', ne: '!=', gt: '>', lt: '<', ge: '>=', le: '<=',
  contains: 'contains', matches: '~', in: 'in',
};
/** Characters of a word: field names (`tcp.flags.syn`), numbers, addresses, CIDRs, MACs, bare text, ranges (`1..9`). */
const WORD = /[A-Za-z0-9_.:/\-+]/;

const quote = (s: string) => `"${s}"`;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ('(){},'.includes(c)) {
      out.push({ kind: c as TokenKind, text: c, pos: i, raw: c });
      i++;
      continue;
    }
    if (c === '"') {
      const { value, end } = readString(text, i);
      out.push({ kind: 'string', text: value, pos: i, raw: text.slice(i, end) });
      i = end;
      continue;
    }
    const sym = SYMBOLS.find((s) => text.startsWith(s, i));
    if (sym) {
      out.push({ kind: 'op', text: sym, pos: i, raw: sym });
      i += sym.length;
      continue;
    }
    if (c === '=') throw new FilterError(`"=" is not an operator here: compare with "=="`, i);
    if (c === '&' || c === '|') throw new FilterError(`${quote(c)} is not an operator: use "${c}${c}"`, i);
    if (!WORD.test(c)) throw new FilterError(`Unexpected character ${quote(c)}`, i);
    const start = i;
    while (i < text.length && WORD.test(text[i])) i++;
    const word = text.slice(start, i);
    const op = WORD_OPS[word.toLowerCase()];
    out.push(op ? { kind: 'op', text: op, pos: start, raw: word } : { kind: 'word', text: word, pos: start, raw: word });
  }
  out.push({ kind: 'end', text: '', pos: text.length, raw: '' });
  return out;
}

/** A double-quoted string with \\ \" \n \t \r and \xHH escapes; returns its value and the index after it. */
function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) break;
    if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
      continue;
    }
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"' };
    if (!(e in simple)) throw new FilterError(`Unknown escape "\\${e}" in a string`, i);
    value += simple[e];
    i += 2;
  }
  throw new FilterError('This string has no closing quote', start);
}
