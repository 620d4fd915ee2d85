/**
 * WireGuard message layouts (whitepaper §5.4.2-§5.4.7, FIDELITY.md §7): every message starts with a little-endian
 * u32 whose first byte is the type and whose other three bytes are reserved zeros.
 *
 *   initiation  148 B: type | sender 4 | ephemeral 32 | static 32+16 | timestamp 12+16 | mac1 16 | mac2 16
 *   response     92 B: type | sender 4 | receiver 4 | ephemeral 32 | empty 0+16 | mac1 16 | mac2 16
 *   cookie reply 64 B: type | receiver 4 | nonce 24 | cookie 16+16
 *   transport  >=32 B: type | receiver 4 | counter 8 (LE u64) | packet (padded) + 16
 */
import { putU32le, u32le } from './bytes';
import {
  COOKIE_REPLY_SIZE, INITIATION_SIZE, KEEPALIVE_SIZE, MSG_COOKIE_REPLY, MSG_INITIATION, MSG_RESPONSE, MSG_TRANSPORT, RESPONSE_SIZE,
} from './constants';

export const INITIATION = { sender: 4, ephemeral: 8, static: 40, timestamp: 88, mac1: 116, mac2: 132 } as const;
export const RESPONSE = { sender: 4, receiver: 8, ephemeral: 12, empty: 44, mac1: 60, mac2: 76 } as const;
export const COOKIE_REPLY = { receiver: 4, nonce: 8, cookie: 32 } as const;
export const TRANSPORT = { receiver: 4, counter: 8, data: 16 } as const;

export type MessageType = typeof MSG_INITIATION | typeof MSG_RESPONSE | typeof MSG_COOKIE_REPLY | typeof MSG_TRANSPORT;

/** The message type when the header is well formed and the size fits that type; otherwise 0. */
export function messageType(b: Uint8Array): MessageType | 0 {
  if (b.length < 4) return 0;
  const t = u32le(b, 0);
  if (t === MSG_INITIATION && b.length === INITIATION_SIZE) return t;
  if (t === MSG_RESPONSE && b.length === RESPONSE_SIZE) return t;
  if (t === MSG_COOKIE_REPLY && b.length === COOKIE_REPLY_SIZE) return t;
  if (t === MSG_TRANSPORT && b.length >= KEEPALIVE_SIZE) return t;
  return 0;
}

export function messageName(t: number): string {
  return ['', 'initiation', 'response', 'cookie reply', 'transport data'][t] ?? `type ${t}`;
}

/** A zeroed message of `size` bytes with its type header written. */
export function newMessage(type: MessageType, size: number): Uint8Array {
  const m = new Uint8Array(size);
  putU32le(m, 0, type);
  return m;
}

/** The index that routes a message to local state: receiver index for types 2-4, undefined for initiations. */
export function receiverIndex(b: Uint8Array): number | undefined {
  const t = messageType(b);
  if (t === MSG_RESPONSE) return u32le(b, RESPONSE.receiver);
  if (t === MSG_COOKIE_REPLY) return u32le(b, COOKIE_REPLY.receiver);
  if (t === MSG_TRANSPORT) return u32le(b, TRANSPORT.receiver);
  return undefined;
}
