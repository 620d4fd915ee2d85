/**
 * One terminal's shell: takes raw keystrokes, edits the line, runs command lists (`a | b && c; d`) from the
 * registry at the current place, streams their output, and passes Ctrl-C to what is running. It never advances
 * virtual time itself: whoever owns the engine (the worker's playback loop, the headless CLI) runs the clock, and
 * running commands react to the engine's events.
 */
import type { Engine } from '../sim/engine';
import type { Command, FileStore, Place } from './types';
import { availableIn, placeHost, runsAt } from './types';
import { LineEditor } from './lineEditor';
import { memoryFiles } from './runCommand';
import { planLine, type PlanItem } from './plan';
import { completeLine } from './complete';
import { Pipeline } from './pipeline';
import type { Registry } from './registry';

export interface SessionOptions {
  place: Place;
  registry: Registry;
  /** Terminal output (ANSI text with `\r\n` line ends). */
  write(text: string): void;
  files?: FileStore;
  cols?: number;
  /** Tag for the engine jobs this session starts (`tty1`). */
  name?: string;
  /** Standard error, when it goes somewhere else than `write` (the headless CLI); a terminal shows both. */
  writeErr?(text: string): void;
  /** No prompts, no echo, no `^C`: the headless CLI runs lines with runLine and prints only what commands print. */
  headless?: boolean;
}

const toTerminal = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** The prompt real shells print there: bash on the node; inside a pod, root in `/`. */
export function promptFor(place: Place): string {
  return place.kind === 'node' ? `root@${place.node}:~# ` : `root@${place.pod}:/# `;
}

export class ShellSession {
  place: Place;
  readonly editor: LineEditor;
  readonly files: FileStore;
  private readonly stack: Place[] = [];
  private pipeline: Pipeline | null = null;
  private rest: PlanItem[] = [];
  private lastCode = 0;
  private cols: number;
  private interrupted = false;
  private closed = false;
  /** The lines typed so far of a command that needs more (open quote, here-document). */
  private continued: string | null = null;

  constructor(private engine: Engine, private opts: SessionOptions) {
    this.place = opts.place;
    this.cols = opts.cols ?? 80;
    this.files = opts.files ?? memoryFiles();
    this.editor = new LineEditor({
      write: opts.write,
      prompt: () => (this.continued === null ? promptFor(this.place) : '> '),
      cancel: () => void (this.continued = null),
      complete: (line, cursor) => completeLine(line, cursor, this.opts.registry, this.engine.st, this.place),
      submit: (line) => this.submit(line),
      eof: () => this.leave(true),
    });
  }

  /** Prints the first prompt. */
  start(): void {
    this.prompt();
  }

  /** Runs a command line without the line editor (no echo, no history). */
  runLine(line: string): void {
    if (!this.closed && !this.pipeline) this.submit(line);
  }

  private prompt(): void {
    if (!this.opts.headless) this.editor.start();
  }

  get busy(): boolean {
    return this.pipeline !== null;
  }

  /** `$?`: the status of the last command list. */
  get exitCode(): number {
    return this.lastCode;
  }

  get host(): string {
    return placeHost(this.place);
  }

  resize(cols: number): void {
    this.cols = cols;
  }

  /** Raw terminal input. While a command runs only Ctrl-C matters (type-ahead is dropped). */
  key(data: string): void {
    if (this.closed) return;
    if (!this.pipeline) return this.editor.feed(data);
    if (data.includes('\x03')) this.interrupt();
  }

  /** Types a line and presses Enter (lessons, the CLI and tests use it). */
  type(line: string): void {
    this.key(`${line}\r`);
  }

  /** Ctrl-C for the foreground pipeline. */
  interrupt(): void {
    if (!this.pipeline) return;
    if (!this.opts.headless) this.opts.write('^C');
    this.interrupted = true;
    this.rest = []; // as in bash, Ctrl-C abandons the rest of the list
    this.pipeline.interrupt();
  }

  dispose(): void {
    this.closed = true;
    this.pipeline?.dispose();
    this.pipeline = null;
  }

  private submit(line: string): void {
    const text = this.continued === null ? line : `${this.continued}\n${line}`;
    const planned = planLine(text);
    if ('error' in planned) {
      if (planned.incomplete && !this.opts.headless) {
        // An open quote, a trailing `|` or an unfinished here-document: ask for more, as sh does with PS2.
        this.continued = text;
        return this.prompt();
      }
      this.continued = null;
      (this.opts.writeErr ?? this.opts.write)(this.opts.headless ? `${planned.error}\n` : toTerminal(`${planned.error}\n`));
      this.lastCode = 2;
      return this.prompt();
    }
    this.continued = null;
    this.rest = planned.plan;
    this.next();
  }

  /** Runs the list's next pipeline, skipping those `&&` / `||` rule out; prompts when the list is done. */
  private next(): void {
    while (this.rest.length && !this.closed) {
      const item = this.rest.shift()!;
      if (item.op === '&&' && this.lastCode !== 0) continue;
      if (item.op === '||' && this.lastCode === 0) continue;
      let sync = true;
      let syncCode = 0;
      const p = new Pipeline({
        engine: this.engine, place: this.place, files: this.files, cols: this.cols, jobPrefix: this.opts.name ?? 'tty',
        out: (t) => this.opts.write(this.opts.headless ? t : toTerminal(t)),
        err: (t) => (this.opts.writeErr ?? this.opts.write)(this.opts.headless ? t : toTerminal(t)),
        lookup: (n) => this.lookup(n),
        lookupAny: (n) => this.opts.registry.get(n),
        notFound: (n) => this.notFound(n),
        enter: (pl) => this.enter(pl),
      }, (code) => {
        if (sync) {
          syncCode = code;
          return;
        }
        this.finished(code);
      });
      this.pipeline = p;
      p.start(item.stages);
      sync = false;
      if (p.running) return; // resumes in finished()
      this.pipeline = null;
      this.lastCode = syncCode;
    }
    if (!this.closed) this.prompt();
  }

  private finished(code: number): void {
    this.pipeline = null;
    this.lastCode = code;
    if (this.interrupted) {
      this.interrupted = false;
      // Like bash: a newline after a command the signal killed; tools that catch Ctrl-C (tcpdump, ping) print their own.
      if (!this.opts.headless && code >= 128) this.opts.write('\r\n');
    }
    this.next();
  }

  private notFound(name: string): string {
    const cmd = this.opts.registry.get(name);
    // A tool of another CNI is simply not installed here: no hint about where it runs.
    if (cmd && availableIn(cmd, this.engine.st)) {
      const where = cmd.where === 'node' ? 'on the nodes (type exit to leave the pod)' : 'inside pods (kubectl exec -it <pod> -- sh)';
      return this.place.kind === 'pod' ? `sh: 1: ${name}: not found\n(podlock: ${name} runs ${where})\n` : `bash: ${name}: command not found\n(podlock: ${name} runs ${where})\n`;
    }
    return this.place.kind === 'pod' ? `sh: 1: ${name}: not found\n` : `bash: ${name}: command not found\n`;
  }

  private lookup(name: string): Command | undefined {
    if (name === 'exit' || name === 'logout') return this.exitCommand;
    if (name === 'history') return this.historyCommand;
    const cmd = this.opts.registry.get(name);
    return cmd && runsAt(cmd, this.engine.st, this.place) ? cmd : undefined;
  }

  private exitCommand: Command = {
    name: 'exit', summary: 'leave the pod shell (back to the node)', where: 'any',
    man: 'exit [N]\n  Leaves the pod shell opened by kubectl exec and returns to the node.',
    run: (argv, ctx) => {
      if (!this.stack.length) {
        ctx.err('exit: this is the node\'s login shell; it stays open (open another tab for another node)\n');
        return 1;
      }
      this.leave(false);
      const n = Number(argv[1] ?? 0);
      return Number.isInteger(n) ? n & 0xff : 2;
    },
  };

  private historyCommand: Command = {
    name: 'history', summary: 'list the commands typed in this terminal', where: 'any', man: 'history\n  Lists this terminal\'s command history.',
    run: (_argv, ctx) => {
      this.editor.history.forEach((l, i) => ctx.out(`${String(i + 1).padStart(5)}  ${l}\n`));
      return 0;
    },
  };

  private enter(p: Place): void {
    this.stack.push(this.place);
    this.place = p;
  }

  /** Leaves the pod (exit or Ctrl-D); on the node's login shell Ctrl-D does nothing. */
  private leave(fromEof: boolean): void {
    const prev = this.stack.pop();
    if (!prev) return;
    this.place = prev;
    if (fromEof) {
      this.opts.write('exit\r\n');
      this.prompt();
    }
  }
}
