/**
 * xfrm states (SAs) and tunnel-mode ESP processing with them, as the Linux kernel does for rfc4106(gcm(aes)).
 *
 * Outbound (RFC 4303 §3.3): the sequence counter starts at 1 and never cycles (§3.3.3): without ESN the state
 * refuses to send after 2^32-1 packets (counted as XfrmOutStateSeqError); with ESN (§2.2.1) after 2^64-1.
 * The IV is the 64-bit sequence number XOR a per-SA random salt, as Linux's seqiv IV generator makes it for
 * rfc4106 (RFC 4106 §3.1 only asks that an IV never repeats under one key).
 * Inbound (RFC 4303 §3.4): SPI match, anti-replay check (§3.4.3), ICV verification (§3.4.4), then the replay
 * window update, then padding/trailer checks (§2.4, §3.4.4.1). Tunnel mode (RFC 4301 §5.1.2): the payload is a
 * whole inner IPv4 packet, next header 4; the caller checks the next header.
 */
import { addTrailer, openEsp, sealEsp, type IcvBits } from './esp';
import { formatSeq, newReplayState, replayCheck, replayUpdate } from './replay';
import type { Rand, XfrmFailure, XfrmMark, XfrmState } from './types';

const MAX32 = 0xffffffff;

export interface CreateStateOptions {
  src: number;
  dst: number;
  spi: number;
  reqid?: number;
  keyMaterial: Uint8Array; // key || salt: 20, 28 or 36 bytes
  icvBits?: IcvBits;
  esn?: boolean;
  replayWindow?: number;
  mark?: XfrmMark;
  outputMark?: XfrmMark;
  now: number;
  rand: Rand;
}

/** A new SA. Throws on programming errors only (key material length, ICV size, window). */
export function createState(o: CreateStateOptions): XfrmState {
  const n = o.keyMaterial.length;
  if (n !== 20 && n !== 28 && n !== 36) throw new Error(`rfc4106(gcm(aes)) key material must be 20, 28 or 36 bytes (key || 4-byte salt), got ${n}`);
  const icvBits = o.icvBits ?? 128;
  if (icvBits !== 64 && icvBits !== 96 && icvBits !== 128) throw new Error(`ICV must be 64, 96 or 128 bits, got ${String(icvBits)}`);
  const replayWindow = o.replayWindow ?? 0;
  if (!Number.isInteger(replayWindow) || replayWindow < 0) throw new Error(`replay window must be a non-negative integer, got ${replayWindow}`);
  const ivSalt = o.rand(8).slice(0, 8);
  if (ivSalt.length !== 8) throw new Error('rand(8) returned fewer than 8 bytes');
  const sa: XfrmState = {
    src: o.src >>> 0, dst: o.dst >>> 0, spi: o.spi >>> 0, reqid: o.reqid ?? 1, mode: 'tunnel',
    key: o.keyMaterial.slice(0, n - 4), salt: o.keyMaterial.slice(n - 4), icvBits,
    esn: o.esn ?? false, replayWindow, oseq: 0, oseqHi: 0, replay: newReplayState(replayWindow), ivSalt,
    stats: { replayWindow: 0, replay: 0, integrityFailed: 0 },
    lifetime: { bytes: 0, packets: 0, addTime: o.now, useTime: 0 },
  };
  if (o.mark) sa.mark = { ...o.mark };
  if (o.outputMark) sa.outputMark = { ...o.outputMark };
  return sa;
}

/** The SA's key material as `ip xfrm state` and Cilium's Secret show it: key || salt. */
export function keyMaterialOf(sa: XfrmState): Uint8Array {
  const out = new Uint8Array(sa.key.length + sa.salt.length);
  out.set(sa.key);
  out.set(sa.salt, sa.key.length);
  return out;
}

function touch(sa: XfrmState, bytes: number, now: number): void {
  if (sa.lifetime.packets === 0) sa.lifetime.useTime = now;
  sa.lifetime.packets++;
  sa.lifetime.bytes += bytes;
}

/** IV = 64-bit sequence number (big-endian) XOR the SA's ivSalt. */
export function ivFor(sa: XfrmState, seq: number, seqHi: number): Uint8Array {
  const iv = new Uint8Array(8);
  const words = [seqHi >>> 0, seq >>> 0];
  for (let i = 0; i < 8; i++) iv[i] = ((words[i >> 2] >>> (24 - 8 * (i & 3))) & 0xff) ^ sa.ivSalt[i];
  return iv;
}

/** Tunnel mode: encrypts a whole inner packet (next header 4) and returns the ESP payload (SPI .. ICV). */
export function espEncrypt(sa: XfrmState, inner: Uint8Array, now: number, nextHeader = 4):
  { ok: true; esp: Uint8Array; seq: number } | XfrmFailure {
  let seq = sa.oseq >>> 0;
  let seqHi = sa.oseqHi >>> 0;
  if (seq === MAX32 && (!sa.esn || seqHi === MAX32)) {
    return { ok: false, counter: 'XfrmOutStateSeqError',
      reason: `ESP: sequence number space exhausted for SPI ${spiHex(sa.spi)} (last sent ${formatSeq(seq, seqHi)}${sa.esn ? '' : ', no ESN'}): the SA must be rekeyed` };
  }
  if (seq === MAX32) {
    seq = 0;
    seqHi++;
  } else seq++;
  const sealed = sealEsp({ key: sa.key, salt: sa.salt, spi: sa.spi, seq, esnHigh: sa.esn ? seqHi : undefined,
    iv: ivFor(sa, seq, seqHi), icvBits: sa.icvBits, plaintextWithTrailer: addTrailer(inner, nextHeader) });
  sa.oseq = seq;
  sa.oseqHi = seqHi;
  touch(sa, inner.length, now);
  return { ok: true, esp: sealed.packet, seq };
}

/** Checks and decrypts an ESP payload (starting at the SPI) with this SA. Never throws. */
export function espDecrypt(sa: XfrmState, esp: Uint8Array, now: number):
  { ok: true; inner: Uint8Array; nextHeader: number; seq: number; seqHi: number } | XfrmFailure {
  if (esp.length < 8) return { ok: false, counter: 'XfrmInHdrError', reason: `ESP: packet too short for the ESP header (${esp.length} bytes, need 8)` };
  const spi = ((esp[0] << 24) | (esp[1] << 16) | (esp[2] << 8) | esp[3]) >>> 0;
  const seq = ((esp[4] << 24) | (esp[5] << 16) | (esp[6] << 8) | esp[7]) >>> 0;
  if (spi !== sa.spi) return { ok: false, counter: 'XfrmInNoStates', reason: `ESP: no state for SPI ${spiHex(spi)} (this state has SPI ${spiHex(sa.spi)})` };
  const kl = sa.key?.length;
  if ((kl !== 16 && kl !== 24 && kl !== 32) || sa.salt?.length !== 4) {
    return { ok: false, counter: 'XfrmInStateInvalid', reason: `ESP: state SPI ${spiHex(sa.spi)} has an unusable key (${kl ?? 0}-byte key, ${sa.salt?.length ?? 0}-byte salt)` };
  }
  const icvLen = sa.icvBits / 8;
  if (esp.length < 8 + 8 + 2 + icvLen) {
    return { ok: false, counter: 'XfrmInStateProtoError', reason: `ESP: truncated packet (${esp.length} bytes; header, IV, trailer and a ${icvLen}-byte ICV need at least ${18 + icvLen})` };
  }
  const verdict = replayCheck(sa, seq);
  if (!verdict.ok) return { ok: false, counter: verdict.counter, reason: verdict.reason };
  const opened = openEsp({ key: sa.key, salt: sa.salt, packet: esp, esnHigh: sa.esn ? verdict.seqHi : undefined, icvBits: sa.icvBits });
  if (!opened.ok) {
    if (opened.stage === 'icv') sa.stats.integrityFailed++;
    return { ok: false, counter: 'XfrmInStateProtoError', reason: opened.reason };
  }
  replayUpdate(sa, seq, verdict.seqHi);
  touch(sa, opened.payload.length, now);
  return { ok: true, inner: opened.payload, nextHeader: opened.nextHeader, seq, seqHi: verdict.seqHi };
}

export function spiHex(spi: number): string {
  return `0x${(spi >>> 0).toString(16).padStart(8, '0')}`;
}
