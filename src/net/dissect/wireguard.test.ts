import { describe, expect, it } from 'vitest';
import { ENCRYPTED_FRAMES } from './encryptedFrames.test-helper';
import { dissect, findField, findFields, type Dissection } from './index';
import { LinkType } from './tree';

const d = (name: keyof typeof ENCRYPTED_FRAMES): Dissection => dissect(ENCRYPTED_FRAMES[name].bytes, ENCRYPTED_FRAMES[name].linkType);
function at(x: Dissection, name: string, start: number, length: number, value?: unknown): void {
  const f = findField(x, name);
  expect(f, `${name} missing`).toBeDefined();
  expect({ name, start: f!.start, length: f!.length }).toEqual({ name, start, length });
  if (value !== undefined) expect(f!.value, name).toEqual(value);
}

/** A raw-IP UDP datagram to 51871 carrying `payload` (checksum 0: none). */
function udp(payload: number[]): Uint8Array {
  const len = 28 + payload.length;
  return new Uint8Array([0x45, 0, len >> 8, len & 0xff, 0, 0, 0x40, 0, 64, 17, 0, 0, 192, 168, 61, 11, 192, 168, 61, 12,
    0xca, 0x6c, 0xca, 0x9f, (len - 20) >> 8, (len - 20) & 0xff, 0, 0, ...payload]);
}

describe('WireGuard handshake messages', () => {
  it('an initiation on Calico\'s 51820: sender, ephemeral key, the sealed parts and the MACs', () => {
    const x = d('wgInitiation');
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'udp', 'wg']);
    expect(x.summary).toMatchObject({ protocol: 'WireGuard', info: 'Handshake Initiation, sender=0x1A2B3C4D' });
    at(x, 'wg', 42, 148);
    at(x, 'wg.type', 42, 1, 1);
    at(x, 'wg.reserved', 43, 3, '000000');
    at(x, 'wg.sender', 46, 4, 0x1a2b3c4d);
    at(x, 'wg.ephemeral', 50, 32, 'xn6Ba0v74vtU9r3ffBzhhwG/Md5Wcg9HZ2aHWaqIPFk=');
    at(x, 'wg.encrypted_static', 82, 48);
    at(x, 'wg.encrypted_timestamp', 130, 28);
    at(x, 'wg.mac1', 158, 16, '1966fb7f2f908295424b45799d1767e5');
    at(x, 'wg.mac2', 174, 16, '0'.repeat(32));
    expect(findField(x, 'wg.type')?.label).toBe('Type: Handshake Initiation (1)');
    expect(findField(x, 'wg.sender')?.label).toBe('Sender: 0x1a2b3c4d');
    // tshark's PDML puts this keyless note at the key's offset plus the layer's (50 + 42)
    expect(findField(x, 'wg.ephemeral.known_privkey')).toMatchObject({ start: 92, length: 0, generated: true, label: 'Has Private Key: False' });
    expect(x.malformed).toBeUndefined();
  });

  it('a response names both indexes; its empty payload is sealed', () => {
    const x = d('wgResponse');
    expect(x.summary.info).toBe('Handshake Response, sender=0x5E6F7A8B, receiver=0x1A2B3C4D');
    at(x, 'wg.sender', 46, 4, 0x5e6f7a8b);
    at(x, 'wg.receiver', 50, 4, 0x1a2b3c4d);
    at(x, 'wg.ephemeral', 54, 32);
    at(x, 'wg.encrypted_empty', 86, 16);
    at(x, 'wg.mac2', 118, 16);
  });

  it('a cookie reply on raw IP: nonce and encrypted cookie', () => {
    const x = d('wgCookieReply');
    expect(x.layers.map((l) => l.name)).toEqual(['raw', 'ip', 'udp', 'wg']);
    expect(x.summary.info).toBe('Cookie Reply, receiver=0x1A2B3C4D');
    at(x, 'wg.nonce', 36, 24);
    at(x, 'wg.encrypted_cookie', 60, 32);
  });
});

describe('WireGuard transport data', () => {
  it('counter (little-endian u64) and the encrypted packet; datalen leaves out header and tag', () => {
    const x = d('wgTransport');
    expect(x.summary.info).toBe('Transport Data, receiver=0x5E6F7A8B, counter=4294967303, datalen=64');
    at(x, 'wg.counter', 50, 8, 4294967303);
    at(x, 'wg.encrypted_packet', 58, 80);
  });

  it('a keepalive (32 bytes) says so, found on a port WireGuard does not own', () => {
    const x = d('wgKeepalive');
    expect(findField(x, 'udp.srcport')?.value).toBe(40123);
    expect(x.summary.info).toBe('Keepalive, receiver=0x1A2B3C4D, counter=3');
    at(x, 'wg.encrypted_packet', 58, 16);
    expect(findField(x, 'wg.keepalive')).toMatchObject({ label: 'This is a Keepalive message', length: 0 });
  });

  it('a ciphertext that is not a multiple of 16 is still WireGuard (tshark: datalen=1; full-MTU packets carry 1420)', () => {
    const x = dissect(udp([4, 0, 0, 0, 1, 0, 0, 0, ...new Array(8).fill(0), ...new Array(17).fill(0xaa)]), LinkType.RAW);
    expect(x.summary.info).toBe('Transport Data, receiver=0x00000001, counter=0, datalen=1');
    expect(x.malformed).toBeUndefined();
  });
});

describe('the WireGuard heuristic declines what is not WireGuard', () => {
  const layers = (p: number[]): string[] => dissect(udp(p), LinkType.RAW).layers.map((l) => l.name);
  it('declines a transport message shorter than header + tag (bad length), which stays UDP data', () => {
    expect(layers([4, 0, 0, 0, ...new Array(27).fill(1)])).toEqual(['raw', 'ip', 'udp', 'data']);
    expect(layers([4, 0, 0, 0, ...new Array(28).fill(1)])).toEqual(['raw', 'ip', 'udp', 'wg']);
  });

  it('declines handshake messages one byte short or long, nonzero reserved bytes and unknown types', () => {
    const init = Array.from(ENCRYPTED_FRAMES.wgInitiation.bytes.subarray(42));
    expect(layers(init)).toEqual(['raw', 'ip', 'udp', 'wg']);
    expect(layers(init.slice(0, 147))).toEqual(['raw', 'ip', 'udp', 'data']);
    expect(layers([...init, 0])).toEqual(['raw', 'ip', 'udp', 'data']);
    expect(layers([4, 1, 0, 0, ...new Array(28).fill(0)])).toEqual(['raw', 'ip', 'udp', 'data']);
    expect(layers([5, 0, 0, 0, ...new Array(28).fill(0)])).toEqual(['raw', 'ip', 'udp', 'data']);
  });

  it('every field of every message stays inside its frame', () => {
    for (const name of ['wgInitiation', 'wgResponse', 'wgCookieReply', 'wgTransport', 'wgKeepalive'] as const) {
      const x = d(name);
      const frame = ENCRYPTED_FRAMES[name].bytes;
      for (const f of findFields(x, 'wg').flatMap((l) => l.children ?? [])) expect(f.start + f.length, `${name} ${f.name}`).toBeLessThanOrEqual(frame.length);
    }
  });
});
