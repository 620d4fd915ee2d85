/**
 * The playback loop: while the engine has events pending and playback is live, virtual time follows the wall
 * clock (× speed) in small ticks, so a curl, a ping or a tcpdump waiting for packets makes progress as a learner
 * watches. When nothing is scheduled the loop stops; anything that may schedule events (a keystroke that runs a
 * command, an input, a load) pokes it awake.
 *
 * Pure logic with an injected scheduler: the worker entry passes setTimeout and performance.now, tests pass a fake
 * one and step it by hand. The engine itself never sees the wall clock; it only gets runUntil(t) calls.
 *
 * States: stopped (paused, or live with nothing pending) → ticking (live with events pending) → stopped.
 */
import type { PlaybackMode } from './protocol';

export interface Scheduler {
  /** Wall-clock milliseconds (any origin). */
  now(): number;
  /** Calls `fn` once after about `ms` milliseconds; returns a handle for cancel. */
  after(ms: number, fn: () => void): unknown;
  cancel(handle: unknown): void;
}

/** What the loop drives: the engine's clock and queue. */
export interface Clocked {
  /** Virtual time, µs. */
  readonly now: number;
  nextEventAt(): number | undefined;
  runUntil(t: number): void;
}

export interface PlaybackOptions {
  /** Milliseconds between ticks (about one animation frame). */
  tickMs?: number;
  /**
   * The most wall-clock time one tick may account for. A late tick (a long request, a throttled background tab)
   * slows virtual time down rather than leaping over what a learner wanted to watch.
   */
  maxStepMs?: number;
  /** Called after every tick that advanced virtual time; `idle` when nothing is scheduled any more. */
  onAdvance(idle: boolean): void;
}

export const DEFAULT_TICK_MS = 16;
export const DEFAULT_MAX_STEP_MS = 100;
export const MAX_SPEED = 1000;

export class Playback {
  private _mode: PlaybackMode = 'live';
  private _speed = 1;
  private handle: unknown = undefined;
  private ticking = false;
  private lastWall = 0;
  private readonly tickMs: number;
  private readonly maxStepMs: number;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly target: () => Clocked | undefined,
    private readonly opts: PlaybackOptions,
  ) {
    this.tickMs = opts.tickMs ?? DEFAULT_TICK_MS;
    this.maxStepMs = opts.maxStepMs ?? DEFAULT_MAX_STEP_MS;
  }

  get mode(): PlaybackMode {
    return this._mode;
  }

  get speed(): number {
    return this._speed;
  }

  /** True while ticks are scheduled. */
  get running(): boolean {
    return this.ticking;
  }

  setMode(mode: PlaybackMode): void {
    this._mode = mode;
    if (mode === 'paused') this.stop();
    else this.poke();
  }

  /** Virtual seconds per wall-clock second; must be positive and at most MAX_SPEED. */
  setSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) throw new Error(`speed must be a number in (0, ${MAX_SPEED}], not ${speed}`);
    this._speed = speed;
  }

  /**
   * Re-evaluates after something outside the loop touched the engine: starts ticking if playback is live and events
   * are pending, stops if nothing is pending any more (a `run until idle` emptied the queue).
   */
  poke(): void {
    const pending = this.target()?.nextEventAt() !== undefined;
    if (!pending) return this.stop();
    if (this.ticking || this._mode !== 'live') return;
    this.ticking = true;
    this.lastWall = this.scheduler.now();
    this.schedule();
  }

  /** Stops ticking (the engine went away, or playback paused). */
  stop(): void {
    if (this.handle !== undefined) this.scheduler.cancel(this.handle);
    this.handle = undefined;
    this.ticking = false;
  }

  private schedule(): void {
    this.handle = this.scheduler.after(this.tickMs, () => this.tick());
  }

  private tick(): void {
    this.handle = undefined;
    const engine = this.target();
    if (this._mode !== 'live' || !engine || engine.nextEventAt() === undefined) {
      this.ticking = false;
      return;
    }
    const wall = this.scheduler.now();
    const elapsed = Math.min(Math.max(0, wall - this.lastWall), this.maxStepMs);
    this.lastWall = wall;
    engine.runUntil(engine.now + Math.round(elapsed * 1000 * this._speed));
    const idle = engine.nextEventAt() === undefined;
    if (idle) this.ticking = false;
    else this.schedule();
    this.opts.onAdvance(idle);
  }
}
