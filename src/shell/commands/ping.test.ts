/**
 * `ping` in the terminal: the engine's iputils ping, its replies, and its statistics on Ctrl-C.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { ping } from './ping';
import { foreground, pod, run } from './programs.test-helper';

describe('ping', () => {
  it('ping -c 2 prints two replies and the statistics, and the echoes really crossed node-1', () => {
    const e = Engine.create('plaintext', 5);
    e.runToIdle();
    const backend = e.st.cluster.pods.find((p) => p.name === 'backend')!.ip;
    let echoes = 0;
    e.events.on('frame', (f) => {
      if (f.point === 'node-1:eth0' && f.dir === 'out' && f.frame[23] === 1 && f.frame[34] === 8) echoes++;
    });
    const r = run(e, ping, ['ping', '-c', '2', backend], pod('web/frontend'));
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`PING ${backend} (${backend}) 56(84) bytes of data.`);
    expect(lines[1]).toMatch(new RegExp(`^64 bytes from ${backend.replace(/\./g, '\\.')}: icmp_seq=1 ttl=62 time=\\d+\\.\\d{3} ms$`));
    expect(lines[2]).toMatch(/icmp_seq=2 ttl=62/);
    expect(r.out).toContain(`\n--- ${backend} ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time `);
    expect(r.out).toMatch(/rtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms\n$/);
    expect(echoes).toBe(2);
  });

  it('Ctrl-C stops it and it prints its statistics (the terminal, not ping, echoes ^C)', () => {
    const e = Engine.create('plaintext', 5);
    const backend = e.st.cluster.pods.find((p) => p.name === 'backend')!.ip;
    const fg = foreground(e, ping, ['ping', backend], pod('web/frontend'));
    fg.runFor(3_500_000);
    expect(fg.out().match(/icmp_seq=/g)).toHaveLength(4);
    fg.interrupt();
    expect(fg.code()).toBe(0);
    expect(fg.out()).toContain(`--- ${backend} ping statistics ---\n4 packets transmitted, 4 received, 0% packet loss`);
    expect(fg.out()).not.toContain('^C');
    fg.stop();
  });

  it('SIGPIPE (the reader of a pipe went away) stops it quietly with status 141', () => {
    const e = Engine.create('plaintext', 5);
    const backend = e.st.cluster.pods.find((p) => p.name === 'backend')!.ip;
    const fg = foreground(e, ping, ['ping', backend], pod('web/frontend'));
    fg.runFor(1_500_000);
    const before = fg.out();
    fg.interrupt(5_000_000, 'PIPE');
    expect(fg.code()).toBe(141);
    e.runFor(1_000);
    expect(fg.out()).toBe(before);
    expect(Object.values(e.st.apps).some((a) => a.kind === 'ping')).toBe(false); // the engine's ping is gone too
    fg.stop();
  });

  it('runCommand interrupts a ping that outlives maxUs', () => {
    const e = Engine.create('plaintext', 5);
    const backend = e.st.cluster.pods.find((p) => p.name === 'backend')!.ip;
    const r = run(e, ping, ['ping', backend], pod('web/frontend'), 1_500_000);
    expect(r.out.match(/icmp_seq=/g)).toHaveLength(2);
    // After Ctrl-C, runCommand lets the engine finish: ping prints its statistics and exits 0 (it got replies).
    expect(r.out).toContain(`--- ${backend} ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss`);
    expect(r.code).toBe(0);
    expect(e.st.inputLog.some((i) => i.input.kind === 'signal')).toBe(true);
  });

  it('passes usage errors through', () => {
    const e = Engine.create('plaintext', 5);
    expect(run(e, ping, ['ping'], pod('web/frontend'))).toEqual({ out: '', err: 'ping: usage error: Destination address required\n', code: 1 });
    expect(run(e, ping, ['ping', 'nosuchhost'], pod('web/frontend'))).toEqual({ out: '', err: 'ping: nosuchhost: Name or service not known\n', code: 2 });
  });
});
