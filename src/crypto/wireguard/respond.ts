/**
 * Handshake messages arriving at the device (whitepaper §5.4.2-§5.4.5, §5.1 replay of initiations, §6.3 key
 * rotation, §6.6 cookies): consume an initiation and answer it with a response at once (its keypair goes to "next"),
 * consume a response (its keypair becomes current; staged packets or a keepalive go out so the responder can
 * confirm), and store the cookie of a cookie reply for the next retransmission's mac2.
 */
import { compareBytes, hex32, u32le } from './bytes';
import { COOKIE_REPLY_SIZE, INITIATIONS_PER_SECOND, RESPONSE_SIZE, INITIATION_SIZE } from './constants';
import { consumeCookieReply } from './cookie';
import { findPeer, newLocalIndex } from './device';
import { consumeInitiation, consumeResponse, createResponse } from './handshake';
import { freshCookie } from './initiate';
import { emptyHandshake, installAsInitiator, installAsResponder, newKeypair } from './keypairs';
import { generatePrivateKey } from './keys';
import { COOKIE_REPLY, RESPONSE } from './messages';
import { sendKeepalive, sendStaged } from './send';
import { onAuthenticatedReceived, onAuthenticatedSent, onHandshakeComplete, onSessionDerived } from './timers';
import type { Rand, WgAction, WgDevice, WgEndpoint } from './types';

const MIN_INITIATION_INTERVAL = 1_000_000 / INITIATIONS_PER_SECOND;

export function receiveInitiation(dev: WgDevice, from: WgEndpoint, msg: Uint8Array, now: number, rand: Rand, out: WgAction[]): void {
  const c = consumeInitiation({ staticPrivate: dev.privateKey, bytes: msg });
  if (!c.ok) {
    out.push({ kind: 'drop', reason: c.reason, bytes: msg });
    return;
  }
  const peer = findPeer(dev, c.initiatorStaticPublic);
  if (!peer) {
    out.push({ kind: 'drop', reason: 'WireGuard: initiation from unknown static key', bytes: msg });
    return;
  }
  if (compareBytes(c.timestamp, peer.latestTimestamp) <= 0) {
    out.push({ kind: 'drop', reason: 'WireGuard: replayed initiation (timestamp not newer than the last accepted one)', peer: peer.index, bytes: msg });
    return;
  }
  if (peer.lastInitiationConsumed >= 0 && now - peer.lastInitiationConsumed < MIN_INITIATION_INTERVAL) {
    out.push({ kind: 'drop', reason: `WireGuard: initiation flood (more than ${INITIATIONS_PER_SECOND} per second from peer ${peer.index})`,
      peer: peer.index, bytes: msg });
    return;
  }
  peer.latestTimestamp = c.timestamp;
  peer.lastInitiationConsumed = now;
  peer.endpoint = { ...from };
  peer.rxBytes += INITIATION_SIZE;
  out.push({ kind: 'handshake', peer: peer.index, role: 'responder', event: 'initiation-received', trace: c.trace });
  onAuthenticatedReceived(peer, now, out);

  // Respond at once: -> response, the new keypair waits in "next".
  const ephemeralPrivate = generatePrivateKey(rand);
  const localIndex = newLocalIndex(dev, rand);
  const r = createResponse({ consumed: c.state, ephemeralPrivate, senderIndex: localIndex, receiverIndex: c.senderIndex,
    presharedKey: peer.presharedKey, cookie: freshCookie(peer, now) });
  installAsResponder(dev, peer, newKeypair(localIndex, c.senderIndex, r.keys, now, false), out);
  peer.lastHandshake = now;
  peer.lastSentMac1 = r.mac1;
  peer.txBytes += RESPONSE_SIZE;
  out.push({ kind: 'handshake', peer: peer.index, role: 'responder', event: 'response-sent', trace: r.trace,
    keylog: { localStaticPrivate: dev.privateKey, remoteStaticPublic: peer.publicKey, localEphemeralPrivate: ephemeralPrivate,
      presharedKey: peer.presharedKey } });
  out.push({ kind: 'send', to: { ...from }, bytes: r.bytes, message: 'response', peer: peer.index });
  onAuthenticatedSent(peer, now, out);
  onSessionDerived(peer, now, out);
}

function unknownIndex(index: number, msg: Uint8Array, out: WgAction[]): void {
  out.push({ kind: 'drop', reason: `WireGuard: unknown receiver index ${hex32(index)}`, bytes: msg });
}

export function receiveResponse(dev: WgDevice, from: WgEndpoint, msg: Uint8Array, now: number, rand: Rand, out: WgAction[]): void {
  const index = u32le(msg, RESPONSE.receiver);
  const peer = dev.peers[dev.indexes[index] ?? -1];
  if (!peer || peer.handshake.state !== 'initiation-sent' || peer.handshake.localIndex !== index) {
    unknownIndex(index, msg, out);
    return;
  }
  const hs = peer.handshake;
  const c = consumeResponse({ ck: hs.ck, h: hs.h, staticPrivate: dev.privateKey, ephemeralPrivate: hs.ephemeralPrivate,
    remoteStaticPublic: peer.publicKey, presharedKey: peer.presharedKey, bytes: msg });
  if (!c.ok) {
    out.push({ kind: 'drop', reason: c.reason, peer: peer.index, bytes: msg });
    return;
  }
  peer.handshake = emptyHandshake(); // its index now belongs to the keypair
  peer.endpoint = { ...from };
  peer.rxBytes += RESPONSE_SIZE;
  peer.lastHandshake = now;
  peer.lastSentMac1 = null;
  out.push({ kind: 'handshake', peer: peer.index, role: 'initiator', event: 'response-received', trace: c.trace });
  installAsInitiator(dev, peer, newKeypair(index, c.senderIndex, c.keys, now, true), out);
  onAuthenticatedReceived(peer, now, out);
  onHandshakeComplete(peer, out);
  onSessionDerived(peer, now, out);
  // The responder confirms the session on our first transport message: staged packets, or a keepalive.
  if (peer.staged.length) sendStaged(dev, peer, now, rand, out);
  else sendKeepalive(dev, peer, now, rand, out);
}

export function receiveCookieReply(dev: WgDevice, msg: Uint8Array, now: number, out: WgAction[]): void {
  const index = u32le(msg, COOKIE_REPLY.receiver);
  const peer = dev.peers[dev.indexes[index] ?? -1];
  if (!peer || msg.length !== COOKIE_REPLY_SIZE) {
    unknownIndex(index, msg, out);
    return;
  }
  if (!peer.lastSentMac1) {
    out.push({ kind: 'drop', reason: 'WireGuard: unexpected cookie reply (no handshake message awaiting one)', peer: peer.index, bytes: msg });
    return;
  }
  const cookie = consumeCookieReply(msg, peer.cookieKey, peer.lastSentMac1);
  if (!cookie) {
    out.push({ kind: 'drop', reason: 'WireGuard: cookie reply authentication failed', peer: peer.index, bytes: msg });
    return;
  }
  peer.cookie = cookie;
  peer.cookieReceived = now;
  peer.lastSentMac1 = null;
  const role = peer.handshake.state === 'initiation-sent' ? 'initiator' : 'responder';
  out.push({ kind: 'handshake', peer: peer.index, role, event: 'cookie-received', trace: [] });
}
