/**
 * What a scenario installs before the lab starts, as a Helm install would have: the CNI's configuration objects
 * (`cilium-config` and one CiliumNode per node for Cilium, FelixConfiguration `default` for Calico) set for the
 * scenario's encryption, after which the node agents bring the datapath up at once (keys, devices, peers).
 */
import type { Sim } from './sim';
import type { ScenarioInfo } from './scenarios';
import type { KubeObject } from './objects';
import { storeObject } from './objects';
import { ciliumConfigMap, felixConfiguration } from '../datapath/encryptionConfig';
import { reconcileEncryption } from '../datapath/encryption';
import { ipsecAgent } from '../datapath/ipsecAgent';
import { formatKeySpec } from '../crypto/ipsec';
import { textToBase64 } from './base64';
import { ScenarioError } from './scenarios';

/** The CiliumNode object cilium-agent keeps for its node (cilium.io/v2). */
export function ciliumNodeObject(sim: Sim, node: string): KubeObject {
  const n = sim.st.cluster.nodes.find((x) => x.name === node)!;
  return {
    apiVersion: 'cilium.io/v2', kind: 'CiliumNode',
    metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux' } },
    spec: {
      addresses: [{ ip: n.ip, type: 'InternalIP' }, { ip: n.routerIp, type: 'CiliumInternalIP' }],
      bootid: n.bootId,
      encryption: {},
      ipam: { podCIDRs: [n.podCidr] },
    },
  };
}

/** The `cilium-ipsec-keys` Secret the install guide creates: key id 3, 20 random bytes (AES-128 key + salt), ICV 128. */
export function ipsecKeySecret(sim: Sim, perTunnel: boolean): KubeObject {
  const line = formatKeySpec({ id: 3, perTunnel, keyMaterial: sim.bytes(20), icvBits: 128 });
  return { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'cilium-ipsec-keys', namespace: 'kube-system' }, data: { keys: textToBase64(line) } };
}

export function installScenario(sim: Sim, info: ScenarioInfo): void {
  const wireguard = info.encryption === 'wireguard';
  const ipsec = info.encryption.startsWith('ipsec');
  if (ipsec && sim.st.config.routing !== 'native') {
    throw new ScenarioError(`scenario '${info.id}' runs in native routing only: this lab does not model IPsec with VXLAN`);
  }
  if (info.cni === 'calico') {
    storeObject(sim, felixConfiguration({ wireguard }));
  } else {
    storeObject(sim, ciliumConfigMap(sim.st, { wireguard, ipsec }));
    for (const n of sim.st.cluster.nodes) storeObject(sim, ciliumNodeObject(sim, n.name));
    if (ipsec) storeObject(sim, ipsecKeySecret(sim, info.encryption === 'ipsec-pertunnel'));
  }
  reconcileEncryption(sim);
  if (info.cni === 'cilium') for (const n of sim.st.cluster.nodes) ipsecAgent(sim, n.name);
}
