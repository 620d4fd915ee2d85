/**
 * WireGuard's handshake messages (whitepaper §5.4.2 initiation, §5.4.3 response, §5.4.5 transport keys):
 * paired steps createInitiation/consumeInitiation and createResponse/consumeResponse over the IKpsk2 core,
 * with the type/index header and mac1/mac2. Ephemeral keys, sender indexes and timestamps are explicit inputs
 * (the device draws them from the caller's RNG), so the golden handshakes reproduce byte for byte.
 */
import { putU32le, u32le, utf8 } from './bytes';
import { CONSTRUCTION, IDENTIFIER, INITIATION_SIZE, MSG_INITIATION, MSG_RESPONSE, RESPONSE_SIZE, TAI64N_LEN } from './constants';
import { mac1KeyFor, sealMacs } from './cookie';
import {
  type IKpsk2State, initIKpsk2, readMessageA, readMessageB, resumeInitiator, splitKeys, writeMessageA, writeMessageB,
} from './ikpsk2';
import { INITIATION, RESPONSE, newMessage } from './messages';
import type { NoiseStep } from './types';

const PROLOGUE = utf8(IDENTIFIER);
const EMPTY_PAYLOAD = new Uint8Array(0);

export interface TransportKeys { sendKey: Uint8Array; recvKey: Uint8Array; handshakeHash: Uint8Array }

export interface CreatedInitiation {
  bytes: Uint8Array;
  mac1: Uint8Array;
  /** What the initiator keeps until the response arrives. */
  ck: Uint8Array;
  h: Uint8Array;
  trace: NoiseStep[];
}

/** Message 1: -> e, es, s, ss, {timestamp}. mac2 is computed when a cookie is given, zeros otherwise. */
export function createInitiation(o: { staticPrivate: Uint8Array; remoteStaticPublic: Uint8Array; ephemeralPrivate: Uint8Array;
  senderIndex: number; timestamp: Uint8Array; cookie?: Uint8Array | null }): CreatedInitiation {
  const st = initIKpsk2({ protocolName: CONSTRUCTION, prologue: PROLOGUE, initiator: true, staticPrivate: o.staticPrivate,
    remoteStaticPublic: o.remoteStaticPublic, ephemeralPrivate: o.ephemeralPrivate });
  const body = writeMessageA(st, o.timestamp, '{t}');
  if (typeof body === 'string') throw new Error(`WireGuard: cannot create initiation (DH failed at ${body})`);
  const m = newMessage(MSG_INITIATION, INITIATION_SIZE);
  putU32le(m, INITIATION.sender, o.senderIndex);
  m.set(body, INITIATION.ephemeral);
  const mac1 = sealMacs(m, mac1KeyFor(o.remoteStaticPublic), o.cookie ?? null);
  return { bytes: m, mac1, ck: st.ss.ck, h: st.ss.h, trace: st.trace };
}

export type ConsumedInitiation =
  | { ok: true; senderIndex: number; initiatorStaticPublic: Uint8Array; ephemeralPublic: Uint8Array; timestamp: Uint8Array;
      state: IKpsk2State; trace: NoiseStep[] }
  | { ok: false; reason: string; trace: NoiseStep[] };

const INITIATION_FAILURES: Record<string, string> = {
  es: 'WireGuard: initiation has an invalid ephemeral key',
  s: 'WireGuard: initiation not encrypted to our static key (or tampered)',
  ss: 'WireGuard: initiation has an invalid static key',
  '{t}': 'WireGuard: initiation timestamp failed authentication (sender does not own its static key)',
};

/** Responder side of message 1 (mac1/mac2 are checked by the caller beforehand). */
export function consumeInitiation(o: { staticPrivate: Uint8Array; bytes: Uint8Array }): ConsumedInitiation {
  const st = initIKpsk2({ protocolName: CONSTRUCTION, prologue: PROLOGUE, initiator: false, staticPrivate: o.staticPrivate });
  const r = readMessageA(st, o.bytes.subarray(INITIATION.ephemeral, INITIATION.mac1), '{t}');
  if (!r.ok) return { ok: false, reason: INITIATION_FAILURES[r.failedAt] ?? `WireGuard: malformed initiation (${r.failedAt})`, trace: st.trace };
  if (r.payload.length !== TAI64N_LEN) return { ok: false, reason: 'WireGuard: malformed initiation timestamp', trace: st.trace };
  return {
    ok: true, senderIndex: u32le(o.bytes, INITIATION.sender), initiatorStaticPublic: st.rs!, ephemeralPublic: st.re!,
    timestamp: r.payload, state: st, trace: st.trace,
  };
}

export interface CreatedResponse { bytes: Uint8Array; mac1: Uint8Array; keys: TransportKeys; trace: NoiseStep[] }

/** Message 2: <- e, ee, se, psk, {}. `consumed` is the state left by consumeInitiation (it is advanced). */
export function createResponse(o: { consumed: IKpsk2State; ephemeralPrivate: Uint8Array; senderIndex: number;
  receiverIndex: number; presharedKey: Uint8Array; cookie?: Uint8Array | null }): CreatedResponse {
  const st = o.consumed;
  st.trace = [];
  st.e = o.ephemeralPrivate;
  st.psk = o.presharedKey;
  const body = writeMessageB(st, EMPTY_PAYLOAD, '{}');
  if (typeof body === 'string') throw new Error(`WireGuard: cannot create response (DH failed at ${body})`);
  const m = newMessage(MSG_RESPONSE, RESPONSE_SIZE);
  putU32le(m, RESPONSE.sender, o.senderIndex);
  putU32le(m, RESPONSE.receiver, o.receiverIndex);
  m.set(body, RESPONSE.ephemeral);
  const mac1 = sealMacs(m, mac1KeyFor(st.rs!), o.cookie ?? null);
  return { bytes: m, mac1, keys: splitKeys(st), trace: st.trace };
}

export type ConsumedResponse =
  | { ok: true; senderIndex: number; receiverIndex: number; keys: TransportKeys; trace: NoiseStep[] }
  | { ok: false; reason: string; trace: NoiseStep[] };

/** Initiator side of message 2, resumed from the chaining key and hash kept after createInitiation. */
export function consumeResponse(o: { ck: Uint8Array; h: Uint8Array; staticPrivate: Uint8Array; ephemeralPrivate: Uint8Array;
  remoteStaticPublic: Uint8Array; presharedKey: Uint8Array; bytes: Uint8Array }): ConsumedResponse {
  const st = resumeInitiator({ ck: o.ck, h: o.h, staticPrivate: o.staticPrivate, ephemeralPrivate: o.ephemeralPrivate,
    remoteStaticPublic: o.remoteStaticPublic, psk: o.presharedKey });
  const r = readMessageB(st, o.bytes.subarray(RESPONSE.ephemeral, RESPONSE.mac1), '{}');
  if (!r.ok) {
    const reason = r.failedAt === '{}' ? 'WireGuard: response authentication failed (wrong static key or preshared key)'
      : `WireGuard: response has an invalid ephemeral key (${r.failedAt})`;
    return { ok: false, reason, trace: st.trace };
  }
  return {
    ok: true, senderIndex: u32le(o.bytes, RESPONSE.sender), receiverIndex: u32le(o.bytes, RESPONSE.receiver),
    keys: splitKeys(st), trace: st.trace,
  };
}
