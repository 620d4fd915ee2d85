/** Test helpers: minimal IPv4 packets, a chatty traffic pattern and views over a loopback's log and events. */
import { hostSend, runUntil, type Loopback, type Tap } from './loopback';
import type { WgAction } from './types';

export const S = 1_000_000;
export const T0 = 1_772_442_000_000_000; // the lab epoch, 2026-03-02T09:00:00Z
export const A_IP = 0x0a000001;
export const B_IP = 0x0a000002;

/** An IPv4 packet (checksums are not WireGuard's business) with a recognisable payload. */
export function ipv4(src: number, dst: number, payloadLen: number, tag = 0): Uint8Array {
  const p = new Uint8Array(20 + payloadLen);
  p[0] = 0x45;
  p[2] = p.length >> 8;
  p[3] = p.length & 255;
  p[4] = tag >> 8;
  p[5] = tag & 255;
  p[8] = 64;
  p[9] = 253; // RFC 3692 experimental protocol: tshark shows the payload as data
  new DataView(p.buffer).setUint32(12, src);
  new DataView(p.buffer).setUint32(16, dst);
  for (let i = 20; i < p.length; i++) p[i] = (i + tag) & 255;
  return p;
}

export const messages = (loop: Loopback): string[] => loop.log.map((p) => `${p.from}>${p.to} ${p.message}`);

export function events<K extends WgAction['kind']>(loop: Loopback, host: number, kind: K): Extract<WgAction, { kind: K }>[] {
  return loop.hosts[host].events.map((e) => e.action).filter((a): a is Extract<WgAction, { kind: K }> => a.kind === kind);
}

export const u32le = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/** A handshake, then a packet each way every second from `from` to `to` (seconds after T0). */
export function chat(loop: Loopback, from: number, to: number, tap?: Tap): void {
  for (let t = from; t < to; t++) {
    runUntil(loop, T0 + t * S, tap);
    hostSend(loop, 0, ipv4(A_IP, B_IP, 60, t));
    runUntil(loop, T0 + t * S + 1000, tap);
    hostSend(loop, 1, ipv4(B_IP, A_IP, 60, t));
  }
  runUntil(loop, T0 + to * S, tap);
}
