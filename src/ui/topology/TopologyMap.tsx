/**
 * The map itself. React renders the structure (nodes, pods, devices, wires, badges, drops) into an SVG sized to its
 * container, with one viewport group that d3-zoom transforms (./zoom.ts) and one empty group that the d3 animator
 * owns (./animator.ts); neither factory touches anything else. Keyboard: the nodes and pods are one roving group
 * (./useRovingItems.ts); + and − zoom, 0 resets, from anywhere in the map.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useLab, useLabStore } from '../LabContext';
import type { TopologyModel } from '../../worker/topologyProtocol';
import { layoutTopology } from './layout';
import { createZoom, type MapZoom } from './zoom';
import { createAnimator, type Animator } from './animator';
import { useReducedMotion, useWidth } from './hooks';
import { useRovingItems } from './useRovingItems';
import { NodeBox } from './NodeBox';
import { PodBox } from './PodBox';
import { Wiring } from './Wiring';
import { Badges, Drops, StaticPath } from './PacketMarks';

function describe(model: TopologyModel): string {
  const devs = [...new Set(model.nodes.flatMap((n) => n.devices.map((d) => (d.kind === 'xfrm' ? 'cilium_host with IPsec xfrm' : d.name))))];
  const sidecars = [...new Set(model.pods.flatMap((p) => (p.sidecar ? [p.sidecar] : [])))];
  return `${model.nodes.length} nodes on the underlay ${model.underlay}, ${model.pods.length} pods` +
    `${devs.length ? `; devices: ${devs.join(', ')}` : '; no encryption devices'}${sidecars.length ? `; sidecars: ${sidecars.join(', ')}` : ''}. ` +
    'Packets move along their hops as shapes: circle with an open lock in clear, hexagon with a lock for WireGuard, ' +
    'diamond with a lock for ESP, rounded square with a lock for TLS, triangle for ARP; an octagon marks a drop. ' +
    'Arrow keys move between nodes and pods, Enter selects one, + and − zoom, 0 resets the view.';
}

export function TopologyMap({ model }: { model: TopologyModel }) {
  const store = useLabStore();
  const lastAt = useLab((s) => s.lastAt);
  const hops = useLab((s) => s.hops);
  const hopBatch = useLab((s) => s.hopBatch);
  const drops = useLab((s) => s.drops);
  const sel = useLab((s) => s.mapSelection);
  const reduce = useReducedMotion();
  const frame = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const viewport = useRef<SVGGElement>(null);
  const markers = useRef<SVGGElement>(null);
  const width = useWidth(frame);
  const id = useId();
  const [zoomer, setZoomer] = useState<MapZoom | null>(null);
  const [animator, setAnimator] = useState<Animator | null>(null);
  const reduceRef = useRef(reduce);
  reduceRef.current = reduce;

  const points = useMemo(() => new Set([
    ...model.pods.flatMap((p) => [p.eth0, p.lo, ...(p.veth ? [p.veth] : [])]),
    ...model.nodes.flatMap((n) => [n.eth0, ...n.devices.map((d) => d.point)]),
  ]), [model]);
  const hasDrops = drops.some((d) => points.has(d.point));
  const layout = useMemo(() => (width > 0 ? layoutTopology(model, width, { drops: hasDrops }) : undefined), [model, width, hasDrops]);
  const ready = layout !== undefined;

  useEffect(() => {
    if (!svg.current || !viewport.current) return;
    const z = createZoom(svg.current, viewport.current, { reducedMotion: () => reduceRef.current });
    setZoomer(z);
    return () => z.destroy();
  }, [ready]);

  useEffect(() => {
    if (reduce || !markers.current) return;
    const a = createAnimator(markers.current);
    setAnimator(a);
    return () => {
      a.destroy();
      setAnimator(null);
    };
  }, [reduce, ready]);

  useEffect(() => {
    if (animator && layout) animator.setLayout(layout);
  }, [animator, layout]);
  useEffect(() => {
    animator?.play(hopBatch);
  }, [animator, hopBatch]);

  const ids = useMemo(() => model.nodes.flatMap((n) => [`node:${n.name}`, ...model.pods.filter((p) => p.node === n.name).map((p) => `pod:${p.key}`)]), [model]);
  const roving = useRovingItems(ids, {
    activate: (item) => {
      const [kind, ...rest] = item.split(':');
      void store.getState().selectOnMap({ kind: kind as 'node' | 'pod', id: rest.join(':') });
    },
    escape: () => void store.getState().selectOnMap(null),
  });

  function onKey(e: KeyboardEvent) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key;
    if (k === '+' || k === '=') zoomer?.zoomBy(1);
    else if (k === '-' || k === '_' || k === '−') zoomer?.zoomBy(-1);
    else if (k === '0') zoomer?.reset();
    else return;
    e.preventDefault();
  }

  const isSel = (kind: 'node' | 'pod', key: string) => sel?.kind === kind && sel.id === key;
  return (
    <div className="topo-map-wrap">
      <div className="topo-toolbar" role="group" aria-label="Map view">
        <button type="button" className="button topo-zoom" aria-label="Zoom in" onClick={() => zoomer?.zoomBy(1)}>+</button>
        <button type="button" className="button topo-zoom" aria-label="Zoom out" onClick={() => zoomer?.zoomBy(-1)}>−</button>
        <button type="button" className="button" aria-label="Reset zoom" onClick={() => zoomer?.reset()}>Reset</button>
        <span className="hint">Ctrl + wheel zooms, drag pans. Select a node or pod for its details.</span>
      </div>
      <div className="topo-map" ref={frame}>
        {layout && (
          <svg
            ref={svg}
            id={`${id}-map`}
            className="topo-svg"
            width={layout.width}
            height={layout.height}
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            role="group"
            aria-labelledby={`${id}-title`}
            aria-describedby={`${id}-desc`}
            data-columns={layout.columns}
            onKeyDown={onKey}
          >
            <title id={`${id}-title`}>Cluster map: {model.scenario}</title>
            <desc id={`${id}-desc`}>{describe(model)}</desc>
            <g ref={viewport} className="topo-viewport">
              <rect className="topo-backdrop" width={layout.width} height={layout.height} />
              {layout.nodes.map((n) => (
                <NodeBox key={n.node.name} n={n} pods={model.pods.filter((p) => p.node === n.node.name).length}
                  selected={isSel('node', n.node.name)} item={roving.props(`node:${n.node.name}`)} />
              ))}
              {layout.pods.map((p) => (
                <PodBox key={p.pod.key} p={p} selected={isSel('pod', p.pod.key)} item={roving.props(`pod:${p.pod.key}`)} />
              ))}
              <Wiring layout={layout} cidr={model.underlay} />
              {reduce && <StaticPath layout={layout} hops={hops} />}
              <Badges layout={layout} lastAt={lastAt} />
              <Drops layout={layout} drops={drops} />
              <g ref={markers} className="topo-markers" aria-hidden="true" />
            </g>
          </svg>
        )}
      </div>
    </div>
  );
}
