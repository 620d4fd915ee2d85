/**
 * The service mesh's control plane, as far as mTLS needs it: the CA (istiod's self-signed root, or Linkerd's trust
 * anchor and issuer), a workload certificate per meshed pod (24 h, renewed at half-life, keys from the seeded RNG),
 * and the sidecars themselves: injection marks a pod, installs its redirect rules (src/datapath/meshRedirect.ts)
 * and starts its proxy (src/net/apps/meshProxy.ts).
 *
 * Injection follows the namespace: label `istio-injection=enabled` (Istio) or annotation `linkerd.io/inject:
 * enabled` (Linkerd). Existing pods get their sidecar when they are restarted (`kubectl rollout restart`); this lab
 * keeps the pod's name and address across the restart, where a real Deployment would make a new pod.
 */
import type { Sim } from '../sim/sim';
import type { Pod } from '../sim/cluster';
import { podKey } from '../sim/cluster';
import { HOUR } from '../sim/clock';
import { objectKey } from '../sim/objects';
import * as pki from '../crypto/pki';
import { startMeshProxy } from '../net/apps/meshProxy';
import { tcpAbort } from '../net/tcp/conn';
import type { MeshKind } from './meshRedirect';

export interface MeshState {
  kind: MeshKind;
  /** The CA that signs workload certificates (istiod's root; Linkerd's issuer). */
  ca: pki.CaKey;
  /** Linkerd's trust anchor (the issuer's parent); Istio's root is `ca` itself. */
  anchor?: pki.CaKey;
  workloads: Record<string, pki.IssuedCert>;
}

export const WORKLOAD_CERT_LIFETIME = 24 * HOUR;

const rand = (sim: Sim) => (n: number): Uint8Array => sim.bytes(n);

/** Creates the mesh's CA (at install time of the scenario). */
export function installMesh(sim: Sim, kind: MeshKind): void {
  if (kind === 'istio') sim.st.mesh = { kind, ca: pki.createIstioRootCa(rand(sim), sim.now), workloads: {} };
  else {
    const { trustAnchor, issuer } = pki.createLinkerdCa(rand(sim), sim.now);
    sim.st.mesh = { kind, ca: issuer, anchor: trustAnchor, workloads: {} };
  }
  sim.st.meshNat ??= {};
}

/** Whether the pod's namespace asks for injection. */
export function injectionWanted(sim: Sim, pod: Pod): boolean {
  const mesh = sim.st.mesh;
  const ns = sim.st.cluster.namespaces.find((n) => n.name === pod.namespace);
  if (!mesh || !ns) return false;
  if (mesh.kind === 'istio') return ns.labels['istio-injection'] === 'enabled';
  const ann = sim.st.modelMeta?.[objectKey({ apiVersion: 'v1', objKind: 'Namespace', name: ns.name })]?.annotations ?? {};
  return ann['linkerd.io/inject'] === 'enabled';
}

/** Issues (or renews) a pod's workload certificate and arms its renewal at half its lifetime. */
export function issueCertificate(sim: Sim, pod: Pod): void {
  const mesh = sim.st.mesh!;
  mesh.workloads[podKey(pod)] = pki.issueWorkloadCert(mesh.ca, rand(sim), {
    now: sim.now, namespace: pod.namespace, serviceAccount: pod.serviceAccount, mesh: mesh.kind, lifetimeUs: WORKLOAD_CERT_LIFETIME,
  });
  sim.arm(`mesh-renew:${podKey(pod)}`, WORKLOAD_CERT_LIFETIME / 2);
}

/** Gives a pod its sidecar: the redirect rules, a certificate and a running proxy. */
export function injectSidecar(sim: Sim, pod: Pod): void {
  const mesh = sim.st.mesh;
  if (!mesh || pod.sidecar) return;
  pod.sidecar = mesh.kind;
  issueCertificate(sim, pod);
  startMeshProxy(sim, podKey(pod), mesh.kind);
}

/** `kubectl rollout restart`: the pod comes back with a sidecar if its namespace now asks for one, or without. */
export function restartPod(sim: Sim, pod: Pod): void {
  if (injectionWanted(sim, pod)) return injectSidecar(sim, pod);
  if (!pod.sidecar) return;
  // Without a sidecar: the proxy, its certificate and the redirect rules go.
  const key = podKey(pod);
  delete pod.sidecar;
  for (const [id, app] of Object.entries(sim.st.apps)) {
    if (app.kind !== 'mesh-proxy' || app.host !== key) continue;
    for (const conn of Object.keys(app.byConn)) tcpAbort(sim, conn);
    const host = sim.st.hosts[key];
    for (const [l, owner] of Object.entries(host.listeners)) if (owner === id) delete host.listeners[l];
    delete sim.st.apps[id];
  }
  delete sim.st.mesh?.workloads[key];
  delete sim.st.meshNat?.[key];
  sim.cancel(`mesh-renew:${key}`);
}

/** Renewal timer (`mesh-renew:<ns>/<pod>`). */
export function renewCertificate(sim: Sim, key: string): void {
  const pod = sim.st.cluster.pods.find((p) => podKey(p) === key);
  if (pod?.sidecar && sim.st.mesh) issueCertificate(sim, pod);
}
