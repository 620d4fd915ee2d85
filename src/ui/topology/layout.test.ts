/**
 * The map's layout model, from real labs' shapes: three columns when the width allows and one otherwise, boxes that
 * never overlap and stay inside the map, pods inside their node, one anchor per capture point the map draws, badge
 * spots inside the map, drop lanes on request, and word wrapping for the drop reasons.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { topologyModel } from '../../worker/topologyModel';
import type { TopologyModel } from '../../worker/topologyProtocol';
import { layoutTopology, textW, VETH_PX, wrapWords, type Rect } from './layout';

const model = (scenario: string, routing?: 'native' | 'tunnel'): TopologyModel => topologyModel(Engine.create(scenario, '7', { routing }).st);

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Rect, b: Rect) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;

function checkBoxes(m: TopologyModel, width: number) {
  const l = layoutTopology(m, width);
  const map: Rect = { x: 0, y: 0, w: l.width, h: l.height };
  for (const [i, n] of l.nodes.entries()) {
    expect(inside(n.box, map), n.node.name).toBe(true);
    for (const o of l.nodes.slice(i + 1)) expect(overlap(n.box, o.box)).toBe(false);
    for (const d of n.devices) expect(inside(d.box, n.box), d.dev.point).toBe(true);
  }
  for (const [i, p] of l.pods.entries()) {
    const node = l.nodes.find((n) => n.node.name === p.pod.node)!;
    expect(inside(p.box, node.box), p.pod.key).toBe(true);
    expect(inside(p.app, p.box)).toBe(true);
    if (p.sidecar) expect(inside(p.sidecar, p.box)).toBe(true);
    for (const o of l.pods.slice(i + 1)) expect(overlap(p.box, o.box)).toBe(false);
    for (const d of node.devices) expect(overlap(p.box, d.box)).toBe(false);
    if (p.veth) {
      // The host-side veth's name stays inside its node, on whichever side of its dot it was put.
      const w = textW(p.pod.veth!.slice(p.pod.veth!.lastIndexOf(':') + 1), VETH_PX, true);
      const x0 = p.vethLabel === 'start' ? p.veth.x + 10 : p.veth.x - 10 - w;
      expect(x0 >= node.box.x && x0 + w <= node.box.x + node.box.w, p.pod.veth).toBe(true);
    }
  }
  expect(new Set(l.pods.map((p) => p.box.h)).size).toBe(1);
  // Every point the map draws has an anchor inside the map.
  const points = [...m.pods.flatMap((p) => [p.eth0, p.lo, p.veth!]), ...m.nodes.flatMap((n) => [n.eth0, ...n.devices.map((d) => d.point)])];
  for (const pt of points) {
    const a = l.anchors[pt];
    expect(a, pt).toBeDefined();
    expect(a.at.x >= 0 && a.at.x <= l.width && a.at.y >= 0 && a.at.y <= l.height, pt).toBe(true);
  }
  // Badges (at most ~130 px wide) fit: those growing rightwards have room before the map's edge.
  for (const b of l.badges) {
    if (b.align === 'start') expect(b.at.x + 130, b.id).toBeLessThanOrEqual(l.width);
    if (b.align === 'end') expect(b.at.x - 130, b.id).toBeGreaterThanOrEqual(0);
  }
  return l;
}

describe('layoutTopology', () => {
  it('puts the nodes side by side on a wide map, node-3 (two pods) wider, the underlay below', () => {
    const l = checkBoxes(model('cilium-wireguard'), 1150);
    expect(l.columns).toBe(3);
    const [a, b, c] = l.nodes.map((n) => n.box);
    expect(a.y).toBe(b.y);
    expect(a.x + a.w).toBeLessThan(b.x);
    expect(c.w).toBeGreaterThan(1.8 * a.w);
    expect(l.underlay.from.y).toBe(l.underlay.to.y);
    expect(l.underlay.from.y).toBeGreaterThan(a.y + a.h);
    // Each eth0 is wired straight down to the underlay.
    for (const n of l.nodes) expect(n.uplink[n.uplink.length - 1]).toEqual({ x: n.eth0.x, y: l.underlay.from.y });
  });

  it('stacks the nodes in a narrow column, the underlay running down their right', () => {
    const l = checkBoxes(model('istio-strict'), 690);
    expect(l.columns).toBe(1);
    const ys = l.nodes.map((n) => n.box.y);
    expect(ys).toEqual([...ys].sort((x, y) => x - y));
    expect(l.underlay.from.x).toBe(l.underlay.to.x);
    for (const n of l.nodes) expect(n.box.x + n.box.w).toBeLessThan(l.underlay.from.x);
  });

  it('lays out every mode at projector, laptop and docs-column widths', () => {
    for (const scenario of ['plaintext', 'cilium-wireguard', 'calico-wireguard', 'cilium-ipsec', 'istio-permissive', 'linkerd']) {
      for (const width of [1150, 1000, 940, 690]) checkBoxes(model(scenario), width);
    }
    checkBoxes(model('cilium-wireguard', 'tunnel'), 1150);
    checkBoxes(model('cilium-wireguard', 'tunnel'), 690);
  });

  it('draws the sidecar beside the app when the pod is wide enough, under it when not, with lo between', () => {
    const wide = layoutTopology(model('istio-strict'), 1150).pods[0];
    expect(wide.sidecar!.y).toBe(wide.app.y);
    expect(wide.lo!.x).toBeGreaterThan(wide.app.x + wide.app.w);
    expect(wide.lo!.x).toBeLessThan(wide.sidecar!.x);
    const narrow = layoutTopology(model('linkerd'), 1000).pods[0];
    expect(narrow.sidecar!.y).toBeGreaterThan(narrow.app.y + narrow.app.h);
    expect(layoutTopology(model('linkerd'), 1150).badges.some((b) => b.id === 'lo:web/frontend')).toBe(true);
    expect(layoutTopology(model('plaintext'), 1150).badges.some((b) => b.id.startsWith('lo:'))).toBe(false);
  });

  it('leaves a lane per node for drops when asked, below everything else', () => {
    const m = model('istio-strict');
    for (const width of [1150, 690]) {
      const plain = layoutTopology(m, width);
      const l = layoutTopology(m, width, { drops: true });
      expect(l.height).toBeGreaterThan(plain.height);
      expect(Object.keys(plain.dropLanes)).toEqual([]);
      for (const n of l.nodes) {
        const lane = l.dropLanes[n.node.name];
        expect(lane.at.y).toBeGreaterThan(n.box.y + n.box.h);
        expect(lane.at.y + 19 * (lane.lines - 1)).toBeLessThanOrEqual(l.height);
        const next = l.nodes.find((o) => o.box.y > n.box.y);
        if (next) expect(lane.at.y + 19 * (lane.lines - 1)).toBeLessThan(next.box.y);
      }
    }
  });
});

describe('wrapWords', () => {
  it('wraps at word boundaries and marks what it leaves out', () => {
    const text = 'plaintext connection from 10.244.3.100 refused: mTLS mode STRICT for bank/backend';
    const lines = wrapWords(text, 200, 14, 2);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('plaintext connection from');
    expect(lines[1].endsWith('…')).toBe(true);
    expect(wrapWords(text, 2000, 14, 3)).toEqual([text]);
    expect(wrapWords('a-very-long-single-word-that-cannot-fit', 60, 14, 2)[0].endsWith('…')).toBe(true);
    expect(wrapWords('', 100, 14, 2)).toEqual([]);
  });
});
