/**
 * Relative TCP sequence numbers, as tcpdump shows them (observed on tcpdump 4.99.3): a segment with ACK set
 * looks up its connection (either direction); the first one seen, or one that also has SYN set, records the
 * numbers it carries as the connection's bases (its own sequence number for its direction, its acknowledgement
 * number minus one for the other) and is printed with absolute numbers. Later ACK segments print their numbers
 * minus those bases, modulo 2^32; SACK edges are shown relative to the acknowledgement base, on the first
 * segment too. Segments without ACK are printed as they are and change nothing.
 */

interface Bases {
  /** Initial sequence numbers of the side whose endpoint sorts first, and of the other side. */
  first: number;
  second: number;
}

export interface Relative {
  /** Base to subtract from this segment's sequence number. */
  seq: number;
  /** Base to subtract from this segment's acknowledgement number (and from its SACK edges). */
  ack: number;
  /** The bases were recorded from this segment: its own numbers print as they are. */
  fresh: boolean;
}

export class SeqTable {
  private readonly flows = new Map<string, Bases>();

  reset(): void {
    this.flows.clear();
  }

  /** The bases for a segment from `src` to `dst` (address and port strings) with ACK set. */
  lookup(src: string, dst: string, seq: number, ack: number, syn: boolean): Relative {
    const forward = src < dst;
    const key = forward ? `${src}|${dst}` : `${dst}|${src}`;
    const known = this.flows.get(key);
    if (known && !syn) {
      return forward ? { seq: known.first, ack: known.second, fresh: false } : { seq: known.second, ack: known.first, fresh: false };
    }
    const mine = seq >>> 0;
    const theirs = (ack - 1) >>> 0;
    this.flows.set(key, forward ? { first: mine, second: theirs } : { first: theirs, second: mine });
    return { seq: mine, ack: theirs, fresh: true };
  }
}

/** `a - b` modulo 2^32. */
export const minus = (a: number, b: number): number => (a - b) >>> 0;
