/**
 * The Noise IKpsk2 handshake pattern (Noise spec rev 34 §7.5 IK, §9 psk modifier), generic over the protocol
 * name, prologue, payloads and PSK so that the published cacophony vector can drive it:
 *
 *   IKpsk2:  <- s
 *            ...
 *            -> e, es, s, ss
 *            <- e, ee, se, psk
 *
 * With a psk modifier the "e" token also runs MixKey(e.public) (Noise §9.2); in WireGuard's words
 * C = KDF1(C, E_pub) (whitepaper §5.4.2), the same chaining key. WireGuard is this pattern with prologue
 * "WireGuard v1 zx2c4 Jason@zx2c4.com", payload TAI64N in message A and an empty payload in message B.
 * After every token the chaining key and hash are recorded as a NoiseStep for the inspector.
 */
import {
  type SymmetricState, decryptAndHash, dh, dhPublic, encryptAndHash, initializeSymmetric, mixHash, mixKey, mixKeyAndHash, split,
} from './noise';
import { concatBytes } from './bytes';
import { KEY_LEN, AEAD_TAG_LEN } from './constants';
import type { NoiseStep } from './types';

export interface IKpsk2State {
  initiator: boolean;
  ss: SymmetricState;
  /** Local static key pair. */
  s: Uint8Array;
  sPub: Uint8Array;
  /** Local ephemeral private key (set before writing). */
  e: Uint8Array | null;
  /** Remote static public key: known in advance by the initiator, learnt from message A by the responder. */
  rs: Uint8Array | null;
  re: Uint8Array | null;
  psk: Uint8Array;
  trace: NoiseStep[];
}

export interface IKpsk2Options {
  protocolName: string;
  prologue: Uint8Array;
  initiator: boolean;
  staticPrivate: Uint8Array;
  /** Initiator: the responder's static public key (the pre-message). */
  remoteStaticPublic?: Uint8Array;
  ephemeralPrivate?: Uint8Array;
  psk?: Uint8Array;
}

export type ReadResult = { ok: true; payload: Uint8Array } | { ok: false; failedAt: string };

function step(st: IKpsk2State, token: string): void {
  st.trace.push({ token, ck: st.ss.ck, h: st.ss.h });
}

/** Initialize (Noise §5.3): protocol name, prologue, then the pre-message "<- s" (the responder's static key). */
export function initIKpsk2(o: IKpsk2Options): IKpsk2State {
  const sPub = dhPublic(o.staticPrivate);
  const rs = o.initiator ? o.remoteStaticPublic ?? null : null;
  if (o.initiator && !rs) throw new Error('IKpsk2: the initiator needs the responder static public key');
  const st: IKpsk2State = {
    initiator: o.initiator, ss: initializeSymmetric(o.protocolName), s: o.staticPrivate, sPub, e: o.ephemeralPrivate ?? null,
    rs, re: null, psk: o.psk ?? new Uint8Array(KEY_LEN), trace: [],
  };
  step(st, 'initialize');
  mixHash(st.ss, o.prologue);
  step(st, 'prologue');
  mixHash(st.ss, o.initiator ? rs! : sPub);
  step(st, '<- s');
  return st;
}

/** Resumes an initiator after message A from its stored chaining key and hash (what a device keeps). */
export function resumeInitiator(o: { ck: Uint8Array; h: Uint8Array; staticPrivate: Uint8Array; ephemeralPrivate: Uint8Array;
  remoteStaticPublic: Uint8Array; psk: Uint8Array }): IKpsk2State {
  return {
    initiator: true, ss: { ck: o.ck, h: o.h, k: null, n: 0 }, s: o.staticPrivate, sPub: dhPublic(o.staticPrivate),
    e: o.ephemeralPrivate, rs: o.remoteStaticPublic, re: null, psk: o.psk, trace: [],
  };
}

function mixEphemeral(st: IKpsk2State, ePub: Uint8Array): void {
  mixHash(st.ss, ePub);
  mixKey(st.ss, ePub); // psk modifier
  step(st, 'e');
}

function mixDh(st: IKpsk2State, token: string, priv: Uint8Array | null, pub: Uint8Array | null): boolean {
  const shared = priv && pub ? dh(priv, pub) : undefined;
  if (!shared) return false;
  mixKey(st.ss, shared);
  step(st, token);
  return true;
}

/** -> e, es, s, ss, payload. Returns the Noise message (32 + 48 + payload + 16 bytes), or the failing token. */
export function writeMessageA(st: IKpsk2State, payload: Uint8Array, payloadToken = '{payload}'): Uint8Array | string {
  if (!st.e) return 'e';
  const ePub = dhPublic(st.e);
  mixEphemeral(st, ePub);
  if (!mixDh(st, 'es', st.e, st.rs)) return 'es';
  const encStatic = encryptAndHash(st.ss, st.sPub);
  step(st, 's');
  if (!mixDh(st, 'ss', st.s, st.rs)) return 'ss';
  const encPayload = encryptAndHash(st.ss, payload);
  step(st, payloadToken);
  return concatBytes(ePub, encStatic, encPayload);
}

/** Responder side of message A; on success st.rs holds the initiator's static key. */
export function readMessageA(st: IKpsk2State, msg: Uint8Array, payloadToken = '{payload}'): ReadResult {
  if (msg.length < KEY_LEN + KEY_LEN + AEAD_TAG_LEN * 2) return { ok: false, failedAt: 'length' };
  st.re = msg.slice(0, KEY_LEN);
  mixEphemeral(st, st.re);
  if (!mixDh(st, 'es', st.s, st.re)) return { ok: false, failedAt: 'es' };
  const rs = decryptAndHash(st.ss, msg.subarray(KEY_LEN, KEY_LEN * 2 + AEAD_TAG_LEN));
  if (!rs) return { ok: false, failedAt: 's' };
  st.rs = rs;
  step(st, 's');
  if (!mixDh(st, 'ss', st.s, st.rs)) return { ok: false, failedAt: 'ss' };
  const payload = decryptAndHash(st.ss, msg.subarray(KEY_LEN * 2 + AEAD_TAG_LEN));
  if (!payload) return { ok: false, failedAt: payloadToken };
  step(st, payloadToken);
  return { ok: true, payload };
}

/** <- e, ee, se, psk, payload. Returns the Noise message (32 + payload + 16 bytes), or the failing token. */
export function writeMessageB(st: IKpsk2State, payload: Uint8Array, payloadToken = '{payload}'): Uint8Array | string {
  if (!st.e) return 'e';
  const ePub = dhPublic(st.e);
  mixEphemeral(st, ePub);
  if (!mixDh(st, 'ee', st.e, st.re)) return 'ee';
  if (!mixDh(st, 'se', st.e, st.rs)) return 'se';
  mixKeyAndHash(st.ss, st.psk);
  step(st, 'psk');
  const encPayload = encryptAndHash(st.ss, payload);
  step(st, payloadToken);
  return concatBytes(ePub, encPayload);
}

/** Initiator side of message B. */
export function readMessageB(st: IKpsk2State, msg: Uint8Array, payloadToken = '{payload}'): ReadResult {
  if (msg.length < KEY_LEN + AEAD_TAG_LEN) return { ok: false, failedAt: 'length' };
  st.re = msg.slice(0, KEY_LEN);
  mixEphemeral(st, st.re);
  if (!mixDh(st, 'ee', st.e, st.re)) return { ok: false, failedAt: 'ee' };
  if (!mixDh(st, 'se', st.s, st.re)) return { ok: false, failedAt: 'se' };
  mixKeyAndHash(st.ss, st.psk);
  step(st, 'psk');
  const payload = decryptAndHash(st.ss, msg.subarray(KEY_LEN));
  if (!payload) return { ok: false, failedAt: payloadToken };
  step(st, payloadToken);
  return { ok: true, payload };
}

/** Transport keys from this side's point of view, plus the final handshake hash. */
export function splitKeys(st: IKpsk2State): { sendKey: Uint8Array; recvKey: Uint8Array; handshakeHash: Uint8Array } {
  const [k1, k2] = split(st.ss);
  return st.initiator ? { sendKey: k1, recvKey: k2, handshakeHash: st.ss.h } : { sendKey: k2, recvKey: k1, handshakeHash: st.ss.h };
}
