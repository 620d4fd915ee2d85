/** Cilium key lines (parseKeySpec/formatKeySpec) and per-tunnel key derivation (deriveTunnelKey). */
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../net/addr';
import { concat, fromHex, toHex } from '../../net/bytes';
import { deriveTunnelKey, formatKeySpec, parseKeySpec } from './index';

const HEX40 = '856f15d0ccabe682286b4286bccf5d595b88b168';

describe('parseKeySpec', () => {
  it('parses global and per-tunnel lines, with or without 0x, for every AES size and ICV', () => {
    expect(parseKeySpec(`3 rfc4106(gcm(aes)) ${HEX40} 128`)).toEqual({ ok: true, id: 3, perTunnel: false,
      algorithm: 'rfc4106(gcm(aes))', keyMaterial: fromHex(HEX40), icvBits: 128 });
    expect(parseKeySpec(`  15+   rfc4106(gcm(aes))  0x${HEX40.toUpperCase()}  64 \n`)).toMatchObject({ ok: true, id: 15, perTunnel: true, icvBits: 64 });
    expect(parseKeySpec(`1+ rfc4106(gcm(aes)) ${'ab'.repeat(28)} 96`)).toMatchObject({ ok: true, keyMaterial: new Uint8Array(28).fill(0xab) });
    expect(parseKeySpec(`1 rfc4106(gcm(aes)) ${'cd'.repeat(36)} 128`)).toMatchObject({ ok: true, icvBits: 128 });
  });

  it('round-trips with formatKeySpec', () => {
    const line = `3+ rfc4106(gcm(aes)) ${HEX40} 128`;
    const k = parseKeySpec(line);
    expect(k.ok && formatKeySpec(k)).toBe(line);
  });

  const bad: [string, string][] = [
    ['', 'empty key line: expected "<id>[+] rfc4106(gcm(aes)) <hex key> <64|96|128>", e.g. "3+ rfc4106(gcm(aes)) <40 hex digits> 128"'],
    [`rfc4106(gcm(aes)) ${HEX40} 128`, 'key id missing: the line must start with a key id 1..15 (the SPI); expected "<id>[+] rfc4106(gcm(aes)) <hex key> <64|96|128>", e.g. "3+ rfc4106(gcm(aes)) <40 hex digits> 128"'],
    [`x3 rfc4106(gcm(aes)) ${HEX40} 128`, 'invalid key id "x3": expected a number 1..15, optionally followed by "+"'],
    [`0 rfc4106(gcm(aes)) ${HEX40} 128`, 'key id 0 out of range 1..15 (the key id is the SPI)'],
    [`16+ rfc4106(gcm(aes)) ${HEX40} 128`, 'key id 16 out of range 1..15 (the key id is the SPI)'],
    ['3', 'missing algorithm: expected "<id>[+] rfc4106(gcm(aes)) <hex key> <64|96|128>", e.g. "3+ rfc4106(gcm(aes)) <40 hex digits> 128"'],
    [`3 hmac(sha256) ${'00'.repeat(32)} cbc(aes) ${'00'.repeat(16)}`, '"hmac(sha256)" (separate authentication and encryption keys) is not supported in this lab: use rfc4106(gcm(aes))'],
    [`3 rfc4543(gcm(aes)) ${HEX40} 128`, 'unknown or unsupported algorithm "rfc4543(gcm(aes))": this lab supports rfc4106(gcm(aes)) only'],
    ['3 rfc4106(gcm(aes))', 'missing key: expected "<id>[+] rfc4106(gcm(aes)) <hex key> <64|96|128>", e.g. "3+ rfc4106(gcm(aes)) <40 hex digits> 128"'],
    [`3 rfc4106(gcm(aes)) ${HEX40.slice(0, 39)} 128`, 'key is not valid hex: odd number of digits (39)'],
    [`3 rfc4106(gcm(aes)) ${HEX40.slice(0, 10)}zz${HEX40.slice(12)} 128`, 'key is not valid hex: "z" at position 11'],
    [`3 rfc4106(gcm(aes)) ${HEX40.slice(0, 32)} 128`, 'key is 16 bytes (32 hex digits); rfc4106(gcm(aes)) needs 20, 28 or 36 bytes (16/24/32-byte AES key + 4-byte salt)'],
    [`3 rfc4106(gcm(aes)) ${HEX40}`, 'missing ICV length: expected "<id>[+] rfc4106(gcm(aes)) <hex key> <64|96|128>", e.g. "3+ rfc4106(gcm(aes)) <40 hex digits> 128"'],
    [`3 rfc4106(gcm(aes)) ${HEX40} 16o`, 'ICV length "16o" is not a number of bits (64, 96 or 128)'],
    [`3 rfc4106(gcm(aes)) ${HEX40} 256`, 'ICV length 256 not supported by rfc4106(gcm(aes)): use 64, 96 or 128 bits'],
    [`3 rfc4106(gcm(aes)) ${HEX40} 128 10.0.0.1`, 'unexpected extra field "10.0.0.1": expected "<id>[+] rfc4106(gcm(aes)) <hex key> <64|96|128>", e.g. "3+ rfc4106(gcm(aes)) <40 hex digits> 128"'],
  ];
  for (const [line, error] of bad) {
    it(`rejects ${JSON.stringify(line.slice(0, 40))}`, () => {
      expect(parseKeySpec(line)).toEqual({ ok: false, error });
    });
  }
});

describe('deriveTunnelKey (Cilium per-tunnel keys)', () => {
  const g = fromHex(HEX40);
  const a = parseIp('192.168.61.11');
  const b = parseIp('192.168.61.12');
  const bootA = '4a1f0b3e-8c5d-4e2a-9b7f-0123456789ab';
  const bootB = 'c3d2e1f0-1a2b-4c3d-8e9f-abcdefabcdef\n'; // as read from /proc: only the first 36 bytes count

  it('is SHA-256(global || src IP (4 bytes) || dst IP || src boot id[:36] || dst boot id[:36]) cut to the key length', () => {
    const te = new TextEncoder();
    const input = concat(g, Uint8Array.of(192, 168, 61, 11), Uint8Array.of(192, 168, 61, 12), te.encode(bootA), te.encode(bootB.slice(0, 36)));
    expect(toHex(deriveTunnelKey(g, a, b, bootA, bootB))).toBe(toHex(sha256(input).slice(0, 20)));
  });

  it('differs per direction, per boot and is deterministic', () => {
    const ab = deriveTunnelKey(g, a, b, bootA, bootB);
    const ba = deriveTunnelKey(g, b, a, bootB, bootA);
    expect(ab).toHaveLength(20);
    expect(toHex(ab)).not.toBe(toHex(ba));
    expect(toHex(deriveTunnelKey(g, a, b, bootA, bootB))).toBe(toHex(ab));
    expect(toHex(deriveTunnelKey(g, a, b, bootA.replace('4a', '4b'), bootB))).not.toBe(toHex(ab));
    expect(toHex(deriveTunnelKey(fromHex(HEX40.replace('85', '86')), a, b, bootA, bootB))).not.toBe(toHex(ab));
  });

  it('uses SHA-512 for 36-byte (AES-256) key material, and rejects short boot ids', () => {
    const g36 = new Uint8Array(36).fill(7);
    const te = new TextEncoder();
    const input = concat(g36, Uint8Array.of(192, 168, 61, 11), Uint8Array.of(192, 168, 61, 12), te.encode(bootA), te.encode(bootB.slice(0, 36)));
    expect(toHex(deriveTunnelKey(g36, a, b, bootA, bootB))).toBe(toHex(sha512(input).slice(0, 36)));
    expect(() => deriveTunnelKey(g, a, b, 'short', bootB)).toThrow(/at least 36/);
  });
});
