/**
 * The send path (whitepaper §2 cryptokey routing, §6.2-§6.5): pick the peer by the inner destination, stage the
 * packet, and encrypt everything staged when the current keypair can send; otherwise start a handshake and keep the
 * packets staged (at most MAX_STAGED_PACKETS, oldest dropped). The initiator of a session rekeys once it is
 * REKEY_AFTER_TIME old or has sent REKEY_AFTER_MESSAGES.
 */
import { lookupPeer } from './allowedIps';
import { ipAt, ipToString } from './bytes';
import { MAX_STAGED_PACKETS, REKEY_AFTER_MESSAGES, REKEY_AFTER_TIME, REKEY_TIMEOUT } from './constants';
import { initiateHandshake } from './initiate';
import { canSend, reportExpired } from './keypairs';
import { onAuthenticatedSent, onDataSent } from './timers';
import { encryptTransport } from './transport';
import type { Rand, WgAction, WgDevice, WgPeer } from './types';

/** Encrypts an inner IPv4 packet for the peer whose allowed IPs hold its destination. */
export function send(dev: WgDevice, packet: Uint8Array, now: number, rand: Rand): WgAction[] {
  const out: WgAction[] = [];
  if (packet.length < 20 || packet[0] >> 4 !== 4) {
    out.push({ kind: 'drop', reason: 'WireGuard: not an IPv4 packet (the lab tunnels IPv4 only)', bytes: packet });
    return out;
  }
  const dst = ipAt(packet, 16);
  const peer = lookupPeer(dev, dst);
  if (!peer) {
    out.push({ kind: 'drop', reason: `WireGuard: no peer has allowed IPs for ${ipToString(dst)}`, bytes: packet });
    return out;
  }
  if (!peer.endpoint) {
    out.push({ kind: 'drop', reason: `WireGuard: no endpoint for peer ${peer.index}`, peer: peer.index, bytes: packet });
    return out;
  }
  stage(peer, packet, out);
  sendStaged(dev, peer, now, rand, out);
  return out;
}

export function stage(peer: WgPeer, packet: Uint8Array, out: WgAction[]): void {
  if (peer.staged.length >= MAX_STAGED_PACKETS) {
    const old = peer.staged.shift()!;
    out.push({ kind: 'drop', reason: `WireGuard: staged queue full (${MAX_STAGED_PACKETS} packets), oldest dropped`, peer: peer.index, bytes: old });
  }
  peer.staged.push(new Uint8Array(packet));
}

/** Sends a keepalive (an empty packet) now, or after the handshake it starts. */
export function sendKeepalive(dev: WgDevice, peer: WgPeer, now: number, rand: Rand, out: WgAction[]): void {
  if (peer.staged.length === 0) peer.staged.push(new Uint8Array(0));
  sendStaged(dev, peer, now, rand, out);
}

/** Encrypts and sends every staged packet with the current keypair, or starts a handshake. */
export function sendStaged(dev: WgDevice, peer: WgPeer, now: number, rand: Rand, out: WgAction[]): void {
  const kp = peer.current;
  if (!canSend(kp, now)) {
    if (kp) reportExpired(peer, kp, out);
    // A responder whose fresh "next" keypair awaits the initiator's first message keeps the packets staged: they
    // go out on confirmation (receive.ts) instead of racing a second handshake.
    const awaitingConfirmation = peer.next !== null && now - peer.next.created < REKEY_TIMEOUT;
    if (!awaitingConfirmation) initiateHandshake(dev, peer, now, rand, false, out);
    return;
  }
  if (!peer.endpoint) return;
  while (peer.staged.length && canSend(kp, now)) {
    const inner = peer.staged.shift()!;
    const bytes = encryptTransport(kp.sendKey, kp.remoteIndex, kp.sendCounter++, inner, dev.mtu);
    peer.txBytes += bytes.length;
    out.push({ kind: 'send', to: { ...peer.endpoint }, bytes, message: inner.length ? 'data' : 'keepalive', peer: peer.index });
    onAuthenticatedSent(peer, now, out);
    if (inner.length) onDataSent(peer, now, out);
  }
  if (kp.isInitiator && (now - kp.created >= REKEY_AFTER_TIME || kp.sendCounter >= REKEY_AFTER_MESSAGES)) {
    initiateHandshake(dev, peer, now, rand, false, out);
  }
}
