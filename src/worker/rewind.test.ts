/**
 * Step back is exact: after the timeline rewinds to event k, the engine state, every capture recording and the
 * event log equal those of a fresh run (Engine.replay with the inputs logged up to k) stopped at event k, with
 * and without inputs along the way (given directly, and typed into terminals' shells: exec, Ctrl-C, kubectl), from
 * snapshots in the ring and from the lab's start.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../sim/engine';
import { MS } from '../sim/clock';
import type { Input } from '../sim/inputs';
import { record, type Recording } from '../capture/recorder';
import { listPoints } from '../capture/points';
import { Timeline } from './timeline';
import { advanceTo, inputsUpTo } from './rewind';
import { SNAPSHOT_INTERVAL } from './timelineSnapshots';
import { Terminals } from './terminals';

const CURL: Input = { kind: 'exec', target: 'web/frontend', argv: ['curl', '-s', 'http://backend.bank.svc.cluster.local:8080/api/accounts/1042'], job: 'tty1:1' };
const CONFIGMAP: Input = { kind: 'apply', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'notes', namespace: 'default' }, data: { a: 'b' } } };

function lab(scenario: string) {
  const engine = Engine.create(scenario, 7);
  const recordings = new Map<string, Recording>(listPoints(engine.st).map((p) => [p, record(engine, p)]));
  const rewinds: { step: number; undone: number }[] = [];
  const timeline = new Timeline({ rewinding: (r) => void rewinds.push(r) });
  timeline.attach(engine, recordings);
  return { engine, recordings, timeline, rewinds };
}

/** A fresh lab replayed from the input log up to `k` and stepped on to event `k`. */
function fresh(scenario: string, log: Engine['st']['inputLog'], k: number, clean = false) {
  const l = lab(scenario);
  advanceTo(l.engine, k, inputsUpTo(log, k, clean));
  return l;
}

function expectSame(a: ReturnType<typeof lab>, b: ReturnType<typeof lab>) {
  expect(a.engine.st.eventsProcessed).toBe(b.engine.st.eventsProcessed);
  expect(a.engine.now).toBe(b.engine.now);
  expect(structuredClone(a.engine.st)).toEqual(structuredClone(b.engine.st));
  for (const [point, rec] of b.recordings) expect(a.recordings.get(point)!.frames, point).toEqual(rec.frames);
  expect(a.timeline.log.entries).toEqual(b.timeline.log.entries);
}

describe('advanceTo', () => {
  it('from the lab start, matches Engine.replay stepped to the same event', () => {
    const a = lab('plaintext');
    a.timeline.runUntil(a.engine.now + 150 * MS);
    a.engine.input(CURL);
    a.timeline.runToIdle();
    const log = a.engine.st.inputLog;
    const replayed = Engine.replay('plaintext', 7, log);
    while (replayed.st.eventsProcessed < 120 && replayed.step());
    const viaAdvance = fresh('plaintext', log, 120);
    expect(structuredClone(viaAdvance.engine.st)).toEqual(structuredClone(replayed.st));
  });
});

describe.each(['plaintext', 'cilium-wireguard', 'istio-strict'])('step back in %s', (scenario) => {
  it('lands on the previous event, in a state equal to a fresh run stopped there', () => {
    const a = lab(scenario);
    a.timeline.runToIdle();
    const end = a.engine.st.eventsProcessed;
    expect(a.timeline.snapshots.size).toBeGreaterThan(1);
    const positions: number[] = [end];
    for (let i = 0; i < 40; i++) {
      a.timeline.move('back');
      positions.push(a.engine.st.eventsProcessed);
    }
    // Every move went back, and only to steps that logged something (none skipped: the log knows them all).
    for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeLessThan(positions[i - 1]);
    const k = a.engine.st.eventsProcessed;
    expect(a.timeline.log.entries.at(-1)!.step).toBe(k);
    expectSame(a, fresh(scenario, [], k));
    // Forward again walks the same positions back up.
    for (let i = positions.length - 2; i >= positions.length - 11; i--) {
      a.timeline.move('forward');
      expect(a.engine.st.eventsProcessed).toBe(positions[i]);
    }
    expectSame(a, fresh(scenario, [], a.engine.st.eventsProcessed));
  });

  it('rewinds far back (from the lab start snapshot) and to the start itself', () => {
    const a = lab(scenario);
    a.timeline.runToIdle();
    a.timeline.rewind(5, false);
    expectSame(a, fresh(scenario, [], 5));
    a.timeline.runToIdle();
    a.timeline.move('reset');
    expect(a.engine.st.eventsProcessed).toBe(0);
    expectSame(a, fresh(scenario, [], 0));
    expect(a.recordings.get('node-1:eth0')!.frames).toEqual([]);
  });
});

describe('step back with inputs typed along the way', () => {
  it('keeps the inputs before the target, undoes the later ones, and stays exact', () => {
    const a = lab('cilium-wireguard');
    a.timeline.runUntil(a.engine.now + 250 * MS); // the clock moved past the last event: inputs arrive later than it
    const typedAt = a.engine.st.eventsProcessed;
    expect(a.engine.input(CURL)).toBeNull();
    expect(a.engine.input(CONFIGMAP)).toBeNull();
    a.timeline.runToIdle();
    const log = structuredClone(a.engine.st.inputLog);
    expect(log.map((r) => r.step)).toEqual([typedAt, typedAt]);

    // Back to a point after the inputs: they stay, the state equals a replay with them.
    const after = typedAt + 2 * SNAPSHOT_INTERVAL + 3;
    a.timeline.rewind(after, false);
    expect(a.rewinds.at(-1)).toEqual({ step: after, undone: 0 });
    expectSame(a, fresh('cilium-wireguard', log, after));
    expect(a.engine.st.inputLog).toEqual(log);

    // Exactly at the step they were typed at: the state of that moment includes them.
    a.timeline.rewind(typedAt, false);
    expectSame(a, fresh('cilium-wireguard', log, typedAt));

    // Before them: both are undone, and the lab forgets them.
    a.timeline.move('back');
    const before = a.engine.st.eventsProcessed;
    expect(before).toBeLessThan(typedAt);
    expect(a.rewinds.at(-1)).toEqual({ step: before, undone: 2 });
    expect(a.engine.st.inputLog).toEqual([]);
    expectSame(a, fresh('cilium-wireguard', [], before));
  });

  it('a command typed after stepping back starts a new future, still replayable exactly', () => {
    const a = lab('plaintext');
    a.timeline.runToIdle();
    a.timeline.rewind(90, false);
    expect(a.engine.input(CURL)).toBeNull();
    a.timeline.runToIdle();
    const log = structuredClone(a.engine.st.inputLog);
    expect(log).toHaveLength(1);
    expect(log[0].step).toBe(90);
    for (let i = 0; i < 25; i++) a.timeline.move('back');
    const k = a.engine.st.eventsProcessed;
    expect(k).toBeGreaterThan(90);
    expectSame(a, fresh('plaintext', log, k));
  });
});

describe('step back after commands typed into a terminal', () => {
  it('replays the shell\'s inputs (exec, Ctrl-C, kubectl) exactly, and undoes the later ones', () => {
    const a = lab('cilium-wireguard');
    const out: string[] = [];
    const terminals = new Terminals((m) => void (m.type === 'term-output' && out.push(m.data)));
    const term = terminals.open(a.engine, { kind: 'pod', namespace: 'web', pod: 'frontend' }, 80, 24);
    const node = terminals.open(a.engine, { kind: 'node', node: 'node-1' }, 80, 24);
    const backend = a.engine.st.cluster.pods.find((p) => p.name === 'backend')!.ip;
    a.timeline.runUntil(a.engine.now + 300 * MS);
    terminals.key(term, `ping ${backend}\r`);
    a.timeline.runUntil(a.engine.now + 1500 * MS);
    terminals.key(term, '\x03'); // Ctrl-C: a logged signal
    terminals.key(node, 'kubectl label pod -n web frontend tier=web\r'); // an object input, applied at once
    a.timeline.runUntil(a.engine.now + 200 * MS);
    terminals.key(term, 'curl -s http://backend.bank.svc.cluster.local:8080/api/accounts/1042\r');
    a.timeline.runToIdle();
    terminals.flush();
    expect(out.join('')).toContain('"id": 1042');
    const log = structuredClone(a.engine.st.inputLog);
    expect(log.map((r) => r.input.kind)).toEqual(['exec', 'signal', 'set-metadata', 'exec']);

    // Back to just after the label: ping and its Ctrl-C and the label stay, the curl is undone.
    const target = log[2].step;
    a.timeline.rewind(target, false);
    expect(a.rewinds.at(-1)).toEqual({ step: target, undone: 1 });
    expectSame(a, fresh('cilium-wireguard', log, target));
    // Each step back from there stays exact.
    for (let i = 0; i < 5; i++) a.timeline.move('back');
    expectSame(a, fresh('cilium-wireguard', log, a.engine.st.eventsProcessed));
  });
});
