/**
 * Cilium's IPsec key Secret line and per-tunnel key derivation.
 *
 * Line format (Cilium docs, "IPsec Transparent Encryption"): `<id>[+] rfc4106(gcm(aes)) <hex key material> <icv bits>`,
 * e.g. `3+ rfc4106(gcm(aes)) <40 hex> 128`. The id (1..15) is the SPI; `+` asks for per-tunnel keys. The key material
 * is RFC 4106 §8.1 KEYMAT: AES key (16/24/32 bytes) || 4-byte salt. A leading `0x` on the key is accepted, as Cilium's
 * decodeIPSecKey trims it (pkg/datapath/linux/ipsec/ipsec_linux.go). ICV: 64, 96 or 128 bits (RFC 4106 §6).
 *
 * Per-tunnel keys (Cilium 1.16+, computeNodeIPsecKey/deriveNodeIPsecKey in pkg/datapath/linux/ipsec/ipsec_linux.go):
 * hash(global key material || src node IP || dst node IP || src boot id[:36] || dst boot id[:36]) cut to the
 * key material length; "src" is the sending node, so the two directions get different keys. Byte forms, as facts
 * from that file (cilium/cilium at c50dcfbf): the IPs go through canonicalIP(), i.e. net.IP.To4(), so an IPv4
 * address contributes its 4 bytes (the 1.15.6 panic trace in cilium/cilium#33457 shows computeNodeIPsecKey receiving
 * 4-byte IPs while its caller held a 16-byte net.IP); boot ids are Go string bytes ([]byte(bootID), the 36-char
 * UUID text of /proc/sys/kernel/random/boot_id), and shorter boot ids are rejected. The hash is SHA-256 when the
 * key material is at most 32 bytes and SHA-512 above (36-byte AES-256 material; 1.15.6 panicked there, #33457).
 */
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { ipBytes } from '../../net/addr';
import { concat, toHex, utf8 } from '../../net/bytes';
import type { IcvBits } from './esp';

export const KEY_ALGORITHM = 'rfc4106(gcm(aes))';
export const MAX_KEY_ID = 15;

export interface KeySpec {
  id: number;
  perTunnel: boolean;
  algorithm: 'rfc4106(gcm(aes))';
  keyMaterial: Uint8Array;
  icvBits: IcvBits;
}

const USAGE = `expected "<id>[+] ${KEY_ALGORITHM} <hex key> <64|96|128>", e.g. "3+ ${KEY_ALGORITHM} <40 hex digits> 128"`;

/** Parses one line of Cilium's `cilium-ipsec-keys` Secret. */
export function parseKeySpec(line: string): ({ ok: true } & KeySpec) | { ok: false; error: string } {
  const f = line.trim().split(/\s+/).filter((s) => s.length > 0);
  if (f.length === 0) return { ok: false, error: `empty key line: ${USAGE}` };
  const idm = /^(\d+)(\+?)$/.exec(f[0]);
  if (!idm) {
    if (/[()]/.test(f[0])) return { ok: false, error: `key id missing: the line must start with a key id 1..${MAX_KEY_ID} (the SPI); ${USAGE}` };
    return { ok: false, error: `invalid key id "${f[0]}": expected a number 1..${MAX_KEY_ID}, optionally followed by "+"` };
  }
  const id = Number(idm[1]);
  if (id < 1 || id > MAX_KEY_ID) return { ok: false, error: `key id ${idm[1]} out of range 1..${MAX_KEY_ID} (the key id is the SPI)` };
  const alg = f[1];
  if (alg === undefined) return { ok: false, error: `missing algorithm: ${USAGE}` };
  if (/^hmac\(|^cbc\(/.test(alg)) {
    return { ok: false, error: `"${alg}" (separate authentication and encryption keys) is not supported in this lab: use ${KEY_ALGORITHM}` };
  }
  if (alg !== KEY_ALGORITHM) return { ok: false, error: `unknown or unsupported algorithm "${alg}": this lab supports ${KEY_ALGORITHM} only` };
  if (f[2] === undefined) return { ok: false, error: `missing key: ${USAGE}` };
  const hex = f[2].startsWith('0x') ? f[2].slice(2) : f[2];
  const bad = /[^0-9a-fA-F]/.exec(hex);
  if (bad) return { ok: false, error: `key is not valid hex: "${bad[0]}" at position ${bad.index + 1}` };
  if (hex.length % 2 !== 0) return { ok: false, error: `key is not valid hex: odd number of digits (${hex.length})` };
  const bytes = hex.length / 2;
  if (bytes !== 20 && bytes !== 28 && bytes !== 36) {
    return { ok: false, error: `key is ${bytes} bytes (${hex.length} hex digits); ${KEY_ALGORITHM} needs 20, 28 or 36 bytes (16/24/32-byte AES key + 4-byte salt)` };
  }
  if (f[3] === undefined) return { ok: false, error: `missing ICV length: ${USAGE}` };
  if (!/^\d+$/.test(f[3])) return { ok: false, error: `ICV length "${f[3]}" is not a number of bits (64, 96 or 128)` };
  const icv = Number(f[3]);
  if (icv !== 64 && icv !== 96 && icv !== 128) return { ok: false, error: `ICV length ${icv} not supported by ${KEY_ALGORITHM}: use 64, 96 or 128 bits` };
  if (f.length > 4) return { ok: false, error: `unexpected extra field "${f[4]}": ${USAGE}` };
  const keyMaterial = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) keyMaterial[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return { ok: true, id, perTunnel: idm[2] === '+', algorithm: KEY_ALGORITHM, keyMaterial, icvBits: icv };
}

/** The Secret line for a key: `3+ rfc4106(gcm(aes)) <hex> 128`. */
export function formatKeySpec(k: Pick<KeySpec, 'id' | 'perTunnel' | 'keyMaterial' | 'icvBits'>): string {
  return `${k.id}${k.perTunnel ? '+' : ''} ${KEY_ALGORITHM} ${toHex(k.keyMaterial)} ${k.icvBits}`;
}

/** Per-tunnel key material for traffic from srcIp (boot id srcBootId) to dstIp; see the file comment for byte forms. */
export function deriveTunnelKey(global: Uint8Array, srcIp: number, dstIp: number, srcBootId: string, dstBootId: string): Uint8Array {
  const sb = utf8(srcBootId);
  const db = utf8(dstBootId);
  if (sb.length < 36 || db.length < 36) throw new Error('incorrect size for boot ID, should be at least 36 characters long');
  const input = concat(global, ipBytes(srcIp >>> 0), ipBytes(dstIp >>> 0), sb.subarray(0, 36), db.subarray(0, 36));
  const hash = global.length <= 32 ? sha256(input) : sha512(input);
  return hash.slice(0, global.length);
}
