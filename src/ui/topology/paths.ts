/**
 * Where a packet goes on the map, as pure geometry over the layout (./layout.ts): the polyline between two capture
 * points (down a pod's veth, along its node's routing bus, through a device, out of eth0, along the underlay), and a
 * trace's hops turned into timed segments for the animation or a static path.
 *
 * A trace is mostly a chain (each hop follows the one before), except on the underlay: a frame received on a node's
 * eth0 came from the last eth0 that sent it on another node, which also fans an ARP broadcast out to every node.
 * Between two hops whose kinds differ, the segment takes the protected kind (encryption happens in the device at
 * one end); on a node that runs IPsec the segment passes through cilium_host's xfrm, where the ESP is made or opened.
 */
import type { Hop, HopKind } from '../../worker/topologyProtocol';
import type { Anchor, Layout, NodeLayout, Pt } from './layout';

export interface Segment {
  trace: number;
  kind: HopKind;
  points: Pt[];
  /** Milliseconds after the trace starts, and how long the marker takes. */
  delay: number;
  duration: number;
  /** The hop the segment arrives at (its summary is the marker's title). */
  to: Hop;
}

/** Marker speed (px per ms) and the bounds of one segment's duration. */
const SPEED = 0.5;
const MIN_MS = 160;
const MAX_MS = 900;

/** How far under the routing bus the device-to-eth0 lane runs (px). */
const LANE_OFFSET = 9;

const RANK: Record<HopKind, number> = { wireguard: 2, esp: 2, tls: 2, plaintext: 1, arp: 0, other: 0 };

/** The kind a segment between two hops shows: the protected one, or the later one on a tie. */
export function segmentKind(a: HopKind, b: HopKind): HopKind {
  return RANK[a] > RANK[b] ? a : b;
}

export function polyLength(pts: Pt[]): number {
  let len = 0;
  for (let i = 1; i < pts.length; i++) len += Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
  return len;
}

/** The point at fraction `t` (0..1) of the polyline's length. */
export function pointAlong(pts: Pt[], t: number): Pt {
  if (pts.length === 0) return { x: 0, y: 0 };
  let left = Math.min(1, Math.max(0, t)) * polyLength(pts);
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1], b = pts[i];
    const d = Math.hypot(b.x - a.x, b.y - a.y);
    if (left <= d && d > 0) return { x: a.x + ((b.x - a.x) * left) / d, y: a.y + ((b.y - a.y) * left) / d };
    left -= d;
  }
  return pts[pts.length - 1];
}

function dedupe(pts: Pt[]): Pt[] {
  return pts.filter((p, i) => i === 0 || p.x !== pts[i - 1].x || p.y !== pts[i - 1].y);
}

const nodeOf = (l: Layout, name: string): NodeLayout | undefined => l.nodes.find((n) => n.node.name === name);

/** From an anchor to its node's routing bus. */
function toBus(l: Layout, a: Anchor): Pt[] {
  const n = nodeOf(l, a.node);
  if (!n) return [a.at];
  const busAt = (x: number) => ({ x, y: n.busY });
  if (a.role === 'pod-eth0' || a.role === 'pod-lo') {
    const pod = l.pods.find((p) => p.pod.key === a.pod);
    if (!pod) return [a.at];
    const head = a.role === 'pod-lo' ? [a.at, { x: a.at.x, y: pod.eth0.y - 12 }, { x: pod.eth0.x, y: pod.eth0.y - 12 }] : [];
    return [...head, pod.eth0, ...(pod.veth ? [pod.veth] : []), busAt(pod.eth0.x)];
  }
  return [a.at, busAt(a.at.x)];
}

/** The polyline a frame follows from one capture point's anchor to another's. */
export function route(l: Layout, a: Anchor, b: Anchor): Pt[] {
  if (a.point === b.point) return [];
  if (a.pod && a.pod === b.pod && a.role !== 'veth' && b.role !== 'veth') {
    const pod = l.pods.find((p) => p.pod.key === a.pod)!;
    const lo = a.role === 'pod-lo' ? a : b;
    const inside = [lo.at, { x: lo.at.x, y: pod.eth0.y - 12 }, { x: pod.eth0.x, y: pod.eth0.y - 12 }, pod.eth0];
    return dedupe(a === lo ? inside : inside.reverse());
  }
  if (a.pod && a.pod === b.pod) return [a.at, b.at]; // pod eth0 <-> its lxc
  if (a.node === b.node) {
    // Between a device and eth0 (or two devices) the packet is already encrypted or still is: it runs in its own
    // lane just under the bus, so a still path's clear and encrypted stretches never lie on top of each other.
    const n = nodeOf(l, a.node);
    const low = (x: Anchor) => x.role === 'device' || x.role === 'eth0';
    if (n && low(a) && low(b)) {
      const y = n.busY + LANE_OFFSET;
      return dedupe([a.at, { x: a.at.x, y }, { x: b.at.x, y }, b.at]);
    }
    return dedupe([...toBus(l, a), ...toBus(l, b).reverse()]);
  }
  const na = nodeOf(l, a.node), nb = nodeOf(l, b.node);
  if (!na || !nb) return [a.at, b.at];
  const out = a.role === 'eth0' ? na.uplink : [...toBus(l, a), { x: na.eth0.x, y: na.busY }, ...na.uplink];
  const inb = b.role === 'eth0' ? nb.uplink : [...toBus(l, b), { x: nb.eth0.x, y: nb.busY }, ...nb.uplink];
  return dedupe([...out, ...[...inb].reverse()]);
}

/**
 * Index of the hop a hop came from: the last earlier one the map draws (a capture point it has no place for, such
 * as a device of another mode, is passed over), or across the underlay the last eth0 that sent it.
 */
function predecessor(l: Layout, hops: Hop[], j: number): number {
  const here = l.anchors[hops[j].point];
  if (hops[j].dir === 'in' && here?.role === 'eth0') {
    for (let k = j - 1; k >= 0; k--) {
      const a = l.anchors[hops[k].point];
      if (a?.role === 'eth0' && hops[k].dir === 'out' && a.node !== here.node) return k;
    }
  }
  let k = j - 1;
  while (k > 0 && !l.anchors[hops[k].point]) k--;
  return k;
}

const msFor = (pts: Pt[]) => Math.round(Math.min(MAX_MS, Math.max(MIN_MS, polyLength(pts) / SPEED)));

/**
 * A trace's hops (in order) as timed segments. `prev`, the trace's last hop from an earlier batch, lets a packet
 * whose hops were split across two pushes continue from where it was.
 */
export function traceSegments(l: Layout, trace: Hop[], prev?: Hop): Segment[] {
  const hops = prev ? [prev, ...trace] : trace;
  const end: number[] = hops.map(() => 0);
  const out: Segment[] = [];
  for (let j = 1; j < hops.length; j++) {
    const k = predecessor(l, hops, j);
    const from = hops[k], to = hops[j];
    const a = l.anchors[from.point], b = l.anchors[to.point];
    end[j] = end[k];
    if (!a || !b || a.point === b.point) continue;
    const xfrm = a.node === b.node && (from.kind === 'esp') !== (to.kind === 'esp')
      ? nodeOf(l, a.node)?.devices.find((d) => d.dev.kind === 'xfrm')
      : undefined;
    const legs: [Anchor, Anchor, HopKind][] = xfrm
      ? [[a, l.anchors[xfrm.dev.point], from.kind], [l.anchors[xfrm.dev.point], b, to.kind]]
      : [[a, b, segmentKind(from.kind, to.kind)]];
    for (const [p, q, kind] of legs) {
      const points = route(l, p, q);
      if (points.length < 2) continue;
      const duration = msFor(points);
      out.push({ trace: to.trace, kind, points, delay: end[j], duration, to });
      end[j] += duration;
    }
  }
  return out;
}

/** Hops grouped by trace, in order of each trace's first hop. */
export function byTrace(hops: Hop[]): Map<number, Hop[]> {
  const m = new Map<number, Hop[]>();
  for (const h of hops) {
    const list = m.get(h.trace);
    if (list) list.push(h);
    else m.set(h.trace, [h]);
  }
  return m;
}

/**
 * The trace a static view shows: the latest that crossed at least two places on the map, preferring one that carried
 * data (not a bare TCP ACK, not ARP) to or from a pod (not a node-to-node WireGuard keepalive): that is what shows
 * where a conversation is readable and where it is not.
 */
export function latestTrace(l: Layout, hops: Hop[]): Hop[] | undefined {
  const traces = [...byTrace(hops).values()].filter((t) => new Set(t.map((h) => h.point).filter((p) => l.anchors[p])).size >= 2);
  const data = traces.filter((t) => t.some((h) => !h.control && h.kind !== 'arp' && h.kind !== 'other'));
  const pods = data.filter((t) => t.some((h) => l.anchors[h.point]?.pod !== undefined));
  return (pods.length ? pods : data.length ? data : traces).at(-1);
}
