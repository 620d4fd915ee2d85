/**
 * Hostile and broken input: each case ends in its named drop and delivers nothing. Tampered, replayed and too-old
 * transport packets, bad mac1, initiations to the wrong static key, from an unknown key or replayed, spoofed inner
 * sources, unknown indexes, forged cookie replies, initiation floods, a wrong preshared key, stale timers.
 */
import { describe, expect, it } from 'vitest';
import { createDevice, generatePrivateKey, setPeer } from './device';
import { createInitiation } from './handshake';
import { sealMacs, mac1KeyFor } from './cookie';
import { createPair, hostReceive, hostSend, runUntil, type Loopback } from './loopback';
import { tai64n } from './tai64n';
import { timer } from './timerHandlers';
import { A_IP, B_IP, S, T0, events, ipv4, messages } from './testPackets.test-helper';

/** A pair with a completed handshake and one packet delivered to B. */
function established(seed: number): Loopback {
  const loop = createPair(seed, { start: T0 });
  hostSend(loop, 0, ipv4(A_IP, B_IP, 20, 0));
  runUntil(loop, T0 + S);
  expect(loop.hosts[1].delivered).toHaveLength(1);
  return loop;
}

/** Sends from A and returns the wire bytes instead of delivering them. */
function capture(loop: Loopback, packet: Uint8Array): Uint8Array {
  const out = hostSend(loop, 0, packet);
  loop.inFlight = [];
  const s = out.find((a) => a.kind === 'send');
  if (!s || s.kind !== 'send') throw new Error('nothing sent');
  return s.bytes;
}

/** Delivers bytes to B from A's endpoint; expects exactly one drop with this reason and no delivery. */
function expectDrop(loop: Loopback, bytes: Uint8Array, reason: string, host = 1): void {
  const before = loop.hosts[host].delivered.length;
  const acts = hostReceive(loop, host, loop.hosts[1 - host].ep, bytes);
  expect(acts.filter((a) => a.kind === 'drop').map((a) => a.kind === 'drop' && a.reason)).toEqual([reason]);
  expect(acts.filter((a) => a.kind === 'deliver' || a.kind === 'send')).toEqual([]);
  expect(loop.hosts[host].delivered).toHaveLength(before);
}

const rand = (() => {
  let c = 0;
  return (n: number) => Uint8Array.from({ length: n }, () => (c++ * 151 + 7) & 255);
})();

describe('negative cases', () => {
  it('drops a transport packet with one flipped bit', () => {
    const loop = established(21);
    const bytes = capture(loop, ipv4(A_IP, B_IP, 40, 1));
    for (const at of [20, bytes.length - 1]) {
      const t = bytes.slice();
      t[at] ^= 0x01;
      expectDrop(loop, t, 'WireGuard: authentication failed (packet tampered or wrong key)');
    }
    const t = bytes.slice();
    t[8] ^= 0x01; // the counter is part of the nonce
    expectDrop(loop, t, 'WireGuard: authentication failed (packet tampered or wrong key)');
    hostReceive(loop, 1, loop.hosts[0].ep, bytes); // the original still passes
    expect(loop.hosts[1].delivered).toHaveLength(2);
  });

  it('drops a replayed transport packet', () => {
    const loop = established(22);
    const bytes = capture(loop, ipv4(A_IP, B_IP, 40, 1));
    hostReceive(loop, 1, loop.hosts[0].ep, bytes);
    expectDrop(loop, bytes, 'WireGuard: replayed counter 1');
    expectDrop(loop, loop.log[2].bytes, 'WireGuard: replayed counter 0');
  });

  it('drops a counter older than the replay window', () => {
    const loop = established(23);
    const old = capture(loop, ipv4(A_IP, B_IP, 40, 1)); // counter 1, held back
    loop.hosts[0].dev.peers[0].current!.sendCounter = 9000;
    hostReceive(loop, 1, loop.hosts[0].ep, capture(loop, ipv4(A_IP, B_IP, 40, 2)));
    expect(loop.hosts[1].delivered).toHaveLength(2);
    expectDrop(loop, old, 'WireGuard: counter 1 older than the replay window (greatest 9000, window 8128)');
  });

  it('drops an initiation with a bad mac1, and one encrypted to another static key', () => {
    const loop = createPair(24, { start: T0 });
    const init = capture(loop, ipv4(A_IP, B_IP, 20));
    const bad = init.slice();
    bad[120] ^= 0x80;
    expectDrop(loop, bad, 'WireGuard: bad mac1');
    const a = loop.hosts[0].dev, b = loop.hosts[1].dev;
    const other = createDevice({ privateKey: generatePrivateKey(rand), listenPort: 1 });
    const mk = (remote: Uint8Array): Uint8Array => createInitiation({ staticPrivate: a.privateKey, remoteStaticPublic: remote,
      ephemeralPrivate: generatePrivateKey(rand), senderIndex: 7, timestamp: tai64n(T0 + S) }).bytes;
    expectDrop(loop, mk(other.publicKey), 'WireGuard: bad mac1'); // mac1 is keyed to the wrong responder too
    const resealed = mk(other.publicKey);
    sealMacs(resealed, mac1KeyFor(b.publicKey), null);
    expectDrop(loop, resealed, 'WireGuard: initiation not encrypted to our static key (or tampered)');
    expect(events(loop, 1, 'handshake')).toEqual([]);
  });

  it('drops an initiation from an unknown static key', () => {
    const loop = createPair(25, { start: T0 });
    const stranger = createDevice({ privateKey: generatePrivateKey(rand), listenPort: 51820 });
    const init = createInitiation({ staticPrivate: stranger.privateKey, remoteStaticPublic: loop.hosts[1].dev.publicKey,
      ephemeralPrivate: generatePrivateKey(rand), senderIndex: 1, timestamp: tai64n(T0) }).bytes;
    expectDrop(loop, init, 'WireGuard: initiation from unknown static key');
    expect(loop.hosts[1].dev.indexes).toEqual({});
  });

  it('drops a replayed initiation (old timestamp) and an initiation flood', () => {
    const loop = established(26);
    const first = loop.log[0].bytes;
    runUntil(loop, T0 + 10 * S);
    expectDrop(loop, first, 'WireGuard: replayed initiation (timestamp not newer than the last accepted one)');
    const a = loop.hosts[0].dev, b = loop.hosts[1].dev;
    const mk = (t: number): Uint8Array => createInitiation({ staticPrivate: a.privateKey, remoteStaticPublic: b.publicKey,
      ephemeralPrivate: generatePrivateKey(rand), senderIndex: t % 1000, timestamp: tai64n(t) }).bytes;
    hostReceive(loop, 1, loop.hosts[0].ep, mk(loop.now));
    expectDrop(loop, mk(loop.now + 1), 'WireGuard: initiation flood (more than 50 per second from peer 0)');
  });

  it('drops a packet whose inner source is not in the peer allowed IPs', () => {
    const loop = established(27);
    expectDrop(loop, capture(loop, ipv4(0x0a010203, B_IP, 40)), 'WireGuard: source 10.1.2.3 not in peer allowed IPs');
  });

  it('drops unknown receiver indexes, malformed packets and packets nobody routes', () => {
    const loop = established(28);
    const t = capture(loop, ipv4(A_IP, B_IP, 40));
    t[4] ^= 0xff;
    const idx = (t[4] | (t[5] << 8) | (t[6] << 16) | (t[7] << 24)) >>> 0;
    expectDrop(loop, t, `WireGuard: unknown receiver index 0x${idx.toString(16).padStart(8, '0')}`);
    expectDrop(loop, new Uint8Array(31).fill(4), 'WireGuard: malformed packet (type 0x04040404, 31 bytes)');
    expectDrop(loop, Uint8Array.of(4, 0, 0, 0, ...new Uint8Array(40)), 'WireGuard: unknown receiver index 0x00000000');
    expectDrop(loop, Uint8Array.of(1, 0, 0, 1, ...new Uint8Array(144)), 'WireGuard: malformed packet (type 0x01000001, 148 bytes)');
    expect(hostSend(loop, 0, ipv4(A_IP, 0x0af40205, 10))).toEqual([{ kind: 'drop', reason: 'WireGuard: no peer has allowed IPs for 10.244.2.5',
      bytes: ipv4(A_IP, 0x0af40205, 10) }]);
    expect(hostSend(loop, 0, new Uint8Array(40).fill(0x60))[0]).toMatchObject({ kind: 'drop',
      reason: 'WireGuard: not an IPv4 packet (the lab tunnels IPv4 only)' });
  });

  it('drops a forged cookie reply and a response made with another preshared key', () => {
    const loop = createPair(29, { start: T0 });
    const init = capture(loop, ipv4(A_IP, B_IP, 20));
    const forged = Uint8Array.of(3, 0, 0, 0, ...init.subarray(4, 8), ...new Uint8Array(56));
    expectDrop(loop, forged, 'WireGuard: cookie reply authentication failed', 0);
    setPeer(loop.hosts[1].dev, { publicKey: loop.hosts[0].dev.publicKey, presharedKey: new Uint8Array(32).fill(9), allowedIps: [{ net: A_IP, bits: 32 }] });
    const acts = hostReceive(loop, 1, loop.hosts[0].ep, init);
    const resp = acts.find((a) => a.kind === 'send');
    expectDrop(loop, resp?.kind === 'send' ? resp.bytes : new Uint8Array(), 'WireGuard: response authentication failed (wrong static key or preshared key)', 0);
    expect(loop.hosts[0].dev.peers[0].current).toBeNull();
  });

  it('ignores timers that were cancelled or re-armed for later, and unknown names', () => {
    const loop = established(30);
    const dev = loop.hosts[1].dev;
    expect(dev.peers[0].timers['send-keepalive']).toBeGreaterThan(0);
    expect(timer(dev, 'send-keepalive:0', T0 + 2 * S, rand)).toEqual([]); // not due yet
    expect(timer(dev, 'retransmit-handshake:0', T0 + 20 * S, rand)).toEqual([]); // not armed
    expect(timer(dev, 'nonsense', T0, rand)).toEqual([]);
    expect(timer(dev, 'send-keepalive:5', T0, rand)).toEqual([]);
    expect(messages(loop)).toEqual(['0>1 initiation', '1>0 response', '0>1 data']);
  });

  it('bounds the staged queue at 128 packets, dropping the oldest', () => {
    const loop = createPair(32, { start: T0 });
    const pkts = Array.from({ length: 130 }, (_, i) => ipv4(A_IP, B_IP, 10, i));
    for (const p of pkts) hostSend(loop, 0, p);
    expect(loop.hosts[0].drops).toEqual([0, 1].map((i) => ({ at: T0, reason: 'WireGuard: staged queue full (128 packets), oldest dropped', peer: 0,
      bytes: pkts[i] })));
    runUntil(loop, T0 + S);
    expect(loop.hosts[1].delivered.map((d) => d.packet)).toEqual(pkts.slice(2));
  });

  it('rekeys once REKEY_AFTER_MESSAGES have been sent', () => {
    const loop = established(31);
    runUntil(loop, T0 + 6 * S); // past the REKEY_TIMEOUT rate limit of the first initiation
    loop.hosts[0].dev.peers[0].current!.sendCounter = 2 ** 60;
    const out = hostSend(loop, 0, ipv4(A_IP, B_IP, 20));
    expect(out.filter((a) => a.kind === 'send').map((a) => a.kind === 'send' && a.message)).toEqual(['data', 'initiation']);
  });
});
