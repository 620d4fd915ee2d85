/**
 * The cluster model: namespaces, nodes (name, underlay IP, pod CIDR), pods (name, namespace, labels, service account,
 * IP, node) and services (ClusterIP, ports, selector). Plain data, part of the engine state.
 */

export interface Namespace {
  name: string;
  labels: Record<string, string>;
}

export interface ClusterNode {
  name: string;
  /** Underlay (InternalIP) address, e.g. 192.168.61.11. */
  ip: string;
  podCidr: string;
  /** cilium_host address: the pods' default gateway on this node. */
  routerIp: string;
  bootId: string;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: 'TCP' | 'UDP';
}

export interface Pod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  serviceAccount: string;
  node: string;
  ip: string;
  uid: string;
  image: string;
  ports: ContainerPort[];
  /** What runs in the pod: an HTTP API server, or nothing but a shell. */
  app: { kind: 'http-api'; port: number } | { kind: 'none' };
  /** Cilium security identity of the pod's label set (carried as the VXLAN VNI in tunnel mode). */
  identity: number;
  /** The mesh sidecar injected into the pod (istio-proxy or linkerd-proxy), if any. */
  sidecar?: 'istio' | 'linkerd';
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort: number;
  protocol: 'TCP' | 'UDP';
}

export interface Service {
  name: string;
  namespace: string;
  clusterIP: string;
  ports: ServicePort[];
  selector: Record<string, string>;
}

export interface Cluster {
  name: string;
  namespaces: Namespace[];
  nodes: ClusterNode[];
  pods: Pod[];
  services: Service[];
  /** Service CIDR for ClusterIPs. */
  serviceCidr: string;
}

export const podKey = (p: { namespace: string; name: string }): string => `${p.namespace}/${p.name}`;

export function findPod(c: Cluster, key: string): Pod | undefined {
  return c.pods.find((p) => podKey(p) === key);
}

export function findNode(c: Cluster, name: string): ClusterNode | undefined {
  return c.nodes.find((n) => n.name === name);
}

export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/** Ready endpoints (pod IP, target port) of a service, in a stable order. */
export function serviceEndpoints(c: Cluster, svc: Service): Pod[] {
  return c.pods
    .filter((p) => p.namespace === svc.namespace && selects(svc.selector, p.labels))
    .sort((a, b) => podKey(a).localeCompare(podKey(b)));
}

/** Resolves a name the way cluster DNS would (`backend.bank.svc.cluster.local`, `backend.bank`, `backend` from the same namespace). */
export function resolveName(c: Cluster, name: string, fromNamespace: string): string | undefined {
  const parts = name.replace(/\.$/, '').split('.');
  let svcName: string;
  let ns: string;
  if (parts.length === 1) [svcName, ns] = [parts[0], fromNamespace];
  else if (parts.length === 2 || (parts.length >= 3 && parts.slice(2).join('.').startsWith('svc'))) [svcName, ns] = [parts[0], parts[1]];
  else return undefined;
  if (parts.length > 2 && parts.slice(2).join('.') !== 'svc' && parts.slice(2).join('.') !== 'svc.cluster.local') return undefined;
  return c.services.find((s) => s.name === svcName && s.namespace === ns)?.clusterIP;
}
