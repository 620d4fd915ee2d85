/**
 * Starting a handshake from the device (whitepaper §5.4.2, §6.4): a new ephemeral key and sender index from the
 * caller's RNG, the TAI64N of the virtual clock, mac2 when a fresh cookie is held. A new attempt is not started
 * within REKEY_TIMEOUT of the previous initiation nor while one is being retransmitted; retransmissions (from the
 * timer) bypass both limits.
 */
import { COOKIE_VALIDITY, INITIATION_SIZE, REKEY_TIMEOUT } from './constants';
import { newLocalIndex } from './device';
import { createInitiation } from './handshake';
import { clearHandshake } from './keypairs';
import { generatePrivateKey } from './keys';
import { tai64n } from './tai64n';
import { onAuthenticatedSent, onInitiationSent } from './timers';
import type { Rand, WgAction, WgDevice, WgPeer } from './types';

/** The cookie to put in mac2, if one is held and still fresh. */
export function freshCookie(peer: WgPeer, now: number): Uint8Array | null {
  return peer.cookie && now - peer.cookieReceived < COOKIE_VALIDITY ? peer.cookie : null;
}

/**
 * Sends a handshake initiation to the peer. `retry` marks a retransmission by the timer; otherwise the attempt
 * counter restarts and the REKEY_TIMEOUT rate limit applies (returns without sending when limited).
 */
export function initiateHandshake(dev: WgDevice, peer: WgPeer, now: number, rand: Rand, retry: boolean, out: WgAction[]): void {
  if (!peer.endpoint) {
    out.push({ kind: 'drop', reason: `WireGuard: no endpoint for peer ${peer.index}, cannot send a handshake initiation`, peer: peer.index });
    return;
  }
  if (!retry) {
    if (peer.lastInitiationSent >= 0 && now - peer.lastInitiationSent < REKEY_TIMEOUT) return;
    // An attempt under way continues with its retransmissions (and gives up after REKEY_ATTEMPT_TIME).
    if (peer.timers['retransmit-handshake'] !== 0) return;
    peer.handshakeAttempts = 1;
  }
  clearHandshake(dev, peer);
  const ephemeralPrivate = generatePrivateKey(rand);
  const localIndex = newLocalIndex(dev, rand);
  const created = createInitiation({ staticPrivate: dev.privateKey, remoteStaticPublic: peer.publicKey, ephemeralPrivate,
    senderIndex: localIndex, timestamp: tai64n(now), cookie: freshCookie(peer, now) });
  peer.handshake = { state: 'initiation-sent', localIndex, ck: created.ck, h: created.h, ephemeralPrivate };
  dev.indexes[localIndex] = peer.index;
  peer.lastSentMac1 = created.mac1;
  peer.lastInitiationSent = now;
  peer.txBytes += INITIATION_SIZE;
  out.push({ kind: 'handshake', peer: peer.index, role: 'initiator', event: 'initiation-sent', trace: created.trace,
    keylog: { localStaticPrivate: dev.privateKey, remoteStaticPublic: peer.publicKey, localEphemeralPrivate: ephemeralPrivate,
      presharedKey: peer.presharedKey } });
  out.push({ kind: 'send', to: { ...peer.endpoint }, bytes: created.bytes, message: 'initiation', peer: peer.index });
  onAuthenticatedSent(peer, now, out);
  onInitiationSent(peer, now, rand, out);
}
