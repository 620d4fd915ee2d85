/**
 * The flow log Hubble and `cilium-dbg monitor` read: what Cilium's datapath would report through its perf ring
 * buffer, derived from the frames and drops at each node's interfaces. A node reports a packet where its BPF
 * programs hand it on (pkg/monitor/api/types.go observation points):
 *   - `to-endpoint` when it delivers to a local pod (a frame leaving an `lxc` device),
 *   - `to-network` when a packet leaves through the node's NIC (native routing, BPF host routing),
 *   - `to-overlay` when it enters the VXLAN tunnel (`cilium_vxlan`); the outer UDP 8472 frames are not flows,
 *   - and every drop at a node interface, with the engine's reason.
 * `from-*` points are not reported, and a connection's packets are aggregated as Cilium's default
 * `monitor-aggregation: medium` does (bpf/lib/conntrack.h): per conntrack entry and direction, a packet is reported
 * only when it carries a TCP flag not yet seen in that direction, or when 5 s passed since the last report.
 *
 * Records are plain data kept in the engine state (a ring of 4095 per node, Hubble's default buffer), so snapshots
 * and replays carry them. The recorder listens to the engine's own events; it never changes what the network does.
 */
import type { Sim } from '../sim/sim';
import type { DropEvent, FrameEvent } from '../sim/events';
import { fmtMac } from '../net/addr';
import { u16, u32 } from '../net/bytes';
import { LinkType } from '../net/dissect/tree';
import { PROTO_ICMP, PROTO_TCP, PROTO_UDP } from '../net/packet/ipv4';
import { CILIUM_VXLAN_PORT } from '../net/packet/vxlan';

/** Hubble's default ring buffer capacity (`hubble-event-buffer-capacity`). */
export const FLOW_RING = 4095;
/** CT_REPORT_INTERVAL: a connection direction is reported at least this often while it carries traffic. */
export const REPORT_INTERVAL = 5_000_000;
const MAX_CT = 16_384;

export type ObsPoint = 'to-endpoint' | 'to-network' | 'to-overlay';
export type CtState = 'new' | 'established' | 'reply' | 'unknown';

export interface FlowRecord {
  /** This node's flow counter when the flow was recorded (1-based). */
  seq: number;
  t: number;
  node: string;
  /** Trace observation point, or null for a drop. */
  point: ObsPoint | null;
  /** The engine's drop reason (drops only). */
  drop?: string;
  /** The node interface where the packet was seen, and its ifindex. */
  iface: string;
  ifindex: number;
  ethSrc: string;
  ethDst: string;
  src: number;
  dst: number;
  proto: number;
  sport: number;
  dport: number;
  tcpFlags: number;
  icmpType: number;
  icmpCode: number;
  /** Length of the IP packet. */
  len: number;
  /** For a reply whose source was translated back to a ClusterIP: the backend it came from (else 0). */
  origSrc: number;
  state: CtState;
}

export interface NodeFlows {
  flows: FlowRecord[];
  seen: number;
}

interface CtEntry {
  /** Flags seen and last report time, per direction (0: original, 1: reply). */
  seen: [number, number];
  last: [number, number];
}

export interface FlowLog {
  nodes: Record<string, NodeFlows>;
  ct: Record<string, CtEntry>;
}

/** Starts recording flows for this engine (call once, right after it is built). */
export function observeFlows(sim: Sim): void {
  sim.events.on('frame', (e) => onFrame(sim, e));
  sim.events.on('drop', (e) => onDrop(sim, e));
}

export function flowLogOf(sim: Sim): FlowLog {
  return (sim.st.flowLog ??= { nodes: {}, ct: {} });
}

interface Parsed {
  ethSrc: string;
  ethDst: string;
  ip: Uint8Array;
}

/** Finds the IPv4 packet in a frame (Ethernet, or a bare IP packet as some drops carry). */
function parse(frame: Uint8Array, linkType: number): Parsed | null {
  let ethSrc = '', ethDst = '', ip = frame;
  if (linkType === LinkType.ETHERNET && frame.length >= 34 && u16(frame, 12) === 0x0800) {
    ethDst = fmtMac(frame, 0);
    ethSrc = fmtMac(frame, 6);
    ip = frame.subarray(14);
  } else if (linkType === LinkType.ETHERNET && !(frame.length >= 20 && frame[0] >> 4 === 4)) return null;
  if (ip.length < 20 || ip[0] >> 4 !== 4) return null;
  return { ethSrc, ethDst, ip };
}

function base(sim: Sim, node: string, iface: string, p: Parsed): Omit<FlowRecord, 'seq' | 'point' | 'state' | 'origSrc'> {
  const { ip } = p;
  const hl = (ip[0] & 0x0f) * 4;
  const proto = ip[9];
  const l4 = ip.subarray(hl);
  const ports = (proto === PROTO_TCP || proto === PROTO_UDP) && l4.length >= 4;
  const icmp = proto === PROTO_ICMP && l4.length >= 8;
  return {
    t: sim.now, node, iface: sim.st.ifaces[iface]?.name ?? iface, ifindex: sim.st.ifaces[iface]?.ifindex ?? 0,
    ethSrc: p.ethSrc, ethDst: p.ethDst, src: u32(ip, 12), dst: u32(ip, 16), proto,
    sport: ports ? u16(l4, 0) : icmp ? u16(l4, 4) : 0, dport: ports ? u16(l4, 2) : icmp ? u16(l4, 4) : 0,
    tcpFlags: proto === PROTO_TCP && l4.length >= 14 ? l4[13] : 0,
    icmpType: icmp ? l4[0] : 0, icmpCode: icmp ? l4[1] : 0, len: Math.min(ip.length, u16(ip, 2)),
  };
}

function push(sim: Sim, rec: Omit<FlowRecord, 'seq'>): void {
  const log = flowLogOf(sim);
  const n = (log.nodes[rec.node] ??= { flows: [], seen: 0 });
  n.seen++;
  n.flows.push({ seq: n.seen, ...rec });
  if (n.flows.length > FLOW_RING) n.flows.splice(0, n.flows.length - FLOW_RING);
}

function onFrame(sim: Sim, e: FrameEvent): void {
  if (e.dir !== 'out') return;
  const iface = sim.st.ifaces[e.point];
  if (!iface || sim.st.hosts[iface.host]?.kind !== 'node') return;
  const point: ObsPoint | null = iface.link.kind === 'veth' ? 'to-endpoint'
    : iface.name === 'cilium_vxlan' ? 'to-overlay' : iface.link.kind === 'segment' ? 'to-network' : null;
  const p = point && parse(e.frame, e.linkType);
  if (!point || !p) return;
  const rec = base(sim, iface.host, iface.id, p);
  if (point === 'to-network' && rec.proto === PROTO_UDP && rec.dport === CILIUM_VXLAN_PORT) return; // overlay, not a flow
  const origSrc = point === 'to-endpoint' ? reverseNatted(sim, iface.host, rec) : 0;
  const state = track(sim, rec, origSrc);
  if (state) push(sim, { ...rec, point, origSrc, state });
}

function onDrop(sim: Sim, e: DropEvent): void {
  const iface = sim.st.ifaces[e.point];
  if (!iface || sim.st.hosts[iface.host]?.kind !== 'node') return; // a pod's kernel drops are not Cilium's to see
  const p = parse(e.frame, e.linkType);
  if (!p) return;
  push(sim, { ...base(sim, iface.host, iface.id, p), point: null, drop: e.reason, origSrc: 0, state: 'unknown' });
}

/** The backend a reply's ClusterIP source stands for, from this node's service translation table. */
function reverseNatted(sim: Sim, node: string, r: Pick<FlowRecord, 'src' | 'dst' | 'sport' | 'dport' | 'proto'>): number {
  const table = sim.st.nat[node];
  if (!table) return 0;
  for (const n of Object.values(table)) {
    if (n.vip === r.src && n.vport === r.sport && n.client === r.dst && n.cport === r.dport && n.proto === r.proto) return n.backend;
  }
  return 0;
}

const SYN = 0x02, ACK = 0x10;

/**
 * Conntrack and monitor aggregation for one traced packet: returns its CT state when it is to be reported, or
 * null when aggregation suppresses it.
 */
function track(sim: Sim, r: Omit<FlowRecord, 'seq' | 'point' | 'state' | 'origSrc'>, origSrc: number): CtState | null {
  const log = flowLogOf(sim);
  const src = origSrc || r.src;
  const sport = origSrc ? backendPort(sim, r.node, r) : r.sport;
  const fwd = `${r.node}|${r.proto}|${src}:${sport}>${r.dst}:${r.dport}`;
  const rev = `${r.node}|${r.proto}|${r.dst}:${r.dport}>${src}:${sport}`;
  const isEchoReply = r.proto === PROTO_ICMP && r.icmpType === 0;
  // A SYN opens a new connection, unless it retransmits one that has had no reply yet.
  const newConn = r.proto === PROTO_TCP && (r.tcpFlags & (SYN | ACK)) === SYN && !(log.ct[fwd] && log.ct[fwd].seen[1] === 0);
  let entry: CtEntry, dir: 0 | 1, state: CtState;
  if (newConn || (!log.ct[fwd] && !log.ct[rev])) {
    if (newConn) delete log.ct[rev];
    entry = { seen: [0, 0], last: [0, 0] };
    dir = isEchoReply && !newConn ? 1 : 0;
    log.ct[dir === 0 ? fwd : rev] = entry;
    state = dir === 0 ? 'new' : 'reply';
    gc(log);
  } else if (log.ct[fwd]) [entry, dir, state] = [log.ct[fwd], 0, 'established'];
  else [entry, dir, state] = [log.ct[rev], 1, 'reply'];
  const flags = r.tcpFlags & 0xff;
  const due = sim.now - entry.last[dir] >= REPORT_INTERVAL;
  if (!due && (flags & ~entry.seen[dir]) === 0) return null;
  entry.seen[dir] = due ? flags : entry.seen[dir] | flags;
  entry.last[dir] = sim.now;
  return state;
}

function backendPort(sim: Sim, node: string, r: Pick<FlowRecord, 'src' | 'sport' | 'dst' | 'dport' | 'proto'>): number {
  const n = Object.values(sim.st.nat[node] ?? {}).find((e) => e.vip === r.src && e.vport === r.sport && e.client === r.dst && e.cport === r.dport);
  return n ? n.bport : r.sport;
}

function gc(log: FlowLog): void {
  const keys = Object.keys(log.ct);
  if (keys.length > MAX_CT) for (const k of keys.slice(0, keys.length - MAX_CT)) delete log.ct[k];
}
