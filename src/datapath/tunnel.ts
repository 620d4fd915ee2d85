/**
 * Cilium tunnel mode: pod traffic to another node is wrapped in VXLAN (RFC 7348) on UDP 8472 between node IPs.
 * The VNI carries the source's security identity; the outer UDP source port is a hash of the inner flow (so ECMP
 * spreads flows); the outer UDP checksum is zero, as Linux VXLAN sends it over IPv4. `cilium_vxlan` is a capture
 * point showing the inner Ethernet frames.
 */
import type { Sim } from '../sim/sim';
import type { Host, Iface } from '../sim/state';
import { fmtIp } from '../net/addr';
import { buildEthernet, ETHERTYPE_IPV4, parseEthernet } from '../net/packet/ethernet';
import { buildIpv4, PROTO_UDP } from '../net/packet/ipv4';
import { buildUdp } from '../net/packet/udp';
import { buildVxlan, CILIUM_VXLAN_PORT, parseVxlan } from '../net/packet/vxlan';
import { drop, receiveIp, sendIp } from '../net/host';
import { tap } from '../net/link';
import { fnv1a } from './hash';
import { u32 } from '../net/bytes';
import { tupleOf } from './serviceNat';

export const VXLAN_DEV = 'cilium_vxlan';
/** Cilium's reserved identity for traffic from a remote node's host. */
const IDENTITY_REMOTE_NODE = 6;

export function tunnelOut(sim: Sim, node: Host, inner: Uint8Array, remote: number, trace: number, delay: number): void {
  const vx = sim.st.ifaces[`${node.id}:${VXLAN_DEV}`];
  const remoteNode = sim.st.cluster.nodes.find((n) => n.ip === fmtIp(remote));
  const peer = remoteNode ? sim.st.ifaces[`${remoteNode.name}:${VXLAN_DEV}`] : undefined;
  if (!vx || !peer) return drop(sim, sim.st.ifaces[node.ifaces[0]], `no tunnel endpoint ${fmtIp(remote)}`, inner, trace);
  const innerFrame = buildEthernet(peer.mac, vx.mac, ETHERTYPE_IPV4, inner);
  tap(sim, vx, 'out', innerFrame, trace);
  const srcIp = fmtIp(((inner[12] << 24) | (inner[13] << 16) | (inner[14] << 8) | inner[15]) >>> 0);
  const vni = sim.st.cluster.pods.find((p) => p.ip === srcIp)?.identity ?? IDENTITY_REMOTE_NODE;
  const sport = flowSourcePort(inner);
  const nodeIp = sim.st.ifaces[`${node.id}:eth0`].addrs[0].ip;
  const udp = buildUdp(nodeIp, remote, sport, CILIUM_VXLAN_PORT, buildVxlan(vni, innerFrame), true);
  node.ipId = (node.ipId + 1) & 0xffff;
  sendIp(sim, node, buildIpv4({ src: nodeIp, dst: remote, proto: PROTO_UDP, ttl: 64, id: node.ipId, df: false }, udp), trace, delay);
}

export function vxlanInput(sim: Sim, node: Host, iface: Iface, payload: Uint8Array, frame: Uint8Array, trace: number): void {
  const v = parseVxlan(payload);
  const vx = sim.st.ifaces[`${node.id}:${VXLAN_DEV}`];
  if (!v || !vx) return drop(sim, iface, 'malformed VXLAN packet', frame, trace);
  const eth = parseEthernet(v.inner);
  if (!eth || eth.ethertype !== ETHERTYPE_IPV4) return drop(sim, iface, 'VXLAN: inner frame is not IPv4', frame, trace);
  const inner = v.inner.slice();
  tap(sim, vx, 'in', inner, trace);
  receiveIp(sim, vx, inner.subarray(14), inner, trace);
}

/**
 * The outer UDP source port: a hash of the inner flow in the kernel's ephemeral range, as Linux's udp_flow_src_port
 * does. The flow hash is symmetric (both directions of a connection hash alike), and covers the addresses and
 * protocol for packets without ports (ICMP).
 */
export function flowSourcePort(inner: Uint8Array): number {
  const t = tupleOf(inner);
  const src = u32(inner, 12), dst = u32(inner, 16);
  const [a, b] = src < dst ? [src, dst] : [dst, src];
  const ports = t ? (t.src < t.dst || (t.src === t.dst && t.sport <= t.dport) ? [t.sport, t.dport] : [t.dport, t.sport]) : [0, 0];
  return 32768 + (fnv1a([a, b, ...ports, inner[9]]) % (60999 - 32768 + 1));
}
