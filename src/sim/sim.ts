/**
 * The context every engine module works through: the plain-data state, the event emitter, and helpers for the
 * virtual clock (schedule, timers) and the seeded RNG. Listeners are not part of the state.
 */
import { Emitter } from './emitter';
import { armTimer, cancelTimer, push } from './scheduler';
import { randomBytes, randomInt } from './rng';
import type { SimEvent, SimState } from './state';
import type { SimEvents } from './events';

export class Sim {
  st: SimState;
  readonly events = new Emitter<SimEvents>();

  constructor(st: SimState) {
    this.st = st;
  }

  get now(): number {
    return this.st.now;
  }

  emit<K extends keyof SimEvents>(type: K, e: SimEvents[K]): void {
    this.events.emit(type, e);
  }

  /** Schedules an event `delay` microseconds from now. */
  schedule(delay: number, ev: SimEvent): void {
    push(this.st.queue, this.st.now + Math.max(0, Math.round(delay)), ev);
  }

  /** Arms the timer `key` to fire `delay` microseconds from now, replacing any earlier arming. */
  arm(key: string, delay: number): void {
    armTimer(this.st.queue, key, this.st.now + Math.max(0, Math.round(delay)), { k: 'timer', key });
  }

  cancel(key: string): void {
    cancelTimer(this.st.queue, key);
  }

  armed(key: string): boolean {
    return key in this.st.queue.timers;
  }

  id(prefix: string): string {
    return `${prefix}${this.st.nextId++}`;
  }

  rand(lo: number, hi: number): number {
    return randomInt(this.st.rng, lo, hi);
  }

  bytes(n: number): Uint8Array {
    return randomBytes(this.st.rng, n);
  }
}
