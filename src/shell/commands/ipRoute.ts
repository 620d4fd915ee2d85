/**
 * `ip route`, `ip route get` and `ip neigh` as iproute2 6.1 prints them (ip/iproute.c, ip/ipneigh.c), from one
 * namespace's routing table and neighbour cache in the engine state. `ip route get` asks the same longest-prefix
 * lookup the engine forwards with (src/net/host.ts), so it answers what the packet will really do.
 *
 * How the table reads: a pod has Cilium's two routes (`default via <cilium_host> dev eth0 mtu <route MTU>` and a
 * link route to the gateway); a node has the connected underlay route, a link route per local pod (Cilium's
 * per-endpoint routes), and per remote pod CIDR either `via <node IP> dev eth0 proto kernel` (native routing,
 * auto-direct-node-routes) or a route into `cilium_vxlan` (tunnel mode).
 */
import type { Host, Route, SimState } from '../../sim/state';
import { fmtIp, maskOf } from '../../net/addr';
import { lookupRoute } from '../../net/host';

const devName = (st: SimState, id: string): string => st.ifaces[id]?.name ?? id.slice(id.lastIndexOf(':') + 1);

/** The connected route of an address: the route to its own subnet on its own device. */
function connectedSrc(st: SimState, r: Route): number | undefined {
  const i = st.ifaces[r.dev];
  return i?.addrs.find((a) => a.prefix === r.bits && ((a.ip & maskOf(a.prefix)) >>> 0) === r.net)?.ip;
}

/** Cilium sets the pod's route MTU on the routes it installs through the gateway. */
function routeMtu(st: SimState, host: Host, r: Route): number | undefined {
  return host.kind === 'pod' && r.via !== undefined ? st.ifaces[r.dev]?.mtu : undefined;
}

export function routeLine(st: SimState, host: Host, r: Route): string {
  const dst = r.bits === 0 ? 'default' : r.bits === 32 ? fmtIp(r.net) : `${fmtIp(r.net)}/${r.bits}`;
  const parts = [dst];
  if (r.via !== undefined) parts.push(`via ${fmtIp(r.via)}`);
  parts.push(`dev ${devName(st, r.dev)}`);
  const src = connectedSrc(st, r);
  if (host.kind === 'node' && r.bits > 0 && r.bits < 32) parts.push('proto kernel');
  if (r.via === undefined) parts.push('scope link');
  if (src !== undefined) parts.push(`src ${fmtIp(src)}`);
  const mtu = routeMtu(st, host, r);
  if (mtu) parts.push(`mtu ${mtu}`);
  return parts.map((p) => `${p} `).join('') + '\n';
}

/** `ip route [show]`: the main table in the kernel's dump order (by prefix). */
export function showRoutes(st: SimState, host: Host): string {
  // 127.0.0.0/8 via lo lives in the kernel's local table, not the main one `ip route` shows.
  const routes = host.routes.filter((r) => !r.dev.endsWith(':lo')).sort((a, b) => a.net - b.net || a.bits - b.bits);
  return routes.map((r) => routeLine(st, host, r)).join('');
}

function sourceFor(st: SimState, host: Host, dev: string): number {
  const onDev = st.ifaces[dev]?.addrs[0];
  if (onDev) return onDev.ip;
  for (const id of host.ifaces) {
    const a = st.ifaces[id]?.addrs[0];
    if (a) return a.ip;
  }
  return 0;
}

/** `ip route get ADDR`: the route the kernel would pick, as a cloned route; null when unreachable. */
export function routeGet(st: SimState, host: Host, dst: number): string | null {
  const local = host.ifaces.some((id) => st.ifaces[id]?.addrs.some((a) => a.ip === dst));
  if (local || dst >>> 24 === 127) return `local ${fmtIp(dst)} dev lo src ${local ? fmtIp(dst) : '127.0.0.1'} uid 0 \n    cache <local> \n`;
  const r = lookupRoute(host, dst);
  if (!r) return null;
  const via = r.via !== undefined ? `via ${fmtIp(r.via)} ` : '';
  const mtu = routeMtu(st, host, r);
  return `${fmtIp(dst)} ${via}dev ${devName(st, r.dev)} src ${fmtIp(sourceFor(st, host, r.dev))} uid 0 \n    cache ${mtu ? `mtu ${mtu} ` : ''}\n`;
}

/** `ip neigh [show]`: the neighbour cache, then addresses still being resolved. */
export function showNeigh(st: SimState, host: Host, dev?: string): string {
  let out = '';
  const line = (ip: number, d: string, rest: string) => {
    if (dev === undefined || d === dev) out += `${fmtIp(ip)} ${dev === undefined ? `dev ${d} ` : ''}${rest}\n`;
  };
  for (const [k, n] of Object.entries(host.neigh)) {
    const ip = Number(k);
    const r = lookupRoute(host, ip);
    line(ip, r ? devName(st, r.dev) : '?', `lladdr ${[...n.mac].map((b) => b.toString(16).padStart(2, '0')).join(':')} ${n.permanent ? 'PERMANENT' : 'REACHABLE'}`);
  }
  for (const [k, p] of Object.entries(host.pendingArp)) line(Number(k), devName(st, p.dev), ' INCOMPLETE');
  return out;
}
