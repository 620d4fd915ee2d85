/**
 * Builds the network from the cluster model: a host namespace per node and per pod, veth pairs (pod eth0 <->
 * node lxc device), node eth0 on the underlay segment, routes and static neighbours; and re-derives node routes
 * when the routing mode changes (native routing, or VXLAN tunnel with a `cilium_vxlan` device).
 */
import type { Sim } from './sim';
import type { Host, Iface, Route } from './state';
import { podKey } from './cluster';
import { randomMac } from './ids';
import { parseCidr, parseIp } from '../net/addr';
import { LinkType } from '../net/dissect/tree';
import { UNDERLAY_CIDR } from './defaultCluster';
import { VXLAN_DEV } from '../datapath/tunnel';

function host(id: string, kind: Host['kind']): Host {
  return { id, kind, forwarding: kind === 'node', ifaces: [], routes: [], neigh: {}, pendingArp: {}, listeners: {}, tcp: {}, icmpIds: {}, ipId: 0 };
}

function addIface(sim: Sim, h: Host, name: string, f: Omit<Iface, 'id' | 'host' | 'name' | 'ifindex'>): Iface {
  const iface: Iface = { id: `${h.id}:${name}`, host: h.id, name, ifindex: h.ifaces.length + 2, ...f };
  sim.st.ifaces[iface.id] = iface;
  h.ifaces.push(iface.id);
  return iface;
}

/** Host-side veth name: `lxc-<pod>`, at most 15 characters (IFNAMSIZ), made unique on its node. */
function lxcName(node: Host, pod: string, sim: Sim): string {
  const base = `lxc-${pod}`.slice(0, 15);
  let name = base;
  for (let i = 1; sim.st.ifaces[`${node.id}:${name}`]; i++) name = `${base.slice(0, 14 - String(i).length)}-${i}`;
  return name;
}

export function buildTopology(sim: Sim): void {
  const { cluster, config } = sim.st;
  const underlay = parseCidr(UNDERLAY_CIDR);
  for (const n of cluster.nodes) {
    const h = (sim.st.hosts[n.name] = host(n.name, 'node'));
    h.ipId = sim.rand(0, 0xffff);
    addIface(sim, h, 'eth0', {
      mac: randomMac(sim.st.rng, [0x52, 0x54, 0x00]), addrs: [{ ip: parseIp(n.ip), prefix: underlay.bits }],
      mtu: config.underlayMtu, linkType: LinkType.ETHERNET, link: { kind: 'segment', segment: 'underlay' },
    });
  }
  for (const p of cluster.pods) {
    const node = sim.st.hosts[p.node];
    const nodeInfo = cluster.nodes.find((n) => n.name === p.node)!;
    const ph = (sim.st.hosts[podKey(p)] = host(podKey(p), 'pod'));
    ph.ipId = sim.rand(0, 0xffff);
    const lxc = addIface(sim, node, lxcName(node, p.name, sim), {
      mac: randomMac(sim.st.rng), addrs: [], mtu: config.podMtu, linkType: LinkType.ETHERNET, link: { kind: 'veth', peer: `${ph.id}:eth0` },
    });
    const eth0 = addIface(sim, ph, 'eth0', {
      mac: randomMac(sim.st.rng), addrs: [{ ip: parseIp(p.ip), prefix: 32 }], mtu: config.podMtu,
      linkType: LinkType.ETHERNET, link: { kind: 'veth', peer: lxc.id },
    });
    const router = parseIp(nodeInfo.routerIp);
    ph.routes = [{ net: 0, bits: 0, dev: eth0.id, via: router }, { net: router, bits: 32, dev: eth0.id }];
    ph.neigh[router] = { mac: lxc.mac, permanent: true };
    node.neigh[parseIp(p.ip)] = { mac: eth0.mac, permanent: true };
  }
  applyRouting(sim);
}

/** (Re)computes node routes for the current routing mode, creating or removing the VXLAN device. */
export function applyRouting(sim: Sim): void {
  const { cluster, config } = sim.st;
  const underlay = parseCidr(UNDERLAY_CIDR);
  for (const n of cluster.nodes) {
    const h = sim.st.hosts[n.name];
    const eth0 = `${n.name}:eth0`;
    const vxId = `${n.name}:${VXLAN_DEV}`;
    if (config.routing === 'tunnel' && !sim.st.ifaces[vxId]) {
      addIface(sim, h, VXLAN_DEV, { mac: randomMac(sim.st.rng), addrs: [], mtu: config.underlayMtu - 50, linkType: LinkType.ETHERNET, link: { kind: 'none' } });
    } else if (config.routing === 'native' && sim.st.ifaces[vxId]) {
      delete sim.st.ifaces[vxId];
      h.ifaces = h.ifaces.filter((i) => i !== vxId);
    }
    const routes: Route[] = [{ net: underlay.net, bits: underlay.bits, dev: eth0 }];
    for (const p of cluster.pods.filter((p) => p.node === n.name)) {
      const lxc = h.ifaces.find((i) => sim.st.ifaces[i].link.kind === 'veth' && (sim.st.ifaces[i].link as { peer: string }).peer === `${podKey(p)}:eth0`)!;
      routes.push({ net: parseIp(p.ip), bits: 32, dev: lxc });
    }
    for (const other of cluster.nodes.filter((o) => o.name !== n.name)) {
      const c = parseCidr(other.podCidr);
      const via = parseIp(other.ip);
      routes.push(config.routing === 'tunnel' ? { net: c.net, bits: c.bits, dev: vxId, tunnelTo: via } : { net: c.net, bits: c.bits, dev: eth0, via });
    }
    h.routes = routes;
  }
}
