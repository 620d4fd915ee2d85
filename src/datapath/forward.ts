/**
 * What a node does with a packet that is not addressed to it (the plaintext datapath): service translation for
 * traffic leaving a local pod, reverse translation for replies, TTL decrement, then the route: a local pod's lxc
 * device, the underlay towards the owning node (native routing), or the VXLAN tunnel (tunnel mode).
 * Transparent encryption (WireGuard, IPsec) takes the packet on its way out, in sendIp (src/datapath/encrypt.ts).
 */
import type { Sim } from '../sim/sim';
import type { Host, Iface } from '../sim/state';
import { drop, lookupRoute, sendIp } from '../net/host';
import { fmtIp } from '../net/addr';
import { rewriteIpv4 } from '../net/packet/rewrite';
import { serviceDnat, serviceReverse } from './serviceNat';
import { tunnelOut } from './tunnel';

/** Time the node's datapath takes to forward a packet (µs). */
const FORWARD_DELAY = 9;

export function forward(sim: Sim, node: Host, inIface: Iface, pkt: Uint8Array, frame: Uint8Array, trace: number): void {
  let p = pkt;
  if (inIface.link.kind === 'veth') { // from a local pod (lxc-* under Cilium, cali* under Calico)
    const r = serviceDnat(sim, node, p);
    if ('drop' in r) return drop(sim, inIface, r.drop, frame, trace);
    p = r.pkt;
  }
  p = serviceReverse(sim, node, p);
  if (p[8] <= 1) return drop(sim, inIface, 'TTL exceeded in transit', frame, trace);
  p = rewriteIpv4(p, { ttlDelta: -1 });
  const dst = ((p[16] << 24) | (p[17] << 16) | (p[18] << 8) | p[19]) >>> 0;
  const route = lookupRoute(node, dst);
  if (!route) return drop(sim, inIface, `no route to host ${fmtIp(dst)}`, frame, trace);
  if (route.tunnelTo !== undefined) return tunnelOut(sim, node, p, route.tunnelTo, trace, FORWARD_DELAY);
  sendIp(sim, node, p, trace, FORWARD_DELAY);
}
