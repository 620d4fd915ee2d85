/**
 * The generic Noise core against the published cacophony vector for Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s
 * (../shared/interop/noise, prologue "John Galt", arbitrary payloads, four transport messages), plus the KDF
 * against @noble's RFC 5869 HKDF (same construction with salt = chaining key and empty info).
 */
import { readFileSync } from 'node:fs';
import { hkdf } from '@noble/hashes/hkdf.js';
import { blake2s } from '@noble/hashes/blake2.js';
import { describe, expect, it } from 'vitest';
import { interopPath } from '../../testing/tools';
import { initIKpsk2, readMessageA, readMessageB, splitKeys, writeMessageA, writeMessageB } from './ikpsk2';
import { aeadOpen, aeadSeal, kdf, mac } from './noise';

const v = JSON.parse(readFileSync(interopPath('noise', 'cacophony.Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s.json'), 'utf8')).vector;
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const EMPTY = new Uint8Array(0);

describe('Noise IKpsk2 core (cacophony vector)', () => {
  it('reproduces both handshake messages, the handshake hash and the four transport messages', () => {
    const init = initIKpsk2({ protocolName: v.protocol_name, prologue: unhex(v.init_prologue), initiator: true,
      staticPrivate: unhex(v.init_static), remoteStaticPublic: unhex(v.init_remote_static), ephemeralPrivate: unhex(v.init_ephemeral),
      psk: unhex(v.init_psks[0]) });
    const resp = initIKpsk2({ protocolName: v.protocol_name, prologue: unhex(v.resp_prologue), initiator: false,
      staticPrivate: unhex(v.resp_static), ephemeralPrivate: unhex(v.resp_ephemeral), psk: unhex(v.resp_psks[0]) });

    const m1 = writeMessageA(init, unhex(v.messages[0].payload));
    if (typeof m1 === 'string') throw new Error(m1);
    expect(hex(m1)).toBe(v.messages[0].ciphertext);
    const r1 = readMessageA(resp, m1);
    expect(r1.ok && hex(r1.payload)).toBe(v.messages[0].payload);

    const m2 = writeMessageB(resp, unhex(v.messages[1].payload));
    if (typeof m2 === 'string') throw new Error(m2);
    expect(hex(m2)).toBe(v.messages[1].ciphertext);
    const r2 = readMessageB(init, m2);
    expect(r2.ok && hex(r2.payload)).toBe(v.messages[1].payload);
    // Both sides agree on C and H after every token.
    expect(init.trace).toEqual(resp.trace);

    const ki = splitKeys(init), kr = splitKeys(resp);
    expect(hex(ki.handshakeHash)).toBe(v.handshake_hash);
    expect(kr.handshakeHash).toEqual(ki.handshakeHash);
    const counters = [0, 0];
    for (let i = 2; i < v.messages.length; i++) {
      const fromInit = i % 2 === 0;
      const key = fromInit ? ki.sendKey : kr.sendKey;
      const n = counters[fromInit ? 0 : 1]++;
      const ct = aeadSeal(key, n, unhex(v.messages[i].payload), EMPTY);
      expect(hex(ct)).toBe(v.messages[i].ciphertext);
      expect(hex(aeadOpen(fromInit ? kr.recvKey : ki.recvKey, n, ct, EMPTY)!)).toBe(v.messages[i].payload);
    }
  });

  it('fails message A at the static key when encrypted to another responder', () => {
    const init = initIKpsk2({ protocolName: v.protocol_name, prologue: EMPTY, initiator: true, staticPrivate: unhex(v.init_static),
      remoteStaticPublic: unhex(v.init_remote_static), ephemeralPrivate: unhex(v.init_ephemeral) });
    const other = initIKpsk2({ protocolName: v.protocol_name, prologue: EMPTY, initiator: false, staticPrivate: unhex(v.init_ephemeral) });
    const m1 = writeMessageA(init, EMPTY) as Uint8Array;
    expect(readMessageA(other, m1)).toEqual({ ok: false, failedAt: 's' });
  });

  it('KDF_n equals HKDF-BLAKE2s with the chaining key as salt and empty info', () => {
    const ck = unhex(v.init_static), input = unhex(v.resp_static);
    const out = hkdf(blake2s, input, ck, EMPTY, 96);
    expect(kdf(3, ck, input)).toEqual([out.subarray(0, 32), out.subarray(32, 64), out.subarray(64, 96)]);
    expect(kdf(1, ck, input)[0]).toEqual(out.subarray(0, 32));
  });

  it('MAC is keyed BLAKE2s with a 16-byte output', () => {
    const key = new Uint8Array(32).fill(1);
    expect(mac(key, EMPTY)).toHaveLength(16);
    expect(mac(key, EMPTY)).toEqual(blake2s(EMPTY, { key, dkLen: 16 }));
    expect(mac(key, EMPTY)).not.toEqual(blake2s(EMPTY, { dkLen: 16 }));
  });
});
