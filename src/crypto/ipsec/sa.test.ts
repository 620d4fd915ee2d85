/**
 * SA-level ESP behaviour: round trips, ICV failures (wrong ICV byte, key, salt, tampering), sequence number
 * exhaustion (RFC 4303 §3.3.3), and truncated or garbage input (a specific error, never an exception).
 * Anti-replay and ESN: replay.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { u32 } from '../../net/bytes';
import { espDecrypt, espEncrypt, espLength, formatEspSaUat, sealEsp } from './index';
import { inner, KM, pair, rng, send } from './sa.test-helper';

describe('espEncrypt / espDecrypt', () => {
  it('round-trips inner packets of every length mod 4, with 4-byte aligned padding 1,2,3', () => {
    const [o, i] = pair();
    for (let len = 20; len < 28; len++) {
      const r = espEncrypt(o, inner(len, len), 150);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.esp.length).toBe(espLength(len));
      expect((r.esp.length - 8 - 8 - 16) % 4).toBe(0);
      expect(u32(r.esp, 0)).toBe(3);
      expect(u32(r.esp, 4)).toBe(r.seq);
      expect(espDecrypt(i, r.esp, 160)).toEqual({ ok: true, inner: inner(len, len), nextHeader: 4, seq: r.seq, seqHi: 0 });
    }
    expect(o.oseq).toBe(8);
    expect(o.lifetime).toEqual({ bytes: 20 + 21 + 22 + 23 + 24 + 25 + 26 + 27, packets: 8, addTime: 100, useTime: 150 });
    expect(i.replay).toEqual({ seq: 8, seqHi: 0, bitmap: [0xff] });
  });

  it('uses a fresh IV per packet: the 64-bit sequence number XOR the SA ivSalt', () => {
    const [o] = pair();
    const [a, b] = send(o, 2);
    const ivA = a.subarray(8, 16);
    const ivB = b.subarray(8, 16);
    expect(ivA).not.toEqual(ivB);
    expect(Array.from(ivA, (x, k) => x ^ o.ivSalt[k])).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(ivB, (x, k) => x ^ o.ivSalt[k])).toEqual([0, 0, 0, 0, 0, 0, 0, 2]);
  });

  it('supports 64- and 96-bit ICVs, and checks the truncated tag', () => {
    for (const icvBits of [64, 96] as const) {
      const [o, i] = pair({ icvBits });
      const [p] = send(o);
      expect(p.length).toBe(espLength(60, icvBits));
      expect(espDecrypt(i, p, 0).ok).toBe(true);
      const [q] = send(o);
      q[q.length - 1] ^= 1;
      expect(espDecrypt(i, q, 0)).toEqual({ ok: false, counter: 'XfrmInStateProtoError', reason: 'ESP: ICV check failed (wrong key or tampered packet)' });
    }
  });

  it('is plain data: structuredClone keeps it equal and working', () => {
    const [o, i] = pair({ esn: true });
    send(o, 3);
    const c = structuredClone(o);
    expect(c).toEqual(o);
    const r = espEncrypt(c, inner(), 0);
    expect(r.ok && espDecrypt(i, r.esp, 0)).toMatchObject({ ok: true, seq: 4 });
  });

  it('formats the tshark UAT line', () => {
    const [o] = pair({ icvBits: 96 });
    expect(formatEspSaUat(o)).toBe('"IPv4","10.60.1.1","10.60.0.1","0x00000003","AES-GCM with 12 octet ICV [RFC4106]",'
      + '"0x0102030405060708090a0b0c0d0e0f1011121314","NULL",""');
  });
});

describe('ICV failures (XfrmInStateProtoError, integrity-failed)', () => {
  const ICV_FAIL = { ok: false, counter: 'XfrmInStateProtoError', reason: 'ESP: ICV check failed (wrong key or tampered packet)' };

  it('a wrong ICV byte fails, counts integrity-failed, and does not move the replay window', () => {
    const [o, i] = pair();
    const [p] = send(o);
    const bad = p.slice();
    bad[bad.length - 5] ^= 0x80;
    expect(espDecrypt(i, bad, 0)).toEqual(ICV_FAIL);
    expect(i.stats).toEqual({ replayWindow: 0, replay: 0, integrityFailed: 1 });
    expect(i.replay.seq).toBe(0);
    expect(i.lifetime.packets).toBe(0);
    expect(espDecrypt(i, p, 0).ok).toBe(true); // the genuine packet still gets in
  });

  it('a forged high sequence number cannot push the window (it is authenticated in the AAD)', () => {
    const [o, i] = pair();
    const [p] = send(o);
    const forged = p.slice();
    forged[4] = 0x7f;
    expect(espDecrypt(i, forged, 0)).toEqual(ICV_FAIL);
    expect(i.replay.seq).toBe(0);
    expect(espDecrypt(i, p, 0).ok).toBe(true);
  });

  it('fails with a wrong salt, a wrong key, or a flipped ciphertext bit', () => {
    const [o] = pair();
    const [p] = send(o);
    const wrongSalt = KM.slice();
    wrongSalt[19] ^= 1;
    const wrongKey = KM.slice();
    wrongKey[0] ^= 1;
    for (const km of [wrongSalt, wrongKey]) expect(espDecrypt(pair({ keyMaterial: km })[1], p, 0)).toEqual(ICV_FAIL);
    const flipped = p.slice();
    flipped[20] ^= 4;
    expect(espDecrypt(pair()[1], flipped, 0)).toEqual(ICV_FAIL);
  });

  it('rejects bad padding and an oversized pad length after a valid ICV, without moving the window', () => {
    const [, i] = pair();
    const seal = (pt: number[]): Uint8Array => sealEsp({ key: i.key, salt: i.salt, spi: 3, seq: 1, iv: new Uint8Array(8), plaintextWithTrailer: Uint8Array.from(pt) }).packet;
    expect(espDecrypt(i, seal([0x45, 0x00, 1, 3, 2, 4]), 0)).toEqual({ ok: false, counter: 'XfrmInStateProtoError',
      reason: 'ESP: bad padding: byte 2 of 2 is 3, expected 2 (RFC 4303 §2.4)' });
    expect(espDecrypt(i, seal([0x45, 0x00, 9, 4]), 0)).toEqual({ ok: false, counter: 'XfrmInStateProtoError',
      reason: 'ESP: pad length 9 exceeds the decrypted data (4 bytes)' });
    expect(i.replay.seq).toBe(0);
    expect(i.stats.integrityFailed).toBe(0);
  });
});

describe('sequence number exhaustion (XfrmOutStateSeqError)', () => {
  it('without ESN: sends 0xffffffff, then refuses', () => {
    const [o, i] = pair();
    o.oseq = 0xfffffffe;
    const last = espEncrypt(o, inner(), 0);
    expect(last).toMatchObject({ ok: true, seq: 0xffffffff });
    expect(last.ok && espDecrypt(i, last.esp, 0)).toMatchObject({ ok: true, seq: 0xffffffff });
    const r = espEncrypt(o, inner(), 0);
    expect(r).toEqual({ ok: false, counter: 'XfrmOutStateSeqError',
      reason: 'ESP: sequence number space exhausted for SPI 0x00000003 (last sent 0xffffffff, no ESN): the SA must be rekeyed' });
    expect([o.oseq, o.lifetime.packets]).toEqual([0xffffffff, 1]);
  });

  it('with ESN: wraps into the high bits, and refuses only after 2^64-1', () => {
    const [o] = pair({ esn: true });
    o.oseq = 0xffffffff;
    expect(espEncrypt(o, inner(), 0)).toMatchObject({ ok: true, seq: 0 });
    expect([o.oseq, o.oseqHi]).toEqual([0, 1]);
    Object.assign(o, { oseq: 0xffffffff, oseqHi: 0xffffffff });
    expect(espEncrypt(o, inner(), 0)).toMatchObject({ ok: false, counter: 'XfrmOutStateSeqError' });
  });
});

describe('truncated and garbage input: a specific error, never an exception', () => {
  it('classifies every truncation of a real packet', () => {
    const [o, i] = pair({ replayWindow: 0 });
    const [p] = send(o, 1, 24);
    for (let n = 0; n < p.length; n++) {
      const r = espDecrypt(i, p.subarray(0, n), 0);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      if (n < 8) expect(r).toEqual({ ok: false, counter: 'XfrmInHdrError', reason: `ESP: packet too short for the ESP header (${n} bytes, need 8)` });
      else if (n < 34) expect(r).toEqual({ ok: false, counter: 'XfrmInStateProtoError', reason: `ESP: truncated packet (${n} bytes; header, IV, trailer and a 16-byte ICV need at least 34)` });
      else expect(r.reason).toBe('ESP: ICV check failed (wrong key or tampered packet)');
    }
  });

  it('handles random garbage, a foreign SPI, and a state with a broken key', () => {
    const [, i] = pair({ esn: true, replayWindow: 64 });
    const rand = rng(99);
    for (let k = 0; k < 300; k++) {
      const g = rand(rand(1)[0]);
      if (k % 2 && g.length >= 4) g.set([0, 0, 0, 3]);
      const r = espDecrypt(i, g, 0);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/^ESP: /);
    }
    expect(espDecrypt(i, Uint8Array.of(0, 0, 0, 4, 0, 0, 0, 1), 0)).toEqual({ ok: false, counter: 'XfrmInNoStates',
      reason: 'ESP: no state for SPI 0x00000004 (this state has SPI 0x00000003)' });
    const broken = { ...i, key: new Uint8Array(5) };
    expect(espDecrypt(broken, new Uint8Array(40).fill(0).fill(3, 3, 4), 0)).toMatchObject({ ok: false, counter: 'XfrmInStateInvalid' });
  });
});
