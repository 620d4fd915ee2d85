/**
 * An in-memory wire between two TLS connections (no TCP): hands each side's output to the other until both are
 * quiet, collecting application data and events per side. Used by the tests and handy for a lab that wants a
 * handshake without the simulated network. Optional `tamper` rewrites bytes in flight (attacker demos, tests).
 */
import { receiveBytes } from './connection';
import type { Rand, TlsConn, TlsEvent, TlsOutput } from './types';

export interface LoopbackSide { conn: TlsConn; appData: Uint8Array[]; events: TlsEvent[]; sent: Uint8Array[] }

export function side(conn: TlsConn): LoopbackSide {
  return { conn, appData: [], events: [], sent: [] };
}

/** Records `o` as produced by `from`; returns the bytes to deliver to the other side. */
export function absorb(from: LoopbackSide, o: TlsOutput): Uint8Array {
  from.appData.push(...o.appData);
  from.events.push(...o.events);
  if (o.send.length) from.sent.push(o.send);
  return o.send;
}

/**
 * Delivers `bytes` from `from` to `to`, and the replies back, until nothing is left to send.
 * `tamper(dir, bytes)` may alter a chunk ('a2b' travels from `from` to `to` on the first hop).
 */
export function pump(
  from: LoopbackSide, to: LoopbackSide, bytes: Uint8Array, now: number, rand: Rand,
  tamper?: (dir: 'a2b' | 'b2a', bytes: Uint8Array) => Uint8Array, maxHops = 64,
): void {
  let pending = bytes;
  let [src, dst] = [from, to];
  let dir: 'a2b' | 'b2a' = 'a2b';
  for (let hop = 0; pending.length && hop < maxHops; hop++) {
    const wire = tamper ? tamper(dir, pending) : pending;
    pending = absorb(dst, receiveBytes(dst.conn, wire, now, rand));
    [src, dst] = [dst, src];
    dir = dir === 'a2b' ? 'b2a' : 'a2b';
  }
}
