/**
 * The topology card: the cluster as a map (nodes, pods, sidecars and encryption devices on the underlay) with its
 * packets moving hop by hop, a legend of what the marks mean, the recent drops in words, and the details of what
 * is selected on the map. Its data comes from the worker's `topology` and `hops` pushes via the store.
 */
import { useId } from 'react';
import { useLab } from '../LabContext';
import type { TopologyModel } from '../../worker/topologyProtocol';
import { Legend } from './Legend';
import { TopologyMap } from './TopologyMap';
import { MapDetails } from './MapDetails';
import { InlineGlyph } from './Glyph';
import './topology.css';

/** One line on what the mode encrypts, read from the lab's shape (devices and sidecars), not from its name. */
function modeLine(m: TopologyModel): string {
  const kinds = new Set(m.nodes.flatMap((n) => n.devices.map((d) => d.kind)));
  const parts: string[] = [];
  if (kinds.has('wireguard')) parts.push(`WireGuard between nodes (${m.nodes[0]?.devices.find((d) => d.kind === 'wireguard')?.name})`);
  if (kinds.has('xfrm')) parts.push('IPsec ESP between nodes (xfrm)');
  if (m.mesh) parts.push(`mutual TLS between ${m.mesh === 'istio' ? 'istio-proxy' : 'linkerd-proxy'} sidecars`);
  if (kinds.has('vxlan')) parts.push('VXLAN tunnel');
  return parts.length ? `${m.scenario}: ${parts.join(', ')}.` : `${m.scenario}: no encryption, pods talk in clear.`;
}

function DropList() {
  const drops = useLab((s) => s.drops);
  const id = useId();
  if (drops.length === 0) return null;
  const recent = drops.slice(-3).reverse();
  return (
    <div className="topo-droplist">
      <h3 id={id}>Recent drops</h3>
      <ul aria-labelledby={id}>
        {recent.map((d, i) => (
          <li key={`${d.t}-${d.point}-${i}`}>
            <InlineGlyph kind="drop" />
            <span>
              at <span className="mono">{d.point}</span>: {d.reason}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TopologyCard() {
  const model = useLab((s) => s.topology);
  const id = useId();
  return (
    <section className="card card-topology" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>Topology</h2>
        {model && <p className="hint topo-mode">{modeLine(model)}</p>}
      </div>
      <h3 id={`${id}-legend`} className="sr-only">Legend</h3>
      <Legend labelId={`${id}-legend`} />
      {model ? <TopologyMap model={model} /> : <p className="hint">The map appears once a lab is loaded.</p>}
      <DropList />
      <MapDetails headingId={`${id}-details`} />
    </section>
  );
}
