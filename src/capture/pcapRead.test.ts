/**
 * Capture reader: Wireshark's own WireGuard captures (values measured with capinfos/tshark 4.0.17), hand-built
 * files for both byte orders, several sections, if_tsresol/if_tsoffset, SPB and unknown blocks, exact error
 * messages, and fuzzing (every truncation, seeded byte flips) where only CaptureFormatError may escape.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex } from '../net/bytes';
import { createRng, randomU32 } from '../sim/rng';
import { interopPath, toolAvailable } from '../testing/tools';
import { BLOCK_DSB, BLOCK_EPB, BLOCK_IDB, BLOCK_SHB, BLOCK_SPB, writePcapng, type PcapngPacket } from './pcapng';
import { CaptureFormatError, readCapture, secretsTypeName, type CaptureFile } from './pcapRead';

const PCAP = interopPath('wireguard', 'wireguard-ping-tcp.pcap');
const PCAPNG_DSB = interopPath('wireguard', 'wireguard-ping-tcp-dsb.pcapng');
const load = (p: string): Uint8Array => new Uint8Array(readFileSync(p));

// Measured with:
//   capinfos wireguard-ping-tcp.pcap wireguard-ping-tcp-dsb.pcapng
//     -> 22 packets each, Ethernet (1), snaplen 262144, microseconds, data size 4744 bytes, 1 decryption secret (pcapng)
//   tshark -r wireguard-ping-tcp.pcap -T fields -e frame.number -e frame.time_epoch -e frame.len
//     -> 1 1532126321.356858000 190 / 2 1532126321.359376000 134 / 3 1532126321.359708000 170 ... 22 1532126461.633953000
const PACKETS = 22;
const FIRST_TS_US = 1_532_126_321_356_858;
const SECOND_TS_US = 1_532_126_321_359_376;
const LAST_TS_US = 1_532_126_461_633_953;
const FIRST_LENGTHS = [190, 134, 170];
const DATA_SIZE = 4744;

describe('reading Wireshark\'s WireGuard captures', () => {
  it('reads the classic pcap like capinfos/tshark do', () => {
    const f = readCapture(load(PCAP));
    expect(f.format).toBe('pcap');
    expect(f.interfaces).toEqual([{ linkType: 1, snaplen: 262144, tsresol: 1_000_000 }]);
    expect(f.secrets).toEqual([]);
    expect(f.packets).toHaveLength(PACKETS);
    expect(f.packets.slice(0, 2).map((p) => p.tsUs)).toEqual([FIRST_TS_US, SECOND_TS_US]);
    expect(f.packets[PACKETS - 1].tsUs).toBe(LAST_TS_US);
    expect(f.packets.slice(0, 3).map((p) => p.data.length)).toEqual(FIRST_LENGTHS);
    expect(f.packets.reduce((n, p) => n + p.data.length, 0)).toBe(DATA_SIZE);
    expect(f.packets.every((p) => p.ifIndex === 0 && p.origLen === p.data.length && p.direction === undefined)).toBe(true);
    // frame 1 is Ethernet/IPv4/UDP: ethertype 0x0800 at offset 12
    expect([f.packets[0].data[12], f.packets[0].data[13]]).toEqual([0x08, 0x00]);
  });

  it('reads the pcapng with its WireGuard key log secrets block and the same 22 packets', () => {
    const f = readCapture(load(PCAPNG_DSB));
    const classic = readCapture(load(PCAP));
    expect(f.format).toBe('pcapng');
    expect(f.interfaces).toEqual([{ linkType: 1, snaplen: 262144, tsresol: 1_000_000 }]);
    expect(f.secrets).toHaveLength(1);
    expect(f.secrets[0].type).toBe(0x57474b4c);
    expect(secretsTypeName(f.secrets[0].type)).toBe('WGKL');
    expect(f.secrets[0].data).toHaveLength(286);
    const keylog = new TextDecoder().decode(f.secrets[0].data);
    expect(keylog).toContain('LOCAL_STATIC_PRIVATE_KEY');
    expect(keylog).toMatch(/^REMOTE_STATIC_PUBLIC_KEY=YDCttCs9e1J52\/g9vEnwJJa\+2x6RqaayAYMpSVQfGEY=\n/);
    expect(f.packets).toHaveLength(PACKETS);
    expect(f.packets[0].tsUs).toBe(FIRST_TS_US);
    expect(f.packets).toEqual(classic.packets);
  });
});

describe('returned bytes', () => {
  it('are plain Uint8Array copies, even when the input is a Node Buffer', () => {
    const buf = readFileSync(PCAP);
    const f = readCapture(buf);
    expect(Object.getPrototypeOf(f.packets[0].data)).toBe(Uint8Array.prototype);
    buf[40] ^= 0xff; // first byte of packet 1: changing the input must not change what was read
    expect(f.packets[0].data[0]).toBe(load(PCAP)[40]);
  });
});

describe('writer -> reader round trip', () => {
  it('keeps interfaces, secrets, packets, timestamps, directions and odd lengths', () => {
    const data = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
    const input = {
      interfaces: [{ linkType: 1, name: 'eth0' }, { linkType: 101, name: 'cilium_wg0', description: 'WireGuard', snaplen: 65535 }],
      secrets: [{ type: 'WGKL' as const, data: new TextEncoder().encode('LOCAL_STATIC_PRIVATE_KEY=abc=\n') },
        { type: 'TLSK' as const, data: data(5) }],
      packets: [0, 1, 2, 3, 4, 5, 6, 7, 61, 1500].map((n, i): PcapngPacket => ({
        ifIndex: i % 2, tsUs: 1_700_000_000_000_000 + i * 999_999 + (i === 9 ? 2 ** 32 : 0), data: data(n),
        ...(i % 3 === 0 ? {} : { direction: i % 3 === 1 ? 'in' as const : 'out' as const }), ...(i === 4 ? { origLen: 9000 } : {}),
      })),
    };
    const f = readCapture(writePcapng(input));
    expect(f.format).toBe('pcapng');
    expect(f.interfaces).toEqual([
      { linkType: 1, name: 'eth0', snaplen: 262144, tsresol: 1_000_000 },
      { linkType: 101, name: 'cilium_wg0', snaplen: 65535, tsresol: 1_000_000 },
    ]);
    expect(f.secrets.map((s) => secretsTypeName(s.type))).toEqual(['WGKL', 'TLSK']);
    expect(f.secrets.map((s) => s.data)).toEqual(input.secrets.map((s) => s.data));
    expect(f.packets).toEqual(input.packets.map((p) => ({ ...p, origLen: p.origLen ?? p.data.length })));
    expect(f.packets[1].direction).toBe('in');
    expect(f.packets[2].direction).toBe('out');
    expect(f.packets[0]).not.toHaveProperty('direction');
  });

  it('keeps the largest safe timestamp exactly', () => {
    const tsUs = Number.MAX_SAFE_INTEGER;
    const f = readCapture(writePcapng({ interfaces: [{ linkType: 1, name: 'x' }], packets: [{ ifIndex: 0, tsUs, data: fromHex('01') }] }));
    expect(f.packets[0].tsUs).toBe(tsUs);
  });
});

/** Test-side pcapng builder for either byte order (the writer only writes little-endian). */
class Ng {
  parts: Uint8Array[] = [];
  constructor(public le = true) {}
  static bytes(n: number, fill: (v: DataView) => void): Uint8Array {
    const b = new Uint8Array(n);
    fill(new DataView(b.buffer));
    return b;
  }
  opt(code: number, value: Uint8Array): Uint8Array {
    const o = new Uint8Array(4 + ((value.length + 3) & ~3));
    const v = new DataView(o.buffer);
    v.setUint16(0, code, this.le);
    v.setUint16(2, value.length, this.le);
    o.set(value, 4);
    return o;
  }
  block(type: number, body: Uint8Array, opts: Uint8Array[] = []): this {
    const optLen = opts.reduce((n, o) => n + o.length, 0) + (opts.length ? 4 : 0);
    const total = 12 + ((body.length + 3) & ~3) + optLen;
    const b = new Uint8Array(total);
    const v = new DataView(b.buffer);
    v.setUint32(0, type, this.le);
    v.setUint32(4, total, this.le);
    b.set(body, 8);
    let o = 8 + ((body.length + 3) & ~3);
    for (const x of opts) {
      b.set(x, o);
      o += x.length;
    }
    v.setUint32(total - 4, total, this.le);
    this.parts.push(b);
    return this;
  }
  shb(le: boolean): this {
    this.le = le;
    return this.block(BLOCK_SHB, Ng.bytes(16, (v) => {
      v.setUint32(0, 0x1a2b3c4d, le);
      v.setUint16(4, 1, le);
      v.setBigInt64(8, -1n, le);
    }));
  }
  idb(linkType: number, name: string, tsresol?: number, tsoffset?: bigint): this {
    const opts = [this.opt(2, new TextEncoder().encode(name))];
    if (tsresol !== undefined) opts.push(this.opt(9, Uint8Array.of(tsresol)));
    if (tsoffset !== undefined) opts.push(this.opt(14, Ng.bytes(8, (v) => v.setBigInt64(0, tsoffset, this.le))));
    return this.block(BLOCK_IDB, Ng.bytes(8, (v) => {
      v.setUint16(0, linkType, this.le);
      v.setUint32(4, 0, this.le);
    }), opts);
  }
  epb(id: number, ticks: bigint, data: Uint8Array, flags?: number): this {
    const body = Ng.bytes(20 + data.length, (v) => {
      v.setUint32(0, id, this.le);
      v.setUint32(4, Number(ticks >> 32n), this.le);
      v.setUint32(8, Number(ticks & 0xffffffffn), this.le);
      v.setUint32(12, data.length, this.le);
      v.setUint32(16, data.length, this.le);
    });
    body.set(data, 20);
    return this.block(BLOCK_EPB, body, flags === undefined ? [] : [this.opt(2, Ng.bytes(4, (v) => v.setUint32(0, flags, this.le)))]);
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

describe('pcapng variants', () => {
  it('reads big- and little-endian sections in one file, with per-section interface numbering', () => {
    const ng = new Ng()
      .shb(true).idb(1, 'le0', 9) // nanoseconds
      .epb(0, 1_700_000_000_123_456_789n, fromHex('aa'), 1)
      .shb(false).idb(101, 'be0').idb(1, 'be1', 0x80 | 20) // 2^-20 s ticks
      .block(0x00000bad, fromHex('01020304')) // unknown block: skipped
      .block(0x40000bad, new Uint8Array(0)) // local-use block type: skipped
      .epb(1, (1_000n << 20n) + 1n, fromHex('bbcc'), 2) // 1000 s + 1 tick (0.95 us -> floor 0)
      .epb(0, 5n, fromHex('dd'))
      .block(BLOCK_SPB, Ng.bytes(8, (v) => { v.setUint32(0, 3, false); v.setUint32(4, 0xeeff1100, false); }))
      .block(BLOCK_DSB, Ng.bytes(12, (v) => { v.setUint32(0, 0x544c534b, false); v.setUint32(4, 3, false); v.setUint32(8, 0x78797a00, false); }));
    const f = readCapture(ng.done());
    expect(f.interfaces).toEqual([
      { linkType: 1, name: 'le0', snaplen: 0, tsresol: 1e9 },
      { linkType: 101, name: 'be0', snaplen: 0, tsresol: 1e6 },
      { linkType: 1, name: 'be1', snaplen: 0, tsresol: 2 ** 20 },
    ]);
    expect(f.packets).toEqual([
      { ifIndex: 0, tsUs: 1_700_000_000_123_456, data: fromHex('aa'), origLen: 1, direction: 'in' },
      { ifIndex: 2, tsUs: 1_000_000_000, data: fromHex('bbcc'), origLen: 2, direction: 'out' },
      { ifIndex: 1, tsUs: 5, data: fromHex('dd'), origLen: 1 },
      { ifIndex: 1, tsUs: 0, data: fromHex('eeff11'), origLen: 3 },
    ]);
    expect(f.secrets).toEqual([{ type: 0x544c534b, data: new TextEncoder().encode('xyz') }]);
    expect(secretsTypeName(0x12ab)).toBe('0x000012ab');
  });

  it('applies base-10 resolutions coarser than microseconds, binary ones, and if_tsoffset', () => {
    const f = readCapture(new Ng().shb(true)
      .idb(1, 'ms', 3).idb(1, 'bin', 0x80 | 0).idb(1, 'offset', 6, -1_000n).idb(1, 'ps', 12)
      .epb(0, 1_234n, fromHex('01')).epb(1, 7n, fromHex('02')).epb(2, 1_000_000_500n, fromHex('03')).epb(3, 2_999_999n, fromHex('04'))
      .done());
    expect(f.interfaces.map((i) => i.tsresol)).toEqual([1e3, 1, 1e6, 1e12]);
    expect(f.packets.map((p) => p.tsUs)).toEqual([1_234_000, 7_000_000, 500, 2]);
  });
});

/** Rewrites the classic interop pcap in another byte order and/or with nanosecond fractions (+999 ns each). */
function rewritePcap(src: Uint8Array, le: boolean, nanos: boolean): Uint8Array {
  const out = new Uint8Array(src);
  const i = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const o = new DataView(out.buffer);
  o.setUint32(0, nanos ? 0xa1b23c4d : 0xa1b2c3d4, le);
  o.setUint16(4, i.getUint16(4, true), le);
  o.setUint16(6, i.getUint16(6, true), le);
  for (const f of [8, 12, 16, 20]) o.setUint32(f, i.getUint32(f, true), le);
  for (let off = 24; off < src.length;) {
    const len = i.getUint32(off + 8, true);
    o.setUint32(off, i.getUint32(off, true), le);
    o.setUint32(off + 4, nanos ? i.getUint32(off + 4, true) * 1000 + 999 : i.getUint32(off + 4, true), le);
    o.setUint32(off + 8, len, le);
    o.setUint32(off + 12, i.getUint32(off + 12, true), le);
    off += 16 + len;
  }
  return out;
}

describe('classic pcap variants', () => {
  const original = readCapture(load(PCAP));
  it.each([[false, false], [true, true], [false, true]])('little-endian=%s nanoseconds=%s gives the same packets', (le, nanos) => {
    const f = readCapture(rewritePcap(load(PCAP), le, nanos));
    expect(f.format).toBe('pcap');
    expect(f.interfaces[0].tsresol).toBe(nanos ? 1e9 : 1e6);
    expect(f.packets).toEqual(original.packets);
  });

  it('masks the FCS bits out of the link type field', () => {
    const b = load(PCAP).slice();
    b[23] = 0x24; // FCS length 2, F bit set (draft-ietf-opsawg-pcap §4)
    expect(readCapture(b).interfaces[0].linkType).toBe(1);
  });

  it('reads a header-only file as no packets', () => {
    expect(readCapture(load(PCAP).slice(0, 24)).packets).toEqual([]);
  });

  describe.skipIf(!toolAvailable('editcap'))('files rewritten by editcap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podlock-pcapread-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it.each(['nsecpcap', 'pcapng'])('editcap -F %s keeps what we read', (format) => {
      const out = join(dir, `out.${format}`);
      execFileSync('editcap', ['-F', format, PCAP, out], { stdio: 'ignore' });
      const f = readCapture(load(out));
      expect(f.format).toBe(format === 'pcapng' ? 'pcapng' : 'pcap');
      expect(f.packets).toEqual(original.packets);
    });
  });
});

describe('errors name what is wrong and where', () => {
  const ours = writePcapng({ application: 'ab', interfaces: [{ linkType: 1, name: 'eth0' }], packets: [{ ifIndex: 0, tsUs: 1, data: fromHex('0102030405') }] });
  const set32 = (b: Uint8Array, off: number, v: number): Uint8Array => {
    const c = b.slice();
    new DataView(c.buffer).setUint32(off, v, true);
    return c;
  };
  const fails = (b: Uint8Array, message: string) => {
    expect(() => readCapture(b)).toThrow(CaptureFormatError);
    expect(() => readCapture(b)).toThrow(message);
  };
  // ours: SHB 0..40, IDB 40..80 (if_tsresol option at 64), EPB 80..120 (id 88, ts 92/96, lengths 100/104, data 108, trailer 116)

  it.each([
    ['empty input', new Uint8Array(0), 'capture: file of 0 bytes is too short to hold a magic number'],
    ['unknown magic', fromHex('7f454c46 02010100'), 'capture: unknown magic 0x7f454c46 at offset 0: neither pcap nor pcapng'],
    ['pcap header cut', load(PCAP).slice(0, 23), 'pcap: file header needs 24 bytes, file has 23'],
    ['pcap record header cut', load(PCAP).slice(0, 30), 'pcap: record 1 at offset 24 is truncated: 6 bytes left of a 16-byte record header'],
    ['pcap record data cut', load(PCAP).slice(0, 24 + 16 + 100), 'pcap: record 1 at offset 24 claims 190 captured bytes beyond end of file (size 140)'],
    ['pcap version', set32(load(PCAP), 4, 1), 'pcap: unsupported version 1.0 at offset 4'],
    ['pcap caplen > origlen', set32(load(PCAP), 24 + 12, 10), 'pcap: record 1 at offset 24 has captured length 190 greater than original length 10'],
    ['pcap fraction', set32(load(PCAP), 24 + 4, 1_000_000), 'pcap: record 1 at offset 24 has fraction 1000000 >= 1000000 ticks per second'],
    ['block beyond end', set32(ours, 84, 99999), 'pcapng: block at offset 80 claims length 99999 beyond end of file (size 120)'],
    ['trailing copy', set32(ours, 116, 44), 'pcapng: block at offset 80 has length 40 but its trailing copy says 44'],
    ['length % 4', set32(ours, 84, 35), 'pcapng: block at offset 80 has length 35, not a multiple of 4'],
    ['EPB too short', set32(set32(ours, 84, 28), 80 + 24, 28), 'pcapng: block at offset 80 (enhanced packet) has length 28, less than the minimum 32'],
    ['unknown block length 8', set32(set32(ours.slice(0, 92), 80, 0x99), 84, 8), 'pcapng: block at offset 80 (type 0x00000099) has length 8, less than the minimum 12'],
    ['stray bytes', ours.slice(0, 88), 'pcapng: 8 trailing bytes at offset 80 are too short for a block'],
    ['byte-order magic', set32(ours, 8, 0x12345678), 'pcapng: section header at offset 0 has byte-order magic 0x78563412, expected 0x1a2b3c4d'],
    ['SHB version', set32(ours, 12, 2), 'pcapng: section at offset 0 has unsupported version 2.0'],
    ['interface id', set32(ours, 88, 1), 'pcapng: packet block at offset 80 names interface 1, but its section has 1'],
    ['EPB caplen', set32(ours, 100, 9), 'pcapng: packet block at offset 80 claims 9 captured bytes but holds 8'],
    ['EPB caplen > origlen', set32(ours, 104, 4), 'pcapng: packet block at offset 80 has captured length 5 greater than original length 4'],
    ['option overrun', set32(ours, 64, 0x00400009), 'pcapng: option 9 at offset 64 in block at offset 40 claims length 64, past the end of its block'],
    ['if_tsresol length', set32(ours, 64, 0x00020009), 'pcapng: if_tsresol at offset 64 has length 2, expected 1'],
    ['timestamp beyond 2^53', set32(ours, 92, 0x00300000), 'pcapng: packet block at offset 80 has timestamp 13510798882111489 us, beyond 2^53'],
  ])('%s', (_name, bytes, message) => fails(bytes, message));

  it('rejects a DSB claiming more secrets than it holds and an SPB before any interface', () => {
    const dsb = new Ng().shb(true).block(BLOCK_DSB, Ng.bytes(12, (v) => { v.setUint32(0, 0x57474b4c, true); v.setUint32(4, 5, true); })).done();
    fails(dsb, 'pcapng: decryption secrets block at offset 28 claims 5 bytes of secrets but holds 4');
    const spb = new Ng().shb(true).block(BLOCK_SPB, Ng.bytes(8, (v) => v.setUint32(0, 1, true))).done();
    fails(spb, 'pcapng: simple packet block at offset 28 comes before any interface of its section');
  });

  it('is an Error subclass with its own name', () => {
    const e = (() => { try { readCapture(new Uint8Array(1)); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(CaptureFormatError);
    expect((e as Error).name).toBe('CaptureFormatError');
  });
});

/** Seeded 32-bit random numbers (the project's generator), so every fuzz run sees the same inputs. */
function seeded(seed: number): () => number {
  const r = createRng(`pcapread:${seed}`);
  return () => randomU32(r);
}

/** Parses `b`; anything thrown must be a CaptureFormatError with a "format: ..." message. */
function tryRead(b: Uint8Array): CaptureFile | CaptureFormatError {
  try {
    return readCapture(b);
  } catch (e) {
    if (!(e instanceof CaptureFormatError)) throw new Error(`non-format error ${String(e)} for input of ${b.length} bytes`, { cause: e });
    expect(e.message).toMatch(/^(capture|pcap|pcapng): \S/);
    return e;
  }
}

describe('fuzz: only CaptureFormatError escapes', () => {
  const ours = writePcapng({
    interfaces: [{ linkType: 1, name: 'eth0', description: 'd' }, { linkType: 101, name: 'wg0' }],
    secrets: [{ type: 'WGKL', data: fromHex('4c4f43414c') }],
    packets: [1, 2, 3, 60].map((n, i) => ({ ifIndex: i % 2, tsUs: 1e15 + i, data: new Uint8Array(n).fill(i), direction: i % 2 ? 'in' as const : 'out' as const })),
  });
  const inputs: [string, Uint8Array, number][] = [['pcap', load(PCAP), PACKETS], ['pcapng-dsb', load(PCAPNG_DSB), PACKETS], ['ours', ours, 4]];

  it.each(inputs)('%s truncated at every offset', (_name, bytes, count) => {
    let errors = 0;
    for (let n = 0; n < bytes.length; n++) {
      const r = tryRead(bytes.subarray(0, n));
      if (r instanceof CaptureFormatError) errors++;
      else expect(r.packets.length).toBeLessThan(count + 1);
    }
    expect(errors).toBeGreaterThan(bytes.length * 0.9); // most cuts land inside a block or record
  });

  it.each(inputs)('%s with random bytes flipped (seeded)', (name, bytes) => {
    const next = seeded(0xc0ffee ^ bytes.length);
    const outcomes = { ok: 0, error: 0 };
    for (let round = 0; round < 3000; round++) {
      const b = bytes.slice();
      const flips = 1 + (next() % 4);
      for (let k = 0; k < flips; k++) {
        // half of the flips hit the first 64 bytes (headers), where they matter most
        const at = next() % 2 ? next() % Math.min(64, b.length) : next() % b.length;
        b[at] ^= 1 + (next() % 255);
      }
      outcomes[tryRead(b) instanceof CaptureFormatError ? 'error' : 'ok']++;
    }
    expect(outcomes.ok, name).toBeGreaterThan(0);
    expect(outcomes.error, name).toBeGreaterThan(0);
  });

  it('random garbage with a valid magic', () => {
    const next = seeded(42);
    for (let round = 0; round < 2000; round++) {
      const b = Uint8Array.from({ length: next() % 200 }, () => next() & 0xff);
      const magic = [[0x0a, 0x0d, 0x0d, 0x0a], [0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0x3c, 0x4d]][round % 3];
      b.set(magic.slice(0, b.length));
      if (round % 2 && b.length >= 12) b.set([0x4d, 0x3c, 0x2b, 0x1a], 8); // valid byte-order magic for pcapng
      tryRead(b);
    }
  });
});
