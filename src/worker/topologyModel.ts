/**
 * The topology view's picture of a lab, read from the engine state: nodes with their encryption devices, pods with
 * their sidecars, and the public facts a details panel shows (WireGuard public keys and ports, the IPsec SPI, the
 * workload identity). Key material stays in the worker: only what `wg show` or `ip xfrm state` would print without
 * keys, and no private key ever.
 */
import type { SimState } from '../sim/state';
import { podKey } from '../sim/cluster';
import { toBase64 } from '../sim/base64';
import { UNDERLAY_CIDR } from '../sim/defaultCluster';
import { VXLAN_DEV } from '../datapath/tunnel';
import type { TopoDevice, TopoNode, TopoPod, TopologyModel } from './topologyProtocol';

const VXLAN_PORT = 8472;

function devices(st: SimState, node: string): TopoDevice[] {
  const out: TopoDevice[] = [];
  const ipsec = st.ipsec?.[node];
  if (ipsec) {
    const key = ipsec.keys[0];
    const errors = Object.values(ipsec.errors).reduce((a: number, b) => a + (b ?? 0), 0);
    out.push({
      point: `${node}:cilium_host`, name: 'cilium_host', kind: 'xfrm',
      facts: [
        ['encryption', 'IPsec ESP, AES-GCM'],
        ['SPI', key ? String(key.spi) : 'none'],
        ['keys', key?.perTunnel ? 'one per tunnel and direction' : 'one global key'],
        ['xfrm states', String(ipsec.states.length)],
        ['xfrm errors', String(errors)],
      ],
    });
  }
  const wg = st.wg?.[node];
  if (wg) {
    const dev = st.ifaces[wg.iface];
    out.push({
      point: wg.iface, name: dev?.name ?? wg.iface.split(':')[1], kind: 'wireguard',
      facts: [
        ['encryption', 'WireGuard'],
        ['public key', toBase64(wg.device.publicKey)],
        ['listen port', String(wg.device.listenPort)],
        ['MTU', String(wg.device.mtu)],
        ['peers', String(wg.device.peers.filter((p) => !p.removed).length)],
      ],
    });
  }
  const vxlan = `${node}:${VXLAN_DEV}`;
  if (st.ifaces[vxlan]) {
    out.push({ point: vxlan, name: VXLAN_DEV, kind: 'vxlan', facts: [['encapsulation', `VXLAN, UDP ${VXLAN_PORT}`], ['VNI', 'the source pod\'s security identity']] });
  }
  return out;
}

function vethOf(st: SimState, eth0: string): string | undefined {
  const pod = st.ifaces[eth0];
  return pod?.link.kind === 'veth' ? pod.link.peer : undefined;
}

export function topologyModel(st: SimState): TopologyModel {
  const nodes: TopoNode[] = st.cluster.nodes.map((n) => ({
    name: n.name, ip: n.ip, podCidr: n.podCidr, routerIp: n.routerIp, eth0: `${n.name}:eth0`, devices: devices(st, n.name),
  }));
  const pods: TopoPod[] = st.cluster.pods.map((p) => {
    const key = podKey(p);
    const eth0 = `${key}:eth0`;
    const veth = vethOf(st, eth0);
    const identity = st.mesh?.workloads[key]?.identity;
    return {
      key, namespace: p.namespace, name: p.name, node: p.node, ip: p.ip, labels: { ...p.labels }, serviceAccount: p.serviceAccount,
      ...(p.sidecar && { sidecar: p.sidecar === 'istio' ? 'istio-proxy' : 'linkerd-proxy' }),
      ...(identity && { identity }),
      eth0, lo: `${key}:lo`, ...(veth && { veth }),
    };
  });
  const namespaces = [...new Set(pods.map((p) => p.namespace))];
  return {
    scenario: st.scenario, seed: st.seed, cni: st.config.cni, routing: st.config.routing,
    ...(st.mesh && { mesh: st.mesh.kind }),
    underlay: UNDERLAY_CIDR, nodes, pods, namespaces,
  };
}
