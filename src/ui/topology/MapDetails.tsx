/**
 * The details of what is selected on the map: a pod's address, node, namespace, labels, service account, sidecar
 * and workload identity, or a node's addresses and its encryption devices' public facts (WireGuard public key and
 * port, IPsec SPI); and a button that opens a terminal there. The packets card follows the selection to its eth0.
 */
import { useLab, useLabStore } from '../LabContext';
import type { Place } from '../../worker/protocol';
import type { TopologyModel } from '../../worker/topologyProtocol';
import type { MapSelection } from '../../store/topology';

type Row = [string, string];

function rowsOf(sel: MapSelection, model: TopologyModel): { title: string; place: Place; rows: Row[]; groups: { title: string; rows: Row[] }[] } | undefined {
  if (sel.kind === 'pod') {
    const p = model.pods.find((x) => x.key === sel.id);
    if (!p) return undefined;
    const rows: Row[] = [
      ['IP', p.ip], ['node', p.node], ['namespace', p.namespace],
      ['labels', Object.entries(p.labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'],
      ['service account', p.serviceAccount], ['sidecar', p.sidecar ?? 'none'],
      ...(p.identity ? [['identity', p.identity] as Row] : []),
      ['interfaces', [p.eth0, p.lo, p.veth].filter(Boolean).join(', ')],
    ];
    return { title: `Pod ${p.key}`, place: { kind: 'pod', namespace: p.namespace, pod: p.name }, rows, groups: [] };
  }
  const n = model.nodes.find((x) => x.name === sel.id);
  if (!n) return undefined;
  const rows: Row[] = [['IP', n.ip], ['pod CIDR', n.podCidr], ...(model.cni === 'cilium' ? [['cilium_host', n.routerIp] as Row] : []), ['pods', model.pods.filter((p) => p.node === n.name).map((p) => p.key).join(', ') || 'none']];
  return { title: `Node ${n.name}`, place: { kind: 'node', node: n.name }, rows, groups: n.devices.map((d) => ({ title: d.name, rows: d.facts })) };
}

function Facts({ rows }: { rows: Row[] }) {
  return (
    <dl className="topo-facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd className="mono">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function MapDetails({ headingId }: { headingId: string }) {
  const sel = useLab((s) => s.mapSelection);
  const model = useLab((s) => s.topology);
  const point = useLab((s) => s.point);
  const store = useLabStore();
  const d = sel && model ? rowsOf(sel, model) : undefined;
  if (!d) return null;

  async function openHere(place: Place) {
    const term = await store.getState().openTerminal(place);
    if (term === null) return;
    // The terminal panel mounts the new tab's xterm; focus it once it is there.
    for (let i = 0; i < 30; i++) {
      const view = store.getState().io.view(term);
      if (view) return view.focus();
      await new Promise((r) => requestAnimationFrame(r));
    }
  }

  return (
    <section className="topo-details" aria-labelledby={headingId}>
      <div className="topo-details-head">
        <h3 id={headingId}>{d.title}</h3>
        <div className="topo-details-actions">
          <button type="button" className="button" onClick={() => void openHere(d.place)}>
            Open terminal {d.place.kind === 'pod' ? 'in' : 'on'} {d.place.kind === 'pod' ? `${d.place.namespace}/${d.place.pod}` : d.place.node}
          </button>
          <button type="button" className="button" onClick={() => void store.getState().selectOnMap(null)}>
            Close details
          </button>
        </div>
      </div>
      <p className="hint">
        The packets card shows <span className="mono">{point}</span>.
      </p>
      <Facts rows={d.rows} />
      {d.groups.map((g) => (
        <div key={g.title} className="topo-device-facts">
          <h4 className="mono">{g.title}</h4>
          <Facts rows={g.rows} />
        </div>
      ))}
    </section>
  );
}
