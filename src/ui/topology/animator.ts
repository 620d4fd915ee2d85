/**
 * Packet markers moving along their hops, with d3-transition, in one SVG group React rendered empty and handed
 * over: React never renders inside it, d3 only appends, moves and removes markers there. Each segment of a trace
 * (./paths.ts) is a marker that appears where the previous one arrived, so a packet reads as one marker travelling
 * and changing shape and colour where it is encrypted or decrypted; an ARP broadcast fans out into several.
 *
 * Bounded: a batch plays at most MAX_TRACES traces (its newest), staggered so they can be told apart, and no more
 * than MAX_MARKERS markers exist at once (the oldest give way). Under reduced motion the view does not create an
 * animator at all and draws the latest path statically instead.
 */
import { select } from 'd3-selection';
import 'd3-transition';
import { easeQuadInOut } from 'd3-ease';
import type { Hop } from '../../worker/topologyProtocol';
import type { Layout } from './layout';
import { byTrace, pointAlong, traceSegments, type Segment } from './paths';
import { KIND_STYLES, LOCK_BODY, LOCK_SHACKLE } from './kinds';

export const MAX_TRACES = 14;
export const MAX_MARKERS = 160;
const STAGGER_MS = 240;
const REMEMBERED_TRACES = 256;
const SVG_NS = 'http://www.w3.org/2000/svg';

export interface Animator {
  setLayout(layout: Layout): void;
  play(batch: Hop[]): void;
  clear(): void;
  destroy(): void;
}

const translate = (x: number, y: number) => `translate(${x.toFixed(1)},${y.toFixed(1)})`;

/** One marker: the kind's shape with its lock, as the legend and badges draw it. */
function markerFor(layer: SVGGElement, seg: Segment): SVGGElement {
  const style = KIND_STYLES[seg.kind];
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', `topo-marker kind-${seg.kind}`);
  g.setAttribute('data-kind', seg.kind);
  g.setAttribute('data-point', seg.to.point);
  const shape = document.createElementNS(SVG_NS, 'path');
  shape.setAttribute('class', 'glyph-shape');
  shape.setAttribute('d', style.shape);
  g.appendChild(shape);
  if (style.lock !== 'none') {
    for (const [cls, d] of [['glyph-lock', LOCK_BODY], ['glyph-shackle', LOCK_SHACKLE[style.lock]]] as const) {
      const p = document.createElementNS(SVG_NS, 'path');
      p.setAttribute('class', cls);
      p.setAttribute('d', d);
      g.appendChild(p);
    }
  }
  const p0 = seg.points[0];
  g.setAttribute('transform', translate(p0.x, p0.y));
  g.style.opacity = '0';
  layer.appendChild(g);
  return g;
}

export function createAnimator(layer: SVGGElement): Animator {
  let layout: Layout | undefined;
  /** The last hop of recent traces, so a packet split across two batches continues from where it was. */
  const lastHop = new Map<number, Hop>();

  function remember(trace: number, hop: Hop) {
    lastHop.delete(trace);
    lastHop.set(trace, hop);
    if (lastHop.size > REMEMBERED_TRACES) lastHop.delete(lastHop.keys().next().value as number);
  }

  function clear() {
    select(layer).selectAll<SVGGElement, unknown>('.topo-marker').interrupt().remove();
  }

  function trim(incoming: number) {
    const over = layer.childElementCount + incoming - MAX_MARKERS;
    if (over <= 0) return;
    const old = Array.from(layer.children).slice(0, over);
    for (const el of old) select(el).interrupt().remove();
  }

  return {
    setLayout(l) {
      layout = l;
      clear();
    },
    play(batch) {
      if (!layout || batch.length === 0) return;
      const traces = [...byTrace(batch).entries()];
      const shown = traces.slice(-MAX_TRACES);
      const stagger = Math.min(STAGGER_MS, 2400 / Math.max(1, shown.length));
      // A trace's hop from an earlier batch continues it, unless it lies after this batch (the clock stepped back).
      const prevOf = (trace: number, first: Hop) => {
        const prev = lastHop.get(trace);
        return prev && prev.t <= first.t ? prev : undefined;
      };
      const plans = shown.map(([trace, hops], i) => ({ offset: i * stagger, segs: traceSegments(layout!, hops, prevOf(trace, hops[0])) }));
      for (const [trace, hops] of traces) remember(trace, hops[hops.length - 1]);
      trim(plans.reduce((n, p) => n + p.segs.length, 0));
      for (const { offset, segs } of plans) {
        for (const seg of segs) {
          const g = markerFor(layer, seg);
          select(g)
            .transition()
            .delay(offset + seg.delay)
            .duration(0)
            .style('opacity', '1')
            .transition()
            .duration(seg.duration)
            .ease(easeQuadInOut)
            .attrTween('transform', () => (t: number) => {
              const p = pointAlong(seg.points, t);
              return translate(p.x, p.y);
            })
            .remove();
        }
      }
    },
    clear,
    destroy() {
      clear();
      lastHop.clear();
    },
  };
}
