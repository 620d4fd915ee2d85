/**
 * TLS presentation-language helpers (RFC 8446 §3): big-endian uint8/16/24, length-prefixed vectors `<a..b>`.
 * `Reader` is a transient cursor over one message; running past its end raises decode_error (RFC 8446 §6.2),
 * never a RangeError. Nothing here is stored in connection state.
 */
import { concat } from '../../net/bytes';
import { TlsAlertError } from './alerts';

export { concat };

export const u8 = (n: number): Uint8Array => new Uint8Array([n & 0xff]);
export const u16 = (n: number): Uint8Array => new Uint8Array([(n >>> 8) & 0xff, n & 0xff]);
export const u24 = (n: number): Uint8Array => new Uint8Array([(n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);

function checkLen(b: Uint8Array, max: number, what: string): void {
  if (b.length > max) throw new TlsAlertError('internal_error', `TLS: ${what} of ${b.length} bytes exceeds its vector limit ${max}`);
}
/** opaque x<0..2^8-1> */
export const vec8 = (b: Uint8Array): Uint8Array => (checkLen(b, 0xff, 'vector'), concat(u8(b.length), b));
/** opaque x<0..2^16-1> */
export const vec16 = (b: Uint8Array): Uint8Array => (checkLen(b, 0xffff, 'vector'), concat(u16(b.length), b));
/** opaque x<0..2^24-1> */
export const vec24 = (b: Uint8Array): Uint8Array => (checkLen(b, 0xffffff, 'vector'), concat(u24(b.length), b));
/** A list of uint16 values (cipher suites, groups, signature schemes). */
export const u16List = (xs: number[]): Uint8Array => concat(...xs.map(u16));

/** A bounds-checked cursor; `what` names the structure in decode_error reasons. */
export class Reader {
  off: number;
  constructor(readonly b: Uint8Array, readonly what: string, off = 0, readonly end = b.length) {
    this.off = off;
  }
  private need(n: number): void {
    if (this.off + n > this.end) {
      throw new TlsAlertError('decode_error', `TLS: ${this.what} is truncated (needed ${n} more bytes at offset ${this.off}, have ${this.end - this.off})`);
    }
  }
  left(): number { return this.end - this.off; }
  u8(): number { this.need(1); return this.b[this.off++]; }
  u16(): number { this.need(2); const v = (this.b[this.off] << 8) | this.b[this.off + 1]; this.off += 2; return v; }
  u24(): number { this.need(3); const v = (this.b[this.off] << 16) | (this.b[this.off + 1] << 8) | this.b[this.off + 2]; this.off += 3; return v; }
  bytes(n: number): Uint8Array { this.need(n); const v = this.b.slice(this.off, this.off + n); this.off += n; return v; }
  vec8(min = 0): Uint8Array { return this.sized(this.u8(), min); }
  vec16(min = 0): Uint8Array { return this.sized(this.u16(), min); }
  vec24(min = 0): Uint8Array { return this.sized(this.u24(), min); }
  private sized(n: number, min: number): Uint8Array {
    if (n < min) throw new TlsAlertError('decode_error', `TLS: ${this.what} has a vector of ${n} bytes, below its minimum ${min}`);
    return this.bytes(n);
  }
  /** A sub-reader over a length-prefixed vector (its length read as 1, 2 or 3 bytes). */
  sub(lenBytes: 1 | 2 | 3, what: string, min = 0): Reader {
    const v = lenBytes === 1 ? this.vec8(min) : lenBytes === 2 ? this.vec16(min) : this.vec24(min);
    return new Reader(v, what);
  }
  u16s(lenBytes: 1 | 2, what: string, min = 0): number[] {
    const r = this.sub(lenBytes, what, min);
    if (r.left() % 2) throw new TlsAlertError('decode_error', `TLS: ${what} has an odd length ${r.left()}`);
    const out: number[] = [];
    while (r.left()) out.push(r.u16());
    return out;
  }
  /** Every byte must have been consumed (RFC 8446 §4: trailing data is a decode error). */
  done(): void {
    if (this.off !== this.end) throw new TlsAlertError('decode_error', `TLS: ${this.what} has ${this.end - this.off} trailing bytes`);
  }
}
