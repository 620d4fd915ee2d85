/**
 * The engine host's terminals and clock, in Node as the worker runs them: opening a shell pushes its prompt before
 * the answer, keys run commands and push their output, bad requests get specific errors, a reload recreates every
 * shell on the new engine, files written in a terminal are listed, fetched and announced, and the playback loop
 * moves virtual time only while live and busy.
 */
import { describe, expect, it } from 'vitest';
import { createEngineHost } from './host';
import { readCapture } from '../capture/pcapRead';
import { ManualScheduler } from './inProcess.test-helper';
import type { Push, Request, Response } from './protocol';

type Req = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

function setup(opts: { scheduler?: ManualScheduler } = {}) {
  const log: (Push | Response)[] = [];
  const host = createEngineHost({ push: (m) => log.push(m), scheduler: opts.scheduler });
  let id = 1;
  const send = (req: Req): Response => {
    const { response } = host.handle({ ...req, id: id++ } as Request);
    log.push(response);
    return response;
  };
  /** Everything pushed to a terminal since the last call. */
  const screens = new Map<number, string>();
  let read = 0;
  const output = (term: number): string => {
    for (; read < log.length; read++) {
      const m = log[read];
      if (m.type === 'term-output') screens.set(m.term, (screens.get(m.term) ?? '') + m.data);
    }
    const s = screens.get(term) ?? '';
    screens.set(term, '');
    return s;
  };
  const open = (place: Extract<Req, { type: 'term-open' }>['place']) => {
    const r = send({ type: 'term-open', place, cols: 80, rows: 24 });
    if (r.type !== 'term-opened') throw new Error(JSON.stringify(r));
    return r.term;
  };
  return { host, send, log, output, open };
}

const node1 = { kind: 'node', node: 'node-1' } as const;
const frontend = { kind: 'pod', namespace: 'web', pod: 'frontend' } as const;

describe('engine host terminals', () => {
  it('opens a shell and pushes its prompt before answering', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    const before = h.log.length;
    const term = h.open(node1);
    expect(term).toBe(1);
    const after = h.log.slice(before);
    expect(after.map((m) => m.type)).toEqual(['term-output', 'term-opened']);
    expect(after[0]).toEqual({ type: 'term-output', term: 1, data: 'root@node-1:~# ' });
    expect(h.open(frontend)).toBe(2);
    expect(h.output(2)).toBe('root@frontend:/# ');
  });

  it('runs what is typed and pushes the output, one message per request', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    const term = h.open(node1);
    h.output(term);
    for (const ch of 'echo hi | wc -c') expect(h.send({ type: 'term-key', term, data: ch })).toMatchObject({ type: 'term', term });
    const before = h.log.length;
    h.send({ type: 'term-key', term, data: '\r' });
    const pushed = h.log.slice(before).filter((m) => m.type === 'term-output');
    expect(pushed).toHaveLength(1);
    expect(h.output(term)).toContain('\r\n3\r\nroot@node-1:~# ');
  });

  it('keeps terminals apart', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    const a = h.open(node1);
    const b = h.open({ kind: 'node', node: 'node-2' });
    h.output(a);
    h.output(b);
    h.send({ type: 'term-key', term: b, data: 'echo only-b\r' });
    expect(h.output(a)).toBe('');
    expect(h.output(b)).toContain('only-b\r\nroot@node-2:~# ');
  });

  it('answers bad terminal requests with specific errors', () => {
    const h = setup();
    expect(h.send({ type: 'term-open', place: node1, cols: 80, rows: 24 })).toMatchObject({ type: 'error', message: 'no scenario loaded' });
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    expect(h.send({ type: 'term-open', place: { kind: 'node', node: 'node-9' }, cols: 80, rows: 24 }))
      .toMatchObject({ type: 'error', message: "no node 'node-9' (nodes: node-1, node-2, node-3)" });
    expect(h.send({ type: 'term-open', place: { kind: 'pod', namespace: 'web', pod: 'nope' }, cols: 80, rows: 24 }))
      .toMatchObject({ type: 'error', message: expect.stringMatching(/^no pod 'web\/nope' \(pods: .*web\/frontend/) });
    expect(h.send({ type: 'term-open', place: node1, cols: 0, rows: 24 }))
      .toMatchObject({ type: 'error', message: expect.stringMatching(/^terminal size must be/) });
    expect(h.send({ type: 'term-key', term: 42, data: 'x' })).toMatchObject({ type: 'error', message: 'no terminal 42' });
    const term = h.open(node1);
    expect(h.send({ type: 'term-resize', term, cols: 132, rows: 40 })).toMatchObject({ type: 'term', term });
    expect(h.send({ type: 'term-close', term })).toMatchObject({ type: 'term', term });
    expect(h.send({ type: 'term-key', term, data: 'x' })).toMatchObject({ type: 'error', message: `no terminal ${term}` });
    expect(h.send({ type: 'clock', mode: 'fast' as 'live' })).toMatchObject({ type: 'error' });
  });

  it('recreates every shell when a new scenario loads, with a line saying so', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    const a = h.open(node1);
    const b = h.open(frontend);
    h.send({ type: 'term-key', term: a, data: 'echo half-typed' });
    h.output(a);
    h.output(b);
    h.send({ type: 'load', scenario: 'plaintext', seed: '8' });
    expect(h.output(a)).toBe('\r\n\x1b[2m[lab reloaded: plaintext, seed 8: new shell on node-1]\x1b[0m\r\nroot@node-1:~# ');
    expect(h.output(b)).toContain('new shell on web/frontend]\x1b[0m\r\nroot@frontend:/# ');
    // The new shell starts empty: what was half-typed is gone.
    h.send({ type: 'term-key', term: a, data: '\r' });
    expect(h.output(a)).toBe('\r\nroot@node-1:~# ');
    // A failed load leaves the shells alone.
    h.send({ type: 'load', scenario: 'nope', seed: '8' });
    expect(h.output(a)).toBe('');
  });

  it('a shell inside a pod returns to the tab\'s place after a reload', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    const term = h.open(frontend);
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    expect(h.output(term)).toMatch(/root@frontend:\/# $/);
  });
});

describe('engine host terminal files', () => {
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  /** Types a line into a terminal, a key per request as xterm sends them; returns what the Enter made the host post. */
  function typeLine(h: ReturnType<typeof setup>, term: number, line: string): (Push | Response)[] {
    for (const ch of line) h.send({ type: 'term-key', term, data: ch });
    const before = h.log.length;
    h.send({ type: 'term-key', term, data: '\r' });
    return h.log.slice(before);
  }

  it('lists and fetches what a command wrote, and announces the change after the output, before the answer', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    const term = h.open(node1);
    expect(h.send({ type: 'term-files', term })).toEqual({ id: expect.any(Number), type: 'term-files', term, files: [] });
    // Typing announces nothing; the Enter that runs the redirection announces the change once.
    const posted = typeLine(h, term, 'echo hi > a.txt');
    expect(posted.map((m) => m.type)).toEqual(['term-output', 'term-files-changed', 'term']);
    expect(posted[1]).toEqual({ type: 'term-files-changed', term });
    expect(h.log.filter((m) => m.type === 'term-files-changed')).toHaveLength(1);
    expect(h.send({ type: 'term-files', term })).toMatchObject({ type: 'term-files', term, files: [{ name: 'a.txt', size: 3 }] });

    const reply = h.host.handle({ id: 1000, type: 'term-file', term, name: 'a.txt' });
    expect(reply.response).toMatchObject({ id: 1000, type: 'term-file', term, name: 'a.txt' });
    const { data } = reply.response as Extract<Response, { type: 'term-file' }>;
    expect(text(data)).toBe('hi\n');
    // The buffer is transferred, and it is a copy: detaching it leaves the terminal's file intact.
    expect(reply.transfer).toEqual([data.buffer]);
    structuredClone(data.buffer, { transfer: [data.buffer as ArrayBuffer] });
    expect(data.length).toBe(0);
    expect(text((h.send({ type: 'term-file', term, name: 'a.txt' }) as Extract<Response, { type: 'term-file' }>).data)).toBe('hi\n');
    // The shell reads the same store: cat sees the file.
    typeLine(h, term, 'cat a.txt');
    expect(h.output(term)).toContain('cat a.txt\r\nhi\r\n');
  });

  it('keeps the list current: appends, several files in one line, kubectl output', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    const term = h.open(node1);
    typeLine(h, term, 'echo one > notes.txt; echo two >> notes.txt; kubectl get pods -o yaml > pods.yaml');
    expect(h.log.filter((m) => m.type === 'term-files-changed')).toEqual([{ type: 'term-files-changed', term }]);
    const { files } = h.send({ type: 'term-files', term }) as Extract<Response, { type: 'term-files' }>;
    expect(files.map((f) => f.name)).toEqual(['notes.txt', 'pods.yaml']);
    expect(files[0].size).toBe(8);
    const yaml = text((h.send({ type: 'term-file', term, name: 'pods.yaml' }) as Extract<Response, { type: 'term-file' }>).data);
    expect(yaml).toMatch(/^apiVersion: v1\nitems:\n/);
    expect(files[1].size).toBe(new TextEncoder().encode(yaml).length);
    // A command that writes nothing announces nothing.
    const before = h.log.length;
    typeLine(h, term, 'echo not-saved | wc -c');
    expect(h.log.slice(before).some((m) => m.type === 'term-files-changed')).toBe(false);
  });

  it('announces a file a running command writes when it ends, with the tick that ended it', () => {
    const sched = new ManualScheduler();
    const h = setup({ scheduler: sched });
    const loaded = h.send({ type: 'load', scenario: 'plaintext', seed: '7' }) as Extract<Response, { type: 'loaded' }>;
    const backend = loaded.info.pods.find((p) => p.key === 'bank/backend')!.ip;
    h.send({ type: 'run', until: 'idle' });
    const term = h.open(node1);
    // The redirection's file is written when ping exits, a virtual second or so later, on a tick of the playback loop.
    expect(typeLine(h, term, `ping -c 2 ${backend} > ping.txt`).some((m) => m.type === 'term-files-changed')).toBe(false);
    const before = h.log.length;
    for (let i = 0; i < 200 && !h.log.some((m) => m.type === 'term-files-changed'); i++) sched.advance(16);
    // The topology view's pushes ride along with each tick; this is about the terminal's messages and the tick.
    const after = h.log.slice(before).map((m) => m.type).filter((t) => t !== 'hops' && t !== 'topology');
    const at = after.indexOf('term-files-changed');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(after.slice(at - 1, at + 2)).toEqual(['term-output', 'term-files-changed', 'tick']);
    expect(h.output(term)).toMatch(/root@node-1:~# $/);
    const { data } = h.send({ type: 'term-file', term, name: 'ping.txt' }) as Extract<Response, { type: 'term-file' }>;
    expect(text(data)).toMatch(new RegExp(`^PING ${backend.replace(/\./g, '\\.')} [\\s\\S]*\\n2 packets transmitted, 2 received`));
  });

  it('keeps each terminal\'s files apart, across a reload, until the tab closes', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    const a = h.open(node1);
    const b = h.open(frontend);
    typeLine(h, b, 'echo from-pod > /tmp/pod.txt');
    expect(h.log.filter((m) => m.type === 'term-files-changed')).toEqual([{ type: 'term-files-changed', term: b }]);
    expect(h.send({ type: 'term-files', term: a })).toMatchObject({ files: [] });
    expect(h.send({ type: 'term-files', term: b })).toMatchObject({ files: [{ name: '/tmp/pod.txt', size: 9 }] });
    // A new lab gives the tab a new shell, but what it wrote is still there to download (and to read).
    h.send({ type: 'load', scenario: 'plaintext', seed: '8' });
    expect(h.send({ type: 'term-files', term: b })).toMatchObject({ files: [{ name: '/tmp/pod.txt', size: 9 }] });
    typeLine(h, b, 'cat /tmp/pod.txt');
    expect(h.output(b)).toContain('\r\nfrom-pod\r\n');
    h.send({ type: 'term-close', term: b });
    expect(h.send({ type: 'term-files', term: b })).toMatchObject({ type: 'error', message: `no terminal ${b}` });
  });

  it('answers bad file requests with specific errors', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    expect(h.send({ type: 'term-files', term: 42 })).toMatchObject({ type: 'error', message: 'no terminal 42' });
    expect(h.send({ type: 'term-file', term: 42, name: 'a.txt' })).toMatchObject({ type: 'error', message: 'no terminal 42' });
    const term = h.open(node1);
    expect(h.send({ type: 'term-file', term, name: 'a.txt' }))
      .toMatchObject({ type: 'error', message: `terminal ${term} has no file 'a.txt' (it has no files yet)` });
    typeLine(h, term, 'echo x > b.txt; echo y > c.txt');
    expect(h.send({ type: 'term-file', term, name: 'a.txt' }))
      .toMatchObject({ type: 'error', message: `terminal ${term} has no file 'a.txt' (its files: b.txt, c.txt)` });
    expect(h.send({ type: 'term-file', term, name: 7 as unknown as string }))
      .toMatchObject({ type: 'error', message: 'term-file: name must be a string' });
  });

  it('tcpdump -w writes a pcapng there once it stops, and says so', () => {
    const sched = new ManualScheduler();
    const h = setup({ scheduler: sched });
    const loaded = h.send({ type: 'load', scenario: 'plaintext', seed: '7' }) as Extract<Response, { type: 'loaded' }>;
    const backend = loaded.info.pods.find((p) => p.key === 'bank/backend')!.ip;
    h.send({ type: 'run', until: 'idle' });
    const term = h.open(node1);
    typeLine(h, term, 'tcpdump -c 3 -w cap.pcapng');
    expect(h.send({ type: 'term-files', term })).toMatchObject({ files: [] });
    // Traffic across node-1's eth0: two pings from the frontend to the backend pod on node-2.
    h.send({ type: 'input', input: { kind: 'exec', target: 'web/frontend', argv: ['ping', '-c', '2', backend] } });
    for (let i = 0; i < 100 && !h.log.some((m) => m.type === 'term-files-changed'); i++) sched.advance(100);
    expect(h.log.filter((m) => m.type === 'term-files-changed')).toEqual([{ type: 'term-files-changed', term }]);
    const { data } = h.send({ type: 'term-file', term, name: 'cap.pcapng' }) as Extract<Response, { type: 'term-file' }>;
    expect([...data.subarray(0, 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);
    expect(readCapture(data).packets).toHaveLength(3);
  });
});

describe('engine host clock', () => {
  it('runs the scenario in real time while live, pushing ticks, and stops when idle', () => {
    const sched = new ManualScheduler();
    const h = setup({ scheduler: sched });
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    expect(h.host.playback.running).toBe(true);
    const start = (h.send({ type: 'run', until: 0 }) as Extract<Response, { type: 'ran' }>).now;
    sched.advance(160);
    const ticks = h.log.filter((m): m is Extract<Push, { type: 'tick' }> => m.type === 'tick');
    expect(ticks).toHaveLength(10);
    expect(ticks[9].now - start).toBe(160_000);
    expect(ticks.every((t) => !t.idle)).toBe(true);
    // Long enough for TCP's TIME_WAIT (60 s) to end: the loop stops by itself.
    for (let i = 0; i < 700 && h.host.playback.running; i++) sched.advance(100);
    expect(h.host.playback.running).toBe(false);
    expect(h.log.filter((m) => m.type === 'tick').at(-1)).toMatchObject({ idle: true });
  });

  it('paused: only run requests move time; a command waits until then', () => {
    const sched = new ManualScheduler();
    const h = setup({ scheduler: sched });
    expect(h.send({ type: 'clock', mode: 'paused' })).toMatchObject({ type: 'clock', mode: 'paused', speed: 1 });
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    expect(h.host.playback.running).toBe(false);
    const t0 = (h.send({ type: 'run', until: 'idle' }) as Extract<Response, { type: 'ran' }>).now;
    const term = h.open(node1);
    h.send({ type: 'input', input: { kind: 'exec', target: 'web/frontend', argv: ['ping', '-c', '1', '10.244.2.2'] } });
    sched.advance(5000);
    expect((h.send({ type: 'run', until: 0 }) as Extract<Response, { type: 'ran' }>).now).toBe(t0);
    expect(h.log.some((m) => m.type === 'tick')).toBe(false);
    h.send({ type: 'term-key', term, data: 'echo still-typing\r' });
    expect(h.output(term)).toContain('still-typing');
    expect(h.send({ type: 'clock', mode: 'live', speed: 2 })).toMatchObject({ mode: 'live', speed: 2 });
    expect(h.host.playback.running).toBe(true);
    sched.advance(16);
    expect(h.log.filter((m) => m.type === 'tick')[0]).toMatchObject({ now: t0 + 32_000 });
  });

  it('a keystroke that schedules work wakes the loop', () => {
    const sched = new ManualScheduler();
    const h = setup({ scheduler: sched });
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    h.send({ type: 'run', until: 'idle' });
    expect(h.host.playback.running).toBe(false);
    h.send({ type: 'input', input: { kind: 'exec', target: 'web/frontend', argv: ['ping', '-c', '1', '10.244.2.2'] } });
    expect(h.host.playback.running).toBe(true);
  });
});
