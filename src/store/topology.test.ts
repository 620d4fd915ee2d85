/**
 * The topology slice: pushes per lab (a new lab starts afresh, a late push from an old one is ignored), the bounded
 * window of hops and drops, a clock stepped back, badges that a bare ACK does not overwrite, and, through the real
 * engine host, a loaded lab's shape and a map selection pointing the inspector at a pod's eth0.
 */
import { describe, expect, it } from 'vitest';
import { applyTopologyPush, HOPS_KEPT, pointOf, type TopologyData } from './topology';
import { createLabStore } from './labStore';
import { inProcessClient } from '../worker/inProcess.test-helper';
import type { Hop, TopologyModel } from '../worker/topologyProtocol';

const model = (pods: string[]): TopologyModel => ({
  scenario: 'x', seed: '7', cni: 'cilium', routing: 'native', underlay: '192.168.61.0/24', namespaces: ['web'],
  nodes: [{ name: 'node-1', ip: '192.168.61.11', podCidr: '10.244.1.0/24', routerIp: '10.244.1.1', eth0: 'node-1:eth0', devices: [] }],
  pods: pods.map((name) => ({
    key: `web/${name}`, namespace: 'web', name, node: 'node-1', ip: '10.244.1.5', labels: {}, serviceAccount: name,
    eth0: `web/${name}:eth0`, lo: `web/${name}:lo`,
  })),
});
const hop = (t: number, point: string, extra: Partial<Hop> = {}): Hop => ({ t, point, dir: 'out', trace: t, kind: 'plaintext', proto: 'HTTP', summary: 'GET /', ...extra });
const empty: TopologyData = { topologyLab: 0, hops: [], hopBatch: [], lastAt: {}, drops: [], mapSelection: null };

describe('applyTopologyPush', () => {
  it('starts afresh for a new lab and ignores an older one', () => {
    let s: TopologyData = { ...empty, ...applyTopologyPush(empty, { type: 'topology', lab: 1, model: model(['a']) }) };
    s = { ...s, ...applyTopologyPush(s, { type: 'hops', lab: 1, now: 10, hops: [hop(10, 'node-1:eth0')], drops: [], skipped: 0 }) };
    s = { ...s, mapSelection: { kind: 'pod', id: 'web/a' } };
    expect(s.hops).toHaveLength(1);
    const next = { ...s, ...applyTopologyPush(s, { type: 'topology', lab: 2, model: model(['b']) }) };
    expect(next).toMatchObject({ topologyLab: 2, hops: [], lastAt: {}, mapSelection: null });
    expect(applyTopologyPush(next, { type: 'hops', lab: 1, now: 20, hops: [hop(20, 'x')], drops: [], skipped: 0 })).toEqual({});
  });

  it('keeps a bounded window, drops what a rewind undid, and lets no bare ACK hide the last data', () => {
    let s: TopologyData = { ...empty, topologyLab: 1 };
    const many = Array.from({ length: HOPS_KEPT + 50 }, (_, i) => hop(i, 'node-1:eth0'));
    s = { ...s, ...applyTopologyPush(s, { type: 'hops', lab: 1, now: many.length, hops: many, drops: [], skipped: 0 }) };
    expect(s.hops).toHaveLength(HOPS_KEPT);
    s = { ...s, ...applyTopologyPush(s, { type: 'hops', lab: 1, now: 2000, hops: [hop(2000, 'node-1:eth0', { kind: 'plaintext', control: true, proto: 'TCP' })], drops: [], skipped: 0 }) };
    expect(s.lastAt['node-1:eth0'].t).toBe(many.length - 1);
    s = { ...s, ...applyTopologyPush(s, { type: 'hops', lab: 1, now: 100, hops: [], drops: [{ t: 100, point: 'node-1:eth0', trace: 1, reason: 'x' }], skipped: 0 }) };
    expect(s.hops.every((h) => h.t <= 100)).toBe(true);
    expect(s.lastAt['node-1:eth0'].t).toBe(100);
    expect(s.drops).toHaveLength(1);
  });

  it('forgets a selection whose pod went away', () => {
    const s: TopologyData = { ...empty, topologyLab: 1, topology: model(['a']), mapSelection: { kind: 'pod', id: 'web/a' } };
    expect(applyTopologyPush(s, { type: 'topology', lab: 1, model: model(['b']) })).toMatchObject({ mapSelection: null });
    expect(pointOf({ kind: 'pod', id: 'web/b' }, model(['b']))).toBe('web/b:eth0');
    expect(pointOf({ kind: 'node', id: 'node-1' }, model([]))).toBe('node-1:eth0');
  });
});

describe('topology slice in the lab store', () => {
  it('holds the loaded lab\'s shape and hops; selecting a pod captures at its eth0', async () => {
    const store = createLabStore(inProcessClient(), { scenario: 'cilium-wireguard', seed: '7' }, { defaultTerminal: false });
    await store.getState().load('cilium-wireguard', '7');
    const s = store.getState();
    expect(s.topology?.nodes.map((n) => n.devices.map((d) => d.name))).toEqual([['cilium_wg0'], ['cilium_wg0'], ['cilium_wg0']]);
    expect(s.hops.length).toBeGreaterThan(50);
    expect(s.lastAt['node-1:eth0'].kind).toBe('wireguard');
    await s.selectOnMap({ kind: 'pod', id: 'web/frontend' });
    expect(store.getState()).toMatchObject({ mapSelection: { kind: 'pod', id: 'web/frontend' }, point: 'web/frontend:eth0' });
    await store.getState().load('istio-strict', '7');
    expect(store.getState()).toMatchObject({ mapSelection: null, topologyLab: 2 });
    expect(store.getState().drops.map((d) => d.point)).toEqual(['bank/backend:eth0']);
  });
});
