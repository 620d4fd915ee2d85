/**
 * Builds the network from the cluster model: a host namespace per node and per pod, veth pairs (pod eth0 <->
 * node lxc device), node eth0 on the underlay segment, routes and static neighbours; and re-derives node routes
 * when the routing mode changes (native routing, or VXLAN tunnel with a `cilium_vxlan` device).
 */
import type { Sim } from './sim';
import type { Host, Iface, Route } from './state';
import { podKey, type Pod } from './cluster';
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { utf8 } from '../net/bytes';
import { randomMac } from './ids';
import { parseCidr, parseIp } from '../net/addr';
import { LinkType } from '../net/dissect/tree';
import { UNDERLAY_CIDR } from './defaultCluster';
import { VXLAN_DEV } from '../datapath/tunnel';

function host(id: string, kind: Host['kind']): Host {
  return { id, kind, forwarding: kind === 'node', ifaces: [], routes: [], neigh: {}, pendingArp: {}, listeners: {}, tcp: {}, icmpIds: {}, ipId: 0 };
}

/** Adds a device to a namespace; its ifindex is one more than the highest in use there (lo is 1). */
export function addIface(sim: Sim, h: Host, name: string, f: Omit<Iface, 'id' | 'host' | 'name' | 'ifindex'>): Iface {
  const ifindex = Math.max(1, ...h.ifaces.map((i) => sim.st.ifaces[i].ifindex)) + 1;
  const iface: Iface = { id: `${h.id}:${name}`, host: h.id, name, ifindex, ...f };
  sim.st.ifaces[iface.id] = iface;
  h.ifaces.push(iface.id);
  return iface;
}

const LOOPBACK_NET = 0x7f000000;

/**
 * A pod's `lo` (ifindex 1, 127.0.0.1/8): what a pod's processes use to talk to each other, such as an app and its
 * mesh sidecar. Like Linux's loopback it shows Ethernet framing with zero addresses to tcpdump.
 */
function addLoopback(sim: Sim, h: Host): void {
  const lo: Iface = {
    id: `${h.id}:lo`, host: h.id, name: 'lo', ifindex: 1, mac: new Uint8Array(6), addrs: [{ ip: LOOPBACK_NET + 1, prefix: 8 }],
    mtu: 65536, linkType: LinkType.ETHERNET, link: { kind: 'loopback' },
  };
  sim.st.ifaces[lo.id] = lo;
  h.ifaces.push(lo.id);
}

/** Deletes a device (`ip link del`): its routes go with it. */
export function removeIface(sim: Sim, id: string): void {
  const iface = sim.st.ifaces[id];
  if (!iface) return;
  const h = sim.st.hosts[iface.host];
  h.ifaces = h.ifaces.filter((i) => i !== id);
  h.routes = h.routes.filter((r) => r.dev !== id);
  delete sim.st.ifaces[id];
}

/**
 * Host-side veth name, at most 15 characters (IFNAMSIZ), made unique on its node: `lxc-<pod>` under Cilium (which
 * really names them lxc + a hash; the pod name is kept here so a learner can tell them apart), `cali` + 11 hex
 * digits of a SHA-1 of `<namespace>.<pod>` under Calico.
 */
function lxcName(node: Host, pod: Pod, sim: Sim): string {
  const base = sim.st.config.cni === 'calico'
    ? `cali${bytesToHex(sha1(utf8(`${pod.namespace}.${pod.name}`))).slice(0, 11)}`
    : `lxc-${pod.name}`.slice(0, 15);
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
    addLoopback(sim, ph);
    const lxc = addIface(sim, node, lxcName(node, p, sim), {
      mac: randomMac(sim.st.rng), addrs: [], mtu: config.podMtu, linkType: LinkType.ETHERNET, link: { kind: 'veth', peer: `${ph.id}:eth0` },
    });
    const eth0 = addIface(sim, ph, 'eth0', {
      mac: randomMac(sim.st.rng), addrs: [{ ip: parseIp(p.ip), prefix: 32 }], mtu: config.podMtu,
      linkType: LinkType.ETHERNET, link: { kind: 'veth', peer: lxc.id },
    });
    const router = parseIp(nodeInfo.routerIp);
    ph.routes = [{ net: 0, bits: 0, dev: eth0.id, via: router }, { net: router, bits: 32, dev: eth0.id }, { net: LOOPBACK_NET, bits: 8, dev: `${ph.id}:lo` }];
    ph.neigh[router] = { mac: lxc.mac, permanent: true };
    node.neigh[parseIp(p.ip)] = { mac: eth0.mac, permanent: true };
  }
  if (config.cni === 'cilium') {
    // cilium_host: the address pods use as their gateway, owned by the node (IPsec tunnels end here).
    for (const n of cluster.nodes) {
      addIface(sim, sim.st.hosts[n.name], 'cilium_host', {
        mac: randomMac(sim.st.rng), addrs: [{ ip: parseIp(n.routerIp), prefix: 32 }], mtu: config.podMtu,
        linkType: LinkType.ETHERNET, link: { kind: 'none' },
      });
    }
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
      removeIface(sim, vxId);
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
