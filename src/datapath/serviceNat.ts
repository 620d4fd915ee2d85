/**
 * Service load balancing on the client's node, as kube-proxy or Cilium's eBPF load balancer does it without socket
 * LB: a packet from a local pod to a ClusterIP:port is DNATed to one backend pod, the choice is remembered in a
 * conntrack entry, and replies get their source translated back. So `web/frontend:eth0` shows the ClusterIP and
 * `node-1:eth0` shows the backend pod's IP.
 */
import type { Sim } from '../sim/sim';
import type { Host, NatEntry } from '../sim/state';
import { fmtIp, parseIp } from '../net/addr';
import { serviceEndpoints } from '../sim/cluster';
import { u16 } from '../net/bytes';
import { PROTO_TCP, PROTO_UDP } from '../net/packet/ipv4';
import { rewriteIpv4 } from '../net/packet/rewrite';
import { fnv1a } from './hash';

interface Tuple {
  proto: number;
  src: number;
  dst: number;
  sport: number;
  dport: number;
}

export function tupleOf(pkt: Uint8Array): Tuple | null {
  const proto = pkt[9];
  if (proto !== PROTO_TCP && proto !== PROTO_UDP) return null;
  const hl = (pkt[0] & 0x0f) * 4;
  if (pkt.length < hl + 4) return null;
  const src = ((pkt[12] << 24) | (pkt[13] << 16) | (pkt[14] << 8) | pkt[15]) >>> 0;
  const dst = ((pkt[16] << 24) | (pkt[17] << 16) | (pkt[18] << 8) | pkt[19]) >>> 0;
  return { proto, src, dst, sport: u16(pkt, hl), dport: u16(pkt, hl + 2) };
}

const key = (proto: number, client: number, cport: number, backend: number, bport: number) => `${proto}:${client}:${cport}>${backend}:${bport}`;

export type NatResult = { pkt: Uint8Array } | { drop: string };

/**
 * The backend for a connection to `vip:vport`: undefined when that address is no service, a reason to drop when the
 * service has no such port or no ready backend. `flow` spreads connections over the backends.
 */
export function chooseBackend(sim: Sim, vip: number, vport: number, proto: number, flow: number[]): { ip: number; port: number } | { drop: string } | undefined {
  const svc = sim.st.cluster.services.find((s) => s.clusterIP === fmtIp(vip));
  if (!svc) return undefined;
  const protoName = proto === PROTO_TCP ? 'TCP' : 'UDP';
  const port = svc.ports.find((p) => p.port === vport && p.protocol === protoName);
  if (!port) return { drop: `service ${svc.namespace}/${svc.name} has no port ${vport}/${protoName}` };
  const backends = serviceEndpoints(sim.st.cluster, svc);
  if (backends.length === 0) return { drop: `no backends for service ${svc.namespace}/${svc.name}` };
  return { ip: parseIp(backends[fnv1a(flow) % backends.length].ip), port: port.targetPort };
}

/** Outbound from a local pod: translate a ClusterIP destination to a backend, remembered per connection. */
export function serviceDnat(sim: Sim, node: Host, pkt: Uint8Array): NatResult {
  const t = tupleOf(pkt);
  if (!t) return { pkt };
  const b = chooseBackend(sim, t.dst, t.dport, t.proto, [t.src, t.sport, t.dst, t.dport, t.proto]);
  if (!b) return { pkt }; // not a service address: most packets stop here
  // An established connection keeps its backend (conntrack), even if the service's backends changed since.
  const table = (sim.st.nat[node.id] ??= {});
  let entry: NatEntry | undefined = Object.values(table).find((e) => e.proto === t.proto && e.client === t.src && e.cport === t.sport && e.vip === t.dst && e.vport === t.dport);
  if (!entry) {
    if ('drop' in b) return b;
    entry = { vip: t.dst, vport: t.dport, backend: b.ip, bport: b.port, client: t.src, cport: t.sport, proto: t.proto };
    table[key(t.proto, t.src, t.sport, entry.backend, entry.bport)] = entry;
  }
  return { pkt: rewriteIpv4(pkt, { dst: entry.backend, dport: entry.bport }) };
}

/**
 * Socket-level load balancing for programs in a node's own network namespace (Cilium's socket LB, or kube-proxy's
 * OUTPUT chain): connect() to a ClusterIP:port goes to a backend directly, so the wire never carries the ClusterIP.
 * Returns the address to connect to (unchanged when it is not a service), or a reason to refuse.
 */
export function socketLb(sim: Sim, client: number, vip: number, vport: number, proto: number): { ip: number; port: number } | { drop: string } {
  return chooseBackend(sim, vip, vport, proto, [client, vip, vport, proto, sim.st.nextId]) ?? { ip: vip, port: vport };
}

/** A reply from a backend to a client on this node: restore the ClusterIP as its source. */
export function serviceReverse(sim: Sim, node: Host, pkt: Uint8Array): Uint8Array {
  const t = tupleOf(pkt);
  const table = sim.st.nat[node.id];
  if (!t || !table) return pkt;
  const entry = table[key(t.proto, t.dst, t.dport, t.src, t.sport)];
  return entry ? rewriteIpv4(pkt, { src: entry.vip, sport: entry.vport }) : pkt;
}
