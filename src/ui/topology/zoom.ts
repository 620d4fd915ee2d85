/**
 * Zoom and pan of the topology map with d3-zoom, on the SVG element React rendered: d3 owns the behaviour (wheel
 * with Ctrl or ⌘, pinch, drag to pan) and writes the transform onto one viewport group; React never renders that
 * attribute. The buttons and the +/-/0 keys go through the same behaviour. Plain wheel scrolling is left to the
 * page, so a learner scrolling past the map is not trapped in it. Double-click does not zoom (it selects twice).
 */
import { select } from 'd3-selection';
import 'd3-transition';
import { zoom, zoomIdentity, type D3ZoomEvent } from 'd3-zoom';

export const ZOOM_MIN = 0.5;
export const ZOOM_MAX = 4;
const STEP = 1.25;

export interface MapZoom {
  zoomBy(steps: number): void;
  reset(): void;
  /** The current scale (1 = as laid out). */
  scale(): number;
  destroy(): void;
}

export function createZoom(svg: SVGSVGElement, viewport: SVGGElement, opts: { reducedMotion(): boolean; onZoom?(k: number): void }): MapZoom {
  let k = 1;
  /** Where the buttons and keys are heading: a second press during a transition goes on from there, not from midway. */
  let target = 1;
  const behaviour = zoom<SVGSVGElement, unknown>()
    .scaleExtent([ZOOM_MIN, ZOOM_MAX])
    .filter((event: Event) => {
      if (event.type === 'wheel') return (event as WheelEvent).ctrlKey || (event as WheelEvent).metaKey;
      if (event.type === 'dblclick') return false;
      return !(event as MouseEvent).button;
    })
    .on('zoom', (e: D3ZoomEvent<SVGSVGElement, unknown>) => {
      viewport.setAttribute('transform', e.transform.toString());
      k = e.transform.k;
      if (e.sourceEvent) target = k; // the wheel, a pinch or a drag
      opts.onZoom?.(k);
    });
  const sel = select(svg);
  sel.call(behaviour).on('dblclick.zoom', null);

  return {
    zoomBy(steps) {
      target = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, target * Math.pow(STEP, steps)));
      if (opts.reducedMotion()) behaviour.scaleTo(sel, target);
      else behaviour.scaleTo(sel.transition().duration(200), target);
    },
    reset() {
      target = 1;
      if (opts.reducedMotion()) behaviour.transform(sel, zoomIdentity);
      else behaviour.transform(sel.transition().duration(200), zoomIdentity);
    },
    scale: () => k,
    destroy() {
      sel.interrupt();
      sel.on('.zoom', null);
    },
  };
}
