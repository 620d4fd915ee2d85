/**
 * Outside inputs: everything a learner (or a scenario's script) does to a running lab. Inputs are plain data and
 * go into the input log with the time they were applied, so seed + scenario + input log describe a run completely.
 */

import type { ObjectInput } from './objects';
import { validateObjectInput } from './objectValidate';

export type Input =
  /** Run a program in a pod or on a node: `curl`, `ping` (the terminal maps command lines onto this). */
  | { kind: 'exec'; target: string; argv: string[]; job?: string }
  /** Ctrl-C: interrupt the program started with this job tag (the terminal tags each exec it sends). */
  | { kind: 'signal'; job: string; signal: 'INT' }
  /** `kubectl rollout restart`: the pod restarts, with a mesh sidecar if its namespace now asks for one. */
  | { kind: 'restart-pod'; target: string }
  /** Change how pod traffic crosses nodes. */
  | { kind: 'set-routing'; routing: 'native' | 'tunnel' }
  /** The API server's objects: kubectl apply, delete, patch, label and annotate (src/sim/objects.ts). */
  | ObjectInput;

/** Inputs that change the API server's objects: applied at once, as the API call they stand for is synchronous. */
export const isObjectInput = (i: Input): i is ObjectInput =>
  i.kind === 'apply' || i.kind === 'delete' || i.kind === 'patch' || i.kind === 'set-metadata';

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
      if (i.job !== undefined && !validJob(i.job)) return 'exec: job must be a short string';
      return null;
    case 'signal':
      if (!validJob(i.job)) return 'signal: job must be a short string';
      return i.signal === 'INT' ? null : "signal: only 'INT' is supported";
    case 'restart-pod':
      return typeof i.target === 'string' && /^[a-z0-9-]+\/[a-z0-9.-]+$/.test(i.target) ? null : 'restart-pod: target must be <namespace>/<pod>';
    case 'set-routing':
      return i.routing === 'native' || i.routing === 'tunnel' ? null : "set-routing: routing must be 'native' or 'tunnel'";
    case 'apply':
    case 'delete':
    case 'patch':
    case 'set-metadata':
      return validateObjectInput(i);
    default:
      return `unknown input kind: ${String(i.kind)}`;
  }
}

const validJob = (j: unknown): boolean => typeof j === 'string' && j.length > 0 && j.length <= 64;
