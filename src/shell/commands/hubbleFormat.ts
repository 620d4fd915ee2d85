/**
 * Hubble's flow printers (hubble/pkg/printer/printer.go): `compact` (the default), `dict`, `table`, and the JSON
 * forms `json` (an alias of `jsonpb`: the GetFlows response), with protojson field names and order.
 */
import type { FlowEnd, HubbleFlow } from './hubbleFlows';
import { toCivil } from '../../sim/clock';
import { tcpFlagNames } from './hubbleFlows';
import { clusterName, RESERVED } from './ciliumDbgEndpoint';
import { fnv1a } from '../../datapath/hash';
import { tabwrite } from '../tabwriter';
import type { SimState } from '../../sim/state';

export type Output = 'compact' | 'dict' | 'table' | 'json' | 'jsonpb';
export const OUTPUTS: Output[] = ['compact', 'dict', 'json', 'jsonpb', 'table'];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** Go's time.StampMilli, `Jan _2 15:04:05.000` (UTC). */
export function stampMilli(us: number): string {
  const c = toCivil(us);
  return `${MONTHS[c.month - 1]} ${String(c.day).padStart(2, ' ')} ${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)}.${String(Math.floor(c.micro / 1000)).padStart(3, '0')}`;
}

/** A protobuf Timestamp as protojson writes it: RFC 3339 with 0, 3 or 6 fraction digits. */
export function protoTime(us: number): string {
  const c = toCivil(us);
  const frac = c.micro === 0 ? '' : c.micro % 1000 === 0 ? `.${String(c.micro / 1000).padStart(3, '0')}` : `.${String(c.micro).padStart(6, '0')}`;
  return `${c.year}-${p2(c.month)}-${p2(c.day)}T${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)}${frac}Z`;
}

/** Printer.Hostname: `ns/pod:port`, or `ns/service`, or the bare IP. */
export function hostname(e: FlowEnd, translate: boolean): string {
  let host = e.ip;
  if (translate) {
    if (e.pod) host = e.namespace ? `${e.namespace}/${e.pod}` : e.pod;
    else if (e.service) host = `${e.service.namespace}/${e.service.name}`;
  }
  return e.port ? `${host}:${e.port}` : host;
}

export const fmtIdentity = (id: number): string => (RESERVED[id] ? `(${RESERVED[id]})` : `(ID:${id})`);

export interface PrintOpts {
  output: Output;
  nodeName: boolean;
  translate: boolean;
}

/** One flow in the compact form. */
export function compact(f: HubbleFlow, o: PrintOpts): string {
  let [src, dst] = [hostname(f.src, o.translate), hostname(f.dst, o.translate)];
  let [sid, did] = [fmtIdentity(f.src.identity), fmtIdentity(f.dst.identity)];
  let arrow = '->';
  if (f.isReply === null) arrow = '<>';
  else if (f.isReply) {
    [src, dst, sid, did, arrow] = [dst, src, did, sid, '<-'];
  }
  const node = o.nodeName ? ` [${f.nodeName}]` : '';
  return `${stampMilli(f.rec.t)}${node}: ${src} ${sid} ${arrow} ${dst} ${did} ${f.type} ${f.verdict} (${f.summary})\n`;
}

/** Prints flows in one of the non-streaming-sensitive forms; `first` says whether this is the first flow printed. */
export function printFlow(st: SimState, f: HubbleFlow, o: PrintOpts, first: boolean): string {
  switch (o.output) {
    case 'compact': return compact(f, o);
    case 'dict': {
      const lines = [`  TIMESTAMP: ${stampMilli(f.rec.t)}`, ...(o.nodeName ? [`       NODE: ${f.nodeName}`] : []),
        `     SOURCE: ${hostname(f.src, o.translate)}`, `DESTINATION: ${hostname(f.dst, o.translate)}`,
        `       TYPE: ${f.type}`, `    VERDICT: ${f.verdict}`, `    SUMMARY: ${f.summary}`];
      return (first ? '' : '------------\n') + lines.join('\n') + '\n';
    }
    case 'json':
    case 'jsonpb': return JSON.stringify({ flow: flowJson(st, f), node_name: f.nodeName, time: protoTime(f.rec.t) }) + '\n';
    case 'table': return tableRow(f, o);
  }
}

export function tableHeader(o: PrintOpts): string {
  return `TIMESTAMP\t${o.nodeName ? 'NODE\t' : ''}SOURCE\tDESTINATION\tTYPE\tVERDICT\tSUMMARY\n`;
}

function tableRow(f: HubbleFlow, o: PrintOpts): string {
  return `${stampMilli(f.rec.t)}\t${o.nodeName ? `${f.nodeName}\t` : ''}${hostname(f.src, o.translate)}\t${hostname(f.dst, o.translate)}\t${f.type}\t${f.verdict}\t${f.summary}\n`;
}

/** Table output goes through a tabwriter(2, 0, 3) flushed at the end, as hubble's printer does. */
export const flushTable = (rows: string): string => tabwrite(rows, { minwidth: 2, padding: 3 });

const OBS: Record<string, [string, number]> = { 'to-endpoint': ['TO_ENDPOINT', 0], 'to-overlay': ['TO_OVERLAY', 4], 'to-network': ['TO_NETWORK', 11] };

function endpointJson(st: SimState, e: FlowEnd): Record<string, unknown> {
  return {
    ...(e.epId ? { ID: e.epId } : {}), identity: e.identity,
    ...(e.pod ? { cluster_name: clusterName(st), namespace: e.namespace } : {}),
    labels: e.labels, ...(e.pod ? { pod_name: e.pod } : {}),
  };
}

function uuid(f: HubbleFlow): string {
  const w = [f.rec.seq, f.rec.t % 0x100000000, Math.floor(f.rec.t / 0x100000000), ...[...f.rec.node].map((c) => c.charCodeAt(0))];
  const h = [0, 1, 2, 3].map((i) => fnv1a([...w, i]).toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The Flow message as protojson (UseProtoNames) writes it, fields in declaration order, zero values left out. */
export function flowJson(st: SimState, f: HubbleFlow): Record<string, unknown> {
  const r = f.rec;
  const trace = r.point ? OBS[r.point] : undefined;
  const l4: Record<string, unknown> = {};
  if (f.l4 === 'TCP') {
    l4.TCP = { source_port: r.sport, destination_port: r.dport, flags: Object.fromEntries(tcpFlagNames(r.tcpFlags).map((n) => [n, true])) };
  } else if (f.l4 === 'UDP') l4.UDP = { source_port: r.sport, destination_port: r.dport };
  else if (f.l4 === 'ICMPv4') l4.ICMPv4 = { ...(r.icmpType ? { type: r.icmpType } : {}), ...(r.icmpCode ? { code: r.icmpCode } : {}) };
  // The endpoint that emitted the event: the delivering one for to-endpoint, the sending one otherwise.
  const emitter = r.point === 'to-endpoint' ? f.dst.epId : f.src.epId;
  const direction = !emitter ? undefined : (emitter === f.src.epId) !== (f.isReply === true) ? 'EGRESS' : 'INGRESS';
  return {
    time: protoTime(r.t), uuid: uuid(f), verdict: f.verdict,
    ...(f.drop ? { drop_reason: f.drop.code } : {}),
    ...(r.ethSrc ? { ethernet: { source: r.ethSrc, destination: r.ethDst } } : {}),
    IP: { source: f.src.ip, destination: f.dst.ip, ipVersion: 'IPv4' },
    ...(f.l4 ? { l4 } : {}),
    source: endpointJson(st, f.src), destination: endpointJson(st, f.dst),
    Type: 'L3_L4', node_name: f.nodeName,
    event_type: trace ? { type: 4, ...(trace[1] ? { sub_type: trace[1] } : {}) } : { type: 1, ...(f.drop!.code ? { sub_type: f.drop!.code } : {}) },
    ...(f.src.service ? { source_service: { name: f.src.service.name, namespace: f.src.service.namespace } } : {}),
    ...(f.dst.service ? { destination_service: { name: f.dst.service.name, namespace: f.dst.service.namespace } } : {}),
    ...(direction ? { traffic_direction: direction } : {}),
    ...(trace ? { trace_observation_point: trace[0], trace_reason: r.state.toUpperCase() } : {}),
    ...(f.drop ? { drop_reason_desc: f.drop.desc } : {}),
    ...(f.isReply !== null ? { is_reply: f.isReply } : {}),
    ...(trace ? { interface: { index: r.ifindex, name: r.iface } } : {}),
    Summary: f.summary,
  };
}
