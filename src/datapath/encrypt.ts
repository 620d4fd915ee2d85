/**
 * Transparent encryption's say in a node's output: which packets leave encrypted (FIDELITY.md §1–3) and by what.
 *   Cilium WireGuard: pod -> remote pod always; with `encrypt-node` also node <-> remote node and pod <-> remote
 *   node. Same-node traffic never (it never leaves the node). In tunnel mode the VXLAN packet is what goes through
 *   the device (Cilium 1.15+), judged by its inner addresses.
 *   Calico WireGuard: pod -> remote pod (the host-to-host leg); host traffic stays plaintext.
 *   Cilium IPsec: pod -> remote pod, as ESP between the nodes' cilium_host addresses.
 * A destination without a peer (a node that has no WireGuard or IPsec yet) leaves in plaintext, as on a real
 * cluster.
 */
import type { Sim } from '../sim/sim';
import type { Host } from '../sim/state';
import { parseCidr, parseIp, inCidr, type Cidr } from '../net/addr';
import { flowEnds, hasPeerFor, wireguardSend, type WgNode } from './wireguard';
import { ipsecSend } from './ipsec';

export type Endpoint = 'local-pod' | 'remote-pod' | 'local-node' | 'remote-node' | 'other';

interface NodeNets { name: string; ip: number; router: number; pods: Cidr }

/** The nodes' addresses as numbers, parsed once per cluster model (this runs for every packet a node sends). */
const netsCache = new WeakMap<object, NodeNets[]>();
export function nodeNets(sim: Sim): NodeNets[] {
  const nodes = sim.st.cluster.nodes;
  let nets = netsCache.get(nodes);
  if (!nets) netsCache.set(nodes, (nets = nodes.map((n) => ({ name: n.name, ip: parseIp(n.ip), router: parseIp(n.routerIp), pods: parseCidr(n.podCidr) }))));
  return nets;
}

/** What an address is, seen from `node`. */
export function endpointKind(sim: Sim, node: string, ip: number): Endpoint {
  for (const n of nodeNets(sim)) {
    const local = n.name === node;
    if (n.ip === ip || n.router === ip) return local ? 'local-node' : 'remote-node';
    if (inCidr(ip, n.pods)) return local ? 'local-pod' : 'remote-pod';
  }
  return 'other';
}

/** The node other than `self` whose pod CIDR holds `ip`. */
export function remoteNodeFor(sim: Sim, self: string, ip: number): string | undefined {
  return nodeNets(sim).find((n) => n.name !== self && inCidr(ip, n.pods))?.name;
}

function wireguardWants(sim: Sim, node: string, w: WgNode, pkt: Uint8Array): boolean {
  const { src, dst } = flowEnds(pkt);
  const s = endpointKind(sim, node, src), d = endpointKind(sim, node, dst);
  const podToPod = s === 'local-pod' && d === 'remote-pod';
  if (w.flavor === 'calico') return podToPod;
  const fromHere = s === 'local-pod' || s === 'local-node';
  const toThere = d === 'remote-pod' || d === 'remote-node';
  return podToPod || (w.nodeEncryption && fromHere && toThere);
}

/** Offers a packet the node is about to send to its encryption; true when encryption took it. */
export function encryptOut(sim: Sim, node: Host, pkt: Uint8Array, trace: number, delay: number): boolean {
  if (sim.st.ipsec?.[node.id]) {
    // Cilium IPsec: pod -> remote pod (ESP between the cilium_host addresses).
    const { src, dst } = flowEnds(pkt);
    if (endpointKind(sim, node.id, src) !== 'local-pod' || endpointKind(sim, node.id, dst) !== 'remote-pod') return false;
    const remote = remoteNodeFor(sim, node.id, dst);
    if (!remote || !sim.st.ipsec[remote]) return false;
    ipsecSend(sim, node, remote, pkt, trace, delay);
    return true;
  }
  const w = sim.st.wg?.[node.id];
  if (!w || !wireguardWants(sim, node.id, w, pkt)) return false;
  // The device is chosen by route to the packet's own destination (the remote node for VXLAN).
  if (!hasPeerFor(w, ((pkt[16] << 24) | (pkt[17] << 16) | (pkt[18] << 8) | pkt[19]) >>> 0)) return false;
  wireguardSend(sim, node, w, pkt, trace, delay);
  return true;
}
