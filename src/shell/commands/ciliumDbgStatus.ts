/**
 * `cilium-dbg status` of one node's agent (Cilium 1.16; pkg/client/client.go FormatStatusResponse through a
 * tabwriter(2, 0, 3), cilium-dbg/cmd/status.go), computed from the lab: routing mode, the node's pod CIDR and
 * allocations, Hubble's flow counts, and the node's encryption (ciliumDbgEncrypt.ts).
 */
import type { SimState } from '../../sim/state';
import { EPOCH_US, fmtIso, MINUTE } from '../../sim/clock';
import { FLOW_RING } from '../../datapath/flowLog';
import { tabwrite } from '../tabwriter';
import { clusterName, endpointsOf } from './ciliumDbgEndpoint';
import { encryptionJson, statusEncryptionRow } from './ciliumDbgEncrypt';

export const CILIUM_VERSION = '1.16.5 (v1.16.5-ad688277)';
const K8S_VERSION = '1.31 (v1.31.4) [linux/amd64]';
const K8S_APIS = ['EndpointSliceOrEndpoint', 'cilium/v2::CiliumClusterwideNetworkPolicy', 'cilium/v2::CiliumEndpoint',
  'cilium/v2::CiliumNetworkPolicy', 'cilium/v2::CiliumNode', 'cilium/v2alpha1::CiliumCIDRGroup', 'core/v1::Namespace',
  'core/v1::Pods', 'core/v1::Service', 'networking.k8s.io/v1::NetworkPolicy'];

export interface StatusOpts {
  allAddresses: boolean;
  allHealth: boolean;
  kprDetails: boolean;
}

function hubbleLine(st: SimState, node: string, now: number): string {
  const log = st.flowLog?.nodes[node];
  const cur = log?.flows.length ?? 0, seen = log?.seen ?? 0;
  const up = (now - EPOCH_US) / 1e6;
  const rate = up > 0 ? `, Flows/s: ${(seen / up).toFixed(2)}` : '';
  return `Hubble:\tOk\tCurrent/Max Flows: ${cur}/${FLOW_RING} (${((cur / FLOW_RING) * 100).toFixed(2)}%)${rate}\tMetrics: Disabled\n`;
}

function kprDetails(devices: string): string {
  const rows = ['  Status:\tTrue', '  Socket LB:\tDisabled', '  Socket LB Tracing:\tDisabled', '  Socket LB Coverage:\tFull',
    `  Devices:\t${devices}`, '  Mode:\tSNAT', '  Backend Selection:\tRandom', '  Session Affinity:\tEnabled',
    '  Graceful Termination:\tEnabled', '  NAT46/64 Support:\tDisabled', '  XDP Acceleration:\tDisabled', '  Services:',
    '  - ClusterIP:\tEnabled', '  - NodePort:\tEnabled (Range: 30000-32767) ', '  - LoadBalancer:\tEnabled ',
    '  - externalIPs:\tEnabled ', '  - HostPort:\tEnabled'];
  return 'KubeProxyReplacement Details:\n' + tabwrite(rows.join('\n') + '\n', { minwidth: 0, padding: 3 });
}

export function status(st: SimState, node: string, now: number, o: StatusOpts): string {
  const n = st.cluster.nodes.find((x) => x.name === node)!;
  const eps = endpointsOf(st, node);
  const pods = eps.filter((e) => e.pod);
  const tunnel = st.config.routing === 'tunnel';
  let t = `KVStore:\tOk\tDisabled\nKubernetes:\tOk\t${K8S_VERSION}\n`;
  t += `Kubernetes APIs:\t[${K8S_APIS.map((a) => `"${a}"`).join(', ')}]\n`;
  t += `KubeProxyReplacement:\tTrue\t[eth0\t${n.ip} (Direct Routing)]\n`;
  t += 'Host firewall:\tDisabled\nSRv6:\tDisabled\nCNI Chaining:\tnone\n';
  t += 'CNI Config file:\tsuccessfully wrote CNI configuration file to /host/etc/cni/net.d/05-cilium.conflist\n';
  t += `Cilium:\tOk   ${CILIUM_VERSION}\n`;
  t += 'NodeMonitor:\tListening for events on 2 CPUs with 64x4096 of shared memory\n';
  t += 'Cilium health daemon:\tOk\t\n';
  t += `IPAM:\tIPv4: ${pods.length + 1}/254 allocated from ${n.podCidr}, \n`;
  if (o.allAddresses) {
    const lines = [`  ${n.routerIp} (router)`, ...pods.map((e) => `  ${e.ipv4} (${e.pod!.namespace}/${e.pod!.name})`)].sort();
    t += `Allocated addresses:\n${lines.join('\n')}\n`;
  }
  t += 'IPv4 BIG TCP:\tDisabled\nIPv6 BIG TCP:\tDisabled\nBandwidthManager:\tDisabled\n';
  t += `Routing:\tNetwork: ${tunnel ? 'Tunnel [vxlan]' : 'Native'}\tHost: BPF\n`;
  t += 'Attach Mode:\tTCX\nDevice Mode:\tveth\n';
  t += 'Masquerading:\tBPF\t[eth0]\t10.244.0.0/16 [IPv4: Enabled, IPv6: Disabled]\n';
  if (o.kprDetails) t += 'Clock Source for BPF:\tktime\n';
  const controllers = 24 + 5 * eps.length;
  t += `Controller Status:\t${controllers}/${controllers} healthy\n`;
  t += `Proxy Status:\tOK, ip ${n.routerIp}, 0 redirects active on ports 10000-20000, Envoy: external\n`;
  t += 'Global Identity Range:\tmin 256, max 65535\n';
  t += hubbleLine(st, node, now);
  if (o.kprDetails) t += kprDetails(`eth0 ${n.ip} (Direct Routing)`);
  t += statusEncryptionRow(st, node);
  const probe = EPOCH_US + Math.floor((now - EPOCH_US) / MINUTE) * MINUTE;
  const nodes = st.cluster.nodes;
  t += `Cluster health:\t${nodes.length}/${nodes.length} reachable\t(${fmtIso(probe)})\n`;
  if (o.allHealth) {
    t += '  Name\tIP\tNode\tEndpoints\n';
    const ordered = [n, ...nodes.filter((x) => x !== n).sort((a, b) => a.name.localeCompare(b.name))];
    for (const x of ordered) t += `  ${clusterName(st)}/${x.name}${x === n ? ' (localhost)' : ''}\t${x.ip}\treachable\treachable\n`;
  }
  t += 'Modules Health:\tStopped(0) Degraded(0) OK(48)\n';
  return tabwrite(t, { minwidth: 2, padding: 3 });
}

/** `cilium-dbg status --brief`. */
export const statusBrief = (): string => 'OK\n';

/** `cilium-dbg status -o json`: the parts of the StatusResponse this lab models. */
export function statusJson(st: SimState, node: string): string {
  const n = st.cluster.nodes.find((x) => x.name === node)!;
  const pods = endpointsOf(st, node).filter((e) => e.pod);
  return JSON.stringify({
    cilium: { state: 'Ok', msg: CILIUM_VERSION },
    encryption: encryptionJson(st, node),
    ipam: { status: `IPv4: ${pods.length + 1}/254 allocated from ${n.podCidr}, `, allocations: Object.fromEntries([[n.routerIp, 'router'], ...pods.map((e) => [e.ipv4, `${e.pod!.namespace}/${e.pod!.name}`])]) },
    'kube-proxy-replacement': { mode: 'True', devices: ['eth0'], 'direct-routing-device': 'eth0' },
    kvstore: { state: 'Ok', msg: 'Disabled' },
    routing: { 'inter-host-routing-mode': st.config.routing === 'tunnel' ? 'Tunnel' : 'Native', 'intra-host-routing-mode': 'BPF', ...(st.config.routing === 'tunnel' ? { 'tunnel-protocol': 'vxlan' } : {}) },
  }, null, 2) + '\n';
}
