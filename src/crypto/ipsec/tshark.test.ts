/**
 * Interop: tshark 4.0 decrypts and authenticates our ESP packets. A raw-IP classic pcap (linktype 101, layout per
 * ../shared/interop/README.md §1) carries outer IPv4 (protocol 50, correct header checksum) with our ESP payloads
 * from two SAs (16- and 8-octet ICVs) plus one tampered packet; tshark gets the SAs as formatEspSaUat lines.
 * Runs when tshark is installed; REQUIRE_TSHARK=1 makes a missing tshark a failure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIp } from '../../net/addr';
import { concat } from '../../net/bytes';
import { verifies } from '../../net/checksum';
import { buildIcmpEcho, ICMP_ECHO_REQUEST } from '../../net/packet/icmp';
import { buildIpv4, PROTO_ESP, PROTO_ICMP } from '../../net/packet/ipv4';
import { toolAvailable, tshark } from '../../testing/tools';
import { createState, espEncrypt, formatEspSaUat, parseKeySpec, type XfrmState } from './index';

/** Classic pcap, little-endian, microseconds, snaplen 65535, linktype 101 (raw IP). */
function rawIpPcap(packets: Uint8Array[]): Uint8Array {
  const le32 = (v: number): Uint8Array => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
  const parts: Uint8Array[] = [Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0), le32(0), le32(0), le32(65535), le32(101)];
  packets.forEach((p, i) => parts.push(le32(1700000000 + i), le32(0), le32(p.length), le32(p.length), p));
  return concat(...parts);
}

const NODE1 = parseIp('192.168.61.11');
const NODE2 = parseIp('192.168.61.12');
const POD1 = parseIp('10.0.1.5');
const POD2 = parseIp('10.0.2.7');
let counter = 0;
const rand = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => (counter = (counter * 73 + 41) & 0xff));

function outer(sa: XfrmState, icmpSeq: number): Uint8Array {
  const inner = buildIpv4({ src: POD1, dst: POD2, proto: PROTO_ICMP, ttl: 63, id: 100 + icmpSeq, df: true },
    buildIcmpEcho(ICMP_ECHO_REQUEST, 0x4242, icmpSeq, new Uint8Array(icmpSeq * 3).fill(0x61)));
  const r = espEncrypt(sa, inner, 0);
  if (!r.ok) throw new Error(r.reason);
  const ip = buildIpv4({ src: sa.src, dst: sa.dst, proto: PROTO_ESP, ttl: 64, id: icmpSeq, df: false }, r.esp);
  expect(verifies(ip, 0, 20)).toBe(true);
  return ip;
}

const dir = mkdtempSync(join(tmpdir(), 'podlock-esp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(toolAvailable('tshark'))('tshark 4.0 decrypts and authenticates our ESP', () => {
  it('checks the ICV (16 octets with AES-128, 8 octets with AES-192) and dissects the inner IPv4/ICMP', () => {
    const k3 = parseKeySpec('3 rfc4106(gcm(aes)) 856f15d0ccabe682286b4286bccf5d595b88b168 128');
    const k5 = parseKeySpec('5 rfc4106(gcm(aes)) 0x00112233445566778899aabbccddeeff0011223344556677c0ffee01 64');
    if (!k3.ok || !k5.ok) throw new Error('key lines');
    const sa3 = createState({ src: NODE1, dst: NODE2, spi: k3.id, keyMaterial: k3.keyMaterial, icvBits: k3.icvBits, now: 0, rand });
    const sa5 = createState({ src: NODE2, dst: NODE1, spi: k5.id, keyMaterial: k5.keyMaterial, icvBits: k5.icvBits, now: 0, rand });
    const frames = [outer(sa3, 1), outer(sa3, 2), outer(sa5, 3), outer(sa3, 4), outer(sa5, 5), outer(sa3, 6)];
    frames[5][frames[5].length - 20] ^= 0x01; // tamper with the last one (inside the ciphertext)
    const path = join(dir, 'esp.pcap');
    writeFileSync(path, rawIpPcap(frames));

    const uat = [formatEspSaUat(sa3), formatEspSaUat(sa5)];
    expect(uat[0]).toBe('"IPv4","192.168.61.11","192.168.61.12","0x00000003","AES-GCM with 16 octet ICV [RFC4106]",'
      + '"0x856f15d0ccabe682286b4286bccf5d595b88b168","NULL",""');
    const out = tshark(['-r', path, '-o', 'esp.enable_encryption_decode:TRUE', '-o', 'esp.enable_authentication_check:TRUE',
      ...uat.flatMap((l) => ['-o', `uat:esp_sa:${l}`]),
      '-T', 'fields', '-E', 'separator=|', '-e', 'frame.number', '-e', 'esp.spi', '-e', 'esp.sequence', '-e', 'esp.icv_good',
      '-e', 'esp.pad_len', '-e', 'esp.protocol', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'icmp.type', '-e', 'icmp.seq']);
    const rows = out.trim().split('\n').map((l) => l.split('|'));
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ['1', '0x00000003', '1', '1'], ['2', '0x00000003', '2', '1'], ['3', '0x00000005', '1', '1'],
      ['4', '0x00000003', '3', '1'], ['5', '0x00000005', '2', '1'], ['6', '0x00000003', '4', '0'],
    ]);
    for (const r of rows.slice(0, 5)) {
      const n = Number(r[0]);
      const [src, dst] = n === 3 || n === 5 ? ['192.168.61.12', '192.168.61.11'] : ['192.168.61.11', '192.168.61.12'];
      expect(r[5]).toBe('0x04'); // next header: IPv4 (tunnel mode)
      expect(r[6]).toBe(`${src},10.0.1.5`);
      expect(r[7]).toBe(`${dst},10.0.2.7`);
      expect([r[8], r[9]]).toEqual(['8', String(n)]);
      const innerLen = 20 + 8 + n * 3;
      expect(r[4]).toBe(String((4 - ((innerLen + 2) % 4)) % 4));
    }
  });
});
