/**
 * Runs one command against an engine, headless: builds its context, forwards engine events to it while virtual
 * time runs, and collects what it printed. Used by the shell session for each pipeline stage, by the headless
 * `shell` CLI and by tests.
 */
import type { Engine } from '../sim/engine';
import type { SimEvents } from '../sim/events';
import type { Command, CommandCtx, CommandResult, EngineEvent, FileStore, Place, Proc } from './types';
import { placeHost, runsAt } from './types';
import { withPodFiles } from './commands/podFiles';

const EVENT_NAMES: (keyof SimEvents)[] = ['frame', 'drop', 'tcp', 'output', 'exit', 'input'];

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface Started {
  /** Set once the command has finished. */
  code: number | undefined;
  proc: Proc | undefined;
  onExit: ((code: number) => void) | undefined;
}

export function memoryFiles(): FileStore {
  const files = new Map<string, Uint8Array>();
  return {
    read: (p) => files.get(p),
    write: (p, d) => void files.set(p, d),
    list: () => [...files.keys()].sort(),
  };
}

/** Starts `cmd` with a context bound to `engine` and `io`. `lookup` resolves commands for ctx.run. */
export function startCommand(
  engine: Engine, cmd: Command, argv: string[], place: Place,
  opts: { io: Io; files: FileStore; cols?: number; piped?: boolean; lookup: (name: string) => Command | undefined; jobPrefix?: string; enter?: (p: Place) => void },
): Started {
  const started: Started = { code: undefined, proc: undefined, onExit: undefined };
  const ctx: CommandCtx = {
    get st() { return engine.st; },
    place,
    get now() { return engine.now; },
    // Inside a meshed pod, the mesh's certificate files show too (commands/podFiles.ts).
    files: withPodFiles(() => engine.st, place, opts.files),
    cols: opts.cols ?? 80,
    piped: opts.piped ?? false,
    out: (t) => opts.io.out(t),
    err: (t) => opts.io.err(t),
    exit(code) {
      if (started.code !== undefined) return;
      started.code = code;
      started.onExit?.(code);
    },
    submit: (input) => engine.input(input),
    exec(args, where = place) {
      // Unique and deterministic: the input's own position in the log.
      const job = `${opts.jobPrefix ?? 'job'}:${engine.st.inputLog.length + 1}`;
      const err = engine.input({ kind: 'exec', target: placeHost(where), argv: args, job });
      if (err) throw new Error(err); // argv comes from our own commands: a bad input here is a bug, not user input
      return job;
    },
    enter: opts.enter,
    run(args, where) {
      const sub = opts.lookup(args[0]);
      if (!sub || !runsAt(sub, engine.st, where)) {
        // What the container runtime answers when kubectl exec names a program the image does not have.
        opts.io.err(`error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${args[0]}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${args[0]}": executable file not found in $PATH: unknown\n`);
        return 1;
      }
      const s = startCommand(engine, sub, args, where, opts);
      if (s.code !== undefined) return s.code;
      // Still running: the caller's process lives as long as the one it started.
      s.onExit = (code) => ctx.exit(code);
      return s.proc!;
    },
  };
  let result: CommandResult;
  try {
    result = cmd.run(argv, ctx);
  } catch (e) {
    // A command must never throw; if one does, say so like a crashed program would, and keep the shell alive.
    opts.io.err(`${argv[0]}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    result = 70;
  }
  if (typeof result === 'number') ctx.exit(result);
  else if (started.code === undefined) started.proc = result;
  return started;
}

/** Forwards every engine event to a running proc (while `alive` says so). Returns the unsubscribe function. */
export function pipeEvents(engine: Engine, proc: Proc, alive: () => boolean = () => true): () => void {
  const offs = EVENT_NAMES.map((name) => engine.events.on(name, (ev: SimEvents[typeof name]) => {
    if (alive()) proc.onEvent?.({ name, ev } as EngineEvent);
  }));
  return () => offs.forEach((off) => off());
}

/**
 * Runs a command to completion headless: virtual time advances until it exits, or until `maxUs` of virtual time
 * have passed with the engine idle (then it is interrupted, like Ctrl-C). Returns what it printed.
 */
export function runCommand(
  engine: Engine, cmd: Command, argv: string[], place: Place,
  opts: { stdin?: string; files?: FileStore; lookup?: (name: string) => Command | undefined; maxUs?: number } = {},
): { out: string; err: string; code: number } {
  let out = '', err = '';
  const s = startCommand(engine, cmd, argv, place, {
    io: { out: (t) => (out += t), err: (t) => (err += t) },
    files: opts.files ?? memoryFiles(),
    lookup: opts.lookup ?? (() => undefined),
    piped: false,
  });
  if (s.proc) {
    const off = pipeEvents(engine, s.proc);
    if (opts.stdin !== undefined) {
      s.proc.onInput?.(opts.stdin);
      s.proc.onInput?.(null);
    }
    const limit = engine.now + (opts.maxUs ?? 60_000_000);
    while (s.code === undefined && engine.now < limit) {
      const next = engine.nextEventAt();
      if (next === undefined || next > limit) break;
      engine.step();
    }
    if (s.code === undefined) {
      // Ctrl-C, then let the command finish what the signal starts (ping's statistics come from the engine).
      s.proc.interrupt('INT');
      const grace = engine.now + 10_000_000;
      while (s.code === undefined && engine.now < grace && engine.step());
    }
    off();
  }
  return { out, err, code: s.code ?? 130 };
}
