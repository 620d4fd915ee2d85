/**
 * The Calico resources `calicoctl` shows (projectcalico.org/v3, Calico 3.28 on the Kubernetes datastore): Nodes,
 * built from the cluster's nodes with what calico-node publishes (`spec.bgp.ipv4Address`, `orchRefs`, and once
 * WireGuard runs `spec.wireguard.interfaceIPv4Address` and `status.wireguardPublicKey`), and FelixConfigurations,
 * the stored crd.projectcalico.org/v1 objects in their v3 form. Printed as calicoctl prints them: a ps-style table
 * (every cell padded, the last one too), YAML with sorted keys, JSON in the API structs' field order.
 */
import type { SimState } from '../../sim/state';
import type { ClusterNode } from '../../sim/cluster';
import type { Json, Obj } from './kubectlObjects';
import { nodeObject } from './kubectlObjects';
import { storedList } from './kubectlResources';
import { toYaml } from './kubectlOutput';
import { fmtIp } from '../../net/addr';
import { tabwrite } from '../tabwriter';
import { CALICO_WG_ANNOTATION } from '../../datapath/encryption';
import { wgNode } from './wgState';

export const V3 = 'projectcalico.org/v3';
/** The AS number nodes inherit from the default BGPConfiguration (shown in brackets when inherited). */
const DEFAULT_ASN = 64512;

export interface CalicoKind {
  kind: 'Node' | 'FelixConfiguration';
  list(st: SimState): Obj[];
  headers: string[];
  wide: string[];
  row(o: Obj, wide: boolean): string[];
}

const metaOf = (o: Obj): Obj => (o.metadata ?? {}) as Obj;
const nameOf = (o: Obj): string => String(metaOf(o).name ?? '');

/** A cluster node as calicoctl shows it (metadata from the Kubernetes Node it is stored in). */
export function calicoNode(st: SimState, n: ClusterNode): Obj {
  const k8s = metaOf(nodeObject(st, n));
  const labels = (k8s.labels ?? {}) as Record<string, string>;
  const annotations = (k8s.annotations ?? {}) as Record<string, string>;
  const prefix = st.ifaces[`${n.name}:eth0`]?.addrs[0]?.prefix ?? 24;
  const w = wgNode(st, n.name);
  const wgAddr = w?.flavor === 'calico' ? st.ifaces[w.iface]?.addrs[0] : undefined;
  const key = annotations[CALICO_WG_ANNOTATION];
  const sortedLabels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    kind: 'Node', apiVersion: V3,
    metadata: {
      name: n.name, uid: k8s.uid as Json, resourceVersion: k8s.resourceVersion as Json, creationTimestamp: k8s.creationTimestamp as Json,
      labels: sortedLabels, annotations: { 'projectcalico.org/kube-labels': JSON.stringify(sortedLabels) },
    },
    spec: {
      bgp: { ipv4Address: `${n.ip}/${prefix}` },
      orchRefs: [{ nodeName: n.name, orchestrator: 'k8s' }],
      ...(wgAddr ? { wireguard: { interfaceIPv4Address: fmtIp(wgAddr.ip) } } : {}),
    },
    status: key ? { wireguardPublicKey: key } : {},
  };
}

/** A stored FelixConfiguration in its v3 form (same spec; the server's metadata, no client annotations). */
export function felixV3(o: Obj): Obj {
  const m = metaOf(o);
  return {
    kind: 'FelixConfiguration', apiVersion: V3,
    metadata: { name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp, ...(m.labels ? { labels: m.labels } : {}) },
    spec: (o.spec ?? {}) as Json,
  };
}

export const CALICO_KINDS: Record<string, CalicoKind> = {
  node: {
    kind: 'Node', list: (st) => st.cluster.nodes.map((n) => calicoNode(st, n)).sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : 1)),
    headers: ['NAME'], wide: ['ASN', 'IPV4', 'IPV6'],
    row: (o, wide) => {
      const bgp = ((o.spec as Obj).bgp ?? {}) as Obj;
      return [nameOf(o), ...(wide ? [`(${DEFAULT_ASN})`, String(bgp.ipv4Address ?? ''), ''] : [])];
    },
  },
  felixconfiguration: {
    kind: 'FelixConfiguration', list: (st) => storedList('crd.projectcalico.org', 'FelixConfiguration')(st).map(felixV3),
    headers: ['NAME'], wide: [], row: (o) => [nameOf(o)],
  },
};

/** calicoctl's aliases (case insensitive) -> kind key; the kinds it knows that this lab does not model -> null. */
export function resolveCalicoKind(typed: string): CalicoKind | null | undefined {
  const t = typed.toLowerCase();
  if (['node', 'nodes', 'no', 'nos'].includes(t)) return CALICO_KINDS.node;
  if (['felixconfiguration', 'felixconfig', 'felixconfigurations', 'felixconfigs'].includes(t)) return CALICO_KINDS.felixconfiguration;
  const others = ['bgpconfig', 'bgpconfiguration', 'bgpconfigurations', 'bgpconfigs', 'bgppeer', 'bgppeers', 'bgpp', 'bgpps', 'bp', 'bps',
    'globalnetworkpolicy', 'globalnetworkpolicies', 'gnp', 'gnps', 'globalnetworkset', 'globalnetworksets', 'hostendpoint', 'hostendpoints',
    'hep', 'heps', 'ippool', 'ippools', 'ipp', 'ipps', 'pool', 'pools', 'ipreservation', 'ipreservations', 'reservation', 'reservations',
    'kubecontrollersconfiguration', 'kubecontrollersconfig', 'networkpolicy', 'networkpolicies', 'policy', 'np', 'policies', 'pol', 'pols',
    'networkset', 'networksets', 'profile', 'profiles', 'pro', 'pros', 'workloadendpoint', 'workloadendpoints', 'wep', 'weps'];
  return others.includes(t) ? null : undefined;
}

/** The ps / wide table: every cell tab-terminated through a tabwriter with padding 3. */
export function calicoTable(k: CalicoKind, objs: Obj[], wide: boolean): string {
  const rows = [[...k.headers, ...(wide ? k.wide : [])], ...objs.map((o) => k.row(o, wide))];
  return tabwrite(rows.map((r) => r.map((c) => `${c}\t`).join('')).join('\n') + '\n', { minwidth: 0, padding: 3 });
}

const listOf = (k: CalicoKind, items: Obj[], st: SimState): Obj => ({
  kind: `${k.kind}List`, apiVersion: V3, metadata: { resourceVersion: String(st.objectVersion ?? 3000) }, items,
});

/** `-o yaml`: one object when one was named, else the kind's List. */
export function calicoYaml(k: CalicoKind, objs: Obj[], single: boolean, st: SimState): string {
  return toYaml(single ? objs[0] : listOf(k, objs, st));
}

export function calicoJson(k: CalicoKind, objs: Obj[], single: boolean, st: SimState): string {
  return `${JSON.stringify(single ? objs[0] : listOf(k, objs, st), null, 2)}\n`;
}
