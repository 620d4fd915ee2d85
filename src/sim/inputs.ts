/**
 * Outside inputs: everything a learner (or a scenario's script) does to a running lab. Inputs are plain data and
 * go into the input log with the time they were applied, so seed + scenario + input log describe a run completely.
 */

export type Input =
  /** Run a program in a pod or on a node: `curl`, `ping` (the terminal maps command lines onto this). */
  | { kind: 'exec'; target: string; argv: string[] }
  /** Change how pod traffic crosses nodes. */
  | { kind: 'set-routing'; routing: 'native' | 'tunnel' };

export interface InputRecord {
  at: number;
  /** Events processed before the input arrived: replay steps to here, so ordering at equal times is exact. */
  step: number;
  input: Input;
}

/** Checks an input from outside (worker messages, share links); returns a specific error or null. */
export function validateInput(x: unknown): string | null {
  if (typeof x !== 'object' || x === null) return 'input must be an object';
  const i = x as Record<string, unknown>;
  switch (i.kind) {
    case 'exec':
      if (typeof i.target !== 'string' || !i.target) return 'exec: target must be a pod (ns/name) or node name';
      if (!Array.isArray(i.argv) || i.argv.length === 0 || !i.argv.every((a) => typeof a === 'string')) return 'exec: argv must be a non-empty list of strings';
      return null;
    case 'set-routing':
      return i.routing === 'native' || i.routing === 'tunnel' ? null : "set-routing: routing must be 'native' or 'tunnel'";
    default:
      return `unknown input kind: ${String(i.kind)}`;
  }
}
