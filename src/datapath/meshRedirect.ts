/**
 * The iptables rules a mesh's init container installs in a pod's network namespace (istio-init, linkerd-init), as
 * NAT with connection tracking:
 *   OUTPUT: TCP from the app (any process but the proxy, which runs as UID 1337 / 2102) to an address outside the
 *   pod is REDIRECTed to the proxy's outbound port on 127.0.0.1 (Istio 15001, Linkerd 4140);
 *   PREROUTING: TCP arriving on eth0 for the pod's own ports is REDIRECTed to the inbound port (Istio 15006,
 *   Linkerd 4143), except the proxy's own ports.
 * Replies are translated back, so the app believes it talks to the address it dialled, and the wire shows the
 * original ports. The proxy reads the original destination from the tracked entry (SO_ORIGINAL_DST).
 */
import type { Sim } from '../sim/sim';
import type { Host } from '../sim/state';
import { rewriteIpv4 } from '../net/packet/rewrite';
import { PROTO_TCP } from '../net/packet/ipv4';
import { tupleKey } from '../net/tcp/conn';
import { tupleOf } from './serviceNat';

export type MeshKind = 'istio' | 'linkerd';

export const MESH_PORTS: Record<MeshKind, { outbound: number; inbound: number; own: number[] }> = {
  istio: { outbound: 15001, inbound: 15006, own: [15000, 15001, 15004, 15006, 15008, 15020, 15021, 15090] },
  linkerd: { outbound: 4140, inbound: 4143, own: [4140, 4143, 4190, 4191] },
};

const LOCALHOST = 0x7f000001;
const isLoopback = (ip: number): boolean => ip >>> 24 === 127;

/** One tracked redirect: the flow as the client sent it (src:sport -> dst:dport) and where it was sent instead. */
export interface Redirect {
  dir: 'out' | 'in';
  src: number;
  sport: number;
  dst: number;
  dport: number;
  toIp: number;
  toPort: number;
}

const table = (sim: Sim, host: Host): Record<string, Redirect> => ((sim.st.meshNat ??= {})[host.id] ??= {});
const flowKey = (src: number, sport: number): string => `${src}:${sport}`;

/** The sidecar a pod runs, if any. */
export function sidecarOf(sim: Sim, host: Host): MeshKind | undefined {
  if (host.kind !== 'pod') return undefined;
  return sim.st.cluster.pods.find((p) => `${p.namespace}/${p.name}` === host.id)?.sidecar;
}

/** Whether a connection belongs to the pod's proxy (its sockets are exempt from the OUTPUT redirect). */
function ownedByProxy(sim: Sim, host: Host, src: number, sport: number, dst: number, dport: number): boolean {
  const id = host.tcp[tupleKey(src, sport, dst, dport)];
  const app = id ? sim.st.apps[sim.st.conns[id]?.app] : undefined;
  return app?.kind === 'mesh-proxy';
}

/** nat OUTPUT and the reply half of PREROUTING's redirects: what a packet the pod sends looks like on its way out. */
export function meshOutput(sim: Sim, host: Host, pkt: Uint8Array): Uint8Array {
  const mesh = sidecarOf(sim, host);
  const t = mesh && pkt[9] === PROTO_TCP ? tupleOf(pkt) : null;
  if (!mesh || !t) return pkt;
  const nat = table(sim, host);
  // A reply of a redirected inbound connection: the proxy's port becomes the app port the client dialled again.
  const inbound = nat[`in:${flowKey(t.dst, t.dport)}`];
  if (inbound && t.sport === inbound.toPort) return rewriteIpv4(pkt, { sport: inbound.dport });
  if (isLoopback(t.dst) || ownedByProxy(sim, host, t.src, t.sport, t.dst, t.dport)) return pkt;
  const k = `out:${flowKey(t.src, t.sport)}`;
  const port = MESH_PORTS[mesh].outbound;
  nat[k] ??= { dir: 'out', src: t.src, sport: t.sport, dst: t.dst, dport: t.dport, toIp: LOCALHOST, toPort: port };
  return rewriteIpv4(pkt, { dst: LOCALHOST, dport: port });
}

/** nat PREROUTING and the reply half of OUTPUT's redirects: what a packet arriving at the pod looks like to its stack. */
export function meshInput(sim: Sim, host: Host, ifaceName: string, pkt: Uint8Array): Uint8Array {
  const mesh = sidecarOf(sim, host);
  const t = mesh && pkt[9] === PROTO_TCP ? tupleOf(pkt) : null;
  if (!mesh || !t) return pkt;
  const nat = table(sim, host);
  if (ifaceName === 'lo') {
    // The proxy's answer to a redirected outbound connection: it appears to come from where the app dialled.
    const out = nat[`out:${flowKey(t.dst, t.dport)}`];
    return out && t.src === out.toIp && t.sport === out.toPort ? rewriteIpv4(pkt, { src: out.dst, sport: out.dport }) : pkt;
  }
  if (ifaceName !== 'eth0' || MESH_PORTS[mesh].own.includes(t.dport)) return pkt;
  const k = `in:${flowKey(t.src, t.sport)}`;
  // A packet of a connection the pod already has (the proxy's own upstream ones): conntrack knows it, no redirect.
  if (!nat[k] && host.tcp[tupleKey(t.dst, t.dport, t.src, t.sport)]) return pkt;
  const port = MESH_PORTS[mesh].inbound;
  nat[k] ??= { dir: 'in', src: t.src, sport: t.sport, dst: t.dst, dport: t.dport, toIp: t.dst, toPort: port };
  if (nat[k].dport !== t.dport) return pkt;
  return rewriteIpv4(pkt, { dport: port });
}

/** SO_ORIGINAL_DST: where a connection the proxy accepted was going before the redirect. */
export function originalDestination(sim: Sim, host: Host, dir: 'out' | 'in', peer: number, peerPort: number): Redirect | undefined {
  return sim.st.meshNat?.[host.id]?.[`${dir}:${flowKey(peer, peerPort)}`];
}
