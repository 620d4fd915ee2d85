/**
 * Timer bookkeeping (whitepaper §6.1-§6.6) for a sans-IO device: a timer is a deadline kept in the peer's state and
 * announced to the caller with an 'arm' action (absolute virtual µs) or a 'cancel' action; the caller calls
 * timer(dev, name, now, rand) when it fires. Names are `<kind>:<peer index>`:
 *
 *   retransmit-handshake  REKEY_TIMEOUT + jitter after an initiation without an answer (§6.4)
 *   send-keepalive        KEEPALIVE_TIMEOUT after data was received and nothing sent since (passive keepalive, §6.5)
 *   new-handshake         KEEPALIVE_TIMEOUT + REKEY_TIMEOUT after data was sent and nothing received since (§6.5)
 *   zero-key-material     3 x REJECT_AFTER_TIME after the last session was derived (§6.3)
 *   persistent-keepalive  every N s after the last authenticated packet either way (wg(8) PersistentKeepalive)
 *
 * The hooks below say, per event, which timers start and stop.
 */
import { u32le } from './bytes';
import { KEEPALIVE_TIMEOUT, REKEY_TIMEOUT, REKEY_TIMEOUT_JITTER_MAX, ZERO_KEYS_AFTER } from './constants';
import type { Rand, TimerKind, WgAction, WgPeer } from './types';

export const TIMER_KINDS: readonly TimerKind[] = ['retransmit-handshake', 'send-keepalive', 'new-handshake', 'zero-key-material', 'persistent-keepalive'];

export function timerName(kind: TimerKind, peer: number): string {
  return `${kind}:${peer}`;
}

export function parseTimerName(name: string): { kind: TimerKind; peer: number } | undefined {
  const i = name.lastIndexOf(':');
  const kind = name.slice(0, i) as TimerKind;
  const peer = Number(name.slice(i + 1));
  if (i < 0 || !TIMER_KINDS.includes(kind) || !Number.isInteger(peer) || peer < 0) return undefined;
  return { kind, peer };
}

export function noTimers(): Record<TimerKind, number> {
  return { 'retransmit-handshake': 0, 'send-keepalive': 0, 'new-handshake': 0, 'zero-key-material': 0, 'persistent-keepalive': 0 };
}

export function armTimer(peer: WgPeer, kind: TimerKind, at: number, out: WgAction[]): void {
  if (peer.timers[kind] === at) return;
  peer.timers[kind] = at;
  out.push({ kind: 'arm', timer: timerName(kind, peer.index), at });
}

/** Arms only when not already pending (the deadline of a pending timer stays). */
export function armIfIdle(peer: WgPeer, kind: TimerKind, at: number, out: WgAction[]): void {
  if (peer.timers[kind] === 0) armTimer(peer, kind, at, out);
}

export function cancelTimer(peer: WgPeer, kind: TimerKind, out: WgAction[]): void {
  if (peer.timers[kind] === 0) return;
  peer.timers[kind] = 0;
  out.push({ kind: 'cancel', timer: timerName(kind, peer.index) });
}

export function cancelAllTimers(peer: WgPeer, out: WgAction[]): void {
  for (const k of TIMER_KINDS) cancelTimer(peer, k, out);
}

/** Random 0..333 ms (µs resolution) added to each retransmission delay. */
export function jitter(rand: Rand): number {
  return u32le(rand(4), 0) % (REKEY_TIMEOUT_JITTER_MAX + 1);
}

// Hooks, one per event of whitepaper §6.

/** Any authenticated packet sent (handshake message, data or keepalive): no passive keepalive needed. */
export function onAuthenticatedSent(peer: WgPeer, now: number, out: WgAction[]): void {
  peer.lastSent = now;
  cancelTimer(peer, 'send-keepalive', out);
  onAuthenticatedTraversal(peer, now, out);
}

/** Any authenticated packet received: the peer is alive, no handshake for lack of replies. */
export function onAuthenticatedReceived(peer: WgPeer, now: number, out: WgAction[]): void {
  peer.lastReceived = now;
  cancelTimer(peer, 'new-handshake', out);
  onAuthenticatedTraversal(peer, now, out);
}

function onAuthenticatedTraversal(peer: WgPeer, now: number, out: WgAction[]): void {
  if (peer.persistentKeepalive > 0) armTimer(peer, 'persistent-keepalive', now + peer.persistentKeepalive * 1_000_000, out);
}

/** Data (not a keepalive) sent: expect something back within KEEPALIVE_TIMEOUT + REKEY_TIMEOUT. */
export function onDataSent(peer: WgPeer, now: number, out: WgAction[]): void {
  armIfIdle(peer, 'new-handshake', now + KEEPALIVE_TIMEOUT + REKEY_TIMEOUT, out);
}

/** Data (not a keepalive) received: answer with a keepalive if nothing else goes out within KEEPALIVE_TIMEOUT. */
export function onDataReceived(peer: WgPeer, now: number, out: WgAction[]): void {
  armIfIdle(peer, 'send-keepalive', now + KEEPALIVE_TIMEOUT, out);
}

export function onInitiationSent(peer: WgPeer, now: number, rand: Rand, out: WgAction[]): void {
  armTimer(peer, 'retransmit-handshake', now + REKEY_TIMEOUT + jitter(rand), out);
}

/** The initiator received the response. */
export function onHandshakeComplete(peer: WgPeer, out: WgAction[]): void {
  peer.handshakeAttempts = 0;
  cancelTimer(peer, 'retransmit-handshake', out);
}

export function onSessionDerived(peer: WgPeer, now: number, out: WgAction[]): void {
  armTimer(peer, 'zero-key-material', now + ZERO_KEYS_AFTER, out);
}
