/**
 * Responder load and cookies (whitepaper §5.3, §5.4.7, §6.6): the device is "under load" when at least
 * loadThreshold handshake messages arrived within the last second, and stays so for one more second. Under load a
 * handshake message without a valid mac2 is answered with a cookie reply instead of being processed. The cookie
 * secret is drawn from the caller's RNG when first needed and again once it is COOKIE_SECRET_MAX_AGE old.
 * Partial: no per-source rate limiting of handshakes under load (the kernel also limits each source address).
 */
import { COOKIE_NONCE_LEN, COOKIE_SECRET_MAX_AGE, KEY_LEN, LOAD_WINDOW } from './constants';
import { checkMac2, createCookieReply, mac1Of, makeCookie } from './cookie';
import type { Rand, WgAction, WgDevice, WgEndpoint } from './types';

/** Records the arrival of a handshake message and says whether the device is now under load. */
export function noteHandshakeArrival(dev: WgDevice, now: number): boolean {
  const a = dev.handshakeArrivals;
  while (a.length && now - a[0] >= LOAD_WINDOW) a.shift();
  a.push(now);
  if (a.length > dev.loadThreshold) a.shift();
  if (a.length >= dev.loadThreshold) dev.underLoadUntil = now + LOAD_WINDOW;
  return now < dev.underLoadUntil;
}

/** The current cookie secret, rotated every COOKIE_SECRET_MAX_AGE. */
export function cookieSecret(dev: WgDevice, now: number, rand: Rand): Uint8Array {
  if (dev.cookieSecretBirth < 0 || now - dev.cookieSecretBirth >= COOKIE_SECRET_MAX_AGE) {
    dev.cookieSecret = new Uint8Array(rand(KEY_LEN));
    dev.cookieSecretBirth = now;
  }
  return dev.cookieSecret;
}

export function hasValidMac2(dev: WgDevice, from: WgEndpoint, msg: Uint8Array, now: number, rand: Rand): boolean {
  return checkMac2(msg, makeCookie(cookieSecret(dev, now, rand), from.ip, from.port));
}

/** Answers a handshake message (whose sender index is given) with a cookie reply to its source. */
export function sendCookieReply(dev: WgDevice, from: WgEndpoint, msg: Uint8Array, senderIndex: number, now: number, rand: Rand,
  peer: number, role: 'initiator' | 'responder', out: WgAction[]): void {
  const cookie = makeCookie(cookieSecret(dev, now, rand), from.ip, from.port);
  const bytes = createCookieReply({ receiverIndex: senderIndex, nonce: rand(COOKIE_NONCE_LEN), cookie, cookieKey: dev.cookieKey, mac1: mac1Of(msg) });
  out.push({ kind: 'handshake', peer, role, event: 'cookie-sent', trace: [] });
  out.push({ kind: 'send', to: { ...from }, bytes, message: 'cookie', ...(peer >= 0 ? { peer } : {}) });
}
