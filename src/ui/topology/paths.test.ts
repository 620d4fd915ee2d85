/**
 * Geometry and timing of packets on the map, from real runs' hops classified as the worker classifies them: a
 * WireGuard request's path (clear on the pod side, WireGuard across the underlay, chained in time), an ARP broadcast
 * fanning out, ESP passing through cilium_host's xfrm, a trace continued across batches, and the trace a still view
 * picks.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { topologyModel } from '../../worker/topologyModel';
import { classifyFrame, TlsStreams } from '../../worker/topologyClassify';
import type { Hop } from '../../worker/topologyProtocol';
import { layoutTopology } from './layout';
import { byTrace, latestTrace, pointAlong, polyLength, route, segmentKind, traceSegments } from './paths';

function run(scenario: string) {
  const e = Engine.create(scenario, '7');
  const hops: Hop[] = [];
  const streams = new TlsStreams();
  e.events.on('frame', (f) => hops.push({ t: f.t, point: f.point, dir: f.dir, trace: f.trace, ...classifyFrame(f.frame, f.linkType, streams) }));
  e.runToIdle();
  return { hops, layout: layoutTopology(topologyModel(e.st), 1150) };
}

describe('polyline helpers', () => {
  it('measures and walks a polyline', () => {
    const pts = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }];
    expect(polyLength(pts)).toBe(20);
    expect(pointAlong(pts, 0)).toEqual({ x: 0, y: 0 });
    expect(pointAlong(pts, 0.25)).toEqual({ x: 5, y: 0 });
    expect(pointAlong(pts, 0.75)).toEqual({ x: 10, y: 5 });
    expect(pointAlong(pts, 2)).toEqual({ x: 10, y: 10 });
    expect(pointAlong([], 0.5)).toEqual({ x: 0, y: 0 });
  });

  it('gives a segment the protected kind of its two ends', () => {
    expect(segmentKind('plaintext', 'wireguard')).toBe('wireguard');
    expect(segmentKind('esp', 'plaintext')).toBe('esp');
    expect(segmentKind('arp', 'plaintext')).toBe('plaintext');
    expect(segmentKind('plaintext', 'plaintext')).toBe('plaintext');
  });
});

describe('traceSegments', () => {
  it('cilium-wireguard: the GET is clear to cilium_wg0, WireGuard across the underlay, clear again into backend', () => {
    const { hops, layout } = run('cilium-wireguard');
    const get = hops.find((h) => h.summary.startsWith('GET '))!;
    const segs = traceSegments(layout, byTrace(hops).get(get.trace)!);
    const kinds = segs.map((s) => `${s.to.point}:${s.kind}`);
    expect(kinds).toContain('node-1:lxc-frontend:plaintext');
    expect(kinds).toContain('node-2:eth0:wireguard');
    expect(kinds).toContain('bank/backend:eth0:plaintext');
    // Chained in time: each segment starts when the one before it ends.
    for (let i = 1; i < segs.length; i++) expect(segs[i].delay).toBe(segs[i - 1].delay + segs[i - 1].duration);
    // Across the underlay the marker goes down to the wire and up again.
    const wire = segs.find((s) => s.to.point === 'node-2:eth0')!;
    expect(wire.points.some((p) => p.y === layout.underlay.from.y)).toBe(true);
    expect(wire.points[0]).toEqual(layout.anchors['node-1:eth0'].at);
    expect(wire.points[wire.points.length - 1]).toEqual(layout.anchors['node-2:eth0'].at);
  });

  it('an ARP broadcast fans out from the sender to every other node at once', () => {
    const { hops, layout } = run('cilium-wireguard');
    const arp = [...byTrace(hops).values()].find((t) => t[0].kind === 'arp' && t.length === 3)!;
    const segs = traceSegments(layout, arp);
    expect(segs).toHaveLength(2);
    expect(segs[0].points[0]).toEqual(segs[1].points[0]);
    expect(segs[0].delay).toBe(segs[1].delay);
  });

  it('cilium-ipsec: clear up to cilium_host, ESP from its xfrm out of eth0', () => {
    const { hops, layout } = run('cilium-ipsec');
    const get = hops.find((h) => h.summary.startsWith('GET '))!;
    const segs = traceSegments(layout, byTrace(hops).get(get.trace)!);
    const xfrm = layout.anchors['node-1:cilium_host'].at;
    const i = segs.findIndex((s) => s.points[s.points.length - 1].x === xfrm.x && s.points[s.points.length - 1].y === xfrm.y);
    expect(i).toBeGreaterThan(0);
    expect(segs[i].kind).toBe('plaintext');
    expect(segs[i + 1].kind).toBe('esp');
    expect(segs[i + 1].points[0]).toEqual(xfrm);
  });

  it('continues a trace from the hop an earlier batch ended on', () => {
    const { hops, layout } = run('cilium-wireguard');
    const get = byTrace(hops).get(hops.find((h) => h.summary.startsWith('GET '))!.trace)!;
    const whole = traceSegments(layout, get);
    const later = traceSegments(layout, get.slice(2), get[1]);
    expect(later.map((s) => s.points)).toEqual(whole.slice(-later.length).map((s) => s.points));
  });

  it('routes inside a mesh pod from the app\'s loopback to eth0', () => {
    const { layout } = run('istio-strict');
    const pts = route(layout, layout.anchors['web/frontend:lo'], layout.anchors['web/frontend:eth0']);
    expect(pts[0]).toEqual(layout.anchors['web/frontend:lo'].at);
    expect(pts[pts.length - 1]).toEqual(layout.anchors['web/frontend:eth0'].at);
  });
});

describe('latestTrace', () => {
  it('picks the latest pod conversation that carried data, not a keepalive, ACK or ARP', () => {
    const { hops, layout } = run('cilium-wireguard');
    const t = latestTrace(layout, hops)!;
    expect(t.some((h) => layout.anchors[h.point]?.pod)).toBe(true);
    expect(t.some((h) => !h.control && h.kind === 'plaintext')).toBe(true);
    expect(latestTrace(layout, [])).toBeUndefined();
  });
});

describe('hops the map has no place for', () => {
  it('are passed over: the path goes on from the last hop it draws', () => {
    const { hops, layout } = run('cilium-wireguard');
    const get = byTrace(hops).get(hops.find((h) => h.summary.startsWith('GET '))!.trace)!;
    const odd: Hop = { ...get[1], point: 'node-1:cilium_net' };
    const segs = traceSegments(layout, [get[0], get[1], odd, ...get.slice(2)]);
    expect(segs.map((s) => s.points)).toEqual(traceSegments(layout, get).map((s) => s.points));
  });
});
