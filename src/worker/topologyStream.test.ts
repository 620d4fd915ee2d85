/**
 * The topology pushes, in Node: the lab's shape per mode (devices, sidecars, identities, no private keys), and the
 * hop stream through the real engine host (shape before hops, lab numbers per load, bounded batches, a push when
 * virtual time goes back).
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../sim/engine';
import { toBase64 } from '../sim/base64';
import { createEngineHost } from './host';
import type { Push, Request } from './protocol';
import { topologyModel } from './topologyModel';
import { TopologyStream } from './topologyStream';
import type { TopologyPush } from './topologyProtocol';

const model = (scenario: string, routing?: 'native' | 'tunnel') => {
  const e = Engine.create(scenario, '7', { routing });
  e.runToIdle();
  return { e, m: topologyModel(e.st) };
};

describe('topologyModel', () => {
  it('cilium-wireguard: a cilium_wg0 per node with its public key, and no private key anywhere', () => {
    const { e, m } = model('cilium-wireguard');
    expect(m.nodes.map((n) => [n.name, n.ip, n.eth0, n.devices.map((d) => d.name)])).toEqual([
      ['node-1', '192.168.61.11', 'node-1:eth0', ['cilium_wg0']],
      ['node-2', '192.168.61.12', 'node-2:eth0', ['cilium_wg0']],
      ['node-3', '192.168.61.13', 'node-3:eth0', ['cilium_wg0']],
    ]);
    const wg = e.st.wg!['node-1'].device;
    expect(m.nodes[0].devices[0].facts).toContainEqual(['public key', toBase64(wg.publicKey)]);
    expect(JSON.stringify(m)).not.toContain(toBase64(wg.privateKey));
    expect(m.pods.map((p) => [p.key, p.node, p.veth, p.sidecar])).toEqual([
      ['web/frontend', 'node-1', 'node-1:lxc-frontend', undefined],
      ['bank/backend', 'node-2', 'node-2:lxc-backend', undefined],
      ['default/app-a', 'node-3', 'node-3:lxc-app-a', undefined],
      ['default/app-b', 'node-3', 'node-3:lxc-app-b', undefined],
    ]);
    expect(m.namespaces).toEqual(['web', 'bank', 'default']);
  });

  it('each mode shows its own devices and sidecars', () => {
    expect(model('calico-wireguard').m.nodes[0].devices.map((d) => [d.name, d.kind])).toEqual([['wireguard.cali', 'wireguard']]);
    const ipsec = model('cilium-ipsec').m.nodes[1].devices;
    expect(ipsec.map((d) => [d.point, d.kind])).toEqual([['node-2:cilium_host', 'xfrm']]);
    expect(ipsec[0].facts).toContainEqual(['SPI', '3']);
    expect(model('plaintext', 'tunnel').m.nodes[2].devices.map((d) => d.name)).toEqual(['cilium_vxlan']);
    expect(model('plaintext').m.nodes.every((n) => n.devices.length === 0)).toBe(true);
    const istio = model('istio-strict').m;
    expect(istio.mesh).toBe('istio');
    expect(istio.pods.map((p) => p.sidecar)).toEqual(['istio-proxy', 'istio-proxy', undefined, undefined]);
    expect(istio.pods[1].identity).toBe('spiffe://cluster.local/ns/bank/sa/backend');
    expect(model('linkerd').m.pods[0].sidecar).toBe('linkerd-proxy');
  });
});

type Req = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

function host() {
  const log: Push[] = [];
  const h = createEngineHost({ push: (m) => log.push(m) });
  let id = 1;
  const send = (req: Req) => h.handle({ ...req, id: id++ } as Request).response;
  const topo = () => log.filter((m): m is TopologyPush => m.type === 'topology' || m.type === 'hops');
  return { log, send, topo };
}

describe('TopologyStream through the engine host', () => {
  it('pushes the shape after a load, then the classified hops of a run, tied by trace', () => {
    const { send, topo } = host();
    send({ type: 'load', scenario: 'cilium-wireguard', seed: '7' });
    expect(topo().map((m) => m.type)).toEqual(['topology']);
    send({ type: 'run', until: 'idle' });
    const pushes = topo();
    expect(pushes.map((m) => m.type)).toEqual(['topology', 'hops']);
    const batch = pushes[1];
    if (batch.type !== 'hops') throw new Error('no hops');
    expect(batch.lab).toBe(1);
    expect(batch.skipped).toBe(0);
    // The first request leaves frontend in clear and crosses the underlay as WireGuard, in one trace.
    const get = batch.hops.find((h) => h.summary.startsWith('GET '))!;
    const path = batch.hops.filter((h) => h.trace === get.trace).map((h) => `${h.point}:${h.kind}`);
    expect(path).toContain('web/frontend:eth0:plaintext');
    expect(batch.hops.some((h) => h.point === 'node-1:eth0' && h.kind === 'wireguard')).toBe(true);
    // A second load numbers the new lab.
    send({ type: 'load', scenario: 'istio-strict', seed: '7' });
    send({ type: 'run', until: 'idle' });
    const last = topo().slice(-2);
    expect(last.map((m) => [m.type, m.lab])).toEqual([['topology', 2], ['hops', 2]]);
    if (last[1].type !== 'hops') throw new Error('no hops');
    expect(last[1].drops.map((d) => [d.point, d.reason])).toEqual([
      ['bank/backend:eth0', expect.stringMatching(/^istio-proxy: plaintext connection from 10\.244\.3\.\d+ refused: mTLS mode STRICT/)],
    ]);
  });

  it('bounds a batch to the newest hops and counts the rest; pushes when time goes back', () => {
    const pushed: TopologyPush[] = [];
    const stream = new TopologyStream((m) => pushed.push(m), { maxHops: 10, maxDrops: 2 });
    const e = Engine.create('plaintext', '7');
    stream.reload(e);
    e.runToIdle();
    stream.flush(e);
    const batch = pushed.find((m) => m.type === 'hops');
    if (batch?.type !== 'hops') throw new Error('no hops');
    expect(batch.hops).toHaveLength(10);
    expect(batch.skipped).toBeGreaterThan(100);
    expect(batch.hops[9].t).toBeLessThanOrEqual(e.now);
    // Nothing new: nothing pushed. A restored earlier state: an empty batch with the earlier time.
    const n = pushed.length;
    stream.flush(e);
    expect(pushed).toHaveLength(n);
    const snap = Engine.create('plaintext', '7');
    stream.flush(snap);
    const rewound = pushed[pushed.length - 1];
    expect(rewound).toMatchObject({ type: 'hops', lab: 1, hops: [], now: snap.now });
  });
});
