/**
 * The shell's contract: what a command is, what it may read and do, and how a long-running one (tcpdump, ping,
 * curl, hubble observe --follow) keeps running while virtual time passes.
 *
 * Commands are small and pure over what the context gives them: they read the engine state, write text, and change
 * the lab only by submitting engine inputs (which go into the input log). They never throw for bad input: a
 * mistyped flag is a message on stderr and a non-zero exit code, as the real tool would print it.
 */
import type { SimState } from '../sim/state';
import type { Input } from '../sim/inputs';
import type { SimEvents } from '../sim/events';

/** Where a command runs: on a node (`root@node-1:~#`) or inside a pod (after `kubectl exec -it ... -- sh`). */
export type Place = { kind: 'node'; node: string } | { kind: 'pod'; namespace: string; pod: string };

/** The engine host id of a place: `node-1` or `web/frontend`. */
export const placeHost = (p: Place): string => (p.kind === 'node' ? p.node : `${p.namespace}/${p.pod}`);

/** Files a command can write and read back (`tcpdump -w`, `-r`, `kubectl apply -f`), one namespace per place. */
export interface FileStore {
  read(path: string): Uint8Array | undefined;
  write(path: string, data: Uint8Array): void;
  list(): string[];
}

export interface EngineEvent<K extends keyof SimEvents = keyof SimEvents> {
  name: K;
  ev: SimEvents[K];
}

export interface CommandCtx {
  /** The engine state, read-only: commands never mutate it (they submit inputs instead). */
  readonly st: SimState;
  readonly place: Place;
  /** Virtual time, µs since 1970. */
  readonly now: number;
  readonly files: FileStore;
  /** Terminal width in columns (for tools that size their tables). */
  readonly cols: number;
  /** True when stdout goes to another command or a file, not the terminal (tools drop colour and banners then). */
  readonly piped: boolean;
  out(text: string): void;
  err(text: string): void;
  /** Ends a running process (the command returned a Proc). Calling it twice, or after returning a code, is ignored. */
  exit(code: number): void;
  /** Sends an engine input (logged); returns a specific error for bad input, null when accepted. */
  submit(input: Input): string | null;
  /** Starts a program in the engine at this place, tagged with a fresh job id; its output and exit reach the Proc. */
  exec(argv: string[], place?: Place): string;
  /** Runs another registered command at a place (what `kubectl exec pod -- cmd` does), with this command's output. */
  run(argv: string[], place: Place): CommandResult;
  /** Moves the terminal into a pod (`kubectl exec -it frontend -n web -- sh`); absent when there is no terminal. */
  enter?(place: Place): void;
}

/** A command still running after `run` returned: it reacts to engine events, to piped input, and to Ctrl-C. */
export interface Proc {
  /** Every engine event while it runs (frames, output and exit of engine programs, drops, TCP state changes). */
  onEvent?(e: EngineEvent): void;
  /** Text from the previous command in a pipeline; null at end of input. */
  onInput?(text: string | null): void;
  /**
   * 'INT': Ctrl-C (tcpdump prints its packet counts, ping its statistics). 'PIPE': the next command in the
   * pipeline stopped reading (`| head -3`); tools die quietly. Either way the command must end with ctx.exit.
   */
  interrupt(signal: 'INT' | 'PIPE'): void;
}

/** The exit status a shell reports for a command killed by a signal: 128 + SIGINT (2) or SIGPIPE (13). */
export const signalCode = (signal: 'INT' | 'PIPE'): number => (signal === 'INT' ? 130 : 141);

/** An exit code when the command finished at once, or a Proc that will call ctx.exit later. */
export type CommandResult = number | Proc;

/** Whether `cmd` exists in this lab (its `available` test), whatever the place. */
export const availableIn = (cmd: Command, st: SimState): boolean => !cmd.available || cmd.available(st);

/** Whether `cmd` can run at `place` in this lab: installed here, and on the right kind of host. */
export const runsAt = (cmd: Command, st: SimState, place: Place): boolean =>
  availableIn(cmd, st) && (cmd.where === 'any' || cmd.where === place.kind);

export interface Command {
  name: string;
  /** One line for `help`. */
  summary: string;
  /** The `man <name>` page: synopsis and options, plain text. */
  man: string;
  /** Where the command exists: only on nodes (cilium-dbg, wg), only in pods, or both. */
  where: 'node' | 'pod' | 'any';
  /**
   * Whether the lab has this tool at all (absent: always): a CNI's CLIs exist only where that CNI is installed
   * (`cilium-dbg` on Cilium nodes, `calicoctl` on Calico nodes). Elsewhere the shell answers `command not found`.
   */
  available?(st: SimState): boolean;
  /** Reads stdin: the shell passes piped input through Proc.onInput. */
  run(argv: string[], ctx: CommandCtx): CommandResult;
  /** Tab completion: candidates for the word at `index` of argv (argv[0] is the command). */
  complete?(argv: string[], index: number, st: SimState, place: Place): string[];
}
