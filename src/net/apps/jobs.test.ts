/**
 * Job tags and Ctrl-C: a terminal tags each program it starts, finds that program's output and exit by the tag, and
 * interrupts it with a `signal` input, which is logged and replays like every other input.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { SECOND } from '../../sim/clock';
import { validateInput } from '../../sim/inputs';
import type { AppExitEvent, AppOutputEvent } from '../../sim/events';

function watch(e: Engine) {
  const out: AppOutputEvent[] = [];
  const exits: AppExitEvent[] = [];
  e.events.on('output', (o) => out.push(o));
  e.events.on('exit', (x) => exits.push(x));
  return { out, exits, text: (job: string) => out.filter((o) => o.job === job).map((o) => o.text).join('') };
}

describe('job tags', () => {
  it('tag the output and exit of the program an exec started, and nothing else', () => {
    const e = Engine.create('plaintext', 3);
    const w = watch(e);
    expect(e.input({ kind: 'exec', target: 'web/frontend', argv: ['curl', '-s', 'http://backend.bank:8080/api/accounts'], job: 'tty1:1' })).toBeNull();
    e.runToIdle();
    expect(w.text('tty1:1')).toMatch(/^\[?\{/);
    expect(w.exits.filter((x) => x.job === 'tty1:1').map((x) => x.code)).toEqual([0]);
    // The scenario's own scripted curl and ping carry no tag.
    expect(w.out.some((o) => o.job === undefined && o.host === 'web/frontend')).toBe(true);
  });

  it('tag errors from programs that fail to start', () => {
    const e = Engine.create('plaintext', 3);
    const w = watch(e);
    e.input({ kind: 'exec', target: 'web/frontend', argv: ['nslookup', 'x'], job: 'j1' });
    e.input({ kind: 'exec', target: 'web/frontend', argv: ['curl', '--bogus'], job: 'j2' });
    e.runFor(SECOND / 10);
    expect(w.text('j1')).toBe('sh: 1: nslookup: not found\n');
    expect(w.text('j2')).toMatch(/^curl: option --bogus: is unknown/);
    expect(w.exits.filter((x) => x.job).map((x) => [x.job, x.code])).toEqual([['j1', 127], ['j2', 2]]);
  });
});

describe('Ctrl-C (signal INT)', () => {
  it('stops ping, which prints its statistics like iputils ping', () => {
    const e = Engine.create('plaintext', 5);
    const w = watch(e);
    const backend = e.st.cluster.pods.find((p) => p.name === 'backend')!.ip;
    e.input({ kind: 'exec', target: 'web/frontend', argv: ['ping', '-c', '100', backend], job: 'p' });
    e.runFor(2.5 * SECOND);
    expect(e.input({ kind: 'signal', job: 'p', signal: 'INT' })).toBeNull();
    e.runFor(10 * SECOND);
    const text = w.text('p');
    expect(text).toContain(`--- ${backend} ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss`);
    expect(text.match(/icmp_seq=/g)).toHaveLength(3);
    expect(w.exits.filter((x) => x.job === 'p').map((x) => x.code)).toEqual([0]);
  });

  it('kills a curl that is still trying to connect, with status 130 and no more output', () => {
    const e = Engine.create('plaintext', 5);
    const w = watch(e);
    // No pod has this address: the SYN goes unanswered and curl keeps retrying.
    e.input({ kind: 'exec', target: 'web/frontend', argv: ['curl', 'http://10.244.2.254:8080/'], job: 'c' });
    e.runFor(3 * SECOND);
    expect(w.exits.filter((x) => x.job === 'c')).toEqual([]);
    e.input({ kind: 'signal', job: 'c', signal: 'INT' });
    e.runFor(SECOND);
    expect(w.exits.filter((x) => x.job === 'c').map((x) => x.code)).toEqual([130]);
    expect(w.text('c')).toBe('');
    expect(Object.values(e.st.apps).some((a) => a.job === 'c')).toBe(false);
  });

  it('is logged, replays exactly, and is harmless once the program has exited', () => {
    const e = Engine.create('plaintext', 5);
    const lines: string[] = [];
    e.events.on('output', (o) => lines.push(o.text));
    const backend = e.st.cluster.pods.find((p) => p.name === 'backend')!.ip;
    e.input({ kind: 'exec', target: 'web/frontend', argv: ['ping', '-c', '50', backend], job: 'p' });
    e.runFor(1.5 * SECOND);
    e.input({ kind: 'signal', job: 'p', signal: 'INT' });
    e.runToIdle();
    e.input({ kind: 'signal', job: 'p', signal: 'INT' });
    e.input({ kind: 'signal', job: 'never-started', signal: 'INT' });
    e.runToIdle();
    expect(lines.join('')).toContain('ping statistics');
    const again = Engine.replay('plaintext', 5, e.st.inputLog);
    again.runToIdle();
    expect(again.st.inputLog.map((r) => r.input.kind)).toEqual(['exec', 'signal', 'signal', 'signal']);
    expect(again.st).toEqual(e.st);
  });

  it('rejects malformed signal inputs with a specific message', () => {
    expect(validateInput({ kind: 'signal', job: 'x', signal: 'KILL' })).toBe("signal: only 'INT' is supported");
    expect(validateInput({ kind: 'signal', job: '', signal: 'INT' })).toBe('signal: job must be a short string');
    expect(validateInput({ kind: 'exec', target: 'web/frontend', argv: ['ls'], job: 5 })).toBe('exec: job must be a short string');
  });
});

describe('programs in a node\'s own namespace', () => {
  it('reach a ClusterIP through socket load balancing: the wire carries the backend pod, never the ClusterIP', () => {
    const e = Engine.create('plaintext', 8);
    const w = watch(e);
    const frames: string[] = [];
    const svc = e.st.cluster.services.find((s) => s.name === 'backend')!;
    const backend = e.st.cluster.pods.find((p) => p.name === 'backend')!;
    e.runToIdle(); // the scenario's own traffic (whose pod-side frames do carry the ClusterIP) is over
    e.events.on('frame', (f) => frames.push(Array.from(f.frame.subarray(26, 34)).join('.')));
    e.input({ kind: 'exec', target: 'node-1', argv: ['curl', '-s', `http://${svc.clusterIP}:8080/api/accounts`], job: 'n' });
    e.runToIdle();
    expect(w.exits.filter((x) => x.job === 'n').map((x) => x.code)).toEqual([0]);
    expect(w.text('n')).toMatch(/^\[?\{/);
    expect(frames.some((f) => f.endsWith(backend.ip))).toBe(true);
    expect(frames.some((f) => f.includes(svc.clusterIP))).toBe(false);
  });

  it('do not resolve cluster DNS names, as a node\'s resolver does not', () => {
    const e = Engine.create('plaintext', 8);
    const w = watch(e);
    e.input({ kind: 'exec', target: 'node-1', argv: ['curl', 'http://backend.bank.svc.cluster.local:8080/'], job: 'n' });
    e.input({ kind: 'exec', target: 'node-1', argv: ['ping', '-c', '1', 'backend.bank'], job: 'p' });
    e.runFor(SECOND);
    expect(w.text('n')).toBe('curl: (6) Could not resolve host: backend.bank.svc.cluster.local\n');
    expect(w.text('p')).toBe('ping: backend.bank: Name or service not known\n');
  });
});
