/**
 * The state one packet's printing works on: the captured bytes, where the readable bytes end (the capture's end,
 * pulled in to a header's length field while that header's payload is printed), the text printed so far and the
 * name of the protocol being printed, which tcpdump shows in its ` [|tcp]` marker when the bytes run out.
 *
 * A printer that wants bytes the capture does not have throws `Truncated`, which the printer catches at the top,
 * appends the marker and moves on; nothing here throws anything else on purpose. tcpdump runs out of bytes in
 * two ways, which its -x/-X/-A dumps tell apart: a field read past the end (`u8`, `u16`, `u32`: "hard", the dump
 * then starts at the frame's first byte) or a length checked before reading (`need`: the dump starts after the
 * link-layer header as usual).
 */
import type { PrinterOptions } from './format';
import type { SeqTable } from './tcpSeq';

/** Thrown (never returned) when a printer wants bytes the capture does not have. */
export class Truncated {
  constructor(
    readonly proto: string,
    readonly hard: boolean,
    /** Printed right after the marker (tcpdump's `[|tcp]>` inside a TCP option). */
    public suffix = '',
  ) {}
}

export class Ctx {
  /** The packet's text so far; lines are separated by '\n'. */
  text = '';
  /** The protocol named in the truncation marker. */
  proto = '';
  /** Offset of the first byte that may not be read. */
  end: number;
  /** Where the link-layer header ends: -x, -X and -A dump from here... */
  linkEnd = 0;
  /** ...unless the bytes ran out the hard way somewhere (then they dump from the frame's first byte). */
  hardCut = false;

  constructor(
    readonly b: Uint8Array,
    readonly o: PrinterOptions,
    readonly seqs: SeqTable,
  ) {
    this.end = b.length;
  }

  put(s: string): void {
    this.text += s;
  }

  /** True when `n` bytes from `off` can be read. */
  has(off: number, n = 1): boolean {
    return off >= 0 && n >= 0 && off + n <= this.end;
  }

  /** A length check: `n` bytes from `off` must be captured. */
  need(off: number, n = 1): void {
    if (!this.has(off, n)) throw new Truncated(this.proto, false);
  }

  /** Stops printing here: the marker names `proto` (or the protocol being printed). */
  trunc(proto = this.proto, hard = false): never {
    throw new Truncated(proto, hard);
  }

  /** A field read: past the end it stops the packet the hard way. */
  private read(off: number, n: number): void {
    if (!this.has(off, n)) throw new Truncated(this.proto, true);
  }

  u8(off: number): number {
    this.read(off, 1);
    return this.b[off];
  }

  u16(off: number): number {
    this.read(off, 2);
    return (this.b[off] << 8) | this.b[off + 1];
  }

  u32(off: number): number {
    this.read(off, 4);
    return ((this.b[off] << 24) | (this.b[off + 1] << 16) | (this.b[off + 2] << 8) | this.b[off + 3]) >>> 0;
  }

  /** Ends a nested part cut short (its marker printed) so that the packet can go on. */
  cutShort(e: Truncated): void {
    this.put(` [|${e.proto}]${e.suffix}`);
    if (e.hard) this.hardCut = true;
  }

  /** Runs `fn` with the readable end pulled in to `end` (never pushed out), then restores it. */
  within<T>(end: number, fn: () => T): T {
    const saved = this.end;
    this.end = Math.min(saved, end);
    try {
      return fn();
    } finally {
      this.end = saved;
    }
  }
}

/** Dotted-quad IPv4 address at `off` (a field read). */
export function ipAt(c: Ctx, off: number): string {
  c.u32(off);
  return `${c.b[off]}.${c.b[off + 1]}.${c.b[off + 2]}.${c.b[off + 3]}`;
}
