/**
 * A running pipeline (`tcpdump -l -nn | grep HTTP | head -3`): every stage runs at once, each stage's stdout feeds
 * the next one's stdin, end of output becomes end of input downstream, and a stage that stops reading sends SIGPIPE
 * upstream. The pipeline's status is its last stage's, as in sh.
 */
import type { Engine } from '../sim/engine';
import type { Command, FileStore, Place } from './types';
import { pipeEvents, startCommand, type Started } from './runCommand';
import type { Stage, Target } from './plan';
import { withPodFiles } from './commands/podFiles';

export interface PipelineEnv {
  engine: Engine;
  place: Place;
  files: FileStore;
  cols: number;
  jobPrefix: string;
  /** Terminal output (plain `\n` text; the session converts line ends). */
  out(text: string): void;
  /** Standard error on the terminal (the same screen, unless the headless CLI splits them). */
  err(text: string): void;
  /** A command that may run at this place. */
  lookup(name: string): Command | undefined;
  /** Any command, wherever it runs (for `kubectl exec pod -- cmd`, which checks the place itself). */
  lookupAny(name: string): Command | undefined;
  /** What the shell prints when a name is not a command here. */
  notFound(name: string): string;
  enter(p: Place): void;
}

/** Input waiting for a stage that has not started yet is queued, then delivered in order. */
class Pipe {
  private queue: (string | null)[] = [];
  private reader: ((t: string | null) => void) | null = null;
  write(t: string | null): void {
    if (this.reader) this.reader(t);
    else this.queue.push(t);
  }
  connect(reader: (t: string | null) => void): void {
    this.reader = reader;
    for (const t of this.queue.splice(0)) reader(t);
  }
}

export class Pipeline {
  readonly stages: Started[] = [];
  /** Per stage: stop listening to the engine. */
  private offs: ((() => void) | undefined)[] = [];
  private finished = false;
  /** True while the stages are being wired: nothing counts as finished before every stage has started. */
  private starting = true;
  private signalling = false;

  constructor(private env: PipelineEnv, private onDone: (code: number) => void) {}

  get running(): boolean {
    return !this.finished;
  }

  start(plan: Stage[]): void {
    const pipes = plan.map(() => new Pipe());
    const stdinText: (string | undefined)[] = [];
    plan.forEach((stage, i) => {
      const files: { target: Target; text: string }[] = [];
      const sink = (t: Stage['stdout'], fallback: (text: string) => void): ((text: string) => void) => {
        if (t === 'null') return () => {};
        if (!t) return fallback;
        const f = { target: t, text: '' };
        files.push(f);
        return (text) => void (f.text += text);
      };
      const toNext = i < plan.length - 1 && plan[i + 1].stdin === undefined ? (t: string) => pipes[i + 1].write(t) : i < plan.length - 1 ? () => {} : this.env.out;
      const out = sink(stage.stdout, toNext);
      const err = stage.stderr === 'stdout' ? out : sink(stage.stderr, this.env.err);
      const cmd = this.env.lookup(stage.argv[0]);
      const input = stage.stdin && 'file' in stage.stdin ? withPodFiles(() => this.env.engine.st, this.env.place, this.env.files).read(stage.stdin.file) : undefined;
      const missing = stage.stdin && 'file' in stage.stdin && !input ? stage.stdin.file : undefined;
      stdinText[i] = stage.stdin ? ('text' in stage.stdin ? stage.stdin.text : new TextDecoder().decode(input)) : undefined;
      const started: Started = missing !== undefined
        ? (err(`sh: 1: cannot open ${missing}: No such file\n`), { code: 2, proc: undefined, onExit: undefined })
        : cmd
        ? startCommand(this.env.engine, cmd, stage.argv, this.env.place, {
          io: { out, err }, files: this.env.files, cols: this.env.cols, piped: i < plan.length - 1 || !!stage.stdout,
          lookup: this.env.lookupAny, jobPrefix: this.env.jobPrefix, enter: this.env.enter,
        })
        : (err(this.env.notFound(stage.argv[0])), { code: 127, proc: undefined, onExit: undefined });
      this.stages.push(started);
      const ended = () => {
        this.offs[i]?.();
        for (const f of files) this.writeFile(f.target, f.text);
        if (this.signalling) return this.check();
        if (i < plan.length - 1 && plan[i + 1].stdin === undefined) pipes[i + 1].write(null);
        // The reader is gone: whoever still writes to it gets SIGPIPE.
        const writer = this.stages[i - 1];
        if (writer && writer.code === undefined && stage.stdin === undefined) writer.proc?.interrupt('PIPE');
        this.check();
      };
      if (started.proc) {
        const proc = started.proc;
        this.offs[i] = pipeEvents(this.env.engine, proc, () => started.code === undefined);
        pipes[i].connect((t) => {
          if (started.code === undefined) proc.onInput?.(t);
        });
        started.onExit = ended;
      } else {
        pipes[i].connect(() => {});
      }
      if (started.code !== undefined) ended();
    });
    // Here-documents and `< file` feed their stage; the first command's terminal stdin gives it nothing.
    plan.forEach((_stage, i) => {
      const text = stdinText[i];
      if (text !== undefined) {
        pipes[i].write(text);
        pipes[i].write(null);
      } else if (i === 0) pipes[0].write(null);
    });
    this.starting = false;
    this.check();
  }

  /** Ctrl-C: every stage still running gets SIGINT. */
  interrupt(): void {
    // The whole process group gets SIGINT at once: nobody sees end of input or SIGPIPE from a neighbour first.
    this.signalling = true;
    for (const s of [...this.stages].reverse()) if (s.code === undefined) s.proc?.interrupt('INT');
    this.signalling = false;
    this.check();
  }

  /** Stops listening to the engine (the terminal closed or the lab was reloaded). */
  dispose(): void {
    this.offs.forEach((off) => off?.());
    this.finished = true;
  }

  private check(): void {
    if (this.starting || this.signalling || this.finished || this.stages.length === 0 || this.stages.some((s) => s.code === undefined)) return;
    this.finished = true;
    this.onDone(this.stages[this.stages.length - 1].code!);
  }

  private writeFile(t: Target, text: string): void {
    const prev = t.append ? new TextDecoder().decode(this.env.files.read(t.path) ?? new Uint8Array()) : '';
    this.env.files.write(t.path, new TextEncoder().encode(prev + text));
  }
}
