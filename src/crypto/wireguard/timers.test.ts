/**
 * Whitepaper §6 timers through the loop: rekey after REKEY_AFTER_TIME (the old keypair still decrypts late
 * packets), REJECT_AFTER_TIME expiry, key zeroing after 3 x REJECT_AFTER_TIME, passive keepalive, a new handshake
 * when sent data gets no answer, and retransmission with jitter until giving up after 18 attempts.
 */
import { describe, expect, it } from 'vitest';
import { createPair, hostReceive, hostSend, runUntil } from './loopback';
import { A_IP, B_IP, S, T0, chat, events, ipv4, messages, u32le } from './testPackets.test-helper';

describe('timers', () => {
  it('rekeys after REKEY_AFTER_TIME of traffic; the old keypair still decrypts a late packet', () => {
    const loop = createPair(2, { start: T0 });
    let held: Uint8Array | undefined;
    chat(loop, 0, 140, (p) => {
      if (!held && p.from === 0 && p.message === 'data' && p.at > T0 + 119 * S) {
        held = p.bytes;
        return null;
      }
      return p.bytes;
    });
    const inits = loop.log.filter((p) => p.message === 'initiation');
    expect(inits.map((p) => p.from)).toEqual([0, 0]); // only the initiator rekeys
    const age = inits[1].at - inits[0].at;
    expect(age).toBeGreaterThanOrEqual(120 * S);
    expect(age).toBeLessThanOrEqual(121 * S); // the first send at or after 120 s
    const [r1, r2] = loop.log.filter((p) => p.message === 'response').map((p) => u32le(p.bytes, 4));
    const late = loop.log.filter((p) => p.from === 0 && p.message === 'data' && p.at > inits[1].at + S);
    expect(late.length).toBeGreaterThan(10);
    expect(new Set(late.map((p) => u32le(p.bytes, 4)))).toEqual(new Set([r2]));
    expect(u32le(held!, 4)).toBe(r1);
    // The held packet (old keypair, now "previous" at B) is still accepted.
    const before = loop.hosts[1].delivered.length;
    hostReceive(loop, 1, loop.hosts[0].ep, held!);
    expect(loop.hosts[1].delivered).toHaveLength(before + 1);
    expect(loop.hosts[1].drops).toEqual([]);
    expect(events(loop, 1, 'keypair').map((e) => e.event)).toEqual(['new', 'confirmed', 'new', 'confirmed']);
  });

  it('refuses a keypair after REJECT_AFTER_TIME, then handshakes again on the next packet', () => {
    const loop = createPair(3, { start: T0 });
    hostSend(loop, 0, ipv4(A_IP, B_IP, 20, 1));
    runUntil(loop, T0 + S);
    const out = hostSend(loop, 0, ipv4(A_IP, B_IP, 20, 2));
    const held = out.find((a) => a.kind === 'send')!;
    loop.inFlight = []; // lost
    runUntil(loop, T0 + 181 * S);
    const acts = hostReceive(loop, 1, loop.hosts[0].ep, held.kind === 'send' ? held.bytes : new Uint8Array());
    expect(acts).toContainEqual(expect.objectContaining({ kind: 'keypair', event: 'expired' }));
    expect(acts).toContainEqual(expect.objectContaining({ kind: 'drop', reason: 'WireGuard: keypair expired (REJECT_AFTER_TIME)' }));
    expect(loop.hosts[1].delivered).toHaveLength(1);

    const n = loop.log.length;
    const again = hostSend(loop, 0, ipv4(A_IP, B_IP, 20, 3));
    expect(again).toContainEqual(expect.objectContaining({ kind: 'keypair', event: 'expired' }));
    runUntil(loop, T0 + 182 * S);
    expect(messages(loop).slice(n)).toEqual(['0>1 initiation', '1>0 response', '0>1 data']);
    expect(loop.hosts[1].delivered).toHaveLength(2);
  });

  it('zeroes all keys 3 x REJECT_AFTER_TIME after the last handshake', () => {
    const loop = createPair(12, { start: T0 });
    hostSend(loop, 0, ipv4(A_IP, B_IP, 20));
    runUntil(loop, T0 + 539 * S);
    expect(loop.hosts[0].dev.peers[0].current).not.toBeNull();
    runUntil(loop, T0 + 541 * S);
    for (const h of loop.hosts) {
      const p = h.dev.peers[0];
      expect([p.previous, p.current, p.next]).toEqual([null, null, null]);
      expect(Object.keys(h.dev.indexes)).toEqual([]);
      expect(h.events.at(-1)?.action).toMatchObject({ kind: 'keypair', event: 'retired' });
    }
  });

  it('sends a passive keepalive KEEPALIVE_TIMEOUT after receiving data, and nothing more', () => {
    const loop = createPair(4, { start: T0 });
    hostSend(loop, 0, ipv4(A_IP, B_IP, 20));
    runUntil(loop, T0 + 60 * S);
    expect(messages(loop)).toEqual(['0>1 initiation', '1>0 response', '0>1 data', '1>0 keepalive']);
    const ka = loop.log[3];
    expect(ka.bytes).toHaveLength(32);
    expect(ka.at - loop.log[2].at).toBe(10 * S + loop.latency);
  });

  it('handshakes again when data sent gets no answer for KEEPALIVE_TIMEOUT + REKEY_TIMEOUT', () => {
    const loop = createPair(13, { start: T0 });
    hostSend(loop, 0, ipv4(A_IP, B_IP, 20));
    runUntil(loop, T0 + 30 * S, (p) => (p.from === 1 && p.message === 'keepalive' ? null : p.bytes)); // A never hears back
    expect(messages(loop)).toEqual(['0>1 initiation', '1>0 response', '0>1 data', '1>0 keepalive', '0>1 initiation', '1>0 response',
      '0>1 keepalive']);
    expect(loop.log[4].at - loop.log[2].at).toBe(15 * S);
  });

  it('retransmits the initiation every REKEY_TIMEOUT plus jitter and gives up after 18 attempts', () => {
    const loop = createPair(5, { start: T0 });
    const p1 = ipv4(A_IP, B_IP, 20, 1), p2 = ipv4(A_IP, B_IP, 20, 2);
    const blackHole = (): null => null;
    hostSend(loop, 0, p1);
    runUntil(loop, T0 + 50 * S, blackHole);
    hostSend(loop, 0, p2); // joins the attempt under way
    runUntil(loop, T0 + 200 * S, blackHole);
    const inits = loop.log.filter((p) => p.message === 'initiation');
    expect(inits).toHaveLength(18);
    const gaps = inits.slice(1).map((p, i) => p.at - inits[i].at);
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(5 * S);
      expect(g).toBeLessThanOrEqual(5 * S + 333_333);
    }
    expect(new Set(gaps).size).toBeGreaterThan(10);
    expect(new Set(inits.map((p) => Buffer.from(p.bytes.subarray(8, 40)).toString('hex'))).size).toBe(18); // fresh ephemeral keys
    expect(new Set(inits.map((p) => u32le(p.bytes, 4))).size).toBe(18);
    const drops = loop.hosts[0].drops;
    expect(drops.map((d) => d.reason)).toEqual(Array(2).fill('WireGuard: handshake did not complete after 18 attempts'));
    expect(drops.map((d) => d.bytes)).toEqual([p1, p2]);
    expect(drops[0].at - T0).toBeGreaterThan(90 * S);
    expect(drops[0].at - T0).toBeLessThan(96 * S);
    expect(loop.hosts[0].timers['zero-key-material:0']).toBeGreaterThan(drops[0].at);
    expect(loop.hosts[0].dev.indexes).toEqual({});
  });
});
