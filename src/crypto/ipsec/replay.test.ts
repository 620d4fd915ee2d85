/**
 * Anti-replay (RFC 4303 §3.4.3): duplicates, left of the window, sequence number 0, window 0 (Cilium global keys),
 * a 1024-packet window (Cilium per-tunnel keys); ESN high-bit inference (RFC 4303 Appendix A2.1) across 2^32.
 */
import { describe, expect, it } from 'vitest';
import { espDecrypt, inferSeqHi, newReplayState, sealEsp } from './index';
import { pair, send } from './sa.test-helper';

describe('anti-replay (XfrmInStateSeqError)', () => {
  it('drops a replayed packet and counts it under replay', () => {
    const [o, i] = pair({ replayWindow: 32 });
    const ps = send(o, 3);
    for (const p of ps) expect(espDecrypt(i, p, 0).ok).toBe(true);
    expect(espDecrypt(i, ps[1], 0)).toEqual({ ok: false, counter: 'XfrmInStateSeqError', reason: 'ESP: replayed sequence number 0x2' });
    expect(i.stats).toEqual({ replayWindow: 0, replay: 1, integrityFailed: 0 });
  });

  it('accepts out-of-order packets inside the window and drops those left of it', () => {
    const [o, i] = pair({ replayWindow: 32 });
    const ps = send(o, 40);
    expect(espDecrypt(i, ps[39], 0).ok).toBe(true); // seq 40 = top
    expect(espDecrypt(i, ps[8], 0).ok).toBe(true); // seq 9: 31 below the top, last slot of the window
    expect(espDecrypt(i, ps[7], 0)).toEqual({ ok: false, counter: 'XfrmInStateSeqError', reason: 'ESP: sequence number 0x8 is left of the replay window' });
    expect(espDecrypt(i, ps[2], 0)).toEqual({ ok: false, counter: 'XfrmInStateSeqError', reason: 'ESP: sequence number 0x3 is left of the replay window' });
    expect(espDecrypt(i, ps[8], 0)).toMatchObject({ ok: false, reason: 'ESP: replayed sequence number 0x9' });
    expect(i.stats).toEqual({ replayWindow: 2, replay: 1, integrityFailed: 0 });
    expect(i.replay.bitmap).toEqual([0x80000001]);
  });

  it('drops sequence number 0 (never sent without ESN)', () => {
    const [, i] = pair({ replayWindow: 32 });
    const p = sealEsp({ key: i.key, salt: i.salt, spi: 3, seq: 0, iv: new Uint8Array(8), payload: new Uint8Array(20) }).packet;
    expect(espDecrypt(i, p, 0)).toMatchObject({ ok: false, counter: 'XfrmInStateSeqError', reason: 'ESP: sequence number 0 is never sent (RFC 4303 §3.3.3)' });
  });

  it('replayWindow 0 (Cilium global keys) accepts a replay and keeps no replay state', () => {
    const [o, i] = pair({ replayWindow: 0 });
    const [p] = send(o);
    expect(espDecrypt(i, p, 0).ok).toBe(true);
    expect(espDecrypt(i, p, 0).ok).toBe(true);
    expect(i.replay).toEqual({ seq: 0, seqHi: 0, bitmap: [0] });
    expect(i.stats.replay).toBe(0);
  });

  it('a 1024-packet window (Cilium per-tunnel keys) spans 32 bitmap words', () => {
    for (const esn of [false, true]) {
      const [o, i] = pair({ esn, replayWindow: 1024 });
      const ps = send(o, 1100);
      expect(i.replay.bitmap).toHaveLength(32);
      expect(espDecrypt(i, ps[1099], 0).ok).toBe(true);
      expect(espDecrypt(i, ps[1099 - 1023], 0).ok).toBe(true);
      expect(i.replay.bitmap[31] >>> 31).toBe(1);
      expect(espDecrypt(i, ps[1099 - 1023], 0)).toMatchObject({ ok: false, reason: 'ESP: replayed sequence number 0x4d' });
      // Left of the window: without ESN a sequence error; with ESN (RFC 4303 A2.1 case A) the low bits are read as
      // the next 2^32 epoch, so the AAD differs and the ICV check fails instead.
      expect(espDecrypt(i, ps[1099 - 1024], 0)).toEqual(esn
        ? { ok: false, counter: 'XfrmInStateProtoError', reason: 'ESP: ICV check failed (wrong key or tampered packet)' }
        : { ok: false, counter: 'XfrmInStateSeqError', reason: 'ESP: sequence number 0x4c is left of the replay window' });
    }
  });
});

describe('extended sequence numbers across 2^32', () => {
  it('infers the high bits on both sides of the boundary, in any order inside the window', () => {
    const [o, i] = pair({ esn: true, replayWindow: 64 });
    o.oseq = 0xfffffff0;
    Object.assign(i.replay, { seq: 0xfffffff0, seqHi: 0 });
    const ps = send(o, 32); // 0xfffffff1 .. 0xffffffff, then 1:0 .. 1:0x10
    expect([o.oseq, o.oseqHi]).toEqual([0x10, 1]);
    const order = [20, 3, 31, 0, 15, 16, 14, 30, 1, 2];
    for (const k of order) {
      const r = espDecrypt(i, ps[k], 0);
      const full = 0xfffffff1 + k;
      expect(r).toMatchObject({ ok: true, seq: full % 2 ** 32, seqHi: Math.floor(full / 2 ** 32) });
    }
    expect([i.replay.seq, i.replay.seqHi]).toEqual([0x10, 1]);
    expect(espDecrypt(i, ps[3], 0)).toMatchObject({ ok: false, reason: 'ESP: replayed sequence number 0xfffffff4' });
    expect(espDecrypt(i, ps[16], 0)).toMatchObject({ ok: false, reason: 'ESP: replayed sequence number 0x100000001' });
  });

  it('a packet whose high bits are inferred wrongly (outside the window) fails the ICV, not silently', () => {
    const [o, i] = pair({ esn: true, replayWindow: 64 });
    const ps = send(o, 200);
    expect(espDecrypt(i, ps[199], 0).ok).toBe(true); // top = 200
    // seq 100 is left of the window (64): inferred in the next 2^32 epoch, so the ICV (AAD) does not match.
    expect(espDecrypt(i, ps[99], 0)).toMatchObject({ ok: false, counter: 'XfrmInStateProtoError' });
  });
});

describe('inferSeqHi (RFC 4303 Appendix A2.1)', () => {
  const at = (seq: number, seqHi: number) => ({ ...newReplayState(64), seq, seqHi });
  it('case A: window inside one subspace', () => {
    expect(inferSeqHi(at(1000, 5), 64, 937)).toBe(5); // bottom of the window
    expect(inferSeqHi(at(1000, 5), 64, 936)).toBe(6); // below it: next epoch
    expect(inferSeqHi(at(1000, 5), 64, 5000)).toBe(5);
  });
  it('case B: window spans two subspaces', () => {
    expect(inferSeqHi(at(10, 5), 64, 0xffffffff)).toBe(4);
    expect(inferSeqHi(at(10, 5), 64, 0xffffffcb)).toBe(4); // 10 - 64 + 1 mod 2^32
    expect(inferSeqHi(at(10, 5), 64, 0xffffffca)).toBe(5);
    expect(inferSeqHi(at(10, 5), 64, 11)).toBe(5);
    expect(inferSeqHi(at(0, 0), 64, 0xfffffff0)).toBe(-1); // before sequence 0: left of the window
  });
});
