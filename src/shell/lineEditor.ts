/**
 * Line editing as a readline-style shell does it, over the raw input a terminal sends (xterm's onData strings):
 * insert and delete at the cursor, arrows, Home/End, Ctrl-A/E/B/F/K/U/W/L, history with Up/Down, Tab completion,
 * Ctrl-C to abandon the line, Ctrl-D on an empty line. It writes ANSI sequences back to redraw the line; it knows
 * nothing about commands (the session gives it a prompt and a completer).
 *
 * Partial: a line longer than the terminal's width wraps, and the redraw then only refreshes its last row.
 */

export interface Completion {
  /** The part of the line to replace (usually the word under the cursor). */
  start: number;
  end: number;
  candidates: string[];
}

export interface EditorHost {
  write(text: string): void;
  prompt(): string;
  complete(line: string, cursor: number): Completion;
  submit(line: string): void;
  /** Ctrl-D on an empty line. */
  eof(): void;
  /** Ctrl-C abandoned the line. */
  cancel?(): void;
}

const HISTORY_MAX = 500;

/** Longest common prefix of the candidates. */
function commonPrefix(words: string[]): string {
  if (!words.length) return '';
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export class LineEditor {
  buf = '';
  cursor = 0;
  readonly history: string[] = [];
  private histIdx = 0;
  private draft = '';
  private lastWasTab = false;

  constructor(private host: EditorHost) {}

  /** Prints the prompt for a fresh line. */
  start(): void {
    this.buf = '';
    this.cursor = 0;
    this.histIdx = this.history.length;
    this.host.write(this.host.prompt());
  }

  /** Feeds raw terminal input (may hold several keys, or a paste). */
  feed(data: string): void {
    let i = 0;
    while (i < data.length) {
      // eslint-disable-next-line no-control-regex
      const esc = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(data.slice(i));
      if (esc) {
        this.escape(esc[1]);
        i += esc[0].length;
        continue;
      }
      const ch = data[i++];
      if (ch === '\r' || ch === '\n') {
        // A pasted block: each line runs in turn; a CRLF pair counts once.
        if (ch === '\r' && data[i] === '\n') i++;
        this.enter();
        continue;
      }
      this.control(ch);
    }
  }

  private enter(): void {
    const line = this.buf;
    this.host.write('\r\n');
    if (line.trim() && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > HISTORY_MAX) this.history.shift();
    }
    this.buf = '';
    this.cursor = 0;
    this.histIdx = this.history.length;
    this.host.submit(line);
  }

  private control(ch: string): void {
    const code = ch.charCodeAt(0);
    const wasTab = this.lastWasTab;
    this.lastWasTab = false;
    switch (ch) {
      case '\x03': // Ctrl-C: abandon the line, as bash does
        this.host.write('^C\r\n');
        this.host.cancel?.();
        return this.start();
      case '\x04': // Ctrl-D
        if (!this.buf) return this.host.eof();
        return this.edit(this.buf.slice(0, this.cursor) + this.buf.slice(this.cursor + 1), this.cursor);
      case '\x7f':
      case '\b':
        if (this.cursor > 0) this.edit(this.buf.slice(0, this.cursor - 1) + this.buf.slice(this.cursor), this.cursor - 1);
        return;
      case '\t':
        this.lastWasTab = true;
        return this.tab(wasTab);
      case '\x01': return this.move(0);
      case '\x05': return this.move(this.buf.length);
      case '\x02': return this.move(this.cursor - 1);
      case '\x06': return this.move(this.cursor + 1);
      case '\x0b': return this.edit(this.buf.slice(0, this.cursor), this.cursor);
      case '\x15': return this.edit(this.buf.slice(this.cursor), 0);
      case '\x17': { // Ctrl-W: delete the word before the cursor
        const before = this.buf.slice(0, this.cursor).replace(/\S+\s*$/, '');
        return this.edit(before + this.buf.slice(this.cursor), before.length);
      }
      case '\x0c': // Ctrl-L: clear the screen, keep the line
        this.host.write('\x1b[H\x1b[2J');
        return this.redraw();
      default:
        if (code < 0x20) return; // other control characters do nothing
        this.edit(this.buf.slice(0, this.cursor) + ch + this.buf.slice(this.cursor), this.cursor + 1);
    }
  }

  private escape(seq: string): void {
    this.lastWasTab = false;
    switch (seq) {
      case '[A': case 'OA': return this.recall(-1);
      case '[B': case 'OB': return this.recall(1);
      case '[C': case 'OC': return this.move(this.cursor + 1);
      case '[D': case 'OD': return this.move(this.cursor - 1);
      case '[H': case 'OH': case '[1~': return this.move(0);
      case '[F': case 'OF': case '[4~': return this.move(this.buf.length);
      case '[3~': return this.edit(this.buf.slice(0, this.cursor) + this.buf.slice(this.cursor + 1), this.cursor);
      default: return; // function keys, bracketed-paste markers: ignored
    }
  }

  private recall(dir: -1 | 1): void {
    const next = this.histIdx + dir;
    if (next < 0 || next > this.history.length) return;
    if (this.histIdx === this.history.length) this.draft = this.buf;
    this.histIdx = next;
    const line = next === this.history.length ? this.draft : this.history[next];
    this.edit(line, line.length);
  }

  private tab(second: boolean): void {
    const c = this.host.complete(this.buf, this.cursor);
    const word = this.buf.slice(c.start, c.end);
    const matches = c.candidates.filter((x) => x.startsWith(word));
    if (!matches.length) return;
    const prefix = commonPrefix(matches);
    if (matches.length === 1) {
      const add = matches[0].endsWith('/') || matches[0].endsWith('=') ? '' : ' ';
      this.edit(this.buf.slice(0, c.start) + matches[0] + add + this.buf.slice(c.end), c.start + matches[0].length + add.length);
    } else if (prefix.length > word.length) {
      this.edit(this.buf.slice(0, c.start) + prefix + this.buf.slice(c.end), c.start + prefix.length);
    } else if (second) {
      // Second Tab: list the candidates under the line, then redraw it, as bash does.
      this.host.write(`\r\n${[...new Set(matches)].sort().join('  ')}\r\n`);
      this.redraw();
    }
  }

  private move(to: number): void {
    this.edit(this.buf, Math.max(0, Math.min(this.buf.length, to)));
  }

  private edit(buf: string, cursor: number): void {
    this.buf = buf;
    this.cursor = cursor;
    this.redraw();
  }

  private redraw(): void {
    const back = this.buf.length - this.cursor;
    this.host.write(`\r\x1b[K${this.host.prompt()}${this.buf}${back ? `\x1b[${back}D` : ''}`);
  }
}
