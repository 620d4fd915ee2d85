/**
 * The lab's WireGuard devices as the node tools see them (`wg`, `cilium-dbg`, `cilium`, `calicoctl`): a node's
 * device under its interface name, read from the engine state (`st.wg`, src/datapath/wireguard.ts).
 */
import type { SimState } from '../../sim/state';
import type { WgDeviceView, WgIface } from './wgFormat';

/** The WireGuard bits of one node, as the engine keeps them (a structural view of WgNode). */
export interface WgNodeView {
  flavor: 'cilium' | 'calico';
  iface: string;
  nodeEncryption: boolean;
  device: WgDeviceView;
}

export function wgNode(st: SimState, node: string): WgNodeView | undefined {
  return st.wg?.[node] as WgNodeView | undefined;
}

/** The interface name of a node's device (`cilium_wg0`, `wireguard.cali`). */
export function wgIfaceName(st: SimState, w: WgNodeView): string {
  return st.ifaces[w.iface]?.name ?? w.iface.slice(w.iface.indexOf(':') + 1);
}

/** The WireGuard interfaces of a node (at most one in this lab). */
export function wgIfacesOn(st: SimState, node: string): WgIface[] {
  const w = wgNode(st, node);
  return w ? [{ name: wgIfaceName(st, w), device: w.device }] : [];
}
