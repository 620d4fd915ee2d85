/**
 * Inbound anti-replay (RFC 4303 §3.4.3, sliding window as in RFC 4303 Appendix A / RFC 2401 Appendix C) and
 * extended sequence numbers (RFC 4303 §2.2.1; Appendix A2.1 infers the unsent high 32 bits from the low 32 bits).
 *
 * Order of use on receive (RFC 4303 §3.4.3): replayCheck (cheap, before the ICV), ICV verification,
 * then replayUpdate (only after the ICV verified, so forged packets cannot move the window).
 * replayWindow 0 disables the check (Cilium's global-key mode); with ESN the highest sequence number is still
 * tracked so that the high bits can be inferred. Statistics follow the kernel's `ip -s xfrm state`:
 * `replay-window` counts packets left of the window, `replay` counts duplicates.
 */
import type { ReplayState, XfrmState } from './types';

const TWO32 = 4294967296;

export type ReplaySa = Pick<XfrmState, 'replay' | 'replayWindow' | 'esn'> & { stats?: XfrmState['stats'] };

export type ReplayVerdict =
  | { ok: true; seqHi: number }
  | { ok: false; counter: 'XfrmInStateSeqError'; kind: 'zero' | 'replayed' | 'window'; reason: string };

/** A fresh anti-replay state for a window of `window` packets. */
export function newReplayState(size: number): ReplayState {
  return { seq: 0, seqHi: 0, bitmap: new Array<number>(Math.max(1, Math.ceil(size / 32))).fill(0) };
}

/** `0x57`, or the full 64-bit value with ESN high bits: `0x100000003`. */
export function formatSeq(seq: number, seqHi = 0): string {
  return seqHi ? `0x${(seqHi >>> 0).toString(16)}${(seq >>> 0).toString(16).padStart(8, '0')}` : `0x${(seq >>> 0).toString(16)}`;
}

/** RFC 4303 Appendix A2.1: the high 32 bits of a received low 32-bit sequence number (may be -1: before 0). */
export function inferSeqHi(r: ReplayState, size: number, seqLo: number): number {
  const w = Math.max(1, size);
  const tl = r.seq >>> 0;
  const th = r.seqHi >>> 0;
  const seql = seqLo >>> 0;
  if (tl >= w - 1) return seql >= tl - w + 1 ? th : th + 1; // Case A: the window lies within one 2^32 subspace
  return seql >= ((tl - w + 1 + TWO32) % TWO32) ? th - 1 : th; // Case B: the window spans two subspaces
}

/** How far (top - seq) lies below the top of the window; negative when right of the window. */
function distance(r: ReplayState, seqLo: number, seqHi: number): number {
  return (r.seqHi - seqHi) * TWO32 + ((r.seq >>> 0) - (seqLo >>> 0));
}

function bit(bitmap: number[], d: number): boolean {
  return ((bitmap[d >>> 5] >>> (d & 31)) & 1) === 1;
}

/** Checks a received sequence number before the ICV; increments stats on a drop when the SA has them. */
export function replayCheck(sa: ReplaySa, seqLo: number): ReplayVerdict {
  const r = sa.replay;
  const seqHi = sa.esn ? inferSeqHi(r, sa.replayWindow, seqLo) : 0;
  if (sa.replayWindow === 0) return { ok: true, seqHi: Math.max(0, seqHi) };
  if (seqHi < 0 || (seqHi === 0 && seqLo >>> 0 === 0)) {
    if (seqHi < 0 && sa.stats) sa.stats.replayWindow++;
    return seqHi < 0
      ? { ok: false, counter: 'XfrmInStateSeqError', kind: 'window', reason: `ESP: sequence number ${formatSeq(seqLo)} is left of the replay window` }
      : { ok: false, counter: 'XfrmInStateSeqError', kind: 'zero', reason: 'ESP: sequence number 0 is never sent (RFC 4303 §3.3.3)' };
  }
  const d = distance(r, seqLo, seqHi);
  if (d < 0) return { ok: true, seqHi };
  if (d >= sa.replayWindow) {
    if (sa.stats) sa.stats.replayWindow++;
    return { ok: false, counter: 'XfrmInStateSeqError', kind: 'window', reason: `ESP: sequence number ${formatSeq(seqLo, seqHi)} is left of the replay window` };
  }
  if (bit(r.bitmap, d)) {
    if (sa.stats) sa.stats.replay++;
    return { ok: false, counter: 'XfrmInStateSeqError', kind: 'replayed', reason: `ESP: replayed sequence number ${formatSeq(seqLo, seqHi)}` };
  }
  return { ok: true, seqHi };
}

/** Records an authenticated sequence number: slides the window right if it is new, else marks its bit. */
export function replayUpdate(sa: ReplaySa, seqLo: number, seqHi = 0): void {
  const r = sa.replay;
  const w = sa.replayWindow;
  if (w === 0 && !sa.esn) return; // the kernel keeps no replay state without a window
  const d = distance(r, seqLo, seqHi);
  if (d >= 0) {
    if (d < w) r.bitmap[d >>> 5] = (r.bitmap[d >>> 5] | (1 << (d & 31))) >>> 0;
    return;
  }
  if (w > 0) {
    shiftLeft(r.bitmap, -d, w);
    r.bitmap[0] = (r.bitmap[0] | 1) >>> 0;
  }
  r.seq = seqLo >>> 0;
  r.seqHi = seqHi >>> 0;
}

/** Moves every bit s places towards older sequence numbers, dropping bits at or beyond the window. */
function shiftLeft(bitmap: number[], s: number, size: number): void {
  const n = bitmap.length;
  if (s >= size) {
    bitmap.fill(0);
    return;
  }
  const ws = s >>> 5;
  const bs = s & 31;
  for (let i = n - 1; i >= 0; i--) {
    const hi = i - ws >= 0 ? bitmap[i - ws] : 0;
    const lo = i - ws - 1 >= 0 ? bitmap[i - ws - 1] : 0;
    bitmap[i] = bs === 0 ? hi : ((hi << bs) | (lo >>> (32 - bs))) >>> 0;
  }
  const extra = n * 32 - size; // clear bits at or beyond the window size in the last word
  if (extra > 0) bitmap[n - 1] = (bitmap[n - 1] & (0xffffffff >>> extra)) >>> 0;
}
