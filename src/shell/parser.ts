/**
 * The terminal's command-line parser: a list of pipelines joined by `&&`, `||`, `;`, `&` or newlines, each
 * pipeline commands joined by `|`, each command words and redirections (`>`, `>>`, `<`, `2>&1`, `&>`, here-
 * documents `<<EOF` / `<<'EOF'` / `<<-EOF` for `kubectl apply -f - <<EOF`), after POSIX sh's grammar (XCU 2.9,
 * 2.10) without its compound commands. Words come from lexer.ts, so quoting follows sh and nothing is expanded.
 *
 * Parsing never throws. A bad line gives bash's message (`sh: syntax error near unexpected token '|'`,
 * `sh: syntax error: unterminated quoted string`, `sh: syntax error: unexpected end of file`), the offset where
 * it went wrong, and `incomplete` when another line could finish it (open quote, trailing `|` or `&&`, unended
 * here-document), so the terminal can show a continuation prompt instead.
 *
 * `wordAt(line, cursor)` is for tab completion: the word under the cursor, its index in its command, and the
 * words before it, also on a half-typed line.
 */
import { scan, scanWord, type HereDoc, type OpToken, type Token, type WordToken } from './lexer';

export type { HereDoc, WordToken } from './lexer';

export type Redirect =
  /** `[fd]> file`, `[fd]>> file`, `[fd]< file`; fd -1 is `&>`/`&>>` (standard output and error). */
  | { kind: 'file'; fd: number; op: '>' | '>>' | '<'; target: WordToken }
  /** `[fd]>&n`, `[fd]<&n` (`2>&1`); `target` is the word after the operator (`1`, `-`). */
  | { kind: 'dup'; fd: number; op: '>&' | '<&'; target: WordToken }
  | { kind: 'heredoc'; fd: number; doc: HereDoc };

export interface SimpleCommand {
  argv: string[];
  words: WordToken[];
  redirects: Redirect[];
  start: number;
  end: number;
}

export interface Pipeline { commands: SimpleCommand[]; start: number; end: number }

export type Connector = '&&' | '||' | ';' | '&';

/** One pipeline and the operator after it (none after the last one, or after a trailing `;` or newline). */
export interface ListItem { pipeline: Pipeline; next?: Connector }

export type ParseResult =
  | { ok: true; items: ListItem[] }
  | { ok: false; error: string; at: number; incomplete: boolean };

const REDIRECTS = new Set(['>', '>>', '<', '>|', '>&', '<&', '&>', '&>>', '<<', '<<-']);
const SEPARATORS = new Set([';', '&', '\n']);

class ParseError {
  constructor(readonly error: string, readonly at: number, readonly incomplete = false) {}
}

const near = (tok: Token | undefined, end: number): ParseError => {
  if (!tok) return new ParseError('sh: syntax error: unexpected end of file', end, true);
  const shown = tok.t === 'word' ? tok.text : tok.op === '\n' ? 'newline' : tok.op;
  return new ParseError(`sh: syntax error near unexpected token '${shown}'`, tok.start);
};

class Parser {
  private i = 0;

  constructor(private readonly toks: Token[], private readonly end: number) {}

  private peek(): Token | undefined {
    return this.toks[this.i];
  }

  private isOp(t: Token | undefined, ...ops: string[]): t is OpToken {
    return t?.t === 'op' && ops.includes(t.op);
  }

  private skipNewlines(): void {
    while (this.isOp(this.peek(), '\n')) this.i++;
  }

  list(): ListItem[] {
    const items: ListItem[] = [];
    this.skipNewlines();
    while (this.peek()) {
      const first = this.andOr();
      items.push(...first);
      const t = this.peek();
      if (!t) break;
      if (!this.isOp(t, ...SEPARATORS)) throw near(t, this.end);
      this.i++;
      if (t.op !== '\n') items[items.length - 1].next = t.op as Connector;
      this.skipNewlines();
    }
    return items;
  }

  /** pipeline (('&&' | '||') linebreak pipeline)* */
  private andOr(): ListItem[] {
    const items: ListItem[] = [{ pipeline: this.pipeline() }];
    while (this.isOp(this.peek(), '&&', '||')) {
      items[items.length - 1].next = (this.toks[this.i++] as OpToken).op as Connector;
      this.skipNewlines();
      items.push({ pipeline: this.pipeline() });
    }
    return items;
  }

  /** command ('|' linebreak command)* */
  private pipeline(): Pipeline {
    const commands = [this.command()];
    while (this.isOp(this.peek(), '|')) {
      this.i++;
      this.skipNewlines();
      commands.push(this.command());
    }
    return { commands, start: commands[0].start, end: commands[commands.length - 1].end };
  }

  /** (word | redirection)+ */
  private command(): SimpleCommand {
    const cmd: SimpleCommand = { argv: [], words: [], redirects: [], start: this.peek()?.start ?? this.end, end: this.end };
    for (let t = this.peek(); t; t = this.peek()) {
      if (t.t === 'word') {
        cmd.words.push(t);
        cmd.argv.push(t.text);
        cmd.end = t.end;
        this.i++;
      } else if (REDIRECTS.has(t.op)) {
        this.i++;
        cmd.redirects.push(this.redirect(t));
        cmd.end = this.toks[this.i - 1].end;
      } else break;
    }
    if (!cmd.words.length && !cmd.redirects.length) throw near(this.peek(), this.end);
    return cmd;
  }

  private redirect(op: OpToken): Redirect {
    const target = this.peek();
    if (target?.t !== 'word') throw target ? near(target, this.end) : new ParseError("sh: syntax error near unexpected token 'newline'", this.end);
    this.i++;
    if (op.op === '<<' || op.op === '<<-') return { kind: 'heredoc', fd: op.fd ?? 0, doc: op.heredoc! };
    if (op.op === '>&' || op.op === '<&') return { kind: 'dup', fd: op.fd ?? (op.op === '>&' ? 1 : 0), op: op.op, target };
    if (op.op === '&>' || op.op === '&>>') return { kind: 'file', fd: -1, op: op.op === '&>' ? '>' : '>>', target };
    const kind = op.op === '>|' ? '>' : (op.op as '>' | '>>' | '<');
    return { kind: 'file', fd: op.fd ?? (kind === '<' ? 0 : 1), op: kind, target };
  }
}

/** Parses a command line (possibly several lines). */
export function parseCommandLine(line: string): ParseResult {
  try {
    const s = scan(line);
    try {
      const items = new Parser(s.tokens, line.length).list();
      if (s.problem) return { ok: false, error: s.problem.message, at: s.problem.at, incomplete: s.problem.incomplete };
      return { ok: true, items };
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      // a syntax error before the point where scanning stopped is the one bash reports first
      if (s.problem && (e.incomplete || s.problem.at < e.at)) return { ok: false, error: s.problem.message, at: s.problem.at, incomplete: s.problem.incomplete };
      return { ok: false, error: e.error, at: e.at, incomplete: e.incomplete };
    }
  } catch (e) {
    return { ok: false, error: `sh: internal error: ${e instanceof Error ? e.message : String(e)}`, at: 0, incomplete: false };
  }
}

export interface WordAt {
  /** Index of the word in its command's argv (0: the command name); -1 for a redirection's target. */
  index: number;
  start: number;
  end: number;
  /** The whole word, unquoted. */
  text: string;
  /** The part before the cursor, unquoted: what completion should extend. */
  prefix: string;
  /** The quote left open at the cursor, if any (completion then closes it). */
  quote: "'" | '"' | null;
  inQuote: boolean;
  /** The words of the same command before this one (argv[0..index)). */
  before: string[];
}

/** The word under (or just before) `cursor`, or an empty word there when the cursor is between words. */
export function wordAt(line: string, cursor: number): WordAt {
  const at = Math.max(0, Math.min(cursor, line.length));
  const { tokens } = scan(line);
  let before: string[] = [];
  let afterRedirect = false;
  for (const t of tokens) {
    if (t.start >= at && !(t.t === 'word' && t.start === at)) break;
    if (t.t === 'op') {
      if (REDIRECTS.has(t.op)) afterRedirect = true;
      else {
        before = [];
        afterRedirect = false;
      }
      if (t.end > at) break;
      continue;
    }
    if (at <= t.end) {
      const part = scanWord(line.slice(0, at), t.start);
      const quote = part.open?.quote === "'" || part.open?.quote === '"' ? part.open.quote : null;
      return {
        index: afterRedirect ? -1 : before.length, start: t.start, end: t.end, text: t.text, prefix: part.tok.text,
        quote, inQuote: quote !== null, before,
      };
    }
    if (afterRedirect) afterRedirect = false;
    else before = [...before, t.text];
  }
  return { index: afterRedirect ? -1 : before.length, start: at, end: at, text: '', prefix: '', quote: null, inQuote: false, before };
}
