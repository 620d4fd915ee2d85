/**
 * The Internet checksum (RFC 1071) and the pseudo-header sum, against published examples and real captures:
 * Wikipedia's IPv4 header, RFC 1071's own worked example, and the partial checksums Linux leaves in packets it
 * captured before checksum offload (which are exactly the folded pseudo-header sum).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex } from './bytes';
import { fold, inetChecksum, pseudoHeaderSum, sum16, verifies } from './checksum';
import { readCapture } from '../capture/pcapRead';
import { interopPath } from '../testing/tools';

const WIKI_HEADER = '4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7';

describe('inetChecksum', () => {
  it('computes 0xb861 for the classic IPv4 header (Wikipedia, "IPv4 header checksum")', () => {
    const h = fromHex(WIKI_HEADER);
    h[10] = h[11] = 0;
    expect(inetChecksum(h)).toBe(0xb861);
  });

  it("accepts the header with its checksum in place and rejects any single-bit error", () => {
    const h = fromHex(WIKI_HEADER);
    expect(verifies(h)).toBe(true);
    for (let bit = 0; bit < h.length * 8; bit++) {
      const bad = h.slice();
      bad[bit >> 3] ^= 1 << (bit & 7);
      expect(verifies(bad)).toBe(false);
    }
  });

  it('matches RFC 1071 §3 (numerical example): 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2', () => {
    const b = fromHex('0001 f203 f4f5 f6f7');
    expect(fold(sum16(b))).toBe(0xddf2);
    expect(inetChecksum(b)).toBe(0x220d);
  });

  it('pads an odd trailing byte with a zero byte on the right', () => {
    expect(sum16(fromHex('01'))).toBe(0x0100);
    expect(inetChecksum(fromHex('010203'))).toBe(~(0x0102 + 0x0300) & 0xffff);
    expect(inetChecksum(fromHex('010203'))).toBe(inetChecksum(fromHex('01020300')));
    // An odd region inside a larger buffer stops at `end` and pads there.
    expect(inetChecksum(fromHex('ff 0102 03 ff'), 1, 4)).toBe(inetChecksum(fromHex('010203')));
  });

  it('folds carries repeatedly (end-around carry)', () => {
    expect(fold(0x1fffe)).toBe(0xffff);
    expect(fold(0x2fffd)).toBe(0xffff);
    expect(fold(0xffff_ffff)).toBe(0xffff);
    expect(fold(0x1_0000)).toBe(0x0001);
    // 2000 words of 0xffff fold to 0xffff; the odd 0xff pads to 0xff00; 0xffff + 0xff00 folds to 0xff00.
    const ones = new Uint8Array(4001).fill(0xff);
    expect(fold(sum16(ones))).toBe(0xff00);
    expect(inetChecksum(ones)).toBe(0x00ff);
  });

  it('checksums an empty region to 0xffff and counts the initial sum', () => {
    expect(inetChecksum(new Uint8Array(0))).toBe(0xffff);
    expect(inetChecksum(new Uint8Array(0), 0, 0, 0x1234)).toBe(0xedcb);
  });
});

describe('pseudo-header sum', () => {
  it('equals by hand the sum of address halves, protocol and length', () => {
    const src = 0xc0a80001, dst = 0xc0a800c7;
    expect(pseudoHeaderSum(src, dst, 17, 95)).toBe(0xc0a8 + 0x0001 + 0xc0a8 + 0x00c7 + 17 + 95);
  });

  // Linux leaves `check = ~csum_tcpudp_magic(src, dst, len, proto, 0)` (the folded pseudo-header sum) in packets
  // that a capture sees before the NIC completes the checksum: tshark calls these "checksum offload".
  it("equals the offload partial UDP checksum in Wireshark's wireguard-ping-tcp.pcap, frame 3", () => {
    const f = readCapture(new Uint8Array(readFileSync(interopPath('wireguard', 'wireguard-ping-tcp.pcap'))));
    const ip = f.packets[2].data.subarray(14);
    const src = ((ip[12] << 24) | (ip[13] << 16) | (ip[14] << 8) | ip[15]) >>> 0;
    const dst = ((ip[16] << 24) | (ip[17] << 16) | (ip[18] << 8) | ip[19]) >>> 0;
    const udpLen = (ip[24] << 8) | ip[25];
    expect(udpLen).toBe(136);
    expect((ip[26] << 8) | ip[27]).toBe(0x14ae);
    expect(fold(pseudoHeaderSum(src, dst, 17, udpLen))).toBe(0x14ae);
  });

  it('equals the offload partial TCP checksums of a loopback capture (illustrated TLS 1.3), with carry', () => {
    const f = readCapture(new Uint8Array(readFileSync(interopPath('tls13', 'illustrated-tls13', 'aes256gcm-current', 'capture.pcap'))));
    // tshark -T fields -e tcp.checksum: frame 1 0xfe34, frame 5 0xff25, frame 7 0x037a (the sum carries past 16 bits).
    for (const [frame, partial] of [[1, 0xfe34], [5, 0xff25], [7, 0x037a]]) {
      const ip = f.packets[frame - 1].data.subarray(4); // DLT_NULL: 4-byte family header
      const tcpLen = ((ip[2] << 8) | ip[3]) - (ip[0] & 0x0f) * 4;
      const hl = (ip[0] & 0x0f) * 4;
      expect((ip[hl + 16] << 8) | ip[hl + 17]).toBe(partial);
      expect(fold(pseudoHeaderSum(0x7f000001, 0x7f000001, 6, tcpLen))).toBe(partial);
    }
  });
});
