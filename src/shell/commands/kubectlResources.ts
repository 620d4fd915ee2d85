/**
 * The resource registry: every kind the lab's API server knows (what `kubectl api-resources` lists), how a type
 * name typed on the command line resolves to it (plural, singular, short name, Kind, `plural.group`), and where its
 * objects come from. A kind without `list` is known but not simulated; `list: () => []` means the lab really has
 * none; `stored` kinds (Secrets, ConfigMaps, NetworkPolicies, ...) live in the engine's object store, so kubectl
 * apply, create and delete work on them. Later issues add their kinds with `registerKind` (CRDs such as
 * CiliumNode or PeerAuthentication use `installed` so they exist only in scenarios that install them, and
 * `storedKind` to keep their objects in the store).
 */
import type { SimState } from '../../sim/state';
import type { Obj } from './kubectlObjects';
import { groupOf } from '../../sim/objects';
import { allServices, endpointsObject, namespaceObject, nodeObject, serviceAccountObjects, serviceObject } from './kubectlObjects';
import { deploymentObjects, podObject } from './kubectlPod';

export interface KindDef {
  /** Plural resource name, as the API path has it: `pods`. */
  resource: string;
  singular: string;
  shortNames: string[];
  kind: string;
  /** API group, '' for the core group. */
  group: string;
  /** The preferred version (what discovery, api-resources and -o name use). */
  version: string;
  /** Other versions the API server also serves (a manifest may name any). */
  alsoServed?: string[];
  namespaced: boolean;
  /** The objects of this kind (all namespaces), sorted by namespace then name; absent when not simulated. */
  list?: (st: SimState) => Obj[];
  /** For custom resources: whether the CRD is installed in this lab. */
  installed?: (st: SimState) => boolean;
  /** Objects live in the engine's object store (src/sim/objects.ts): kubectl can create, change and delete them. */
  stored?: boolean;
}

export const apiVersionOf = (k: KindDef): string => (k.group ? `${k.group}/${k.version}` : k.version);

/** `pod`, `deployment.apps`, `networkpolicy.networking.k8s.io`: how `-o name` and multi-kind tables name a kind. */
export const qualifiedKind = (k: KindDef): string => (k.group ? `${k.singular}.${k.group}` : k.singular);

const byName = (a: Obj, b: Obj): number => {
  const ma = a.metadata as Obj, mb = b.metadata as Obj;
  const ka = `${String(ma.namespace ?? '')}/${String(ma.name)}`, kb = `${String(mb.namespace ?? '')}/${String(mb.name)}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};
const sorted = (f: (st: SimState) => Obj[]) => (st: SimState): Obj[] => f(st).sort(byName);
const none = (): Obj[] => [];

/** The stored objects of a kind (any version of its group), sorted. */
export const storedList = (group: string, kind: string) => (st: SimState): Obj[] =>
  Object.values(st.objects ?? {}).filter((o) => o.kind === kind && groupOf(String(o.apiVersion)) === group).sort(byName) as Obj[];

/** A kind whose objects live in the object store: `list` reads it, apply / delete / patch change it. */
export function storedKind(def: Omit<KindDef, 'list' | 'stored'>): KindDef {
  return { ...def, stored: true, list: storedList(def.group, def.kind) };
}

// name, short names, group/version, namespaced, Kind, source of objects ('-' not simulated, '0' none in the lab,
// 'S' the object store).
const BUILTIN: [string, string, string, boolean, string, ((st: SimState) => Obj[]) | '-' | '0' | 'S'][] = [
  ['bindings', '', 'v1', true, 'Binding', '-'],
  ['componentstatuses', 'cs', 'v1', false, 'ComponentStatus', '-'],
  ['configmaps', 'cm', 'v1', true, 'ConfigMap', 'S'],
  ['endpoints', 'ep', 'v1', true, 'Endpoints', (st) => allServices(st).map((s) => endpointsObject(st, s))],
  ['events', 'ev', 'v1', true, 'Event', '0'],
  ['limitranges', 'limits', 'v1', true, 'LimitRange', 'S'],
  ['namespaces', 'ns', 'v1', false, 'Namespace', (st) => st.cluster.namespaces.map((n) => namespaceObject(st, n.name, n.labels))],
  ['nodes', 'no', 'v1', false, 'Node', (st) => st.cluster.nodes.map((n) => nodeObject(st, n))],
  ['persistentvolumeclaims', 'pvc', 'v1', true, 'PersistentVolumeClaim', '0'],
  ['persistentvolumes', 'pv', 'v1', false, 'PersistentVolume', '0'],
  ['pods', 'po', 'v1', true, 'Pod', (st) => st.cluster.pods.map((p) => podObject(st, p))],
  ['podtemplates', '', 'v1', true, 'PodTemplate', '0'],
  ['replicationcontrollers', 'rc', 'v1', true, 'ReplicationController', '0'],
  ['resourcequotas', 'quota', 'v1', true, 'ResourceQuota', 'S'],
  ['secrets', '', 'v1', true, 'Secret', 'S'],
  ['serviceaccounts', 'sa', 'v1', true, 'ServiceAccount', serviceAccountObjects],
  ['services', 'svc', 'v1', true, 'Service', (st) => allServices(st).map((s) => serviceObject(st, s))],
  ['mutatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', false, 'MutatingWebhookConfiguration', '-'],
  ['validatingadmissionpolicies', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingAdmissionPolicy', '-'],
  ['validatingadmissionpolicybindings', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingAdmissionPolicyBinding', '-'],
  ['validatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingWebhookConfiguration', '-'],
  ['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', false, 'CustomResourceDefinition', '-'],
  ['apiservices', '', 'apiregistration.k8s.io/v1', false, 'APIService', '-'],
  ['controllerrevisions', '', 'apps/v1', true, 'ControllerRevision', '0'],
  ['daemonsets', 'ds', 'apps/v1', true, 'DaemonSet', '0'],
  ['deployments', 'deploy', 'apps/v1', true, 'Deployment', deploymentObjects],
  ['replicasets', 'rs', 'apps/v1', true, 'ReplicaSet', '0'],
  ['statefulsets', 'sts', 'apps/v1', true, 'StatefulSet', '0'],
  ['selfsubjectreviews', '', 'authentication.k8s.io/v1', false, 'SelfSubjectReview', '-'],
  ['tokenreviews', '', 'authentication.k8s.io/v1', false, 'TokenReview', '-'],
  ['localsubjectaccessreviews', '', 'authorization.k8s.io/v1', true, 'LocalSubjectAccessReview', '-'],
  ['selfsubjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectAccessReview', '-'],
  ['selfsubjectrulesreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectRulesReview', '-'],
  ['subjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SubjectAccessReview', '-'],
  ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', true, 'HorizontalPodAutoscaler', '0'],
  ['cronjobs', 'cj', 'batch/v1', true, 'CronJob', '0'],
  ['jobs', '', 'batch/v1', true, 'Job', '0'],
  ['certificatesigningrequests', 'csr', 'certificates.k8s.io/v1', false, 'CertificateSigningRequest', '-'],
  ['leases', '', 'coordination.k8s.io/v1', true, 'Lease', '-'],
  ['endpointslices', '', 'discovery.k8s.io/v1', true, 'EndpointSlice', '-'],
  ['events', 'ev', 'events.k8s.io/v1', true, 'Event', '0'],
  ['flowschemas', '', 'flowcontrol.apiserver.k8s.io/v1', false, 'FlowSchema', '-'],
  ['prioritylevelconfigurations', '', 'flowcontrol.apiserver.k8s.io/v1', false, 'PriorityLevelConfiguration', '-'],
  ['ingressclasses', '', 'networking.k8s.io/v1', false, 'IngressClass', '0'],
  ['ingresses', 'ing', 'networking.k8s.io/v1', true, 'Ingress', '0'],
  ['networkpolicies', 'netpol', 'networking.k8s.io/v1', true, 'NetworkPolicy', 'S'],
  ['runtimeclasses', '', 'node.k8s.io/v1', false, 'RuntimeClass', '-'],
  ['poddisruptionbudgets', 'pdb', 'policy/v1', true, 'PodDisruptionBudget', 'S'],
  ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRoleBinding', '-'],
  ['clusterroles', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRole', '-'],
  ['rolebindings', '', 'rbac.authorization.k8s.io/v1', true, 'RoleBinding', '-'],
  ['roles', '', 'rbac.authorization.k8s.io/v1', true, 'Role', '-'],
  ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', false, 'PriorityClass', '-'],
  ['csidrivers', '', 'storage.k8s.io/v1', false, 'CSIDriver', '-'],
  ['csinodes', '', 'storage.k8s.io/v1', false, 'CSINode', '-'],
  ['csistoragecapacities', '', 'storage.k8s.io/v1', true, 'CSIStorageCapacity', '-'],
  ['storageclasses', 'sc', 'storage.k8s.io/v1', false, 'StorageClass', '-'],
  ['volumeattachments', '', 'storage.k8s.io/v1', false, 'VolumeAttachment', '-'],
];

const KINDS: KindDef[] = BUILTIN.map(([resource, short, gv, namespaced, kind, src]) => {
  const slash = gv.lastIndexOf('/');
  const def = {
    resource, singular: kind.toLowerCase(), shortNames: short ? short.split(',') : [], kind,
    group: slash < 0 ? '' : gv.slice(0, slash), version: gv.slice(slash + 1), namespaced,
  };
  if (src === 'S') return storedKind(def);
  return { ...def, ...(src === '-' ? {} : { list: src === '0' ? none : sorted(src) }) };
});

// The CNIs' custom resources this lab models (their CRDs exist only where that CNI is installed). CiliumNode is
// written by the lab's Cilium agents (one per node, with the node's WireGuard public key as an annotation);
// FelixConfiguration `default` is Calico's cluster-wide Felix settings.
KINDS.push(
  storedKind({ resource: 'ciliumnodes', singular: 'ciliumnode', shortNames: ['cn', 'ciliumn'], kind: 'CiliumNode', group: 'cilium.io',
    version: 'v2', namespaced: false, installed: (st) => st.config.cni === 'cilium' }),
  storedKind({ resource: 'felixconfigurations', singular: 'felixconfiguration', shortNames: [], kind: 'FelixConfiguration',
    group: 'crd.projectcalico.org', version: 'v1', namespaced: false, installed: (st) => st.config.cni === 'calico' }),
);

// Istio's mTLS resources (its CRDs exist where Istio is installed; Istio 1.24 serves v1 and the older versions), which
// the sidecars read: PeerAuthentication (mesh, namespace and workload mTLS mode) and DestinationRule (client TLS mode).
const istio = (st: SimState): boolean => st.mesh?.kind === 'istio';
KINDS.push(
  storedKind({ resource: 'peerauthentications', singular: 'peerauthentication', shortNames: ['pa'], kind: 'PeerAuthentication',
    group: 'security.istio.io', version: 'v1', alsoServed: ['v1beta1'], namespaced: true, installed: istio }),
  storedKind({ resource: 'destinationrules', singular: 'destinationrule', shortNames: ['dr'], kind: 'DestinationRule',
    group: 'networking.istio.io', version: 'v1', alsoServed: ['v1beta1', 'v1alpha3'], namespaced: true, installed: istio }),
);

/** Every version of a kind the API server serves, preferred first. */
export const servedVersions = (k: KindDef): string[] => [k.version, ...(k.alsoServed ?? [])];

/** Adds a kind, or replaces the one with the same resource and group (a later issue making Secrets real). */
export function registerKind(def: KindDef): void {
  const i = KINDS.findIndex((k) => k.resource === def.resource && k.group === def.group);
  if (i >= 0) KINDS[i] = def;
  else KINDS.push(def);
}

/** The kinds this lab's API server serves, in discovery order. */
export function kinds(st: SimState): KindDef[] {
  return KINDS.filter((k) => !k.installed || k.installed(st));
}

/** Resolves a type as typed (`po`, `pods`, `Pod`, `deployments.apps`, `pods.v1.`) like kubectl's RESTMapper. */
export function resolveKind(st: SimState, typed: string): KindDef | undefined {
  const t = typed.toLowerCase();
  const all = kinds(st);
  const simple = all.find((k) => k.resource === t || k.singular === t || k.shortNames.includes(t));
  if (simple) return simple;
  return all.find((k) => {
    const names = [k.resource, k.singular];
    return names.some((n) => t === `${n}.${k.group}` || servedVersions(k).some((v) => t === `${n}.${v}.${k.group}`));
  });
}

/** Every name a type can be typed as, for completion. */
export function typeNames(st: SimState): string[] {
  return [...new Set(kinds(st).flatMap((k) => [k.resource, ...k.shortNames]))].sort();
}

export const objName = (o: Obj): string => String((o.metadata as Obj | undefined)?.name ?? '');
export const objNamespace = (o: Obj): string | undefined => {
  const ns = (o.metadata as Obj | undefined)?.namespace;
  return typeof ns === 'string' ? ns : undefined;
};
export const objLabels = (o: Obj): Record<string, string> => ((o.metadata as Obj | undefined)?.labels ?? {}) as Record<string, string>;

/** Objects of a kind in a namespace (undefined: all namespaces). Undefined when the kind is not simulated. */
export function listObjects(st: SimState, k: KindDef, namespace: string | undefined): Obj[] | undefined {
  const all = k.list?.(st);
  if (!all) return undefined;
  return k.namespaced && namespace !== undefined ? all.filter((o) => objNamespace(o) === namespace) : all;
}
