/**
 * The grammar of one `{...}` action of a kubectl JSONPath template, after the Kubernetes "JSONPath Support" page: a
 * path (`.a.b`, `..name`, `.*`, `[*]`, `[0]`, `[-1]`, `[1:3]`, `[::2]`, `[0,2]`, `['a.b', 'c']`,
 * `[?(@.type=="Ready")]`), a literal (`"\t"`, `'x'`, `3`, `true`), or `range <path>` / `end`; and the small tree it
 * parses into. A syntax error throws JsonpathSyntaxError with kubectl's wording.
 */
import { goRune } from './kubectlGoFmt';
import { closingQuote, fail, pick, splitOutsideQuotes, unquote } from './kubectlJsonpathLex';

/** One step of a path; each maps a list of values to a new list. */
export type Step =
  | { op: 'child'; name: string }
  | { op: 'all' }
  | { op: 'descend' }
  | { op: 'pick'; picks: Pick[] }
  | { op: 'filter'; left: Expr; cmp?: Cmp; right?: Expr };

/** One member of `[...]`: an index, a slice, or a quoted key (which, like `.a.b`, may name a path). */
export type Pick =
  | { by: 'index'; at: number }
  | { by: 'slice'; from?: number; to?: number; step?: number }
  | { by: 'key'; path: Step[] };

export type Cmp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A path from the current object (`@` and `$` both name it), a literal, or a bare word kubectl rejects when run. */
export type Expr =
  | { kind: 'path'; steps: Step[] }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'unknown'; word: string };

export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'value'; expr: Expr }
  | { kind: 'range'; over: Expr; body: Piece[] }
  | { kind: 'strayEnd' };

/** Characters that end a field name (a backslash before one keeps it in the name). */
const NAME_STOP = new Set([...'.[]{}()\'"@$,=!<>*\\ \t\r\n']);
const isNameChar = (c: string): boolean => c !== '' && !NAME_STOP.has(c);
const WORD = /^[\p{L}_][\p{L}\p{Nd}_]*/u;
const CMP = /^(==|!=|<=|>=|=~|<|>|=)/;

export type Action = { kind: 'value'; expr: Expr } | { kind: 'range'; over: Expr } | { kind: 'end' } | { kind: 'empty' };

/** A recursive-descent reader over the inside of one action. */
class ActionReader {
  private pos = 0;

  constructor(private readonly src: string) {}

  private peek(ahead = 0): string {
    return this.src[this.pos + ahead] ?? '';
  }

  private rest(): string {
    return this.src.slice(this.pos);
  }

  private skipSpace(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  private unexpected(): never {
    const c = String.fromCodePoint(this.src.codePointAt(this.pos)!);
    return fail(isNameChar(c) ? `unexpected ${JSON.stringify(this.rest())} in action` : `unrecognized character in action: ${goRune(c)}`);
  }

  read(): Action {
    this.skipSpace();
    let action: Action;
    const word = WORD.exec(this.rest())?.[0];
    if (this.pos >= this.src.length) action = { kind: 'empty' };
    else if (word === 'end') {
      this.pos += word.length;
      action = { kind: 'end' };
    } else if (word === 'range') {
      this.pos += word.length;
      this.skipSpace();
      action = { kind: 'range', over: this.operand() };
    } else action = { kind: 'value', expr: this.operand() };
    this.skipSpace();
    if (this.pos < this.src.length) this.unexpected();
    return action;
  }

  /** A literal, a bare word, or a path. */
  private operand(): Expr {
    const c = this.peek();
    if (c === '"' || c === "'") {
      const end = closingQuote(this.src, this.pos);
      const quoted = this.src.slice(this.pos, end + 1);
      this.pos = end + 1;
      const text = unquote(quoted);
      return text === undefined ? fail(`unquote string ${quoted} error invalid syntax`) : { kind: 'literal', value: text };
    }
    if (c === '-' || c === '+' || (c >= '0' && c <= '9')) {
      const text = /^[+-]?[0-9.]*/.exec(this.rest())![0];
      this.pos += text.length;
      if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) fail(`cannot parse number ${text}`);
      return { kind: 'literal', value: Number(text) };
    }
    const word = WORD.exec(this.rest())?.[0];
    if (word) {
      this.pos += word.length;
      if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
      this.steps(); // still checked for syntax; the word fails when the template runs, as in kubectl
      return { kind: 'unknown', word };
    }
    if (c === '@' || c === '$') this.pos++;
    return { kind: 'path', steps: this.steps() };
  }

  private steps(): Step[] {
    const steps: Step[] = [];
    for (;;) {
      if (this.rest().startsWith('..')) {
        this.pos += 2;
        if (this.rest().startsWith('..')) fail('invalid multiple recursive descent');
        steps.push({ op: 'descend' });
        if (this.peek() !== '.' && this.peek() !== '[') steps.push(...this.member());
      } else if (this.peek() === '.') {
        this.pos++;
        steps.push(...this.member());
      } else if (this.peek() === '[') steps.push(this.bracket());
      else return steps;
    }
  }

  /** What follows a dot: `*`, or a field name in which `\` keeps the next character (`kubernetes\.io`). */
  private member(): Step[] {
    if (this.peek() === '*') {
      this.pos++;
      return [{ op: 'all' }];
    }
    let name = '';
    for (;;) {
      const c = this.peek();
      if (c === '\\' && this.pos + 1 < this.src.length) {
        name += this.src[this.pos + 1];
        this.pos += 2;
      } else if (isNameChar(c)) {
        name += c;
        this.pos++;
      } else break;
    }
    return name === '' ? [] : [{ op: 'child', name }];
  }

  private bracket(): Step {
    if (this.rest().startsWith('[?(')) return this.filter();
    let close = this.pos + 1;
    for (; close < this.src.length && this.src[close] !== ']'; close++) {
      if (this.src[close] === '"' || this.src[close] === "'") close = closingQuote(this.src, close);
    }
    if (close >= this.src.length) fail('unterminated array');
    const inner = this.src.slice(this.pos + 1, close);
    this.pos = close + 1;
    if (inner.trim() === '*') return { op: 'all' };
    return { op: 'pick', picks: splitOutsideQuotes(inner, ',').map(pick) };
  }

  /** `[?(left)]` (the element has it) or `[?(left OP right)]`. */
  private filter(): Step {
    this.pos += 3;
    this.skipSpace();
    const step: Step = { op: 'filter', left: this.operand() };
    this.skipSpace();
    const op = CMP.exec(this.rest())?.[0];
    if (op === '=~') fail('regular expressions are not supported in filters (=~)');
    if (op === '=') fail('invalid filter operator =, use ==');
    if (op) {
      this.pos += op.length;
      this.skipSpace();
      step.cmp = op as Cmp;
      step.right = this.operand();
      this.skipSpace();
    }
    if (this.pos >= this.src.length) fail('unterminated filter');
    if (this.peek() !== ')') this.unexpected();
    this.pos++;
    if (this.peek() !== ']') fail('unclosed array expect ]');
    this.pos++;
    return step;
  }
}

/** Parses the inside of one action. Throws JsonpathSyntaxError. */
export const readAction = (src: string): Action => new ActionReader(src).read();
