/**
 * A position in the token list. `peek` and `next` raise a token's own error (a bad character, a malformed number
 * or address) the moment the parser needs to look at it, as a lexer feeding a parser one token at a time would;
 * `at` looks further ahead without raising, for decisions that need more than one token of lookahead.
 */
import { FilterError } from './filterError';
import { SYNTAX, type Token } from './filterLex';

export const ARITH_OPS = new Set(['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>']);
export const REL_OPS = new Set(['=', '==', '!=', '>', '<', '>=', '<=']);

export class Cursor {
  private i = 0;
  /** For each `(`, the index of its `)` (or -1). */
  readonly closer: Int32Array;
  /** For each `(`, 1 when everything up to its `)` can be a list of ids (`port (80 or not 443)`). */
  readonly idsOnly: Uint8Array;
  /** For each position, the first token from there on that is not `(`, `not` or `!`. */
  readonly firstTerm: Int32Array;
  /** For each position, the first token from there on that is not `(`. */
  readonly firstNonParen: Int32Array;

  constructor(readonly toks: Token[]) {
    this.closer = new Int32Array(toks.length).fill(-1);
    this.idsOnly = new Uint8Array(toks.length);
    const open: number[] = [];
    toks.forEach((t, i) => {
      if (t.kind === 'op' && t.text === '(') {
        open.push(i);
        this.idsOnly[i] = 1;
      } else if (t.kind === 'op' && t.text === ')' && open.length) {
        const o = open.pop()!;
        this.closer[o] = i;
        if (!this.idsOnly[o] && open.length) this.idsOnly[open[open.length - 1]] = 0;
      } else if (open.length && !idListToken(t)) this.idsOnly[open[open.length - 1]] = 0;
    });
    this.firstTerm = new Int32Array(toks.length);
    this.firstNonParen = new Int32Array(toks.length);
    for (let i = toks.length - 1; i >= 0; i--) {
      const t = toks[i];
      const paren = t.kind === 'op' && t.text === '(';
      const skip = paren || (t.kind === 'op' && t.text === '!') || (t.kind === 'kw' && t.text === 'not');
      this.firstTerm[i] = skip && i + 1 < toks.length ? this.firstTerm[i + 1] : i;
      this.firstNonParen[i] = paren && i + 1 < toks.length ? this.firstNonParen[i + 1] : i;
    }
  }

  get index(): number {
    return this.i;
  }

  /** The token `k` ahead, without raising its error. */
  at(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)];
  }

  /** The token `k` ahead, raising its error as `peek` does. */
  peek(k = 0): Token {
    const t = this.at(k);
    if (t.error && t.error !== SYNTAX) throw new FilterError(t.error);
    return t;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  isKw(...words: string[]): boolean {
    const t = this.peek();
    return t.kind === 'kw' && words.includes(t.text);
  }

  expectOp(text: string): void {
    if (!this.isOp(text)) throw syntaxError();
    this.i++;
  }
}

const ID_LIST_WORDS = new Set(['and', 'or', 'not', 'mask']);
const ID_LIST_OPS = new Set(['!', '&&', '||', '/']);
function idListToken(t: Token): boolean {
  if (t.kind === 'kw') return ID_LIST_WORDS.has(t.text);
  if (t.kind === 'op') return ID_LIST_OPS.has(t.text);
  return t.kind !== 'eof';
}

export const syntaxError = (): FilterError => new FilterError(SYNTAX);

export const isKw = (t: Token, ...words: string[]): boolean => t.kind === 'kw' && words.includes(t.text);
export const isOp = (t: Token, text: string): boolean => t.kind === 'op' && t.text === text;
export const isNot = (t: Token): boolean => isKw(t, 'not') || isOp(t, '!');
export const boolOp = (t: Token): 'and' | 'or' | undefined =>
  isKw(t, 'and') || isOp(t, '&&') ? 'and' : isKw(t, 'or') || isOp(t, '||') ? 'or' : undefined;
/** Whether a primitive may end before `t`. */
export const endsPrimitive = (t: Token): boolean => boolOp(t) !== undefined || isOp(t, ')') || t.kind === 'eof';

export const isArithOp = (t: Token): boolean => t.kind === 'op' && ARITH_OPS.has(t.text);
export const isRelOp = (t: Token): boolean => t.kind === 'op' && REL_OPS.has(t.text);
