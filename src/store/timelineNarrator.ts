/**
 * The pace of the live region that narrates packet events: at most one announcement every MIN_GAP_MS, saying the
 * most important thing that happened since the last one (a drop before a handshake before a request crossing the
 * wire; the earliest among equals) and how many other events it stands for. What the learner did (a step) outranks
 * everything and replaces what was waiting: it is about where the timeline now stands.
 *
 * Pure functions over a small state, so the pacing is unit-tested without timers; the Narrator component ticks it.
 */
import type { Notable } from '../worker/timelineProtocol';

export const MIN_GAP_MS = 2000;
/** Weight of an announcement the learner caused (a step); replaces everything pending. */
export const USER_WEIGHT = 10;
const MAX_PENDING = 50;

export interface NarratorState {
  /** Wall-clock ms of the last announcement (-Infinity: none yet). */
  lastAt: number;
  pending: Notable[];
}

export const idleNarrator = (): NarratorState => ({ lastAt: -Infinity, pending: [] });

/** Adds what happened; keeps at most MAX_PENDING, dropping the least important (then oldest) first. */
export function offer(state: NarratorState, items: readonly Notable[]): NarratorState {
  if (items.length === 0) return state;
  if (items.some((n) => n.weight >= USER_WEIGHT)) return { ...state, pending: items.filter((n) => n.weight >= USER_WEIGHT).slice(-1) };
  let pending = [...state.pending, ...items];
  while (pending.length > MAX_PENDING) {
    const low = pending.reduce((lo, n, i) => (n.weight < pending[lo].weight ? i : lo), 0);
    pending = pending.filter((_, i) => i !== low);
  }
  return { ...state, pending };
}

/** One sentence for what is pending: the most important item, and how many others it stands for. */
export function summarise(pending: readonly Notable[]): string {
  if (pending.length === 0) return '';
  const top = pending.reduce((best, n) => (n.weight > best.weight ? n : best));
  const others = pending.length - 1;
  const text = /[.!?]$/.test(top.text) ? top.text : `${top.text}.`;
  return others === 0 ? text : `${text} And ${others} more event${others === 1 ? '' : 's'}.`;
}

/** When `nowMs` allows, the next announcement and the state after it; otherwise nothing to say yet. */
export function next(state: NarratorState, nowMs: number): { state: NarratorState; say?: string } {
  if (state.pending.length === 0 || nowMs - state.lastAt < MIN_GAP_MS) return { state };
  return { state: { lastAt: nowMs, pending: [] }, say: summarise(state.pending) };
}

/** Milliseconds until an announcement may be made (0: now), or undefined when nothing is pending. */
export function waitMs(state: NarratorState, nowMs: number): number | undefined {
  if (state.pending.length === 0) return undefined;
  return Math.max(0, state.lastAt + MIN_GAP_MS - nowMs);
}
