/**
 * The timeline through the worker protocol, in Node as the worker runs it: stepping pauses the clock and reports
 * where it landed; step back shrinks the packet table to what a fresh run shows at that event; the event list pages
 * and filters; terminals keep their scrollback and get a fresh shell only when a rewind undid what they ran; bad
 * requests get specific errors.
 */
import { describe, expect, it } from 'vitest';
import { createEngineHost } from './host';
import type { Push, Request, Response } from './protocol';
import type { TimelineKind } from './timelineProtocol';

type Req = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

function setup() {
  const log: (Push | Response)[] = [];
  const host = createEngineHost({ push: (m) => log.push(m) });
  let id = 1;
  const send = <T extends Response['type']>(req: Req, type?: T): Extract<Response, { type: T }> => {
    const { response } = host.handle({ ...req, id: id++ } as Request);
    log.push(response);
    if (type && response.type !== type) throw new Error(JSON.stringify(response));
    return response as Extract<Response, { type: T }>;
  };
  const screen = (term: number) => log.flatMap((m) => (m.type === 'term-output' && m.term === term ? [m.data] : [])).join('');
  const table = () => send({ type: 'packets', point: 'node-1:eth0' }, 'packets').rows;
  const move = (op: 'forward' | 'back' | 'reset') => send({ type: 'timeline', op }, 'timeline');
  const page = (kinds: TimelineKind[], extra: object = {}) => send({ type: 'timeline-events', kinds, ...extra } as Req, 'timeline-events').page;
  return { host, send, screen, table, move, page };
}

const ALL: TimelineKind[] = ['frame', 'drop', 'tcp', 'crypto', 'output', 'exit', 'input'];

describe('timeline requests', () => {
  it('steps forward and back through the events, pausing the clock; the table follows exactly', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    expect(h.move('reset')).toMatchObject({ mode: 'paused', position: { step: 0, atStart: true, atEnd: false, here: [] } });
    expect(h.table()).toEqual([]);
    const seen: { step: number; now: number; table: unknown }[] = [];
    for (let i = 0; i < 30; i++) {
      const { position } = h.move('forward');
      expect(position.here.length).toBeGreaterThan(0);
      expect(position.here.every((r) => r.step === position.step)).toBe(true);
      seen.push({ step: position.step, now: position.now, table: h.table() });
    }
    for (let i = seen.length - 2; i >= 0; i--) {
      const { position } = h.move('back');
      expect({ step: position.step, now: position.now, table: h.table() }).toEqual(seen[i]);
    }
    const { position } = h.move('back');
    expect(position).toMatchObject({ step: 0, atStart: true });
    // Run to the end: the same table as a load that ran straight through.
    const end = h.send({ type: 'run', until: 'idle' }, 'ran').eventsProcessed;
    const through = h.table();
    const other = setup();
    other.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    other.send({ type: 'run', until: 'idle' });
    expect(through).toEqual(other.table());
    // At the end, forward stays put.
    expect(h.move('forward').position).toMatchObject({ atEnd: true, step: end });
  });

  it('lists events as rows, filtered by kind and paged; frames name their point and number', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'cilium-wireguard', seed: '7' });
    h.send({ type: 'run', until: 'idle' });
    const all = h.page(ALL, { limit: 500 });
    expect(all.rows.length).toBe(all.total);
    const kinds = new Set(all.rows.map((r) => r.kind));
    for (const k of ['frame', 'tcp', 'crypto', 'output', 'exit', 'input']) expect(kinds).toContain(k);
    const wire = all.rows.find((r) => r.point === 'node-1:eth0' && r.protocol === 'WireGuard' && r.text.includes('Transport Data'));
    expect(wire).toMatchObject({ kind: 'frame', where: 'node-1:eth0 out', protection: 'wireguard' });
    expect(h.table()[wire!.no! - 1].info).toContain('Transport Data');
    expect(all.rows.map((r) => r.text)).toContain('WireGuard handshake initiation sent to node-2');

    const crypto = h.page(['crypto']);
    expect(crypto.rows.every((r) => r.kind === 'crypto')).toBe(true);
    const latest = h.page(ALL, { limit: 10 });
    expect(latest).toMatchObject({ older: true, newer: false });
    expect(latest.rows.at(-1)!.seq).toBe(latest.lastSeq);
    const older = h.page(ALL, { limit: 10, before: latest.rows[0].seq });
    expect(older.rows.at(-1)!.seq).toBe(latest.rows[0].seq - 1);
    expect(h.page(ALL, { limit: 10, after: older.rows.at(-1)!.seq }).rows).toEqual(latest.rows);

    const narrated = h.page(ALL, { notableSince: 0 }).notable.map((n) => n.text);
    expect(narrated.some((t) => /^HTTP (request|response) .* leaves node-\d encrypted with WireGuard$/.test(t))).toBe(true);
  });

  it('keeps terminal scrollback; a rewind that undoes their inputs gives them a fresh shell', () => {
    const h = setup();
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    h.send({ type: 'run', until: 'idle' });
    const term = h.send({ type: 'term-open', place: { kind: 'pod', namespace: 'web', pod: 'frontend' }, cols: 80, rows: 24 }, 'term-opened').term;
    // A step back that undoes nothing leaves an idle shell alone.
    h.move('back');
    expect(h.screen(term)).toBe('root@frontend:/# ');
    h.send({ type: 'term-key', term, data: 'curl -s http://backend.bank.svc.cluster.local:8080/api/accounts/1042\r' });
    expect(h.move('back').position.undone).toBe(1); // the curl's exec
    expect(h.move('back').position.undone).toBe(0);
    const screen = h.screen(term);
    expect(screen).toContain('curl -s http://backend'); // scrollback stays
    expect(screen).toMatch(/\[timeline: back to event \d+; the command running here was stopped; new shell on web\/frontend\]/);
    expect(screen.endsWith('new shell on web/frontend]\x1b[0m\r\nroot@frontend:/# ')).toBe(true);
  });

  it('answers bad requests with specific errors', () => {
    const h = setup();
    expect(h.send({ type: 'timeline', op: 'forward' })).toMatchObject({ type: 'error', message: 'no scenario loaded' });
    h.send({ type: 'load', scenario: 'plaintext', seed: '7' });
    expect(h.send({ type: 'timeline', op: 'sideways' as 'back' })).toMatchObject({ type: 'error', message: expect.stringMatching(/^timeline op must be/) });
    expect(h.send({ type: 'timeline-events', kinds: ['frames' as TimelineKind] })).toMatchObject({ type: 'error', message: expect.stringMatching(/^timeline-events: kinds must be/) });
    expect(h.send({ type: 'timeline-events', kinds: ['frame'], limit: -1 })).toMatchObject({ type: 'error', message: 'timeline-events: limit must be a whole number' });
  });
});
