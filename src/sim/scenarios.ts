/**
 * Scenarios: a cluster, a mode and a script of timed inputs. Every scenario runs the default three-node cluster
 * and sends an HTTP request from `web/frontend` (node-1) to `bank/backend` (node-2, TCP 8080) whose JSON response
 * spans several TCP segments, plus same-node traffic on node-3 and a ping; the mesh scenarios add a request from
 * `default/app-a`, which has no sidecar.
 */
import type { Cluster } from './cluster';
import type { Input } from './inputs';
import { SECOND, MS } from './clock';

export const SCENARIO_IDS = [
  'plaintext', 'cilium-wireguard', 'calico-wireguard', 'cilium-ipsec', 'cilium-ipsec-pertunnel',
  'istio-permissive', 'istio-strict', 'linkerd',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface ScenarioInfo {
  id: ScenarioId;
  title: string;
  /** The CNI the nodes run (Calico scenarios name devices the Calico way). */
  cni: 'cilium' | 'calico';
  /** Transparent encryption the scenario's configuration objects turn on at install time. */
  encryption: 'none' | 'wireguard' | 'ipsec' | 'ipsec-pertunnel';
  /** The service mesh installed, with sidecars in the web and bank namespaces; `strict`: a mesh-wide STRICT PeerAuthentication. */
  mesh?: { kind: 'istio' | 'linkerd'; strict?: boolean };
}

export const SCENARIOS: Record<ScenarioId, ScenarioInfo> = {
  plaintext: { id: 'plaintext', title: 'No encryption: Cilium native routing, plaintext HTTP on the wire', cni: 'cilium', encryption: 'none' },
  'cilium-wireguard': { id: 'cilium-wireguard', title: 'Cilium transparent encryption with WireGuard', cni: 'cilium', encryption: 'wireguard' },
  'calico-wireguard': { id: 'calico-wireguard', title: 'Calico WireGuard encryption', cni: 'calico', encryption: 'wireguard' },
  'cilium-ipsec': { id: 'cilium-ipsec', title: 'Cilium IPsec (global key)', cni: 'cilium', encryption: 'ipsec' },
  'cilium-ipsec-pertunnel': { id: 'cilium-ipsec-pertunnel', title: 'Cilium IPsec (per-tunnel keys)', cni: 'cilium', encryption: 'ipsec-pertunnel' },
  'istio-permissive': { id: 'istio-permissive', title: 'Istio sidecars, PERMISSIVE mTLS', cni: 'cilium', encryption: 'none', mesh: { kind: 'istio' } },
  'istio-strict': { id: 'istio-strict', title: 'Istio sidecars, STRICT mTLS', cni: 'cilium', encryption: 'none', mesh: { kind: 'istio', strict: true } },
  linkerd: { id: 'linkerd', title: 'Linkerd mTLS', cni: 'cilium', encryption: 'none', mesh: { kind: 'linkerd' } },
};

export class ScenarioError extends Error {}

export function scenarioInfo(id: string): ScenarioInfo {
  if (!(SCENARIO_IDS as readonly string[]).includes(id)) {
    throw new ScenarioError(`unknown scenario '${id}'. Scenarios: ${SCENARIO_IDS.join(', ')}`);
  }
  return SCENARIOS[id as ScenarioId];
}

/** The scripted traffic, as offsets from the lab's start. Mesh scenarios add a client without a sidecar. */
export function scenarioScript(id: ScenarioId, cluster: Cluster): { after: number; input: Input }[] {
  const backend = cluster.pods.find((p) => p.name === 'backend')!;
  const unmeshed: { after: number; input: Input }[] = SCENARIOS[id].mesh
    ? [{ after: 1500 * MS, input: { kind: 'exec', target: 'default/app-a', argv: ['curl', '-s', '-m', '5', 'http://backend.bank.svc.cluster.local:8080/api/accounts/1042'] } }]
    : [];
  return [
    ...unmeshed,
    { after: 200 * MS, input: { kind: 'exec', target: 'web/frontend', argv: ['curl', '-s', 'http://backend.bank.svc.cluster.local:8080/api/accounts/1042/transactions'] } },
    { after: 1200 * MS, input: { kind: 'exec', target: 'default/app-a', argv: ['curl', '-s', 'http://app-b/api/accounts'] } },
    { after: 2 * SECOND, input: { kind: 'exec', target: 'web/frontend', argv: ['ping', '-c', '2', backend.ip] } },
  ];
}
