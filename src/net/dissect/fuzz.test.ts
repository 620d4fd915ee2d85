import { describe, expect, it } from 'vitest';
import { dissect, registerUdpPort, type Dissection, type Field } from './index';
import { ENCRYPTED_FRAMES } from './encryptedFrames.test-helper';
import { FRAMES, prng, type TestFrame } from './frames.test-helper';
import { LinkType } from './tree';

const frames = Object.entries({ ...FRAMES, ...ENCRYPTED_FRAMES }) as [string, TestFrame][];

/** What must hold for any input: no dissector error, every field inside the frame, labels present. */
function checkInvariants(x: Dissection, frame: Uint8Array, what: string): void {
  if (x.malformed?.reason.startsWith('dissector error')) throw new Error(`${what}: ${x.malformed.reason}`);
  const walk = (fs: Field[] | undefined): void => {
    for (const f of fs ?? []) {
      if (!(f.start >= 0 && f.length >= 0 && f.start + f.length <= frame.length)) {
        throw new Error(`${what}: ${f.name} at ${f.start}+${f.length} outside a ${frame.length}-byte frame`);
      }
      if (!f.label) throw new Error(`${what}: ${f.name} at ${f.start} has no label`);
      walk(f.children);
    }
  };
  walk(x.layers);
  for (const k of ['protocol', 'src', 'dst', 'info'] as const) {
    if (typeof x.summary[k] !== 'string') throw new Error(`${what}: summary.${k} is not a string`);
  }
}

describe('truncation', () => {
  for (const [name, { bytes, linkType, pduLength }] of frames) {
    it(`${name}: every prefix dissects; those shorter than the PDU are malformed`, () => {
      for (let n = 0; n <= bytes.length; n++) {
        const cut = bytes.slice(0, n);
        const x = dissect(cut, linkType);
        checkInvariants(x, cut, `${name}[:${n}]`);
        if (n < pduLength) expect(x.malformed, `${name} cut to ${n} of ${pduLength} bytes`).toBeDefined();
        else expect(x.malformed, `${name} cut to ${n} (only padding removed)`).toBeUndefined();
      }
    });
  }
});

describe('random mutations (seeded)', () => {
  it('5000 mutated frames dissect without errors and keep every field inside the frame', () => {
    const rnd = prng(0x5eed);
    const pick = (n: number): number => Math.floor(rnd() * n);
    let malformedCount = 0;
    for (let i = 0; i < 5000; i++) {
      const [name, { bytes, linkType }] = frames[pick(frames.length)];
      let b = bytes.slice();
      const flips = 1 + pick(4);
      for (let k = 0; k < flips; k++) b[pick(Math.min(b.length, 90))] = pick(256); // headers live in the first bytes
      if (rnd() < 0.2) b = b.slice(0, pick(b.length + 1));
      if (rnd() < 0.1) b = Uint8Array.from([...b, ...Array.from({ length: pick(40) }, () => pick(256))]);
      const x = dissect(b, linkType);
      checkInvariants(x, b, `mutation ${i} of ${name}`);
      if (x.malformed) malformedCount++;
    }
    // the mutations must actually reach the malformed paths, or this test proves little
    expect(malformedCount).toBeGreaterThan(500);
  });

  it('random bytes under every link type', () => {
    const rnd = prng(42);
    for (let i = 0; i < 3000; i++) {
      const b = Uint8Array.from({ length: Math.floor(rnd() * 160) }, () => Math.floor(rnd() * 256));
      if (i % 3 === 0 && b.length > 0) b[0] = 0x45; // give the raw-IP dissector a real start now and then
      for (const lt of [LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL2]) checkInvariants(dissect(b, lt), b, `random ${i} as ${lt}`);
    }
  });

  it('random garbage inside WireGuard, ESP and TLS, with their headers kept or not', () => {
    // [frame, offset of the payload, how many leading payload bytes to keep as they are]
    const cases: [TestFrame, number, number[]][] = [
      [ENCRYPTED_FRAMES.tlsClientHello, 54, [0, 1, 5, 9, 11, 43, 76, 110]], // TCP payload, record, handshake, hello fields
      [ENCRYPTED_FRAMES.tlsServerHello13, 54, [0, 5, 9, 43, 78, 127, 133]],
      [ENCRYPTED_FRAMES.tlsHelloRetryRequest, 40, [0, 5, 9, 43, 78]],
      [ENCRYPTED_FRAMES.tlsAppData, 54, [0, 3, 5, 35]],
      [ENCRYPTED_FRAMES.wgInitiation, 42, [0, 1, 4]],
      [ENCRYPTED_FRAMES.wgTransport, 42, [0, 4, 16]],
      [ENCRYPTED_FRAMES.wgCookieReply, 28, [0, 4]],
      [ENCRYPTED_FRAMES.espTunnel, 20, [0, 4, 8]],
    ];
    const rnd = prng(0xc1a55);
    let dissected = 0;
    for (let i = 0; i < 4000; i++) {
      const [f, at, keeps] = cases[i % cases.length];
      const keep = keeps[Math.floor(rnd() * keeps.length)];
      const b = f.bytes.slice();
      for (let k = at + keep; k < b.length; k++) if (rnd() < 0.5) b[k] = Math.floor(rnd() * 256);
      const cut = rnd() < 0.2 ? b.slice(0, at + Math.floor(rnd() * (b.length - at + 1))) : b;
      const x = dissect(cut, f.linkType);
      checkInvariants(x, cut, `garbage ${i} in ${f === ENCRYPTED_FRAMES.espTunnel ? 'ESP' : 'a frame'} after ${keep} kept bytes`);
      if (x.layers.some((l) => ['tls', 'wg', 'esp'].includes(l.name))) dissected++;
    }
    expect(dissected).toBeGreaterThan(1500); // the garbage did reach the three dissectors
  });

  it('a dissector that throws becomes a malformed mark, not an exception', () => {
    const off = registerUdpPort(53, () => {
      throw new Error('boom');
    });
    try {
      const x = dissect(FRAMES.rawIpUdp.bytes, LinkType.RAW);
      expect(x.malformed?.reason).toBe('dissector error: boom');
      expect(x.layers[x.layers.length - 1].name).toBe('_ws.malformed');
    } finally {
      off();
    }
  });
});
