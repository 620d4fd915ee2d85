/**
 * The API objects the lab's API server would return, built from the cluster model in the engine state: Nodes,
 * Services (plus the default `kubernetes` service), Endpoints, Namespaces and ServiceAccounts (Pods and Deployments:
 * kubectlPod.ts), as plain JSON the
 * way `kubectl get -o json` sees them. Facts the model does not carry (versions, uids of objects other than pods,
 * container ids) are fixed constants or derived from names and the seed, so every run with a seed prints the same.
 */
import type { SimState } from '../../sim/state';
import type { ClusterNode, Service } from '../../sim/cluster';
import { serviceEndpoints } from '../../sim/cluster';
import { EPOCH_US, fmtIso } from '../../sim/clock';
import { withModelMeta } from '../../sim/objects';
import { stableHex, stableInt, stableUuid } from './kubectlFormat';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

/** The lab runs one Kubernetes release everywhere: kubectl 1.31 against a 1.31 API server. */
export const K8S = {
  version: 'v1.31.1', gitCommit: '948afe5ca072329a73c8e79ed5938717a5cb3d21', buildDate: '2024-09-11T21:22:08Z',
  goVersion: 'go1.22.6', kustomize: 'v5.4.2',
  kernel: '6.1.0-25-amd64', osImage: 'Debian GNU/Linux 12 (bookworm)', runtime: 'containerd://1.7.22',
  /** The API server (a control plane outside the three worker nodes) and the default service in front of it. */
  apiServerIp: '192.168.61.10', apiServerPort: 6443, kubernetesServiceIp: '10.96.0.1',
  context: 'kubernetes-admin@podlock', cluster: 'podlock', user: 'kubernetes-admin',
};

/** Every object of the lab was created when the cluster booted. */
export const CREATED_US = EPOCH_US;
export const created = (): string => fmtIso(CREATED_US);

const uid = (st: SimState, kind: string, name: string): string => stableUuid(`${st.seed}/${kind}/${name}`);
const rv = (st: SimState, kind: string, name: string): string => String(stableInt(`${st.seed}/rv/${kind}/${name}`, 400, 2400));

export function meta(st: SimState, kind: string, name: string, namespace: string | undefined, extra: Obj = {}): Obj {
  const key = namespace ? `${namespace}/${name}` : name;
  return {
    creationTimestamp: created(), name, ...(namespace ? { namespace } : {}), resourceVersion: rv(st, kind, key),
    uid: uid(st, kind, key), ...extra,
  };
}

/** Labels and annotations of a model object, with what kubectl label / annotate changed (empty maps left out). */
export function labelsAnnotations(st: SimState, kind: string, name: string, namespace: string | undefined,
  labels: Record<string, string>, annotations: Record<string, string> = {}): Obj {
  const m = withModelMeta(st, { apiVersion: 'v1', objKind: kind, name, ...(namespace ? { namespace } : {}) }, labels, annotations);
  return { ...(Object.keys(m.annotations).length ? { annotations: m.annotations } : {}), ...(Object.keys(m.labels).length ? { labels: m.labels } : {}) };
}

/** Which CNI reports the nodes' network as up (the NetworkUnavailable condition). */
const cni = (st: SimState): [string, string] =>
  st.scenario.startsWith('calico') ? ['CalicoIsUp', 'Calico is running on this node'] : ['CiliumIsUp', 'Cilium is running on this node'];

export function nodeObject(st: SimState, n: ClusterNode): Obj {
  const t = created();
  const cond = (type: string, status: string, reason: string, message: string): Obj => ({
    lastHeartbeatTime: t, lastTransitionTime: t, message, reason, status, type,
  });
  const [cniReason, cniMessage] = cni(st);
  const resources = (memKi: number): Obj => ({
    cpu: '2', 'ephemeral-storage': '20463184Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${memKi}Ki`, pods: '110',
  });
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      ...meta(st, 'node', n.name, undefined),
      ...labelsAnnotations(st, 'Node', n.name, undefined, {
        'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux',
      }, { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' }),
    },
    spec: { podCIDR: n.podCidr, podCIDRs: [n.podCidr] },
    status: {
      addresses: [{ address: n.ip, type: 'InternalIP' }, { address: n.name, type: 'Hostname' }],
      allocatable: resources(3907868), capacity: resources(4010268),
      conditions: [
        cond('NetworkUnavailable', 'False', cniReason, cniMessage),
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64', bootID: n.bootId, containerRuntimeVersion: K8S.runtime, kernelVersion: K8S.kernel,
        kubeProxyVersion: K8S.version, kubeletVersion: K8S.version, machineID: stableHex(`${st.seed}/machine/${n.name}`, 32),
        operatingSystem: 'linux', osImage: K8S.osImage, systemUUID: uid(st, 'system', n.name),
      },
    },
  };
}

/** The default `kubernetes` service in front of the API server, which every cluster has. */
export function kubernetesService(): Service {
  return {
    name: 'kubernetes', namespace: 'default', clusterIP: K8S.kubernetesServiceIp,
    ports: [{ name: 'https', port: 443, targetPort: K8S.apiServerPort, protocol: 'TCP' }], selector: {},
  };
}

export function allServices(st: SimState): Service[] {
  return [kubernetesService(), ...st.cluster.services];
}

export function serviceObject(st: SimState, s: Service): Obj {
  const isApi = s.name === 'kubernetes' && s.namespace === 'default';
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { ...meta(st, 'service', s.name, s.namespace), ...labelsAnnotations(st, 'Service', s.name, s.namespace, isApi ? { component: 'apiserver', provider: 'kubernetes' } : {}) },
    spec: {
      clusterIP: s.clusterIP, clusterIPs: [s.clusterIP], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol, targetPort: p.targetPort })),
      ...(Object.keys(s.selector).length ? { selector: { ...s.selector } } : {}), sessionAffinity: 'None', type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  };
}

export function endpointsObject(st: SimState, s: Service): Obj {
  const isApi = s.name === 'kubernetes' && s.namespace === 'default';
  const ports = s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.targetPort, protocol: p.protocol }));
  const pods = isApi ? [] : serviceEndpoints(st.cluster, s);
  const addresses: Json[] = isApi
    ? [{ ip: K8S.apiServerIp }]
    : pods.map((p) => ({ ip: p.ip, nodeName: p.node, targetRef: { kind: 'Pod', name: p.name, namespace: p.namespace, uid: p.uid } }));
  return {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { ...meta(st, 'endpoints', s.name, s.namespace), ...(isApi ? { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } } : {}) },
    ...(addresses.length ? { subsets: [{ addresses, ports }] } : {}),
  };
}

export function namespaceObject(st: SimState, name: string, labels: Record<string, string>): Obj {
  return {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { ...meta(st, 'namespace', name, undefined), ...labelsAnnotations(st, 'Namespace', name, undefined, labels) },
    spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
  };
}

/** Service accounts: `default` in every namespace, plus the ones the pods run as. */
export function serviceAccountObjects(st: SimState): Obj[] {
  const names = new Set<string>();
  for (const ns of st.cluster.namespaces) names.add(`${ns.name}/default`);
  for (const p of st.cluster.pods) names.add(`${p.namespace}/${p.serviceAccount}`);
  return [...names].map((key) => {
    const [ns, name] = key.split('/');
    return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(st, 'serviceaccount', name, ns) };
  });
}
