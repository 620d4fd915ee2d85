/**
 * Two devices talking through a fake loop (loopback.ts): handshake on the first packet with staged packets
 * delivered in order, data both ways, keepalive confirmation, a responder waiting for confirmation, simultaneous
 * initiation, removing a peer, and snapshot determinism (structuredClone mid-conversation).
 */
import { describe, expect, it } from 'vitest';
import { INITIATION_SIZE, KEEPALIVE_SIZE, RESPONSE_SIZE } from './constants';
import { createPair, hostSend, runUntil, type Loopback } from './loopback';
import { removePeer } from './device';
import { A_IP, B_IP, S, T0, chat, events, ipv4, messages, u32le } from './testPackets.test-helper';

describe('two devices in a loop', () => {
  it('handshakes on the first packet and delivers the staged packets in order, then data flows both ways', () => {
    const loop = createPair(1, { start: T0 });
    const sent = [ipv4(A_IP, B_IP, 40, 1), ipv4(A_IP, B_IP, 1300, 2), ipv4(A_IP, B_IP, 0, 3)];
    const first = hostSend(loop, 0, sent[0]);
    expect(first.map((a) => a.kind)).toEqual(['handshake', 'send', 'arm']); // arm: retransmit-handshake
    expect(first[0]).toMatchObject({ kind: 'handshake', role: 'initiator', event: 'initiation-sent' });
    hostSend(loop, 0, sent[1]);
    hostSend(loop, 0, sent[2]);
    runUntil(loop, T0 + S);
    expect(messages(loop)).toEqual(['0>1 initiation', '1>0 response', '0>1 data', '0>1 data', '0>1 data']);
    expect(loop.log.slice(0, 2).map((p) => p.bytes.length)).toEqual([INITIATION_SIZE, RESPONSE_SIZE]);
    expect(loop.log.slice(2).map((p) => p.bytes.length)).toEqual([32 + 64, 32 + 1328, 32 + 32]);
    expect(loop.log.slice(2).map((p) => u32le(p.bytes, 8))).toEqual([0, 1, 2]);
    expect(loop.hosts[1].delivered.map((d) => d.packet)).toEqual(sent);
    expect(loop.hosts[1].drops).toEqual([]);

    // Handshake events on both sides with traces that agree token by token.
    const hsA = events(loop, 0, 'handshake'), hsB = events(loop, 1, 'handshake');
    expect(hsA.map((e) => e.event)).toEqual(['initiation-sent', 'response-received']);
    expect(hsB.map((e) => e.event)).toEqual(['initiation-received', 'response-sent']);
    expect(hsA[0].trace.map((s) => s.token)).toEqual(['initialize', 'prologue', '<- s', 'e', 'es', 's', 'ss', '{t}']);
    expect(hsB[0].trace).toEqual(hsA[0].trace);
    expect(hsB[1].trace).toEqual(hsA[1].trace);
    expect(hsA[0].keylog?.localEphemeralPrivate).toHaveLength(32);
    expect(events(loop, 0, 'keypair').map((e) => e.event)).toEqual(['new', 'confirmed']);
    expect(events(loop, 1, 'keypair').map((e) => e.event)).toEqual(['new', 'confirmed']);

    hostSend(loop, 1, ipv4(B_IP, A_IP, 100, 9));
    hostSend(loop, 0, ipv4(A_IP, B_IP, 10, 10));
    runUntil(loop, T0 + 2 * S);
    expect(loop.hosts[0].delivered.map((d) => d.packet)).toEqual([ipv4(B_IP, A_IP, 100, 9)]);
    expect(loop.hosts[1].delivered).toHaveLength(4);
    const [pa, pb] = [loop.hosts[0].dev.peers[0], loop.hosts[1].dev.peers[0]];
    expect(pa.lastHandshake).toBeGreaterThan(T0);
    expect(pa.txBytes).toBe(pb.rxBytes);
    expect(pb.txBytes).toBe(pa.rxBytes);
  });

  it('sends a keepalive after the handshake when nothing is staged, which confirms the responder', () => {
    const loop = createPair(11, { start: T0 });
    loop.hosts[0].dev.peers[0].persistentKeepalive = 25;
    hostSend(loop, 0, ipv4(A_IP, B_IP, 0)); // staged, handshake
    loop.hosts[0].dev.peers[0].staged = [];
    runUntil(loop, T0 + S);
    expect(messages(loop)).toEqual(['0>1 initiation', '1>0 response', '0>1 keepalive']);
    expect(loop.log[2].bytes).toHaveLength(KEEPALIVE_SIZE);
    expect(events(loop, 1, 'keypair').map((e) => e.event)).toEqual(['new', 'confirmed']);
    expect(loop.hosts[1].delivered).toEqual([]);
    runUntil(loop, T0 + 26 * S); // persistent keepalive every 25 s
    expect(messages(loop).slice(3)).toEqual(['0>1 keepalive']);
  });

  it('keeps a responder\'s packets staged until the initiator confirms the session', () => {
    const loop = createPair(14, { start: T0 });
    hostSend(loop, 0, ipv4(A_IP, B_IP, 20, 1));
    runUntil(loop, T0 + 150); // B has answered; the response is still in flight
    expect(hostSend(loop, 1, ipv4(B_IP, A_IP, 20, 2)).filter((a) => a.kind === 'send')).toEqual([]);
    runUntil(loop, T0 + S);
    expect(messages(loop)).toEqual(['0>1 initiation', '1>0 response', '0>1 data', '1>0 data']);
    expect(loop.hosts[0].delivered.map((d) => d.packet)).toEqual([ipv4(B_IP, A_IP, 20, 2)]);
  });

  it('survives both sides initiating at once, and keeps rekeying without losing packets', () => {
    const loop = createPair(15, { start: T0 });
    hostSend(loop, 0, ipv4(A_IP, B_IP, 20, 1));
    hostSend(loop, 1, ipv4(B_IP, A_IP, 20, 2));
    runUntil(loop, T0 + S);
    expect(loop.hosts[0].delivered).toHaveLength(1);
    expect(loop.hosts[1].delivered).toHaveLength(1);
    chat(loop, 1, 400);
    expect(loop.hosts[0].drops).toEqual([]);
    expect(loop.hosts[1].drops).toEqual([]);
    expect(loop.hosts[0].delivered).toHaveLength(400);
    expect(loop.hosts[1].delivered).toHaveLength(400);
    // Two initial handshakes, then a rekey about every 120 s (the sides converge on one initiator).
    expect(loop.log.filter((p) => p.message === 'initiation').length).toBeGreaterThanOrEqual(5);
  });

  it('removePeer cancels the peer timers and frees its indexes', () => {
    const loop = createPair(8, { start: T0 });
    hostSend(loop, 0, ipv4(A_IP, B_IP, 20));
    runUntil(loop, T0 + S);
    const dev = loop.hosts[0].dev;
    const acts = removePeer(dev, dev.peers[0].publicKey);
    expect(acts.filter((a) => a.kind === 'cancel').map((a) => a.kind === 'cancel' && a.timer).sort())
      .toEqual(['new-handshake:0', 'zero-key-material:0']);
    expect(dev.indexes).toEqual({});
    expect(dev.peers[0].removed).toBe(true);
    expect(hostSend(loop, 0, ipv4(A_IP, B_IP, 20))).toEqual([expect.objectContaining({ kind: 'drop',
      reason: 'WireGuard: no peer has allowed IPs for 10.0.0.2' })]);
  });

  it('continues identically from a structuredClone snapshot', () => {
    const loop = createPair(9, { start: T0 });
    chat(loop, 0, 60);
    const fork: Loopback = structuredClone(loop);
    const n = loop.log.length;
    chat(loop, 60, 200);
    chat(fork, 60, 200);
    expect(loop.log.filter((p) => p.message === 'initiation').length).toBeGreaterThan(1); // a rekey happened after the fork
    expect(fork.log.slice(n).map((p) => Buffer.from(p.bytes).toString('hex'))).toEqual(loop.log.slice(n).map((p) => Buffer.from(p.bytes).toString('hex')));
    expect(fork.hosts.map((h) => h.dev)).toEqual(loop.hosts.map((h) => h.dev));
  });
});
