/**
 * Tab completion: the word under the cursor (found by the parser, so quotes and pipes count) is a command name when
 * it starts a command, otherwise the command completes its own flags and resource names.
 */
import type { SimState } from '../sim/state';
import type { Completion } from './lineEditor';
import type { Registry } from './registry';
import type { Place } from './types';
import { availableIn, runsAt } from './types';
import { wordAt } from './parser';

const BUILTINS = ['exit', 'history'];

export function completeLine(line: string, cursor: number, registry: Registry, st: SimState, place: Place): Completion {
  const w = wordAt(line, cursor);
  const none = { start: w.start, end: w.end, candidates: [] };
  if (w.index < 0) return none; // a redirection's file name
  if (w.index === 0) {
    const here = registry.names().filter((n) => runsAt(registry.get(n)!, st, place));
    return { start: w.start, end: w.end, candidates: [...here, ...BUILTINS] };
  }
  const cmd = registry.get(w.before[0]);
  if (!cmd?.complete || !availableIn(cmd, st)) return none;
  try {
    return { start: w.start, end: w.end, candidates: cmd.complete([...w.before, w.prefix], w.index, st, place) };
  } catch {
    return none; // a completer must never break the line being typed
  }
}
