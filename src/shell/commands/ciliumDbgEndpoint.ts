/**
 * What a Cilium agent knows about endpoints and identities, derived from the cluster model: endpoint IDs (stable
 * per pod), security labels as Cilium renders them (`k8s:app=frontend`, `reserved:host`), the ipcache (IP ->
 * identity as seen from one node), and `cilium-dbg endpoint list` (cilium-dbg/cmd/endpoint_list.go).
 */
import type { SimState } from '../../sim/state';
import type { Pod } from '../../sim/cluster';
import { fmtIp, parseIp } from '../../net/addr';
import { fnv1a } from '../../datapath/hash';
import { tabwrite } from '../tabwriter';

/** Reserved security identities (pkg/identity/numericidentity.go). */
export const RESERVED: Record<number, string> = {
  1: 'host', 2: 'world', 3: 'unmanaged', 4: 'health', 5: 'init', 6: 'remote-node', 7: 'kube-apiserver', 8: 'ingress',
};
export const ID_HOST = 1, ID_WORLD = 2, ID_REMOTE_NODE = 6;

export interface Endpoint {
  id: number;
  identity: number;
  labels: string[];
  ipv4: string;
  pod?: Pod;
}

/** Cilium's cluster name: the lab's cluster (`cluster.name` in the Helm values). */
export const clusterName = (st: SimState): string => st.cluster.name;

export function podLabels(st: SimState, p: Pod): string[] {
  const ns = st.cluster.namespaces.find((n) => n.name === p.namespace)?.labels ?? {};
  return [
    ...Object.entries(p.labels).map(([k, v]) => `k8s:${k}=${v}`),
    ...Object.entries(ns).map(([k, v]) => `k8s:io.cilium.k8s.namespace.labels.${k}=${v}`),
    `k8s:io.cilium.k8s.policy.cluster=${clusterName(st)}`,
    `k8s:io.cilium.k8s.policy.serviceaccount=${p.serviceAccount}`,
    `k8s:io.kubernetes.pod.namespace=${p.namespace}`,
  ].sort();
}

function words(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 4) out.push([...s.slice(i, i + 4)].reduce((a, c) => (a << 8) | (c.charCodeAt(0) & 0xff), 0) >>> 0);
  return out;
}

/** The endpoints on a node, host endpoint first: IDs in 1..4095 drawn from a hash of the pod UID (boot ID for the host). */
export function endpointsOf(st: SimState, node: string): Endpoint[] {
  const n = st.cluster.nodes.find((x) => x.name === node);
  if (!n) return [];
  const used = new Set<number>();
  const pick = (seed: string): number => {
    let id = 1 + (fnv1a(words(seed)) % 4095);
    while (used.has(id)) id = (id % 4095) + 1;
    used.add(id);
    return id;
  };
  const eps: Endpoint[] = [{ id: pick(n.bootId), identity: ID_HOST, labels: ['reserved:host'], ipv4: '' }];
  for (const p of st.cluster.pods.filter((x) => x.node === node)) {
    eps.push({ id: pick(p.uid), identity: p.identity, labels: podLabels(st, p), ipv4: p.ip, pod: p });
  }
  return eps;
}

/** The local endpoint that owns `ip` on `node`, if any. */
export function localEndpoint(st: SimState, node: string, ip: number): Endpoint | undefined {
  const s = fmtIp(ip);
  return endpointsOf(st, node).find((e) => e.ipv4 === s);
}

/** The ipcache: the security identity of an address as `node` sees it. */
export function identityOf(st: SimState, node: string, ip: number): number {
  const s = fmtIp(ip);
  const pod = st.cluster.pods.find((p) => p.ip === s);
  if (pod) return pod.identity;
  const owner = st.cluster.nodes.find((n) => n.ip === s || n.routerIp === s);
  if (owner) return owner.name === node ? ID_HOST : ID_REMOTE_NODE;
  return ID_WORLD;
}

export const identityName = (id: number): string => RESERVED[id] ?? String(id);

export function labelsOfIdentity(st: SimState, id: number): string[] {
  if (RESERVED[id]) return [`reserved:${RESERVED[id]}`];
  const p = st.cluster.pods.find((x) => x.identity === id);
  return p ? podLabels(st, p) : [];
}

/** `cilium-dbg endpoint list`: tabwriter(5, 0, 3), one row per label, sorted by endpoint ID. */
export function endpointList(st: SimState, node: string, noHeaders: boolean): string {
  let t = '';
  if (!noHeaders) {
    t += 'ENDPOINT\tPOLICY (ingress)\tPOLICY (egress)\tIDENTITY\tLABELS (source:key[=value])\tIPv6\tIPv4\tSTATUS\t\n';
    t += '\tENFORCEMENT\tENFORCEMENT\t\t\t\t\t\n';
  }
  for (const ep of [...endpointsOf(st, node)].sort((a, b) => a.id - b.id)) {
    ep.labels.forEach((l, i) => {
      t += i === 0 ? `${ep.id}\tDisabled\tDisabled\t${ep.identity}\t${l}\t\t${ep.ipv4}\tready\t\n` : `\t\t\t\t${l}\t\t\t\t\n`;
    });
  }
  return tabwrite(t, { minwidth: 5, padding: 3 });
}

/** `cilium-dbg endpoint list -o json`: the fields a learner looks for, in the API's shape. */
export function endpointListJson(st: SimState, node: string): string {
  const eps = [...endpointsOf(st, node)].sort((a, b) => a.id - b.id).map((ep) => ({
    id: ep.id,
    spec: { 'label-configuration': {} },
    status: {
      identity: { id: ep.identity, labels: ep.labels },
      labels: { 'security-relevant': ep.labels },
      networking: { addressing: ep.ipv4 ? [{ ipv4: ep.ipv4 }] : [], ...(ep.pod ? { 'interface-name': lxcOf(st, ep.pod) } : {}) },
      ...(ep.pod ? { 'external-identifiers': { 'k8s-namespace': ep.pod.namespace, 'k8s-pod-name': ep.pod.name, 'pod-name': `${ep.pod.namespace}/${ep.pod.name}` } } : {}),
      policy: { realized: { 'policy-enabled': 'none' } },
      state: 'ready',
    },
  }));
  return JSON.stringify(eps, null, 2) + '\n';
}

/** The host-side veth of a pod (`lxc-frontend`). */
export function lxcOf(st: SimState, p: Pod): string {
  const peer = `${p.namespace}/${p.name}:eth0`;
  const id = st.hosts[p.node]?.ifaces.find((i) => { const l = st.ifaces[i]?.link; return l?.kind === 'veth' && l.peer === peer; });
  return id ? st.ifaces[id].name : '';
}

/** Parses an identity given on a command line: a number or a reserved name. */
export function parseIdentity(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const hit = Object.entries(RESERVED).find(([, n]) => n === s.replace(/^reserved:/, ''));
  return hit ? Number(hit[0]) : undefined;
}

export const ipOrUndefined = (s: string): number | undefined => {
  try {
    return parseIp(s);
  } catch {
    return undefined;
  }
};
