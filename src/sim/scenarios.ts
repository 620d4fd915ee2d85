/**
 * Scenarios: a cluster, a mode and a script of timed inputs. Every scenario runs the default three-node cluster
 * and sends an HTTP request from `web/frontend` (node-1) to `bank/backend` (node-2, TCP 8080) whose JSON response
 * spans several TCP segments, plus same-node traffic on node-3 and a ping. The encrypted modes are listed now so
 * every tool knows their ids; each lands with its own issue.
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
  implemented: boolean;
  /** The CNI the nodes run (Calico scenarios name devices the Calico way). */
  cni: 'cilium' | 'calico';
  /** Transparent encryption the scenario's configuration objects turn on at install time. */
  encryption: 'none' | 'wireguard' | 'ipsec' | 'ipsec-pertunnel';
}

export const SCENARIOS: Record<ScenarioId, ScenarioInfo> = {
  plaintext: { id: 'plaintext', title: 'No encryption: Cilium native routing, plaintext HTTP on the wire', implemented: true, cni: 'cilium', encryption: 'none' },
  'cilium-wireguard': { id: 'cilium-wireguard', title: 'Cilium transparent encryption with WireGuard', implemented: true, cni: 'cilium', encryption: 'wireguard' },
  'calico-wireguard': { id: 'calico-wireguard', title: 'Calico WireGuard encryption', implemented: true, cni: 'calico', encryption: 'wireguard' },
  'cilium-ipsec': { id: 'cilium-ipsec', title: 'Cilium IPsec (global key)', implemented: true, cni: 'cilium', encryption: 'ipsec' },
  'cilium-ipsec-pertunnel': { id: 'cilium-ipsec-pertunnel', title: 'Cilium IPsec (per-tunnel keys)', implemented: true, cni: 'cilium', encryption: 'ipsec-pertunnel' },
  'istio-permissive': { id: 'istio-permissive', title: 'Istio sidecars, PERMISSIVE mTLS', implemented: false, cni: 'cilium', encryption: 'none' },
  'istio-strict': { id: 'istio-strict', title: 'Istio sidecars, STRICT mTLS', implemented: false, cni: 'cilium', encryption: 'none' },
  linkerd: { id: 'linkerd', title: 'Linkerd mTLS', implemented: false, cni: 'cilium', encryption: 'none' },
};

export class ScenarioError extends Error {}

export function scenarioInfo(id: string): ScenarioInfo {
  if (!(SCENARIO_IDS as readonly string[]).includes(id)) {
    throw new ScenarioError(`unknown scenario '${id}'. Scenarios: ${SCENARIO_IDS.join(', ')}`);
  }
  const info = SCENARIOS[id as ScenarioId];
  if (!info.implemented) throw new ScenarioError(`scenario '${id}' is not implemented yet (${info.title} lands with its own issue)`);
  return info;
}

/** The scripted traffic, as offsets from the lab's start. */
export function scenarioScript(_id: ScenarioId, cluster: Cluster): { after: number; input: Input }[] {
  const backend = cluster.pods.find((p) => p.name === 'backend')!;
  return [
    { after: 200 * MS, input: { kind: 'exec', target: 'web/frontend', argv: ['curl', '-s', 'http://backend.bank.svc.cluster.local:8080/api/accounts/1042/transactions'] } },
    { after: 1200 * MS, input: { kind: 'exec', target: 'default/app-a', argv: ['curl', '-s', 'http://app-b/api/accounts'] } },
    { after: 2 * SECOND, input: { kind: 'exec', target: 'web/frontend', argv: ['ping', '-c', '2', backend.ip] } },
  ];
}
