/**
 * `calicoctl` on the Calico WireGuard lab: nodes with the key and device address Felix publishes, the Felix
 * configuration, and patching `wireguardEnabled` (with calicoctl or kubectl) turning the devices off and on.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { SECOND } from '../../sim/clock';
import { toBase64 } from '../../sim/base64';
import { AGENT_DELAY } from '../../datapath/encryption';
import { calicoctl } from './calicoctl';
import { kubectl } from './kubectl';
import { ip } from './ip';
import { node, run } from './programs.test-helper';

const lab = () => Engine.create('calico-wireguard', 7);
const cc = (e: Engine, args: string[]) => run(e, calicoctl, ['calicoctl', ...args], node('node-1'));

describe('calicoctl get', () => {
  it('node: the ps and wide tables (every cell padded), and the v3 Node with its WireGuard status', () => {
    const e = lab();
    expect(cc(e, ['get', 'nodes']).out).toBe('NAME     \nnode-1   \nnode-2   \nnode-3   \n');
    expect(cc(e, ['get', 'no', '-o', 'wide']).out).toBe('NAME     ASN       IPV4               IPV6   \n'
      + ['1', '2', '3'].map((i) => `node-${i}   (64512)   192.168.61.1${i}/24          \n`).join(''));
    const yaml = cc(e, ['get', 'node', 'node-2', '-o', 'yaml']).out;
    expect(yaml).toMatch(/^apiVersion: projectcalico\.org\/v3\nkind: Node\nmetadata:\n {2}annotations:\n {4}projectcalico\.org\/kube-labels: '\{"beta\.kubernetes\.io\/arch":"amd64",/);
    expect(yaml).toContain(`spec:
  bgp:
    ipv4Address: 192.168.61.12/24
  orchRefs:
  - nodeName: node-2
    orchestrator: k8s
  wireguard:
    interfaceIPv4Address: 10.244.2.1
status:
  wireguardPublicKey: ${toBase64(e.st.wg!['node-2'].device.publicKey)}
`);
    const json = JSON.parse(cc(e, ['get', 'node', 'node-3', '-o', 'json']).out);
    expect(Object.keys(json)).toEqual(['kind', 'apiVersion', 'metadata', 'spec', 'status']);
    expect(json.status.wireguardPublicKey).toBe(toBase64(e.st.wg!['node-3'].device.publicKey));
    const list = cc(e, ['get', 'nodes', '-o', 'yaml']).out;
    expect(list).toMatch(/^apiVersion: projectcalico\.org\/v3\nitems:\n- apiVersion: projectcalico\.org\/v3\n {2}kind: Node\n/);
    expect(list).toMatch(/\nkind: NodeList\nmetadata:\n {2}resourceVersion: "\d+"\n$/);
  });

  it('felixconfiguration by any alias, as v3', () => {
    const e = lab();
    expect(cc(e, ['get', 'felixconfiguration']).out).toBe('NAME      \ndefault   \n');
    const yaml = cc(e, ['get', 'FelixConfigs', 'default', '-oyaml']).out;
    expect(yaml).toMatch(/^apiVersion: projectcalico\.org\/v3\nkind: FelixConfiguration\nmetadata:\n {2}creationTimestamp: "2026-03-02T09:00:00Z"\n {2}name: default\n/);
    expect(yaml).toMatch(/\nspec:\n(.*\n)* {2}wireguardEnabled: true\n$/);
    expect(cc(e, ['get', 'felixconfig', 'default', '--output=json']).out).toContain('"wireguardEnabled": true');
  });

  it('errors: missing names, unknown and unmodelled kinds, usage', () => {
    const e = lab();
    expect(cc(e, ['get', 'node', 'node-9'])).toEqual({ out: '', err: 'Failed to get resources: resource does not exist: Node(node-9) with error: nodes "node-9" not found\n', code: 1 });
    expect(cc(e, ['get', 'widgets']).err).toBe("Failed to get resources: resource type 'widgets' is not supported\n");
    expect(cc(e, ['get', 'ippools'])).toMatchObject({ code: 1, err: expect.stringContaining('not modelled in this lab') });
    expect(cc(e, ['get']).err).toBe("Invalid option: 'calicoctl get'. Use flag '--help' to read about a specific subcommand.\n");
    expect(cc(e, ['version']).out).toBe('Client Version:    v3.28.1\nGit commit:        601856343\nCluster Version:   v3.28.1\nCluster Type:      k8s,bgp,kubeadm,kdd\n');
  });
});

describe('turning Calico WireGuard off and on', () => {
  it('calicoctl patch wireguardEnabled=false removes wireguard.cali and the key; kubectl patch turns it back on', () => {
    const e = lab();
    const pub = toBase64(e.st.wg!['node-1'].device.publicKey);
    expect(cc(e, ['patch', 'felixconfiguration', 'default', '-p', '{"spec":{"wireguardEnabled":false}}']))
      .toEqual({ out: "Successfully patched 1 'FelixConfiguration' resource\n", err: '', code: 0 });
    e.runFor(AGENT_DELAY.calico + SECOND);
    expect(e.st.wg).toBeUndefined();
    expect(run(e, ip, ['ip', 'addr'], node('node-1')).out).not.toContain('wireguard.cali');
    const yaml = cc(e, ['get', 'node', 'node-1', '-o', 'yaml']).out;
    expect(yaml).not.toContain('wireguard');
    expect(yaml).toMatch(/\nstatus: \{\}\n$/);
    const k = (args: string[]) => run(e, kubectl, ['kubectl', ...args], node('node-1'));
    expect(k(['patch', 'felixconfiguration', 'default', '-p', '{"spec":{"wireguardEnabled":true}}']).err).toContain('UnsupportedMediaType');
    expect(k(['patch', 'felixconfiguration', 'default', '--type=merge', '-p', '{"spec":{"wireguardEnabled":true}}']).out)
      .toBe('felixconfiguration.crd.projectcalico.org/default patched\n');
    e.runFor(AGENT_DELAY.calico + SECOND);
    expect(run(e, ip, ['ip', 'addr', 'show', 'wireguard.cali'], node('node-1')).out).toMatch(
      /^\d+: wireguard\.cali: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1440 qdisc noqueue state UNKNOWN group default qlen 1000\n {4}link\/none \n {4}inet 10\.244\.1\.1\/32 scope global wireguard\.cali\n {7}valid_lft forever preferred_lft forever\n$/);
    expect(cc(e, ['get', 'node', 'node-1', '-o', 'yaml']).out).toContain(`  wireguardPublicKey: ${pub}\n`);
    expect(cc(e, ['patch', 'felixconfiguration', 'nope', '-p', '{}']).err)
      .toBe('Failed to patch 1 \'FelixConfiguration\' resource: resource does not exist: FelixConfiguration(nope) with error: felixconfigurations.crd.projectcalico.org "nope" not found\n');
  });
});
