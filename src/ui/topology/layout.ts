/**
 * The topology map's layout model: a pure function from the lab's shape and the width available (CSS pixels, which
 * are also the SVG's user units, so text keeps its real size) to boxes and points. Nodes sit side by side on the
 * underlay (one column per node, wider for nodes with more pods) when there is room, else stacked with the
 * underlay running down their right-hand side. Inside a node, top to bottom: its header, its pods (each with name,
 * namespace, IP, app and sidecar containers), the veth pairs (pod eth0 to host-side lxc), the node's routing "bus",
 * its encryption devices, and eth0 on the bottom edge, wired to the underlay.
 *
 * Every capture point the view can draw gets an anchor: where a marker passes and a drop's mark goes; each link gets
 * a spot for a "last packet here" badge. With `drops`, each node also gets a lane where its latest drop's reason is
 * written out: under the underlay in its column, or under its box when stacked. Routing is ./paths.ts.
 */
import type { TopoDevice, TopoNode, TopoPod, TopologyModel } from '../../worker/topologyProtocol';

export interface Pt { x: number; y: number }
export interface Rect { x: number; y: number; w: number; h: number }

export type AnchorRole = 'pod-eth0' | 'pod-lo' | 'veth' | 'device' | 'eth0';
export interface Anchor { point: string; at: Pt; role: AnchorRole; node: string; pod?: string }
/** Where a badge for the last frame on a link goes; `align` says which of its edges (or its middle) is at `at.x`. */
export interface BadgeSpot { id: string; points: string[]; at: Pt; align: 'start' | 'middle' | 'end' }
/** Where a node's latest drop is told in words (up to `lines` lines from `at.y`), and how wide they may be. */
export interface DropLane { at: Pt; width: number; lines: number }

export interface PodLayout {
  pod: TopoPod; box: Rect; nsIndex: number; label: string;
  app: Rect; sidecar?: Rect; lo?: Pt; eth0: Pt; veth?: Pt;
  /** Which side of the host-side veth's dot its name goes (right, unless that would leave the node). */
  vethLabel: 'start' | 'end';
}
export interface DeviceLayout { dev: TopoDevice; box: Rect; anchor: Pt }
export interface NodeLayout { node: TopoNode; box: Rect; busY: number; eth0: Pt; uplink: Pt[]; devices: DeviceLayout[] }

export interface Layout {
  width: number; height: number; columns: 1 | 3;
  nodes: NodeLayout[]; pods: PodLayout[];
  underlay: { from: Pt; to: Pt; label: Pt; labelAlign: 'start' | 'end' };
  anchors: Record<string, Anchor>;
  badges: BadgeSpot[];
  /** By node name; present when the layout was asked to leave room for drops. */
  dropLanes: Record<string, DropLane>;
}

export const M = 16;
const COL_GAP = 28;
const PAD = 14;
const HEADER_H = 62;
const POD_GAP = 14;
const VETH_H = 52;
const BUS_GAP = 24;
const DEV_H = 58;
const DEV_GAP = 12;
const EDGE_H = 34;
const ETH0_INSET = 40;
/** The loopback link between an app and its sidecar, when they sit side by side. */
const LO_GAP = 40;
/** Width a node column needs per pod before the map stacks its nodes instead. */
export const MIN_POD_W = 200;

/** A rough text width (the map lays out before fonts are measured): `mono` for addresses and device names. */
export const textW = (s: string, px: number, mono = false) => Math.ceil(s.length * px * (mono ? 0.61 : 0.57));

const chipW = (s: string) => textW(s, 14) + 22;
/** Font size of the host-side veth names (Calico's are 15 characters). */
export const VETH_PX = 13;

/** The pod's internals at its box; `podH` is the height every pod in the layout shares. */
function podInternals(pod: TopoPod, box: Rect) {
  const appW = chipW('app');
  const cy = box.y + 98;
  const app: Rect = { x: box.x + PAD, y: cy, w: appW, h: 30 };
  if (!pod.sidecar) return { app };
  const sideW = chipW(pod.sidecar);
  const inRow = PAD + appW + LO_GAP + sideW + PAD <= box.w;
  const sidecar: Rect = inRow ? { x: app.x + appW + LO_GAP, y: cy, w: sideW, h: 30 } : { x: app.x, y: cy + 52, w: sideW, h: 30 };
  const lo: Pt = inRow ? { x: app.x + appW + LO_GAP / 2, y: cy + 15 } : { x: app.x + 22, y: cy + 41 };
  return { app, sidecar, lo };
}

function podHeight(pods: TopoPod[], widths: Map<string, number>): number {
  let h = 98 + 30 + 14;
  for (const p of pods) {
    if (!p.sidecar) continue;
    const w = widths.get(p.key) ?? 0;
    const stacked = PAD + chipW('app') + LO_GAP + chipW(p.sidecar) + PAD > w;
    h = Math.max(h, 98 + 30 + (stacked ? 52 : 0) + 40 + 14);
  }
  return h;
}

function deviceRows(devs: TopoDevice[], w: number): { perRow: number; rows: number; devW: number } {
  const devW = Math.max(150, ...devs.map((d) => textW(d.name, 14, true) + 24));
  const avail = w - 2 * PAD - 2 * ETH0_INSET;
  const perRow = Math.max(1, Math.floor((avail + DEV_GAP) / (devW + DEV_GAP)));
  return { perRow, rows: Math.ceil(devs.length / perRow), devW };
}

export function layoutTopology(model: TopologyModel, width: number, opts: { drops?: boolean } = {}): Layout {
  const W = Math.max(320, Math.floor(width));
  const podsOf = (n: string) => model.pods.filter((p) => p.node === n);
  const weights = model.nodes.map((n) => Math.max(1, podsOf(n.name).length));
  const totalWeight = weights.reduce((a, b) => a + b, 0) || 1;
  const unit3 = (W - 2 * M - COL_GAP * Math.max(0, model.nodes.length - 1)) / totalWeight;
  const columns: 1 | 3 = unit3 >= MIN_POD_W + 2 * PAD ? 3 : 1;
  const barX = W - M - 12;
  const nodeW = (i: number) => (columns === 3 ? unit3 * weights[i] : W - 2 * M - 44);

  // Pod widths first: every pod in the layout shares one height.
  const podW = new Map<string, number>();
  model.nodes.forEach((n, i) => {
    const ps = podsOf(n.name);
    for (const p of ps) podW.set(p.key, (nodeW(i) - 2 * PAD - POD_GAP * (ps.length - 1)) / ps.length);
  });
  const podH = podHeight(model.pods, podW);
  const devRows = Math.max(0, ...model.nodes.map((n, i) => deviceRows(n.devices, nodeW(i)).rows));
  const nodeH = HEADER_H + podH + VETH_H + BUS_GAP + (devRows ? 18 + devRows * (DEV_H + DEV_GAP) : 0) + EDGE_H;

  const anchors: Record<string, Anchor> = {};
  const badges: BadgeSpot[] = [];
  const dropLanes: Record<string, DropLane> = {};
  const gap1 = opts.drops ? 116 : 56;
  const pods: PodLayout[] = [];
  const nodes: NodeLayout[] = [];
  let x = M;
  model.nodes.forEach((n, i) => {
    const w = nodeW(i);
    const box: Rect = columns === 3 ? { x, y: M, w, h: nodeH } : { x: M, y: M + 28 + i * (nodeH + gap1), w, h: nodeH };
    x += w + COL_GAP;
    const podTop = box.y + HEADER_H;
    const podBottom = podTop + podH;
    const busY = podBottom + VETH_H + BUS_GAP;
    podsOf(n.name).forEach((p, j) => {
      const pw = podW.get(p.key)!;
      const pbox: Rect = { x: box.x + PAD + j * (pw + POD_GAP), y: podTop, w: pw, h: podH };
      const inner = podInternals(p, pbox);
      // The veth pair runs left of the pod's middle, leaving room on its right for its badge and the host-side name.
      const eth0 = { x: Math.round(pbox.x + pw * 0.38), y: podBottom };
      const veth = p.veth ? { x: eth0.x, y: podBottom + VETH_H } : undefined;
      const label = `pod ${p.key} on ${p.node}, ${p.ip}${p.sidecar ? `, sidecar ${p.sidecar}` : ''}`;
      const vethName = p.veth?.slice(p.veth.lastIndexOf(':') + 1) ?? '';
      const vethLabel = eth0.x + 10 + textW(vethName, VETH_PX, true) > box.x + w - 6 ? 'end' : 'start';
      pods.push({ pod: p, box: pbox, nsIndex: Math.max(0, model.namespaces.indexOf(p.namespace)), label, ...inner, eth0, ...(veth && { veth }), vethLabel });
      anchors[p.eth0] = { point: p.eth0, at: eth0, role: 'pod-eth0', node: n.name, pod: p.key };
      if (veth && p.veth) anchors[p.veth] = { point: p.veth, at: veth, role: 'veth', node: n.name, pod: p.key };
      anchors[p.lo] = { point: p.lo, at: inner.lo ?? { x: inner.app.x + inner.app.w / 2, y: inner.app.y + 15 }, role: 'pod-lo', node: n.name, pod: p.key };
      badges.push({ id: `veth:${p.key}`, points: [p.eth0, ...(p.veth ? [p.veth] : [])], at: { x: eth0.x + 14, y: podBottom + 24 }, align: 'start' });
      if (inner.lo && inner.sidecar) {
        badges.push({ id: `lo:${p.key}`, points: [p.lo], at: { x: inner.lo.x, y: Math.max(inner.app.y, inner.sidecar.y) + 52 }, align: 'middle' });
      }
    });
    const { perRow, devW } = deviceRows(n.devices, w);
    const devices: DeviceLayout[] = n.devices.map((dev, k) => {
      const dbox: Rect = {
        x: box.x + PAD + (k % perRow) * (devW + DEV_GAP), y: busY + 18 + Math.floor(k / perRow) * (DEV_H + DEV_GAP), w: devW, h: DEV_H,
      };
      const anchor = { x: dbox.x + Math.min(40, devW / 2), y: dbox.y };
      anchors[dev.point] = { point: dev.point, at: anchor, role: 'device', node: n.name };
      if (dev.kind !== 'xfrm') badges.push({ id: `dev:${dev.point}`, points: [dev.point], at: { x: dbox.x + 10, y: dbox.y + 40 }, align: 'start' });
      return { dev, box: dbox, anchor };
    });
    const bottom = box.y + nodeH;
    const eth0 = { x: box.x + w - ETH0_INSET, y: bottom };
    const tap = columns === 3 ? { x: eth0.x, y: 0 } : { x: barX, y: bottom + 24 };
    const uplink = columns === 3 ? [eth0, tap] : [eth0, { x: eth0.x, y: tap.y }, tap];
    anchors[n.eth0] = { point: n.eth0, at: eth0, role: 'eth0', node: n.name };
    badges.push({ id: `eth0:${n.name}`, points: [n.eth0], at: { x: eth0.x - 12, y: bottom + 24 }, align: 'end' });
    if (opts.drops && columns === 1) dropLanes[n.name] = { at: { x: box.x + 8, y: bottom + 58 }, width: w - 8, lines: 3 };
    nodes.push({ node: n, box, busY, eth0, uplink, devices });
  });

  const lastBottom = Math.max(M, ...nodes.map((n) => n.box.y + n.box.h));
  let underlay: Layout['underlay'];
  let height: number;
  if (columns === 3) {
    const barY = lastBottom + 52;
    for (const n of nodes) n.uplink[1].y = barY;
    underlay = { from: { x: M, y: barY }, to: { x: W - M, y: barY }, label: { x: M, y: barY + 26 }, labelAlign: 'start' };
    height = barY + 40;
    if (opts.drops) {
      for (const n of nodes) dropLanes[n.node.name] = { at: { x: n.box.x + 4, y: barY + 56 }, width: n.box.w - 4, lines: 4 };
      height += 92;
    }
  } else {
    const taps = nodes.map((n) => n.uplink[n.uplink.length - 1].y);
    const top = M + 22;
    const end = Math.max(top, ...taps) + 12;
    underlay = { from: { x: barX, y: top }, to: { x: barX, y: end }, label: { x: barX + 8, y: M + 10 }, labelAlign: 'end' };
    height = opts.drops ? lastBottom + 110 : end + 24;
  }
  return { width: W, height, columns, nodes, pods, underlay, anchors, badges, dropLanes };
}

/** Words wrapped into at most `maxLines` lines of about `width` px; the last line ends in … when text is left over. */
export function wrapWords(text: string, width: number, px: number, maxLines: number): string[] {
  const max = Math.max(8, Math.floor(width / (px * 0.57)));
  const lines: string[] = [];
  let line = '';
  const words = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i].length > max ? `${words[i].slice(0, max - 1)}…` : words[i];
    const next = line ? `${line} ${w}` : w;
    if (next.length <= max) {
      line = next;
      continue;
    }
    if (lines.length === maxLines - 1) {
      lines.push(`${line.slice(0, max - 1)}…`);
      return lines;
    }
    lines.push(line);
    line = w;
  }
  if (line) lines.push(line);
  return lines;
}
