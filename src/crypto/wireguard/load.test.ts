/**
 * The responder under load (whitepaper §5.3, §6.6): a cookie reply instead of a response, mac2 on the initiator's
 * retry, and the load threshold (64 handshake messages in a second) with its one-second hold.
 */
import { describe, expect, it } from 'vitest';
import { computeMac2 } from './cookie';
import { createPair, hostReceive, hostSend, runUntil } from './loopback';
import { A_IP, B_IP, S, T0, events, ipv4, messages } from './testPackets.test-helper';

describe('under load', () => {
  it('under load answers with a cookie; the retry carries mac2 and completes the handshake', () => {
    const loop = createPair(6, { start: T0, loadThreshold: [64, 1] });
    const pkt = ipv4(A_IP, B_IP, 20);
    hostSend(loop, 0, pkt);
    runUntil(loop, T0 + S);
    expect(messages(loop)).toEqual(['0>1 initiation', '1>0 cookie']);
    expect(loop.log[1].bytes).toHaveLength(64);
    expect(loop.log[0].bytes.subarray(132)).toEqual(new Uint8Array(16));
    expect(events(loop, 1, 'handshake')).toEqual([{ kind: 'handshake', peer: -1, role: 'responder', event: 'cookie-sent', trace: [] }]);
    expect(events(loop, 0, 'handshake').map((e) => e.event)).toEqual(['initiation-sent', 'cookie-received']);
    const cookie = loop.hosts[0].dev.peers[0].cookie!;
    expect(cookie).toHaveLength(16);
    runUntil(loop, T0 + 7 * S);
    expect(messages(loop)).toEqual(['0>1 initiation', '1>0 cookie', '0>1 initiation', '1>0 response', '0>1 data']);
    const retry = loop.log[2].bytes;
    expect(retry.subarray(132)).toEqual(computeMac2(cookie, retry));
    expect(loop.hosts[1].delivered.map((d) => d.packet)).toEqual([pkt]);
  });

  it('goes under load at 64 handshake messages per second and holds it for one more second', () => {
    const loop = createPair(7, { start: T0 });
    hostSend(loop, 0, ipv4(A_IP, B_IP, 20));
    runUntil(loop, T0 + 10_000);
    const init = loop.log[0].bytes;
    const from = loop.hosts[0].ep;
    const replay = (): string => {
      const a = hostReceive(loop, 1, from, init);
      return a.some((x) => x.kind === 'send' && x.message === 'cookie') ? 'cookie' : a.find((x) => x.kind === 'drop') ? 'drop' : '?';
    };
    for (let i = 0; i < 31; i++) expect(replay()).toBe('drop'); // 32 arrivals at T0
    runUntil(loop, T0 + 900_000);
    const late = [];
    for (let i = 0; i < 32; i++) late.push(replay()); // arrivals 33..64
    expect(late.slice(0, 31)).toEqual(Array(31).fill('drop'));
    expect(late[31]).toBe('cookie');
    runUntil(loop, T0 + 1_200_000); // the first 32 left the window, but the hold lasts until T0 + 1.9 s
    expect(replay()).toBe('cookie');
    runUntil(loop, T0 + 2_000_000);
    expect(replay()).toBe('drop');
    expect(loop.hosts[1].drops.at(-1)?.reason).toBe('WireGuard: replayed initiation (timestamp not newer than the last accepted one)');
  });
});
