/**
 * A pod on the map, a focusable item of its own: name, namespace (a coloured stripe and a labelled pill, so the
 * colour is never the only cue), IP, and its containers: the app and, in a mesh, the sidecar proxy joined to it by
 * the pod's loopback (`lo`), where the app's plaintext meets the proxy. As with nodes, the item is the box alone and
 * its drawing a sibling that pointers pass through and assistive technology skips.
 */
import type { PodLayout } from './layout';
import { textW } from './layout';
import type { ItemProps } from './useRovingItems';

export function PodBox({ p, selected, item }: { p: PodLayout; selected: boolean; item: ItemProps }) {
  const { box, pod, app, sidecar, lo } = p;
  const nsW = textW(pod.namespace, 13) + 18;
  return (
    <>
      <g
        className={`topo-item topo-pod ns-${p.nsIndex % 6}${selected ? ' is-selected' : ''}`}
        role="button"
        aria-label={p.label}
        aria-current={selected || undefined}
        data-pod={pod.key}
        {...item}
      >
        <rect className="pod-box" x={box.x} y={box.y} width={box.w} height={box.h} rx={9} />
      </g>
      <g className={`topo-item-content ns-${p.nsIndex % 6}`} aria-hidden="true">
        <rect className="pod-stripe" x={box.x} y={box.y} width={6} height={box.h} rx={3} />
        <text className="pod-name" x={box.x + 14} y={box.y + 28}>{pod.name}</text>
        <rect className="ns-pill" x={box.x + 14} y={box.y + 40} width={nsW} height={24} rx={12} />
        <text className="ns-text" x={box.x + 14 + nsW / 2} y={box.y + 57} textAnchor="middle">{pod.namespace}</text>
        <text className="pod-ip mono" x={box.x + 14} y={box.y + 84}>{pod.ip}</text>
        <rect className="container-chip" x={app.x} y={app.y} width={app.w} height={app.h} rx={6} />
        <text className="container-name" x={app.x + app.w / 2} y={app.y + 20} textAnchor="middle">app</text>
        {sidecar && lo && (
        <>
            <path
              className="wire wire-lo"
              d={sidecar.y === app.y
                ? `M${app.x + app.w} ${lo.y} H${sidecar.x}`
                : `M${lo.x} ${app.y + app.h} V${sidecar.y}`}
            />
            <rect className="container-chip chip-sidecar" x={sidecar.x} y={sidecar.y} width={sidecar.w} height={sidecar.h} rx={6} />
            <text className="container-name" x={sidecar.x + sidecar.w / 2} y={sidecar.y + 20} textAnchor="middle">{pod.sidecar}</text>
            <circle className="if-dot" cx={lo.x} cy={lo.y} r={5} />
            <text className="if-label" x={lo.x} y={sidecar.y === app.y ? lo.y - 10 : lo.y + 4} dx={sidecar.y === app.y ? 0 : 10} textAnchor={sidecar.y === app.y ? 'middle' : 'start'}>lo</text>
        </>
      )}
    </g>
    </>
  );
}
