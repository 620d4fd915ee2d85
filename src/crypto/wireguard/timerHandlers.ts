/**
 * What happens when a timer fires (whitepaper §6.3-§6.5; names and arming rules in timers.ts), and keepalive():
 *
 *   retransmit-handshake  resend the initiation (new ephemeral key and index), or give up after
 *                         MAX_TIMER_HANDSHAKES initiations: staged packets are dropped and key zeroing is scheduled
 *   send-keepalive        passive keepalive: an empty transport message (only while the current keypair can send)
 *   new-handshake         we sent data and heard nothing for KEEPALIVE_TIMEOUT + REKEY_TIMEOUT: handshake again
 *   zero-key-material     forget every session key, the pending handshake and the cookie
 *   persistent-keepalive  a keepalive (starting a handshake first if there is no session)
 *
 * A timer fired after it was cancelled or re-armed later (a stale event) does nothing.
 */
import { MAX_TIMER_HANDSHAKES, ZERO_KEYS_AFTER } from './constants';
import { initiateHandshake } from './initiate';
import { canSend, clearHandshake, zeroKeyMaterial } from './keypairs';
import { sendKeepalive } from './send';
import { armIfIdle, cancelTimer, parseTimerName } from './timers';
import type { Rand, WgAction, WgDevice, WgPeer } from './types';

export function timer(dev: WgDevice, name: string, now: number, rand: Rand): WgAction[] {
  const out: WgAction[] = [];
  const t = parseTimerName(name);
  const peer = t && dev.peers[t.peer];
  if (!t || !peer || peer.removed) return out;
  const due = peer.timers[t.kind];
  if (due === 0 || now < due) return out;
  peer.timers[t.kind] = 0;
  switch (t.kind) {
    case 'retransmit-handshake': retransmit(dev, peer, now, rand, out); break;
    case 'send-keepalive': if (canSend(peer.current, now)) sendKeepalive(dev, peer, now, rand, out); break;
    case 'new-handshake': initiateHandshake(dev, peer, now, rand, false, out); break;
    case 'zero-key-material': zeroKeyMaterial(dev, peer, out); break;
    case 'persistent-keepalive': sendKeepalive(dev, peer, now, rand, out); break;
  }
  return out;
}

function retransmit(dev: WgDevice, peer: WgPeer, now: number, rand: Rand, out: WgAction[]): void {
  if (peer.handshake.state !== 'initiation-sent') return;
  if (peer.handshakeAttempts >= MAX_TIMER_HANDSHAKES) {
    const reason = `WireGuard: handshake did not complete after ${peer.handshakeAttempts} attempts`;
    if (!peer.staged.length) out.push({ kind: 'drop', reason, peer: peer.index });
    for (const p of peer.staged) out.push({ kind: 'drop', reason, peer: peer.index, bytes: p });
    peer.staged = [];
    clearHandshake(dev, peer);
    cancelTimer(peer, 'new-handshake', out);
    armIfIdle(peer, 'zero-key-material', now + ZERO_KEYS_AFTER, out);
    return;
  }
  peer.handshakeAttempts++;
  initiateHandshake(dev, peer, now, rand, true, out);
}

/** Sends a keepalive to a peer now (starting a handshake if there is no session), e.g. when persistent keepalive is configured. */
export function keepalive(dev: WgDevice, peerIndex: number, now: number, rand: Rand): WgAction[] {
  const out: WgAction[] = [];
  const peer = dev.peers[peerIndex];
  if (peer && !peer.removed) sendKeepalive(dev, peer, now, rand, out);
  return out;
}
