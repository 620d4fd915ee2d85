/**
 * A node on the map: its box (the focusable, clickable part), its name and addresses, its routing bus and the
 * encryption devices it runs (cilium_wg0 or wireguard.cali, cilium_vxlan, cilium_host with IPsec's xfrm). Its pods
 * are drawn on top as their own items (./PodBox.tsx), never inside this one: interactive items do not nest.
 * The item is the box alone, named in words; what is drawn on it is a sibling that pointers pass through and
 * assistive technology skips (the name says it all, and a name must contain the visible text it labels).
 */
import type { NodeLayout } from './layout';
import type { ItemProps } from './useRovingItems';

const DEVICE_NOTE = { wireguard: null, vxlan: null, xfrm: 'IPsec xfrm: ESP' } as const;

export function nodeLabel(n: NodeLayout, pods: number): string {
  const devs = n.node.devices.map((d) => (d.kind === 'xfrm' ? `${d.name} with IPsec xfrm` : d.name));
  return `node ${n.node.name}, ${n.node.ip}, pod CIDR ${n.node.podCidr}, ${pods} ${pods === 1 ? 'pod' : 'pods'}${devs.length ? `, devices ${devs.join(', ')}` : ''}`;
}

export function NodeBox({ n, pods, selected, item }: { n: NodeLayout; pods: number; selected: boolean; item: ItemProps }) {
  const { box, node } = n;
  return (
    <>
      <g
        className={`topo-item topo-node${selected ? ' is-selected' : ''}`}
        role="button"
        aria-label={nodeLabel(n, pods)}
        aria-current={selected || undefined}
        data-node={node.name}
        {...item}
      >
        <rect className="node-box" x={box.x} y={box.y} width={box.w} height={box.h} rx={12} />
      </g>
      <g className="topo-item-content" aria-hidden="true">
        <text className="node-name" x={box.x + 14} y={box.y + 28}>{node.name}</text>
        <text className="node-sub mono" x={box.x + box.w - 14} y={box.y + 27} textAnchor="end">{node.ip}</text>
        <text className="node-sub mono" x={box.x + 14} y={box.y + 50}>pods {node.podCidr}</text>
        <line className="node-bus" x1={box.x + 14} x2={box.x + box.w - 14} y1={n.busY} y2={n.busY} />
        {n.devices.map(({ dev, box: d, anchor }) => (
          <g key={dev.point} className={`topo-device device-${dev.kind}`} data-device={dev.point}>
            <line className="wire" x1={anchor.x} x2={anchor.x} y1={n.busY} y2={anchor.y} />
            <rect className="device-box" x={d.x} y={d.y} width={d.w} height={d.h} rx={8} />
            <text className="device-name mono" x={d.x + 10} y={d.y + 22}>{dev.name}</text>
            {DEVICE_NOTE[dev.kind] && <text className="device-note" x={d.x + 10} y={d.y + 45}>{DEVICE_NOTE[dev.kind]}</text>}
          </g>
        ))}
      </g>
    </>
  );
}
