/**
 * The node agents' encryption controller: brings every node's datapath to what the configuration objects ask for
 * (src/datapath/encryptionConfig.ts), as cilium-agent and calico-node do. Turning WireGuard on generates (or
 * reloads) each node's key, creates the device, publishes the public key (CiliumNode annotation
 * `network.cilium.io/wg-pub-key`, or Node annotation `projectcalico.org/WireguardPublicKey`) and adds every other
 * node as a peer; the first packet then triggers a handshake. Turning it off deletes the devices and the
 * annotations. Agents react a moment after the API change (Felix about a second; the Cilium agent a few seconds,
 * where a real cluster also needs `kubectl -n kube-system rollout restart ds/cilium`).
 */
import type { Sim } from '../sim/sim';
import type { KubeObject } from '../sim/objects';
import { objectKey, storedObject, storeObject } from '../sim/objects';
import { SECOND } from '../sim/clock';
import { toBase64 } from '../sim/base64';
import { wantedWireguard } from './encryptionConfig';
import { syncPeers, wireguardDown, wireguardUp } from './wireguard';
import { scheduleIpsecAgents } from './ipsecAgent';

export const RECONCILE_TIMER = 'ctl:encryption';
export const AGENT_DELAY = { cilium: 3 * SECOND, calico: 1 * SECOND } as const;

export const CILIUM_WG_ANNOTATION = 'network.cilium.io/wg-pub-key';
export const CALICO_WG_ANNOTATION = 'projectcalico.org/WireguardPublicKey';

/** An encryption setting changed: the agents apply it after their reaction time. */
export function scheduleReconcile(sim: Sim): void {
  sim.arm(RECONCILE_TIMER, AGENT_DELAY[sim.st.config.cni]);
  if (sim.st.config.cni === 'cilium') scheduleIpsecAgents(sim, AGENT_DELAY.cilium);
}

export function reconcileEncryption(sim: Sim): void {
  const want = wantedWireguard(sim.st);
  for (const n of sim.st.cluster.nodes) {
    const have = sim.st.wg?.[n.name];
    if (have && (!want || have.flavor !== want.flavor)) wireguardDown(sim, n.name);
    if (want && !sim.st.wg?.[n.name]) wireguardUp(sim, n.name, want);
    if (want) sim.st.wg![n.name].nodeEncryption = want.nodeEncryption;
    publishKey(sim, n.name);
  }
  syncPeers(sim);
}

/** Writes (or removes) a node's public key where its CNI publishes it. */
function publishKey(sim: Sim, node: string): void {
  const w = sim.st.wg?.[node];
  const key = w ? toBase64(w.device.publicKey) : null;
  if (sim.st.config.cni === 'calico') {
    const ref = { apiVersion: 'v1', objKind: 'Node', name: node };
    const overlay = ((sim.st.modelMeta ??= {})[objectKey(ref)] ??= { labels: {}, annotations: {} });
    overlay.annotations[CALICO_WG_ANNOTATION] = key;
    return;
  }
  const ref = { apiVersion: 'cilium.io/v2', objKind: 'CiliumNode', name: node };
  const cn = storedObject(sim.st, ref);
  if (!cn) return;
  const meta = (cn.metadata ?? {}) as { [k: string]: KubeObject[string] };
  const annotations = { ...((meta.annotations ?? {}) as Record<string, string>) };
  if (key) annotations[CILIUM_WG_ANNOTATION] = key;
  else delete annotations[CILIUM_WG_ANNOTATION];
  storeObject(sim, { ...cn, metadata: { ...meta, annotations } });
}
