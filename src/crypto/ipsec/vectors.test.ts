/**
 * draft-mcgrew-gcm-test-01 §4 ESP test cases (../shared/interop/esp): every case sealed and opened with the low-level
 * API (bytes, nonce and AAD equal to the vector), and through an SA (espEncrypt/espDecrypt), including the 64-bit
 * ESN cases (AAD = SPI || ESN high || seq low, RFC 4106 §5).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { concat, fromHex, toHex } from '../../net/bytes';
import { interopPath } from '../../testing/tools';
import { createState, espDecrypt, espEncrypt, ivFor, openEsp, parseTrailer, sealEsp, type XfrmState } from './index';

interface Case {
  case: number; aes_key_bits: number; key: string; salt: string; iv: string; nonce: string; spi: string; esp_sequence: string;
  esn_high_32bits: string | null; aad: string; plaintext_with_esp_trailer: string; ciphertext: string; icv: string; esp_packet_hex: string;
}
const cases = (JSON.parse(readFileSync(interopPath('esp', 'draft-mcgrew-gcm-test-01.esp-vectors.json'), 'utf8')) as { cases: Case[] }).cases;
const num = (h: string): number => parseInt(h, 16) >>> 0;

/** An SA whose next packet is exactly the vector's: ivSalt chosen so that IV = seq XOR ivSalt, oseq one before. */
function saFor(c: Case, dir: 'out' | 'in'): XfrmState {
  const esn = c.esn_high_32bits !== null;
  const sa = createState({ src: 0x0a000101, dst: 0x0a000102, spi: num(c.spi), keyMaterial: fromHex(c.key + c.salt), esn,
    replayWindow: dir === 'in' ? 64 : 0, now: 0, rand: (n) => new Uint8Array(n) });
  const seq = num(c.esp_sequence);
  const hi = esn ? num(c.esn_high_32bits!) : 0;
  const [prevLo, prevHi] = seq === 0 ? [0xffffffff, hi - 1] : [seq - 1, hi];
  const zeroIv = ivFor(sa, seq, hi);
  sa.ivSalt = fromHex(c.iv).map((b, i) => b ^ zeroIv[i]);
  if (dir === 'out') Object.assign(sa, { oseq: prevLo, oseqHi: prevHi });
  else Object.assign(sa.replay, { seq: prevLo, seqHi: prevHi });
  return sa;
}

describe('draft-mcgrew-gcm-test-01 ESP vectors', () => {
  it('has the 14 cases, 9 with ESN', () => {
    expect(cases).toHaveLength(14);
    expect(cases.filter((c) => c.esn_high_32bits !== null)).toHaveLength(9);
  });

  for (const c of cases) {
    const esnHigh = c.esn_high_32bits === null ? undefined : num(c.esn_high_32bits);
    const label = `case ${c.case} (AES-${c.aes_key_bits}, SPI 0x${c.spi}, seq 0x${c.esp_sequence}${esnHigh === undefined ? '' : `, ESN high 0x${c.esn_high_32bits}`})`;

    it(`${label}: sealEsp and openEsp give the vector's bytes`, () => {
      const s = sealEsp({ key: fromHex(c.key), salt: fromHex(c.salt), spi: num(c.spi), seq: num(c.esp_sequence), esnHigh,
        iv: fromHex(c.iv), plaintextWithTrailer: fromHex(c.plaintext_with_esp_trailer) });
      expect(toHex(s.packet)).toBe(c.esp_packet_hex);
      expect(toHex(s.nonce)).toBe(c.nonce);
      expect(toHex(s.aad)).toBe(c.aad);
      expect(toHex(s.ciphertext)).toBe(c.ciphertext);
      expect(toHex(s.icv)).toBe(c.icv);
      const o = openEsp({ key: fromHex(c.key), salt: fromHex(c.salt), packet: fromHex(c.esp_packet_hex), esnHigh });
      expect(o.ok).toBe(true);
      if (!o.ok) return;
      expect(toHex(o.plaintextWithTrailer)).toBe(c.plaintext_with_esp_trailer);
      expect(toHex(o.aad)).toBe(c.aad);
      expect(toHex(o.nonce)).toBe(c.nonce);
      expect(o.nextHeader).toBe(1); // the draft's trailers say next header 1
      // The same packet opened without (or with) the ESN high bits fails: the AAD differs.
      const wrong = openEsp({ key: fromHex(c.key), salt: fromHex(c.salt), packet: fromHex(c.esp_packet_hex),
        esnHigh: esnHigh === undefined ? 0 : undefined });
      expect(wrong.ok).toBe(false);
    });

    it(`${label}: espEncrypt and espDecrypt through an SA reproduce it`, () => {
      const t = parseTrailer(fromHex(c.plaintext_with_esp_trailer));
      if (!t.ok) throw new Error(t.reason);
      const out = saFor(c, 'out');
      const enc = espEncrypt(out, t.payload, 5, t.nextHeader);
      expect(enc.ok && toHex(enc.esp)).toBe(c.esp_packet_hex);
      expect([out.oseq, out.oseqHi]).toEqual([num(c.esp_sequence), esnHigh ?? 0]);
      expect(out.lifetime).toMatchObject({ packets: 1, bytes: t.payload.length, useTime: 5 });

      const inSa = saFor(c, 'in');
      const dec = espDecrypt(inSa, fromHex(c.esp_packet_hex), 6);
      expect(dec).toEqual({ ok: true, inner: t.payload, nextHeader: 1, seq: num(c.esp_sequence), seqHi: esnHigh ?? 0 });
      expect([inSa.replay.seq, inSa.replay.seqHi]).toEqual([num(c.esp_sequence), esnHigh ?? 0]);
      const again = espDecrypt(inSa, fromHex(c.esp_packet_hex), 7);
      expect(again).toMatchObject({ ok: false, counter: 'XfrmInStateSeqError' });
      expect(toHex(concat(inSa.key, inSa.salt))).toBe(c.key + c.salt);
    });
  }
});
