import { describe, expect, it } from 'vitest';
import { dissect, registerUdpPort, type Dissection, type Field } from './index';
import { FRAMES, prng, type TestFrame } from './frames.test-helper';
import { LinkType } from './tree';

const frames = Object.entries(FRAMES) as [string, TestFrame][];

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
