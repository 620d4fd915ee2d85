/**
 * What a scenario installs before the lab starts, as a Helm install would have: the CNI's configuration objects
 * (`cilium-config` and one CiliumNode per node for Cilium, FelixConfiguration `default` for Calico) set for the
 * scenario's encryption, after which the node agents bring the datapath up at once (keys, devices, peers).
 */
import type { Sim } from './sim';
import type { ScenarioInfo } from './scenarios';
import type { KubeObject } from './objects';
import { objectKey, storeObject } from './objects';
import { injectionWanted, injectSidecar, installMesh } from '../datapath/mesh';
import { ISTIO_ROOT_NAMESPACE } from '../datapath/meshPolicy';
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
  if (info.mesh) installMeshScenario(sim, info.mesh.kind, !!info.mesh.strict);
}

/** The mesh's namespace and CA, injection turned on for web and bank, their pods' sidecars; STRICT mesh-wide if asked. */
function installMeshScenario(sim: Sim, kind: 'istio' | 'linkerd', strict: boolean): void {
  const { cluster } = sim.st;
  const system = kind === 'istio' ? ISTIO_ROOT_NAMESPACE : 'linkerd';
  cluster.namespaces.push({ name: system, labels: { 'kubernetes.io/metadata.name': system } });
  for (const name of ['web', 'bank']) {
    const ns = cluster.namespaces.find((n) => n.name === name)!;
    if (kind === 'istio') ns.labels['istio-injection'] = 'enabled';
    else ((sim.st.modelMeta ??= {})[objectKey({ apiVersion: 'v1', objKind: 'Namespace', name })] ??= { labels: {}, annotations: {} }).annotations['linkerd.io/inject'] = 'enabled';
  }
  installMesh(sim, kind);
  for (const pod of cluster.pods) if (injectionWanted(sim, pod)) injectSidecar(sim, pod);
  if (strict) {
    storeObject(sim, {
      apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: ISTIO_ROOT_NAMESPACE }, spec: { mtls: { mode: 'STRICT' } },
    });
  }
}
