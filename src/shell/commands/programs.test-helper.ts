/**
 * Test support for the network programs: places, a one-shot runner, and a foreground runner that, like an
 * interactive terminal, keeps the engine running after Ctrl-C until the process has exited (runCommand stops
 * listening at the interrupt, so it cannot see what a program prints on its way out, such as ping's statistics).
 */
import type { Engine } from '../../sim/engine';
import type { Command, Place, Proc } from '../types';
import { memoryFiles, pipeEvents, runCommand, startCommand } from '../runCommand';

export const node = (name: string): Place => ({ kind: 'node', node: name });
export const pod = (key: string): Place => ({ kind: 'pod', namespace: key.split('/')[0], pod: key.split('/')[1] });

export function run(e: Engine, cmd: Command, argv: string[], place: Place, maxUs?: number): { out: string; err: string; code: number } {
  return runCommand(e, cmd, argv, place, maxUs === undefined ? {} : { maxUs });
}

export interface Foreground {
  out: () => string;
  err: () => string;
  code: () => number | undefined;
  proc: Proc | undefined;
  /** Runs virtual time for `us` (or until the process exits, when `untilExit`). */
  runFor(us: number, untilExit?: boolean): void;
  /** Ctrl-C (or SIGPIPE), then keeps the engine going (at most `us`) until the process exits. */
  interrupt(us?: number, signal?: 'INT' | 'PIPE'): void;
  stop(): void;
}

export function foreground(e: Engine, cmd: Command, argv: string[], place: Place): Foreground {
  let out = '', err = '';
  const s = startCommand(e, cmd, argv, place, {
    io: { out: (t) => (out += t), err: (t) => (err += t) }, files: memoryFiles(), lookup: () => undefined,
  });
  const off = s.proc ? pipeEvents(e, s.proc) : () => undefined;
  const step = (us: number, untilExit: boolean) => {
    const limit = e.now + us;
    while (!(untilExit && s.code !== undefined)) {
      const next = e.nextEventAt();
      if (next === undefined || next > limit) break;
      e.step();
    }
    if (e.now < limit && !(untilExit && s.code !== undefined)) e.runUntil(limit);
  };
  return {
    out: () => out, err: () => err, code: () => s.code, proc: s.proc,
    runFor: (us, untilExit = false) => step(us, untilExit),
    interrupt(us = 30_000_000, signal: 'INT' | 'PIPE' = 'INT') {
      s.proc?.interrupt(signal);
      step(us, true);
    },
    stop: off,
  };
}

/** A small deterministic generator for fuzzing argv. */
export function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 0x100000000;
  };
}
