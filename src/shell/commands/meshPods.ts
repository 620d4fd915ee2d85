/**
 * What a mesh's sidecar injection does to a pod as the API server shows it (FIDELITY.md §4–5): the proxy container
 * (`istio-proxy` after the app's containers; `linkerd-proxy` first, as Linkerd's proxy-await puts it), the init
 * container that installs the iptables redirect (`istio-init`, `linkerd-init`), the labels and annotations the
 * injectors add, and the mesh releases this lab runs (Istio 1.24.2, Linkerd stable-2.14.10). The lab's pods are
 * treated as the single replica of a Deployment named after their `app` label, which is what `kubectl rollout`
 * restarts.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { SimState } from '../../sim/state';
import type { ContainerPort, Pod } from '../../sim/cluster';
import { toHex } from '../../net/bytes';
import { toPem } from '../../crypto/pki';

export const ISTIO_VERSION = '1.24.2';
export const LINKERD_VERSION = 'stable-2.14.10';
const ISTIO_IMAGE = `docker.io/istio/proxyv2:${ISTIO_VERSION}`;
const LINKERD_PROXY_IMAGE = `cr.l5d.io/linkerd/proxy:${LINKERD_VERSION}`;
const LINKERD_INIT_IMAGE = 'cr.l5d.io/linkerd/proxy-init:v2.2.3';

export interface MeshMount {
  name: string;
  mountPath: string;
}

export interface MeshContainer {
  name: string;
  image: string;
  ports: ContainerPort[];
  mounts: MeshMount[];
  env?: { name: string; value: string }[];
}

/** A volume the injector adds: an emptyDir (`medium` Memory or '') or a ConfigMap. */
export type MeshVolume = { name: string; emptyDir: { medium: string } } | { name: string; configMap: string };

export interface Injection {
  /** Where the proxy goes among the pod's containers. */
  proxyFirst: boolean;
  proxy: MeshContainer;
  init: MeshContainer;
  volumes: MeshVolume[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const tcp = (containerPort: number, name: string): ContainerPort => ({ containerPort, name, protocol: 'TCP' });

/** The Deployment a lab pod belongs to: the one named after its app label. */
export const deploymentOf = (pod: Pod): string => pod.labels.app ?? pod.name;

/** The pod's own (application) container name. */
export const appContainer = (pod: Pod): string => pod.name;

export const proxyName = (kind: 'istio' | 'linkerd'): string => (kind === 'istio' ? 'istio-proxy' : 'linkerd-proxy');

/** Linkerd's `linkerd.io/trust-root-sha256`: the SHA-256 of the trust anchor bundle the proxies are given. */
function trustRootSha(st: SimState): string {
  const anchor = st.mesh?.anchor?.certDer ?? st.mesh?.ca.rootDer;
  return anchor ? toHex(sha256(new TextEncoder().encode(toPem('CERTIFICATE', anchor)))) : '';
}

/** What injection added to this pod, or undefined when it runs no sidecar. */
export function injectionOf(st: SimState, pod: Pod): Injection | undefined {
  const app = appContainer(pod);
  if (pod.sidecar === 'istio') {
    const status = {
      initContainers: ['istio-init'], containers: ['istio-proxy'],
      volumes: ['workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert'],
      imagePullSecrets: null, revision: 'default',
    };
    return {
      proxyFirst: false,
      proxy: {
        name: 'istio-proxy', image: ISTIO_IMAGE, ports: [tcp(15090, 'http-envoy-prom')],
        // Istio's workload keys are RSA 2048 unless the proxy asks for ECDSA; this lab's proxies do (P-256).
        env: [{ name: 'ECC_SIGNATURE_ALGORITHM', value: 'ECDSA' }],
        mounts: [
          { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
          { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
        ],
      },
      init: { name: 'istio-init', image: ISTIO_IMAGE, ports: [], mounts: [] },
      volumes: [{ name: 'workload-certs', emptyDir: { medium: '' } }, { name: 'istiod-ca-cert', configMap: 'istio-ca-root-cert' }],
      labels: {
        'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': deploymentOf(pod),
        'service.istio.io/canonical-revision': 'latest',
      },
      annotations: {
        'istio.io/rev': 'default', 'kubectl.kubernetes.io/default-container': app, 'kubectl.kubernetes.io/default-logs-container': app,
        'prometheus.io/path': '/stats/prometheus', 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true',
        'sidecar.istio.io/status': JSON.stringify(status),
      },
    };
  }
  if (pod.sidecar === 'linkerd') {
    return {
      proxyFirst: true,
      proxy: {
        name: 'linkerd-proxy', image: LINKERD_PROXY_IMAGE, ports: [tcp(4143, 'linkerd-proxy'), tcp(4191, 'linkerd-admin')],
        mounts: [{ name: 'linkerd-identity-end-entity', mountPath: '/var/run/linkerd/identity/end-entity' }],
      },
      init: { name: 'linkerd-init', image: LINKERD_INIT_IMAGE, ports: [], mounts: [] },
      volumes: [{ name: 'linkerd-identity-end-entity', emptyDir: { medium: 'Memory' } }],
      labels: {
        'linkerd.io/control-plane-ns': 'linkerd', 'linkerd.io/proxy-deployment': deploymentOf(pod), 'linkerd.io/workload-ns': pod.namespace,
      },
      annotations: {
        'kubectl.kubernetes.io/default-container': app, 'linkerd.io/created-by': `linkerd/proxy-injector ${LINKERD_VERSION}`,
        'linkerd.io/inject': 'enabled', 'linkerd.io/proxy-version': LINKERD_VERSION, 'linkerd.io/trust-root-sha256': trustRootSha(st),
        'viz.linkerd.io/tap-enabled': 'true',
      },
    };
  }
  return undefined;
}

/** The container kubectl picks without -c: the injector's `kubectl.kubernetes.io/default-container`, if any. */
export function defaultContainer(st: SimState, pod: Pod): string | undefined {
  return injectionOf(st, pod)?.annotations['kubectl.kubernetes.io/default-container'];
}

/** Whether a container name is a mesh sidecar's (its logs are not the app's). */
export const isMeshContainer = (name: string): boolean =>
  ['istio-proxy', 'istio-init', 'linkerd-proxy', 'linkerd-init'].includes(name);

/** The lab's Deployments: one per namespace and app label, with its pods. */
export function labDeployments(st: SimState): { namespace: string; name: string; pods: Pod[] }[] {
  const out = new Map<string, { namespace: string; name: string; pods: Pod[] }>();
  for (const pod of st.cluster.pods) {
    const key = `${pod.namespace}/${deploymentOf(pod)}`;
    if (!out.has(key)) out.set(key, { namespace: pod.namespace, name: deploymentOf(pod), pods: [] });
    out.get(key)!.pods.push(pod);
  }
  return [...out.values()];
}
