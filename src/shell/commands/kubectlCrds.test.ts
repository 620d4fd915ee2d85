/**
 * The CNIs' custom resources through kubectl: CiliumNode (cilium.io/v2, short names cn and ciliumn, the CRD's
 * printer columns, the WireGuard public key annotation the agents write) on Cilium labs, FelixConfiguration
 * (crd.projectcalico.org/v1) on Calico labs; each unknown where the other CNI runs.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { SECOND } from '../../sim/clock';
import { toBase64 } from '../../sim/base64';
import { runCommand } from '../runCommand';
import { kubectl } from './kubectl';
import { expectedTable, NODE1 } from './kubectl.test-helper';

const k = (e: Engine, argv: string[]) => runCommand(e, kubectl, ['kubectl', ...argv], NODE1);

describe('CiliumNode', () => {
  it('kubectl get ciliumnodes prints the CRD columns CILIUMINTERNALIP, INTERNALIP, AGE', () => {
    const e = Engine.create('cilium-wireguard', 7);
    e.runFor(90 * SECOND);
    const nodes = e.st.cluster.nodes;
    const table = expectedTable([['NAME', 'CILIUMINTERNALIP', 'INTERNALIP', 'AGE'], ...nodes.map((n) => [n.name, n.routerIp, n.ip, '90s'])]);
    expect(k(e, ['get', 'ciliumnodes']).out).toBe(table);
    expect(k(e, ['get', 'cn']).out).toBe(table);
    expect(k(e, ['get', 'ciliumnodes.cilium.io', 'node-2', '-o', 'name']).out).toBe('ciliumnode.cilium.io/node-2\n');
    expect(k(e, ['api-resources', '--api-group=cilium.io', '--no-headers']).out).toMatch(/^ciliumnodes +cn,ciliumn +cilium\.io\/v2 +false +CiliumNode\n$/);
  });

  it('carries each node\'s WireGuard public key in network.cilium.io/wg-pub-key', () => {
    const e = Engine.create('cilium-wireguard', 7);
    const r = k(e, ['get', 'ciliumnode', 'node-1', '-o', 'jsonpath={.metadata.annotations.network\\.cilium\\.io/wg-pub-key}']);
    expect(r).toEqual({ out: toBase64(e.st.wg!['node-1'].device.publicKey), err: '', code: 0 });
  });

  it('exists on every Cilium lab (no key without WireGuard) and not on Calico', () => {
    const plain = Engine.create('plaintext', 7);
    expect(k(plain, ['get', 'cn', 'node-1', '-o', 'jsonpath={.metadata.annotations}']).out).toBe('');
    expect(k(Engine.create('calico-wireguard', 7), ['get', 'cn']).err).toBe('error: the server doesn\'t have a resource type "cn"\n');
  });
});

describe('FelixConfiguration', () => {
  it('kubectl get felixconfiguration: NAME and AGE; the spec as stored', () => {
    const e = Engine.create('calico-wireguard', 7);
    e.runFor(5 * SECOND);
    expect(k(e, ['get', 'felixconfigurations']).out).toBe(expectedTable([['NAME', 'AGE'], ['default', '5s']]));
    expect(k(e, ['get', 'felixconfiguration', 'default', '-o', 'jsonpath={.spec.wireguardEnabled}']).out).toBe('true');
    expect(k(Engine.create('cilium-wireguard', 7), ['get', 'felixconfiguration']).err).toBe('error: the server doesn\'t have a resource type "felixconfiguration"\n');
  });
});
