/**
 * Where a lab's transparent encryption is configured, as on a real cluster: Cilium's `cilium-config` ConfigMap in
 * kube-system (`enable-wireguard`, `encrypt-node`, `enable-ipsec`), Calico's FelixConfiguration `default`
 * (`spec.wireguardEnabled`). The scenario stores these objects at start; kubectl changes them; the node agents
 * (src/datapath/encryption.ts) read what they ask for and bring the datapath there.
 */
import type { SimState } from '../sim/state';
import type { KubeObject } from '../sim/objects';
import { objectKey, storedObject, type ObjectRef } from '../sim/objects';

export const CILIUM_CONFIG = { apiVersion: 'v1', objKind: 'ConfigMap', namespace: 'kube-system', name: 'cilium-config' } as const;
export const FELIX_CONFIG = { apiVersion: 'crd.projectcalico.org/v1', objKind: 'FelixConfiguration', name: 'default' } as const;

export interface WireguardWanted {
  flavor: 'cilium' | 'calico';
  /** Cilium `encrypt-node`: node-to-node and pod-to-remote-node traffic too (beta). */
  nodeEncryption: boolean;
}

/** What the configuration objects ask for (null: no WireGuard). */
export function wantedWireguard(st: SimState): WireguardWanted | null {
  if (st.config.cni === 'calico') {
    const spec = (storedObject(st, FELIX_CONFIG)?.spec ?? {}) as Record<string, unknown>;
    return spec.wireguardEnabled === true ? { flavor: 'calico', nodeEncryption: false } : null;
  }
  const data = (storedObject(st, CILIUM_CONFIG)?.data ?? {}) as Record<string, unknown>;
  return data['enable-wireguard'] === 'true' ? { flavor: 'cilium', nodeEncryption: data['encrypt-node'] === 'true' } : null;
}

/** Whether a change to this object concerns the node agents' encryption settings. */
export function configuresEncryption(r: ObjectRef): boolean {
  const k = objectKey(r);
  return k === objectKey(CILIUM_CONFIG) || k === objectKey(FELIX_CONFIG) || k === objectKey(IPSEC_SECRET);
}

export const IPSEC_SECRET = { apiVersion: 'v1', objKind: 'Secret', namespace: 'kube-system', name: 'cilium-ipsec-keys' } as const;

/** The `cilium-config` ConfigMap a Cilium 1.16 Helm install writes (the keys this lab reads, and a few neighbours). */
export function ciliumConfigMap(st: SimState, o: { wireguard: boolean; ipsec: boolean }): KubeObject {
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'cilium-config', namespace: 'kube-system', labels: { 'app.kubernetes.io/managed-by': 'Helm' } },
    data: {
      'cluster-name': st.cluster.name,
      'enable-hubble': 'true',
      'enable-ipv4': 'true',
      'enable-ipv6': 'false',
      'enable-ipsec': String(o.ipsec),
      ...(o.ipsec ? { 'ipsec-key-file': '/etc/ipsec/keys' } : {}),
      'enable-wireguard': String(o.wireguard),
      'encrypt-node': 'false',
      'ipv4-native-routing-cidr': '10.244.0.0/16',
      'kube-proxy-replacement': 'true',
      'routing-mode': st.config.routing,
      'tunnel-protocol': 'vxlan',
    },
  };
}

/** Calico's cluster-wide Felix settings object. */
export function felixConfiguration(o: { wireguard: boolean }): KubeObject {
  return {
    apiVersion: 'crd.projectcalico.org/v1', kind: 'FelixConfiguration',
    metadata: { name: 'default' },
    spec: { bpfLogLevel: '', floatingIPs: 'Disabled', logSeverityScreen: 'Info', reportingInterval: '0s', wireguardEnabled: o.wireguard },
  };
}
