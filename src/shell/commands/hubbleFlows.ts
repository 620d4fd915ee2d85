/**
 * Hubble's view of a flow record (pkg/hubble/parser/threefour/parser.go): endpoints resolved through the ipcache
 * and the cluster model, the reply flag from conntrack, a drop reason from Cilium's table
 * (pkg/monitor/api/drop.go), and the one-line summary (`TCP Flags: SYN, ACK`, `ICMPv4 EchoRequest`).
 */
import type { SimState } from '../../sim/state';
import type { FlowRecord } from '../../datapath/flowLog';
import { fmtIp } from '../../net/addr';
import { clusterName, identityOf, labelsOfIdentity, localEndpoint } from './ciliumDbgEndpoint';

export interface FlowEnd {
  ip: string;
  port: number;
  identity: number;
  namespace: string;
  pod: string;
  labels: string[];
  /** Local endpoint ID on the observing node (0 when the address is not a local endpoint). */
  epId: number;
  /** A ClusterIP service this address:port is (Hubble's source_service / destination_service). */
  service?: { namespace: string; name: string };
}

export interface DropReason {
  code: number;
  desc: string;
  text: string;
}

export interface HubbleFlow {
  rec: FlowRecord;
  nodeName: string;
  verdict: 'FORWARDED' | 'DROPPED';
  /** What the compact printer shows as the flow's type: an observation point or a drop reason. */
  type: string;
  isReply: boolean | null;
  src: FlowEnd;
  dst: FlowEnd;
  l4: 'TCP' | 'UDP' | 'ICMPv4' | '';
  summary: string;
  drop?: DropReason;
}

const TCP_FLAGS: [number, string][] = [[0x02, 'SYN'], [0x10, 'ACK'], [0x04, 'RST'], [0x01, 'FIN'], [0x08, 'PSH'], [0x20, 'URG'], [0x40, 'ECE'], [0x80, 'CWR']];

/** Hubble's getTCPFlags order: SYN, ACK, RST, FIN, PSH, URG, ECE, CWR. */
export function tcpFlagNames(flags: number): string[] {
  return TCP_FLAGS.filter(([bit]) => flags & bit).map(([, n]) => n);
}

const ICMP4: Record<number, [string, Record<number, string>?]> = {
  0: ['EchoReply'],
  3: ['DestinationUnreachable', { 0: 'Net', 1: 'Host', 2: 'Protocol', 3: 'Port', 4: 'FragmentationNeeded', 5: 'SourceRoutingFailed', 13: 'CommAdminProhibited' }],
  5: ['Redirect', { 0: 'Network', 1: 'Host' }],
  8: ['EchoRequest'],
  11: ['TimeExceeded', { 0: 'TTLExceeded', 1: 'FragmentReassemblyTimeExceeded' }],
  12: ['ParameterProblem', { 0: 'PointerIndicatesError', 1: 'MissingOption', 2: 'BadLength' }],
  13: ['TimestampRequest'],
  14: ['TimestampReply'],
};

/** gopacket's ICMPv4TypeCode.String(). */
export function icmpTypeCode(type: number, code: number): string {
  const info = ICMP4[type];
  if (!info) return `${type}(${code})`;
  const [name, codes] = info;
  if (!codes) return code === 0 ? name : `${name}(Code: ${code})`;
  return codes[code] ? `${name}(${codes[code]})` : `${name}(Code: ${code})`;
}

/** Maps the engine's drop reasons onto Cilium's drop codes. */
export function dropReason(reason: string): DropReason {
  const table: [RegExp, number, string, string][] = [
    [/polic/i, 133, 'POLICY_DENIED', 'Policy denied'],
    [/^no backends|has no port/, 158, 'NO_SERVICE', 'Service backend not found'],
    [/^no route to host|^ARP: no reply/, 169, 'FIB_LOOKUP_FAILED', 'FIB lookup failed'],
    [/^TTL exceeded/, 196, 'TTL_EXCEEDED', 'TTL exceeded'],
    [/^no tunnel endpoint/, 160, 'NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT', 'No tunnel/encapsulation endpoint (datapath BUG!)'],
    [/malformed|checksum|unsupported ethertype/i, 134, 'INVALID_PACKET_DROPPED', 'Invalid packet'],
  ];
  const hit = table.find(([re]) => re.test(reason));
  if (hit) return { code: hit[1], desc: hit[2], text: hit[3] };
  return { code: 0, desc: 'DROP_REASON_UNKNOWN', text: reason.charAt(0).toUpperCase() + reason.slice(1) };
}

export const l4Of = (proto: number): HubbleFlow['l4'] => (proto === 6 ? 'TCP' : proto === 17 ? 'UDP' : proto === 1 ? 'ICMPv4' : '');

function end(st: SimState, node: string, ip: number, port: number): FlowEnd {
  const s = fmtIp(ip);
  const identity = identityOf(st, node, ip);
  const pod = st.cluster.pods.find((p) => p.ip === s);
  const svc = st.cluster.services.find((x) => x.clusterIP === s && x.ports.some((p) => p.port === port));
  return {
    ip: s, port, identity, namespace: pod?.namespace ?? '', pod: pod?.name ?? '',
    labels: labelsOfIdentity(st, identity), epId: localEndpoint(st, node, ip)?.id ?? 0,
    ...(svc ? { service: { namespace: svc.namespace, name: svc.name } } : {}),
  };
}

export function toHubble(st: SimState, rec: FlowRecord): HubbleFlow {
  const l4 = l4Of(rec.proto);
  const ports = l4 === 'TCP' || l4 === 'UDP';
  // A trace that carries an original address (reverse-translated reply) is shown from that address.
  const src = end(st, rec.node, rec.origSrc || rec.src, ports ? rec.sport : 0);
  const dst = end(st, rec.node, rec.dst, ports ? rec.dport : 0);
  const summary = l4 === 'TCP' ? `TCP Flags: ${tcpFlagNames(rec.tcpFlags).join(', ')}`
    : l4 === 'ICMPv4' ? `ICMPv4 ${icmpTypeCode(rec.icmpType, rec.icmpCode)}` : l4 === 'UDP' ? 'UDP' : 'IPv4';
  const drop = rec.point ? undefined : dropReason(rec.drop ?? '');
  return {
    rec, nodeName: `${clusterName(st)}/${rec.node}`, verdict: drop ? 'DROPPED' : 'FORWARDED',
    type: rec.point ?? drop!.text, isReply: rec.point ? rec.state === 'reply' : null,
    src, dst, l4, summary, ...(drop ? { drop } : {}),
  };
}

/** Every recorded flow of every node, oldest first (what Hubble Relay merges from all agents). */
export function allFlows(st: SimState): FlowRecord[] {
  const nodes = Object.values(st.flowLog?.nodes ?? {});
  return nodes.flatMap((n) => n.flows).sort((a, b) => a.t - b.t || a.node.localeCompare(b.node) || a.seq - b.seq);
}

/** Records added since `cursor` (per-node counts of flows already seen), updating the cursor. */
export function newFlows(st: SimState, cursor: Record<string, number>): FlowRecord[] {
  const out: FlowRecord[] = [];
  for (const [node, n] of Object.entries(st.flowLog?.nodes ?? {})) {
    const from = cursor[node] ?? 0;
    if (n.seen > from) out.push(...n.flows.slice(Math.max(0, n.flows.length - (n.seen - from))));
    cursor[node] = n.seen;
  }
  return out.sort((a, b) => a.t - b.t || a.seq - b.seq);
}

export function flowCursor(st: SimState): Record<string, number> {
  return Object.fromEntries(Object.entries(st.flowLog?.nodes ?? {}).map(([k, v]) => [k, v.seen]));
}
