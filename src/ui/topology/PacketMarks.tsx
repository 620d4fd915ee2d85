/**
 * What the map says about packets without moving anything: a badge on each link with the last frame seen there
 * (shape, lock and word: an eavesdropper's view of that wire), the drops (an octagon where the packet died, and its
 * reason written out in the node's lane), and, under reduced motion, the latest packet's whole path drawn still,
 * each stretch in the kind it had there.
 */
import { useMemo } from 'react';
import type { DropMark, Hop } from '../../worker/topologyProtocol';
import { DropGlyph, Glyph } from './Glyph';
import { badgeWord, hopSentence } from './kinds';
import { wrapWords, type Layout } from './layout';
import { latestTrace, traceSegments } from './paths';

export function Badges({ layout, lastAt }: { layout: Layout; lastAt: Record<string, Hop> }) {
  return (
    <g className="topo-badges">
      {layout.badges.map((spot) => {
        let hop: Hop | undefined;
        for (const p of spot.points) {
          const h = lastAt[p];
          if (h && (!hop || h.t >= hop.t)) hop = h;
        }
        if (!hop) return null;
        const word = badgeWord(hop);
        const w = 38 + Math.ceil(word.length * 14 * 0.66); // bold, often capitals: wider than textW's average
        const x = spot.align === 'end' ? spot.at.x - w : spot.align === 'middle' ? spot.at.x - w / 2 : spot.at.x;
        return (
          <g
            key={spot.id}
            className={`topo-badge kind-${hop.kind}`}
            data-badge={spot.id}
            data-kind={hop.kind}
            data-point={hop.point}
            transform={`translate(${x},${spot.at.y - 12})`}
          >
            <title>{`${hop.control ? 'Last frame' : 'Last frame with data'} at ${hop.point}: ${hopSentence(hop)}`}</title>
            <rect className="badge-box" width={w} height={24} rx={12} />
            <Glyph kind={hop.kind} x={14} y={12} scale={0.8} />
            <text className="badge-text" x={28} y={17}>{word}</text>
          </g>
        );
      })}
    </g>
  );
}

/** The reason without the component that gave it (`istio-proxy: `), which the lane's first line already names. */
const reasonText = (r: string) => r.replace(/^[\w.-]+: (?=.)/, '');

export function Drops({ layout, drops }: { layout: Layout; drops: DropMark[] }) {
  const latestAt = new Map<string, DropMark>();
  const latestOn = new Map<string, DropMark>();
  for (const d of drops) {
    const a = layout.anchors[d.point];
    if (!a) continue;
    latestAt.set(d.point, d);
    latestOn.set(a.node, d);
  }
  return (
    <g className="topo-drops">
      {[...latestAt.values()].map((d) => {
        const a = layout.anchors[d.point];
        return (
          <g key={d.point} className="topo-drop" data-drop-point={d.point}>
            <title>{`Dropped at ${d.point}: ${d.reason}`}</title>
            <DropGlyph x={a.at.x} y={a.at.y} />
          </g>
        );
      })}
      {[...latestOn.entries()].map(([node, d]) => {
        const lane = layout.dropLanes[node];
        if (!lane) return null;
        const lines = wrapWords(reasonText(d.reason), lane.width, 14, lane.lines - 1);
        return (
          <g key={node} className="topo-drop-lane" data-drop-lane={node}>
            <title>{`Dropped at ${d.point}: ${d.reason}`}</title>
            <DropGlyph x={lane.at.x + 10} y={lane.at.y - 5} scale={0.8} />
            <text className="drop-title" x={lane.at.x + 26} y={lane.at.y}>
              dropped at {d.point}
            </text>
            {lines.map((l, i) => (
              <text key={i} className="drop-reason" x={lane.at.x} y={lane.at.y + 19 * (i + 1)}>{l}</text>
            ))}
          </g>
        );
      })}
    </g>
  );
}

const pts = (ps: { x: number; y: number }[]) => ps.map((p) => `${p.x},${p.y}`).join(' ');

/** Reduced motion: the latest packet's path, still. */
export function StaticPath({ layout, hops }: { layout: Layout; hops: Hop[] }) {
  const segs = useMemo(() => {
    const trace = latestTrace(layout, hops);
    return trace ? traceSegments(layout, trace) : [];
  }, [layout, hops]);
  if (segs.length === 0) return null;
  return (
    <g className="topo-static-path" data-trace={segs[0].trace}>
      {segs.map((s, i) => (
        <polyline key={`l${i}`} className={`path-line kind-${s.kind}`} points={pts(s.points)} />
      ))}
      {segs.map((s, i) => {
        const end = s.points[s.points.length - 1];
        return (
          <g key={`g${i}`} className="path-hop" data-kind={s.to.kind} data-point={s.to.point}>
            <title>{`${s.to.point}: ${hopSentence(s.to)}`}</title>
            <Glyph kind={s.to.kind} x={end.x} y={end.y} scale={0.85} />
          </g>
        );
      })}
    </g>
  );
}
