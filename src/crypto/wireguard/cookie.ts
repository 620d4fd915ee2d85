/**
 * DoS mitigation (whitepaper §5.3 and §5.4.4, §5.4.7): mac1 and mac2 on handshake messages and the cookie reply.
 *
 *   mac1 = MAC(HASH("mac1----" || S_pub of the receiver), message up to mac1)
 *   mac2 = MAC(cookie, message up to mac2), or 16 zeros when no fresh cookie is held
 *   cookie = MAC(R_m, source IP || source port) with R_m a secret that changes every 120 s
 *   cookie reply = type 3 | receiver | nonce 24 | XAEAD(HASH("cookie--" || S_pub of the sender), nonce, cookie, mac1)
 */
import { bytesEqual, putU32le } from './bytes';
import { COOKIE_LEN, COOKIE_NONCE_LEN, COOKIE_REPLY_SIZE, LABEL_COOKIE, LABEL_MAC1, MAC_LEN, MSG_COOKIE_REPLY } from './constants';
import { COOKIE_REPLY, newMessage } from './messages';
import { hash, mac, xaeadOpen, xaeadSeal } from './noise';
import { utf8 } from './bytes';

const MAC1_LABEL = utf8(LABEL_MAC1);
const COOKIE_LABEL = utf8(LABEL_COOKIE);

/** The key of mac1 on messages sent to the owner of `publicKey`. */
export function mac1KeyFor(publicKey: Uint8Array): Uint8Array {
  return hash(MAC1_LABEL, publicKey);
}

/** The key of cookie replies sent by the owner of `publicKey`. */
export function cookieKeyFor(publicKey: Uint8Array): Uint8Array {
  return hash(COOKIE_LABEL, publicKey);
}

export function computeMac1(mac1Key: Uint8Array, msg: Uint8Array): Uint8Array {
  return mac(mac1Key, msg.subarray(0, msg.length - 2 * MAC_LEN));
}

export function computeMac2(cookie: Uint8Array, msg: Uint8Array): Uint8Array {
  return mac(cookie, msg.subarray(0, msg.length - MAC_LEN));
}

/** Writes mac1 and mac2 (zeros without a cookie) into a finished handshake message; returns mac1. */
export function sealMacs(msg: Uint8Array, mac1Key: Uint8Array, cookie: Uint8Array | null): Uint8Array {
  const mac1 = computeMac1(mac1Key, msg);
  msg.set(mac1, msg.length - 2 * MAC_LEN);
  msg.set(cookie ? computeMac2(cookie, msg) : new Uint8Array(MAC_LEN), msg.length - MAC_LEN);
  return mac1;
}

export function mac1Of(msg: Uint8Array): Uint8Array {
  return msg.slice(msg.length - 2 * MAC_LEN, msg.length - MAC_LEN);
}

export function checkMac1(msg: Uint8Array, mac1Key: Uint8Array): boolean {
  return bytesEqual(computeMac1(mac1Key, msg), mac1Of(msg));
}

export function checkMac2(msg: Uint8Array, cookie: Uint8Array): boolean {
  return bytesEqual(computeMac2(cookie, msg), msg.subarray(msg.length - MAC_LEN));
}

/** The cookie for a source address: MAC(secret, IPv4 (network order) || UDP port (network order)). */
export function makeCookie(secret: Uint8Array, ip: number, port: number): Uint8Array {
  const a = new Uint8Array(6);
  new DataView(a.buffer).setUint32(0, ip >>> 0);
  new DataView(a.buffer).setUint16(4, port);
  return mac(secret, a);
}

/** Builds the 64-byte cookie reply answering a message whose sender index and mac1 are given. */
export function createCookieReply(o: { receiverIndex: number; nonce: Uint8Array; cookie: Uint8Array; cookieKey: Uint8Array;
  mac1: Uint8Array }): Uint8Array {
  if (o.nonce.length !== COOKIE_NONCE_LEN || o.cookie.length !== COOKIE_LEN) throw new Error('cookie reply: bad nonce or cookie length');
  const m = newMessage(MSG_COOKIE_REPLY, COOKIE_REPLY_SIZE);
  putU32le(m, COOKIE_REPLY.receiver, o.receiverIndex);
  m.set(o.nonce, COOKIE_REPLY.nonce);
  m.set(xaeadSeal(o.cookieKey, o.nonce, o.cookie, o.mac1), COOKIE_REPLY.cookie);
  return m;
}

/** Opens a cookie reply with the sender's cookie key and the mac1 we sent; undefined when it does not verify. */
export function consumeCookieReply(msg: Uint8Array, cookieKey: Uint8Array, sentMac1: Uint8Array): Uint8Array | undefined {
  const nonce = msg.subarray(COOKIE_REPLY.nonce, COOKIE_REPLY.cookie);
  return xaeadOpen(cookieKey, nonce, msg.subarray(COOKIE_REPLY.cookie), sentMac1);
}
