/**
 * Transport counter replay protection (whitepaper §5.4.6: a sliding window of received counters, in the style
 * of RFC 6479's ring of bitmap words). Sized as the Linux kernel sizes it: a ring of 8192 bits, of which one
 * 64-bit word is not usable window, so the window spans REPLAY_WINDOW = 8128 counters ending at the greatest one.
 *
 * Check after the AEAD tag verified, so forged packets cannot move the window. Plain data (Uint32Array).
 */
import { REPLAY_BITMAP_BITS, REPLAY_WINDOW } from './constants';

const WORD_BITS = 32;
const WORDS = REPLAY_BITMAP_BITS / WORD_BITS; // 256

export interface ReplayWindow {
  /** Greatest counter accepted so far; -1 before the first. */
  greatest: number;
  bitmap: Uint32Array;
}

export type ReplayVerdict = 'ok' | 'replayed' | 'too-old';

export function createReplayWindow(): ReplayWindow {
  return { greatest: -1, bitmap: new Uint32Array(WORDS) };
}

const wordOf = (counter: number): number => Math.floor(counter / WORD_BITS);
const bitOf = (counter: number): number => 1 << (counter % WORD_BITS);

/** Would `counter` be accepted? Does not change the window. */
export function replayCheck(w: ReplayWindow, counter: number): ReplayVerdict {
  if (counter > w.greatest) return 'ok';
  if (w.greatest - counter >= REPLAY_WINDOW) return 'too-old';
  return w.bitmap[wordOf(counter) % WORDS] & bitOf(counter) ? 'replayed' : 'ok';
}

/** Records `counter` as received (call only after replayCheck said 'ok'). */
export function replayAccept(w: ReplayWindow, counter: number): void {
  if (counter > w.greatest) {
    const from = wordOf(w.greatest) + 1;
    const to = wordOf(counter);
    // Clear the words the window slides over (at most the whole ring).
    for (let i = from, n = 0; i <= to && n < WORDS; i++, n++) w.bitmap[((i % WORDS) + WORDS) % WORDS] = 0;
    w.greatest = counter;
  }
  w.bitmap[wordOf(counter) % WORDS] |= bitOf(counter);
}
