/**
 * Unit checks of the small pieces: replay window edges (8128 counters, as the kernel sizes it), TAI64N, transport
 * padding and sizes, cookie reply round trip, allowed-IP routing, timer names and the keylog text.
 */
import { describe, expect, it } from 'vitest';
import { assignAllowedIps, lookupPeer, normalizeAllowedIp } from './allowedIps';
import { COOKIE_REPLY_SIZE, KEEPALIVE_SIZE, REPLAY_WINDOW } from './constants';
import { consumeCookieReply, cookieKeyFor, createCookieReply, makeCookie } from './cookie';
import { createDevice, generatePrivateKey, publicKeyOf, setPeer } from './device';
import { formatKeylog } from './keylog';
import { createReplayWindow, replayAccept, replayCheck } from './replay';
import { compareTai64n, tai64n, tai64nToUs } from './tai64n';
import { parseTimerName, timerName } from './timers';
import { decryptTransport, encryptTransport, paddedLength, transportHeader } from './transport';

const key = (b: number): Uint8Array => new Uint8Array(32).fill(b);
const seqRand = (): ((n: number) => Uint8Array) => {
  let c = 0;
  return (n) => Uint8Array.from({ length: n }, () => (c++ * 37 + 11) & 255);
};

describe('replay window', () => {
  it('spans 8128 counters: greatest - 8127 is still checked, greatest - 8128 is too old', () => {
    expect(REPLAY_WINDOW).toBe(8128);
    const w = createReplayWindow();
    replayAccept(w, 10_000);
    expect(replayCheck(w, 10_000 - 8127)).toBe('ok');
    expect(replayCheck(w, 10_000 - 8128)).toBe('too-old');
    expect(replayCheck(w, 10_000)).toBe('replayed');
    expect(replayCheck(w, 10_001)).toBe('ok');
  });

  it('accepts out-of-order counters once each, across word boundaries and big jumps', () => {
    const w = createReplayWindow();
    const order = [0, 2, 1, 31, 33, 32, 64, 63, 5000, 40, 8000, 9000];
    for (const c of order) {
      expect(replayCheck(w, c)).toBe('ok');
      replayAccept(w, c);
      expect(replayCheck(w, c)).toBe('replayed');
    }
    expect(replayCheck(w, 871)).toBe('too-old'); // 9000 - 871 = 8129
    expect(replayCheck(w, 873)).toBe('ok');
    replayAccept(w, 100_000); // a jump beyond the ring clears it
    expect(replayCheck(w, 99_999)).toBe('ok');
    expect(replayCheck(w, 100_000 - 8192)).toBe('too-old');
    expect(w.greatest).toBe(100_000);
  });

  it('clears reused ring words when the window slides', () => {
    const w = createReplayWindow();
    replayAccept(w, 5);
    replayAccept(w, 5 + 8192); // same ring slot as 5
    expect(replayCheck(w, 5 + 8192)).toBe('replayed');
    expect(replayCheck(w, 5 + 8192 - 1)).toBe('ok');
    expect(replayCheck(w, 5 + 8192 - 8000)).toBe('ok');
  });
});

describe('TAI64N', () => {
  it('is 2^62 + 10 + Unix seconds, then nanoseconds, big-endian', () => {
    const t = tai64n(1_532_126_321_356_537);
    expect(Buffer.from(t).toString('hex')).toBe('400000005b52647b' + (356_537_000).toString(16).padStart(8, '0'));
    expect(tai64nToUs(t)).toBe(1_532_126_321_356_537);
    expect(compareTai64n(tai64n(5_000_001), tai64n(5_000_000))).toBeGreaterThan(0);
    expect(compareTai64n(tai64n(4_000_000), tai64n(5_000_000))).toBeLessThan(0);
  });
});

describe('transport messages', () => {
  it('pads to a multiple of 16 but never beyond the MTU, keepalive is 32 bytes', () => {
    expect([0, 1, 16, 17, 84, 1419, 1420, 1421, 1500].map((n) => paddedLength(n))).toEqual([0, 16, 16, 32, 96, 1420, 1420, 1421, 1500]);
    expect(paddedLength(100, 1280)).toBe(112);
    const ka = encryptTransport(key(1), 0x01020304, 7, new Uint8Array(0));
    expect(ka).toHaveLength(KEEPALIVE_SIZE);
    expect(Array.from(ka.subarray(0, 16))).toEqual([4, 0, 0, 0, 4, 3, 2, 1, 7, 0, 0, 0, 0, 0, 0, 0]);
    expect(transportHeader(ka)).toEqual({ receiverIndex: 0x01020304, counter: 7 });
    expect(decryptTransport(key(1), ka)).toEqual(new Uint8Array(0));
    expect(decryptTransport(key(2), ka)).toBeUndefined();
    const d = encryptTransport(key(1), 9, 2 ** 40, new Uint8Array(33).fill(0xaa));
    expect(d).toHaveLength(16 + 48 + 16);
    expect(transportHeader(d).counter).toBe(2 ** 40);
    expect(decryptTransport(key(1), d)!.subarray(0, 34)).toEqual(Uint8Array.from([...new Uint8Array(33).fill(0xaa), 0]));
  });
});

describe('cookie reply', () => {
  it('is 64 bytes and opens only with the responder cookie key and the mac1 it answers', () => {
    const responderPub = publicKeyOf(key(3));
    const cookie = makeCookie(key(9), 0xc0a80001, 51820);
    expect(cookie).toHaveLength(16);
    expect(makeCookie(key(9), 0xc0a80001, 51821)).not.toEqual(cookie);
    const mac1 = new Uint8Array(16).fill(5);
    const m = createCookieReply({ receiverIndex: 42, nonce: new Uint8Array(24).fill(7), cookie, cookieKey: cookieKeyFor(responderPub), mac1 });
    expect(m).toHaveLength(COOKIE_REPLY_SIZE);
    expect(Array.from(m.subarray(0, 8))).toEqual([3, 0, 0, 0, 42, 0, 0, 0]);
    expect(consumeCookieReply(m, cookieKeyFor(responderPub), mac1)).toEqual(cookie);
    expect(consumeCookieReply(m, cookieKeyFor(responderPub), new Uint8Array(16))).toBeUndefined();
    expect(consumeCookieReply(m, cookieKeyFor(publicKeyOf(key(4))), mac1)).toBeUndefined();
  });
});

describe('keys, peers and allowed IPs', () => {
  it('generates clamped private keys from the RNG', () => {
    const k = generatePrivateKey(() => new Uint8Array(32).fill(0xff));
    expect(k[0]).toBe(0xf8);
    expect(k[31]).toBe(0x7f);
    expect(generatePrivateKey(() => new Uint8Array(32))[31]).toBe(0x40);
  });

  it('routes by longest prefix and moves an allowed IP to the peer that last claimed it', () => {
    const rand = seqRand();
    const dev = createDevice({ privateKey: generatePrivateKey(rand), listenPort: 51871 });
    expect(dev.mtu).toBe(1420);
    const p1 = setPeer(dev, { publicKey: publicKeyOf(generatePrivateKey(rand)), allowedIps: [{ net: 0x0af40000, bits: 16 }] });
    const k2 = publicKeyOf(generatePrivateKey(rand));
    const p2 = setPeer(dev, { publicKey: k2, allowedIps: [{ net: 0x0af40205, bits: 32 }, { net: 0x0af40307, bits: 24 }] });
    expect(normalizeAllowedIp({ net: 0x0af40307, bits: 24 })).toEqual({ net: 0x0af40300, bits: 24 });
    expect(lookupPeer(dev, 0x0af40205)?.index).toBe(p2);
    expect(lookupPeer(dev, 0x0af40206)?.index).toBe(p1);
    expect(lookupPeer(dev, 0x0af403fe)?.index).toBe(p2);
    expect(lookupPeer(dev, 0x0a000001)).toBeUndefined();
    assignAllowedIps(dev, dev.peers[p1], [{ net: 0x0af40205, bits: 32 }]);
    expect(dev.peers[p2].allowedIps).toEqual([{ net: 0x0af40300, bits: 24 }]);
    expect(setPeer(dev, { publicKey: k2, allowedIps: [] })).toBe(p2); // update keeps the index
    expect(() => setPeer(dev, { publicKey: dev.publicKey, allowedIps: [] })).toThrow(/own public key/);
  });
});

describe('names and text formats', () => {
  it('names timers <kind>:<peer>', () => {
    expect(timerName('retransmit-handshake', 3)).toBe('retransmit-handshake:3');
    expect(parseTimerName('zero-key-material:12')).toEqual({ kind: 'zero-key-material', peer: 12 });
    expect(parseTimerName('bogus:1')).toBeUndefined();
  });

  it('writes the Wireshark key log with each PRESHARED_KEY right after its ephemeral key', () => {
    const e = { localStaticPrivate: key(1), remoteStaticPublic: key(2), localEphemeralPrivate: key(3), presharedKey: key(0) };
    expect(formatKeylog([e, { ...e, localEphemeralPrivate: key(4), presharedKey: key(0xff) }])).toBe([
      `LOCAL_STATIC_PRIVATE_KEY = ${Buffer.from(key(1)).toString('base64')}`,
      `REMOTE_STATIC_PUBLIC_KEY = ${Buffer.from(key(2)).toString('base64')}`,
      `LOCAL_EPHEMERAL_PRIVATE_KEY = ${Buffer.from(key(3)).toString('base64')}`,
      `PRESHARED_KEY = ${Buffer.from(key(0)).toString('base64')}`,
      `LOCAL_EPHEMERAL_PRIVATE_KEY = ${Buffer.from(key(4)).toString('base64')}`,
      `PRESHARED_KEY = ${Buffer.from(key(0xff)).toString('base64')}`,
      '',
    ].join('\n'));
    expect(formatKeylog([])).toBe('');
  });
});
