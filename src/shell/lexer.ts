/**
 * The terminal's tokenizer: splits a command line into words and operators, each with its source range, after
 * POSIX sh's token recognition (XCU 2.3, quoting 2.2): single quotes keep everything literal; double quotes keep
 * everything but `\"`, `\\`, `\$`, `` \` `` and backslash-newline; a backslash outside quotes escapes the next
 * character; backslash-newline joins lines; `#` at the start of a word begins a comment; adjacent quoted and
 * unquoted parts make one word (`a'b'"c"` is `abc`); `''` is an empty word. Here-document bodies (`<<EOF`,
 * `<<'EOF'`, `<<-EOF`) are read after the newline that ends their line (XCU 2.7.4).
 *
 * There is no expansion: `$VAR`, `${VAR}`, `$(cmd)` and `` `cmd` `` stay literal text (the lab's commands take no
 * variables). Scanning never throws; it stops at the first problem and says where and whether more input could
 * fix it (an open quote, a trailing backslash, a here-document still waiting for its delimiter).
 */

export interface WordToken {
  t: 'word';
  /** The word with quotes removed and escapes applied. */
  text: string;
  start: number;
  end: number;
  /** Any part was quoted or escaped (so `''` is a word, and a quoted `#` or digit is not special). */
  quoted: boolean;
}

export interface HereDoc {
  delimiter: string;
  /** The delimiter was quoted (`<<'EOF'`): the body is literal. Otherwise `\\`, `\$`, `` \` `` and `\`-newline apply. */
  quoted: boolean;
  /** `<<-`: leading tabs are stripped from body lines and the delimiter line. */
  stripTabs: boolean;
  body: string;
  /** Still waiting for its delimiter line when the input ended. */
  open: boolean;
}

export interface OpToken {
  t: 'op';
  op: string;
  start: number;
  end: number;
  /** The file descriptor written before a redirection (`2>&1`), if any. */
  fd?: number;
  /** For `<<` and `<<-`: the here-document, filled in when its body has been read. */
  heredoc?: HereDoc;
}

export type Token = WordToken | OpToken;

export interface ScanProblem {
  message: string;
  at: number;
  /** More input (another line) could complete it: the terminal can show a continuation prompt. */
  incomplete: boolean;
}

export interface Scan {
  tokens: Token[];
  problem?: ScanProblem;
  /** When the input ended inside a quote (or after a lone backslash): which, and where it opened. */
  open?: Open;
}

export interface Open { quote: "'" | '"' | '$(' | '`' | '\\'; at: number }

/** Operators, longest first so `&&` wins over `&` and `>>` over `>`. */
const OPERATORS = ['<<-', '&>>', '&&', '||', ';;', '>>', '<<', '>&', '<&', '>|', '&>', '|', '&', ';', '<', '>', '(', ')', '\n'];
const META = new Set(['|', '&', ';', '<', '>', '(', ')', '\n', ' ', '\t']);
const DQ_ESCAPES = new Set(['"', '\\', '$', '`']);

/** Reads one word starting at `i`; stops at an unquoted blank or operator character. */
export function scanWord(s: string, i: number): { tok: WordToken; next: number; open?: Open } {
  const start = i;
  let text = '';
  let quoted = false;
  while (i < s.length && !META.has(s[i])) {
    const c = s[i];
    if (c === '\\') {
      quoted = true;
      if (s[i + 1] === '\n') i += 2; // line continuation
      else if (i + 1 < s.length) {
        text += s[i + 1];
        i += 2;
      } else return { tok: { t: 'word', text, start, end: i + 1, quoted }, next: i + 1, open: { quote: '\\', at: i } };
    } else if (c === "'") {
      quoted = true;
      const close = s.indexOf("'", i + 1);
      if (close < 0) return { tok: { t: 'word', text: text + s.slice(i + 1), start, end: s.length, quoted }, next: s.length, open: { quote: "'", at: i } };
      text += s.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      quoted = true;
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && j + 1 < s.length && (DQ_ESCAPES.has(s[j + 1]) || s[j + 1] === '\n')) {
          if (s[j + 1] !== '\n') text += s[j + 1];
          j++;
        } else text += s[j];
      }
      if (j >= s.length) return { tok: { t: 'word', text, start, end: s.length, quoted }, next: s.length, open: { quote: '"', at: i } };
      i = j + 1;
    } else if ((c === '$' && s[i + 1] === '(') || c === '`') {
      // command substitution is not run, but its text stays one word: `$(date +%s)`, `` `id -u` ``
      const close = c === '`' ? s.indexOf('`', i + 1) : matchParen(s, i + 1);
      if (close < 0) return { tok: { t: 'word', text: text + s.slice(i), start, end: s.length, quoted }, next: s.length, open: { quote: c === '`' ? '`' : '$(', at: i } };
      text += s.slice(i, close + 1);
      i = close + 1;
    } else {
      text += c;
      i++;
    }
  }
  return { tok: { t: 'word', text, start, end: i, quoted }, next: i };
}

function matchParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Reads the bodies of the pending here-documents from `i` (just after a newline); returns where input resumes. */
function readHereDocs(s: string, i: number, pending: HereDoc[]): number {
  for (const doc of pending) {
    const lines: string[] = [];
    doc.open = true;
    while (i < s.length) {
      const nl = s.indexOf('\n', i);
      const end = nl < 0 ? s.length : nl;
      let line = s.slice(i, end);
      i = nl < 0 ? s.length : nl + 1;
      if (doc.stripTabs) line = line.replace(/^\t+/, '');
      if (line === doc.delimiter) {
        doc.open = false;
        break;
      }
      lines.push(line);
    }
    let body = lines.length ? lines.join('\n') + '\n' : '';
    // left to right, so `\\` followed by a newline is a backslash, not a line continuation
    if (!doc.quoted) body = body.replace(/\\(\n|[\\$`])/g, (_m, c: string) => (c === '\n' ? '' : c));
    doc.body = body;
  }
  pending.length = 0;
  return i;
}

/** Tokenizes a whole command line (which may span several lines). */
export function scan(s: string): Scan {
  const tokens: Token[] = [];
  const pending: HereDoc[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\\' && s[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') { // here always at the start of a word: scanWord reads `a#b` whole
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    const op = OPERATORS.find((o) => s.startsWith(o, i));
    if (op) {
      const tok: OpToken = { t: 'op', op, start: i, end: i + op.length };
      const prev = tokens[tokens.length - 1];
      // an all-digit unquoted word right before a redirection is its file descriptor: `2>&1`
      if ('<>'.includes(op[0]) && prev?.t === 'word' && !prev.quoted && prev.end === i && /^[0-9]+$/.test(prev.text)) {
        tokens.pop();
        tok.fd = Number(prev.text);
        tok.start = prev.start;
      }
      tokens.push(tok);
      i += op.length;
      if (op === '\n' && pending.length) i = readHereDocs(s, i, pending);
      continue;
    }
    const { tok, next, open } = scanWord(s, i);
    const prev = tokens[tokens.length - 1];
    if (prev?.t === 'op' && (prev.op === '<<' || prev.op === '<<-') && !prev.heredoc) {
      prev.heredoc = { delimiter: tok.text, quoted: tok.quoted, stripTabs: prev.op === '<<-', body: '', open: true };
      pending.push(prev.heredoc);
    }
    tokens.push(tok);
    i = next;
    if (open) {
      const what = open.quote === '\\' ? 'unexpected end of file' : 'unterminated quoted string';
      return { tokens, open, problem: { message: `sh: syntax error: ${what}`, at: open.at, incomplete: true } };
    }
  }
  const waiting = tokens.find((t): t is OpToken => t.t === 'op' && !!t.heredoc && (t.heredoc.open || pending.includes(t.heredoc)));
  if (waiting?.heredoc) {
    return {
      tokens,
      problem: { message: `sh: warning: here-document delimited by end-of-file (wanted '${waiting.heredoc.delimiter}')`, at: waiting.start, incomplete: true },
    };
  }
  return { tokens };
}
