/**
 * Transport data messages (whitepaper §5.4.6): type 4 | receiver index | counter (LE u64) | AEAD(key, counter,
 * padded packet, empty AD). The nonce is 4 zero bytes || LE64 counter; the packet is zero-padded to a multiple of 16,
 * but never beyond the MTU (the golden capture carries a 1420-byte packet unpadded). A keepalive is an empty packet: 32 B.
 */
import { EMPTY, putU32le, putU64le, u32le, u64le } from './bytes';
import { AEAD_TAG_LEN, DEFAULT_MTU, MSG_TRANSPORT, TRANSPORT_HEADER_SIZE } from './constants';
import { TRANSPORT, newMessage } from './messages';
import { aeadOpen, aeadSeal } from './noise';

/** min(roundup16(len), mtu), and never less than len. */
export function paddedLength(len: number, mtu = DEFAULT_MTU): number {
  const rounded = Math.ceil(len / 16) * 16;
  return Math.max(len, Math.min(rounded, mtu));
}

export function encryptTransport(key: Uint8Array, receiverIndex: number, counter: number, packet: Uint8Array,
  mtu = DEFAULT_MTU): Uint8Array {
  const padded = new Uint8Array(paddedLength(packet.length, mtu));
  padded.set(packet);
  const sealed = aeadSeal(key, counter, padded, EMPTY);
  const m = newMessage(MSG_TRANSPORT, TRANSPORT_HEADER_SIZE + sealed.length);
  putU32le(m, TRANSPORT.receiver, receiverIndex);
  putU64le(m, TRANSPORT.counter, counter);
  m.set(sealed, TRANSPORT.data);
  return m;
}

export function transportHeader(bytes: Uint8Array): { receiverIndex: number; counter: number } {
  return { receiverIndex: u32le(bytes, TRANSPORT.receiver), counter: u64le(bytes, TRANSPORT.counter) };
}

/**
 * The padded plaintext, or undefined when the tag does not verify. Counters above 2^53 (only a forged packet could
 * carry one in the lab) are refused rather than rounded.
 */
export function decryptTransport(key: Uint8Array, bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length < TRANSPORT_HEADER_SIZE + AEAD_TAG_LEN) return undefined;
  const counter = u64le(bytes, TRANSPORT.counter);
  if (counter > Number.MAX_SAFE_INTEGER) return undefined;
  return aeadOpen(key, counter, bytes.subarray(TRANSPORT.data), EMPTY);
}
