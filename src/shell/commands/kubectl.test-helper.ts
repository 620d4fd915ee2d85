/** Shared setup for the kubectl tests: a lab at a known virtual time and a one-call runner. */
import { Engine } from '../../sim/engine';
import { SECOND } from '../../sim/clock';
import type { Command, FileStore, Place } from '../types';
import { runCommand } from '../runCommand';
import { kubectl } from './kubectl';

export const NODE1: Place = { kind: 'node', node: 'node-1' };

/** A plaintext lab, seed 1, run to 5m12s after boot (so AGE prints `5m12s`). */
export function lab(seed: string | number = 1, runUs = 312 * SECOND): Engine {
  const e = Engine.create('plaintext', seed);
  e.runFor(runUs);
  return e;
}

/** Runs `kubectl <line>` (split on spaces) or `kubectl ...argv`. */
export function k(e: Engine, args: string | string[], opts: { lookup?: (name: string) => Command | undefined; maxUs?: number; stdin?: string; files?: FileStore } = {}) {
  const argv = typeof args === 'string' ? args.split(' ').filter(Boolean) : args;
  return runCommand(e, kubectl, ['kubectl', ...argv], NODE1, opts);
}

/** Pads cells the way the table printer must (width = longest + 3, at least 6; last column unpadded). */
export function expectedTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(6, ...rows.map((r) => r[c].length + 3)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('')).join('\n') + '\n';
}
