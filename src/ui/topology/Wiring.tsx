/**
 * The map's wires and interfaces, drawn over the boxes and under the packets: each pod's veth pair (pod `eth0` to
 * the host-side `lxc-…`/`cali…`), the link down to the node's routing bus, each node's `eth0` on its bottom edge,
 * its uplink, and the underlay that joins the nodes. Decorative for assistive technology: the items' names and the
 * details panel say the same in words.
 */
import type { Layout } from './layout';

const pts = (ps: { x: number; y: number }[]) => ps.map((p) => `${p.x},${p.y}`).join(' ');
const ifName = (point: string) => point.slice(point.lastIndexOf(':') + 1);

export function Wiring({ layout, cidr }: { layout: Layout; cidr: string }) {
  const { underlay } = layout;
  return (
    <g className="topo-wiring" aria-hidden="true">
      <line className="underlay" x1={underlay.from.x} y1={underlay.from.y} x2={underlay.to.x} y2={underlay.to.y} />
      <text className="underlay-label" x={underlay.label.x} y={underlay.label.y} textAnchor={underlay.labelAlign}>
        underlay {cidr} · the nodes' switch
      </text>
      {layout.nodes.map((n) => (
        <g key={n.node.name}>
          <polyline className="wire wire-uplink" points={pts(n.uplink)} />
          <line className="wire" x1={n.eth0.x} x2={n.eth0.x} y1={n.busY} y2={n.eth0.y} />
          <circle className="if-dot if-eth0" cx={n.eth0.x} cy={n.eth0.y} r={6} />
          <text className="if-label" x={n.eth0.x + 12} y={n.eth0.y + 17}>eth0</text>
        </g>
      ))}
      {layout.pods.map((p) => (
        <g key={p.pod.key}>
          {p.veth && (
            <>
              <line className="wire wire-veth" x1={p.eth0.x} x2={p.veth.x} y1={p.eth0.y} y2={p.veth.y} />
              <line className="wire" x1={p.veth.x} x2={p.veth.x} y1={p.veth.y} y2={layout.nodes.find((n) => n.node.name === p.pod.node)?.busY ?? p.veth.y} />
              <circle className="if-dot" cx={p.veth.x} cy={p.veth.y} r={5} />
              <text className="if-label if-veth mono" x={p.veth.x + (p.vethLabel === 'start' ? 10 : -10)} y={p.veth.y + 5} textAnchor={p.vethLabel}>
                {ifName(p.pod.veth!)}
              </text>
            </>
          )}
          <circle className="if-dot" cx={p.eth0.x} cy={p.eth0.y} r={5} />
          <text className="if-label" x={p.eth0.x - 10} y={p.eth0.y + 17} textAnchor="end">eth0</text>
        </g>
      ))}
    </g>
  );
}
