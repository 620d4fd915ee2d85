/**
 * Key rotation (whitepaper §6.3): each peer holds up to three keypairs. The initiator's new keypair becomes
 * current at once (the old current becomes previous); the responder's waits in "next" until the first transport
 * message from the initiator arrives on it (confirmation). The previous keypair still decrypts in-flight packets.
 * Local indexes route incoming messages to keypairs through dev.indexes. Also: key expiry (§6.2) and zeroing.
 */
import { REJECT_AFTER_MESSAGES, REJECT_AFTER_TIME } from './constants';
import { createReplayWindow } from './replay';
import type { TransportKeys } from './handshake';
import type { WgAction, WgDevice, WgKeypair, WgPeer } from './types';

export function newKeypair(localIndex: number, remoteIndex: number, keys: TransportKeys, now: number, isInitiator: boolean): WgKeypair {
  return {
    localIndex, remoteIndex, sendKey: keys.sendKey, recvKey: keys.recvKey, created: now, isInitiator, sendCounter: 0,
    replay: createReplayWindow(), expiredReported: false,
  };
}

export function isExpired(kp: WgKeypair, now: number): boolean {
  return now - kp.created >= REJECT_AFTER_TIME;
}

/** Can still send: younger than REJECT_AFTER_TIME and below REJECT_AFTER_MESSAGES. */
export function canSend(kp: WgKeypair | null, now: number): kp is WgKeypair {
  return !!kp && !isExpired(kp, now) && kp.sendCounter < REJECT_AFTER_MESSAGES;
}

/** Emits the 'expired' event once per keypair. */
export function reportExpired(peer: WgPeer, kp: WgKeypair, out: WgAction[]): void {
  if (kp.expiredReported) return;
  kp.expiredReported = true;
  out.push({ kind: 'keypair', peer: peer.index, event: 'expired', localIndex: kp.localIndex });
}

function retire(dev: WgDevice, peer: WgPeer, kp: WgKeypair | null, out: WgAction[]): void {
  if (!kp) return;
  if (dev.indexes[kp.localIndex] === peer.index && peer.handshake.localIndex !== kp.localIndex) delete dev.indexes[kp.localIndex];
  out.push({ kind: 'keypair', peer: peer.index, event: 'retired', localIndex: kp.localIndex });
}

/** Initiator: the new keypair is current immediately. */
export function installAsInitiator(dev: WgDevice, peer: WgPeer, kp: WgKeypair, out: WgAction[]): void {
  retire(dev, peer, peer.previous, out);
  peer.previous = peer.current;
  peer.current = kp;
  dev.indexes[kp.localIndex] = peer.index;
  out.push({ kind: 'keypair', peer: peer.index, event: 'new', localIndex: kp.localIndex });
  out.push({ kind: 'keypair', peer: peer.index, event: 'confirmed', localIndex: kp.localIndex });
}

/** Responder: the new keypair waits in "next" (an unconfirmed next it replaces is retired). */
export function installAsResponder(dev: WgDevice, peer: WgPeer, kp: WgKeypair, out: WgAction[]): void {
  retire(dev, peer, peer.next, out);
  peer.next = kp;
  dev.indexes[kp.localIndex] = peer.index;
  out.push({ kind: 'keypair', peer: peer.index, event: 'new', localIndex: kp.localIndex });
}

/** Responder: first data on "next" confirms it; it becomes current, current becomes previous. */
export function confirmNext(dev: WgDevice, peer: WgPeer, out: WgAction[]): void {
  const kp = peer.next;
  if (!kp) return;
  retire(dev, peer, peer.previous, out);
  peer.previous = peer.current;
  peer.current = kp;
  peer.next = null;
  out.push({ kind: 'keypair', peer: peer.index, event: 'confirmed', localIndex: kp.localIndex });
}

/** The keypair of this peer with local index `index`, if any. */
export function findKeypair(peer: WgPeer, index: number): WgKeypair | undefined {
  for (const kp of [peer.current, peer.previous, peer.next]) if (kp && kp.localIndex === index) return kp;
  return undefined;
}

/** Frees the pending handshake's index and forgets its secrets. */
export function clearHandshake(dev: WgDevice, peer: WgPeer): void {
  const hs = peer.handshake;
  if (hs.state !== 'none' && dev.indexes[hs.localIndex] === peer.index && !findKeypair(peer, hs.localIndex)) delete dev.indexes[hs.localIndex];
  peer.handshake = emptyHandshake();
}

export function emptyHandshake(): WgPeer['handshake'] {
  return { state: 'none', localIndex: 0, ck: new Uint8Array(0), h: new Uint8Array(0), ephemeralPrivate: new Uint8Array(0) };
}

/** Zeroes every key of the peer (whitepaper §6.3: 3 x REJECT_AFTER_TIME after the last handshake). */
export function zeroKeyMaterial(dev: WgDevice, peer: WgPeer, out: WgAction[]): void {
  for (const kp of [peer.previous, peer.current, peer.next]) retire(dev, peer, kp, out);
  peer.previous = peer.current = peer.next = null;
  clearHandshake(dev, peer);
  peer.cookie = null;
  peer.cookieReceived = -1;
  peer.lastSentMac1 = null;
}

/** A fresh random local index, unique within the device (4 bytes from the RNG, read little-endian). */
export function allocateIndex(dev: WgDevice, draw: () => number): number {
  for (;;) {
    const i = draw();
    if (!(i in dev.indexes)) return i;
  }
}
