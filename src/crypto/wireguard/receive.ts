/**
 * The receive path (whitepaper §5.4, §6): one UDP payload in, actions out. Handshake messages are counted for load
 * and must carry a valid mac1 (and, under load, mac2, else a cookie reply answers them). Transport messages are
 * routed by receiver index to a keypair, refused once it is REJECT_AFTER_TIME old, authenticated, checked against
 * the replay window, and their inner IPv4 source must route back to the sending peer (cryptokey routing, §2).
 */
import { lookupPeer } from './allowedIps';
import { hex32, ipAt, ipToString, u32le } from './bytes';
import { MSG_COOKIE_REPLY, MSG_INITIATION, MSG_RESPONSE, REJECT_AFTER_MESSAGES, REKEY_ON_RECEIVE_AGE, REPLAY_WINDOW } from './constants';
import { checkMac1 } from './cookie';
import { initiateHandshake } from './initiate';
import { confirmNext, findKeypair, isExpired, reportExpired } from './keypairs';
import { hasValidMac2, noteHandshakeArrival, sendCookieReply } from './load';
import { INITIATION, RESPONSE, messageType } from './messages';
import { replayAccept, replayCheck } from './replay';
import { receiveCookieReply, receiveInitiation, receiveResponse } from './respond';
import { sendStaged } from './send';
import { onAuthenticatedReceived, onDataReceived } from './timers';
import { decryptTransport, transportHeader } from './transport';
import type { Rand, WgAction, WgDevice, WgEndpoint } from './types';

export function receive(dev: WgDevice, from: WgEndpoint, udpPayload: Uint8Array, now: number, rand: Rand): WgAction[] {
  const out: WgAction[] = [];
  const msg = udpPayload;
  const type = messageType(msg);
  if (type === 0) {
    const t = msg.length >= 4 ? u32le(msg, 0) : -1;
    out.push({ kind: 'drop', reason: `WireGuard: malformed packet (type ${t < 0 ? '?' : hex32(t)}, ${msg.length} bytes)`, bytes: msg });
    return out;
  }
  if (type === MSG_INITIATION || type === MSG_RESPONSE) {
    const underLoad = noteHandshakeArrival(dev, now);
    if (!checkMac1(msg, dev.mac1Key)) {
      out.push({ kind: 'drop', reason: 'WireGuard: bad mac1', bytes: msg });
      return out;
    }
    if (underLoad && !hasValidMac2(dev, from, msg, now, rand)) {
      const isInit = type === MSG_INITIATION;
      const sender = u32le(msg, isInit ? INITIATION.sender : RESPONSE.sender);
      const peer = isInit ? -1 : dev.indexes[u32le(msg, RESPONSE.receiver)] ?? -1;
      sendCookieReply(dev, from, msg, sender, now, rand, peer, isInit ? 'responder' : 'initiator', out);
      return out;
    }
    if (type === MSG_INITIATION) receiveInitiation(dev, from, msg, now, rand, out);
    else receiveResponse(dev, from, msg, now, rand, out);
    return out;
  }
  if (type === MSG_COOKIE_REPLY) receiveCookieReply(dev, msg, now, out);
  else receiveTransport(dev, from, msg, now, rand, out);
  return out;
}

function receiveTransport(dev: WgDevice, from: WgEndpoint, msg: Uint8Array, now: number, rand: Rand, out: WgAction[]): void {
  const { receiverIndex, counter } = transportHeader(msg);
  const peer = dev.peers[dev.indexes[receiverIndex] ?? -1];
  const kp = peer && findKeypair(peer, receiverIndex);
  if (!peer || !kp) {
    out.push({ kind: 'drop', reason: `WireGuard: unknown receiver index ${hex32(receiverIndex)}`, bytes: msg });
    return;
  }
  const drop = (reason: string): void => void out.push({ kind: 'drop', reason, peer: peer.index, bytes: msg });
  if (isExpired(kp, now)) {
    reportExpired(peer, kp, out);
    return drop('WireGuard: keypair expired (REJECT_AFTER_TIME)');
  }
  if (counter >= REJECT_AFTER_MESSAGES || counter > Number.MAX_SAFE_INTEGER) return drop(`WireGuard: counter ${counter} beyond REJECT_AFTER_MESSAGES`);
  const padded = decryptTransport(kp.recvKey, msg);
  if (!padded) return drop('WireGuard: authentication failed (packet tampered or wrong key)');
  const verdict = replayCheck(kp.replay, counter);
  if (verdict === 'replayed') return drop(`WireGuard: replayed counter ${counter}`);
  if (verdict === 'too-old') return drop(`WireGuard: counter ${counter} older than the replay window (greatest ${kp.replay.greatest}, window ${REPLAY_WINDOW})`);
  replayAccept(kp.replay, counter);
  peer.endpoint = { ...from }; // roaming: the last authenticated source is where replies go

  // First data on "next" confirms it, unless both sides initiated at once and our own newer initiator keypair is
  // current: then "next" only receives, and each side keeps sending on (and rekeying) its own session.
  if (kp === peer.next && (!peer.current || kp.created >= peer.current.created)) {
    confirmNext(dev, peer, out);
    if (peer.staged.length) sendStaged(dev, peer, now, rand, out);
  }
  peer.rxBytes += msg.length;
  onAuthenticatedReceived(peer, now, out);
  if (kp === peer.current && kp.isInitiator && now - kp.created >= REKEY_ON_RECEIVE_AGE) initiateHandshake(dev, peer, now, rand, false, out);
  if (padded.length === 0) return; // keepalive

  if (padded[0] >> 4 !== 4 || padded.length < 20) return drop('WireGuard: inner packet is not IPv4 (the lab tunnels IPv4 only)');
  const totalLength = (padded[2] << 8) | padded[3];
  if (totalLength < 20 || totalLength > padded.length) return drop(`WireGuard: malformed inner IPv4 packet (total length ${totalLength})`);
  const packet = padded.slice(0, totalLength);
  const src = ipAt(packet, 12);
  if (lookupPeer(dev, src) !== peer) return drop(`WireGuard: source ${ipToString(src)} not in peer allowed IPs`);
  onDataReceived(peer, now, out);
  out.push({ kind: 'deliver', peer: peer.index, packet });
}
