/**
 * Where protocol dissectors plug in, like Wireshark's dissector tables: by Ethertype, by IP protocol number, by TCP
 * or UDP port, plus heuristic lists tried when no port dissector claims a payload. Every register call returns a
 * function that removes the registration again (for tests and hot reload).
 *
 * Port dispatch follows Wireshark's `decode_udp_ports`/`decode_tcp_ports`: the lower port is tried first, then the
 * higher, then the heuristics; several dissectors on one port are tried in registration order, and a dissector
 * that returns false declines (HTTP declines a segment that does not start with a request or status line, so a
 * TLS dissector registered later on the same port still gets it).
 */
import type { DissectCtx, Dissector } from './context';

type Unregister = () => void;

const ethertypes = new Map<number, Dissector[]>();
const ipProtos = new Map<number, Dissector[]>();
const udpPorts = new Map<number, Dissector[]>();
const tcpPorts = new Map<number, Dissector[]>();
const udpHeuristics: Dissector[] = [];
const tcpHeuristics: Dissector[] = [];

function addTo(table: Map<number, Dissector[]>, key: number, d: Dissector): Unregister {
  const list = table.get(key) ?? [];
  if (!list.includes(d)) list.push(d);
  table.set(key, list);
  return () => {
    const i = list.indexOf(d);
    if (i >= 0) list.splice(i, 1);
  };
}

function addHeuristic(list: Dissector[], d: Dissector): Unregister {
  if (!list.includes(d)) list.push(d);
  return () => {
    const i = list.indexOf(d);
    if (i >= 0) list.splice(i, 1);
  };
}

export const registerEthertype = (type: number, d: Dissector): Unregister => addTo(ethertypes, type, d);
export const registerIpProto = (proto: number, d: Dissector): Unregister => addTo(ipProtos, proto, d);
export const registerUdpPort = (port: number, d: Dissector): Unregister => addTo(udpPorts, port, d);
export const registerTcpPort = (port: number, d: Dissector): Unregister => addTo(tcpPorts, port, d);
/** Tried on UDP payloads that no port dissector claimed; must return false quickly on bytes that are not theirs. */
export const registerUdpHeuristic = (d: Dissector): Unregister => addHeuristic(udpHeuristics, d);
/** Tried on TCP payloads that no port dissector claimed (a TLS record sniffer, for instance). */
export const registerTcpHeuristic = (d: Dissector): Unregister => addHeuristic(tcpHeuristics, d);

/**
 * Runs the candidates in order until one accepts. Returns the bytes used (the whole range when the dissector
 * did not say), or undefined when every candidate declined.
 */
function tryAll(list: readonly Dissector[] | undefined, ctx: DissectCtx, start: number, end: number): number | undefined {
  if (!list) return undefined;
  for (const d of [...list]) {
    const before = ctx.layers.length;
    const summary = { ...ctx.summary };
    const bad = ctx.malformed;
    const r = d(ctx, start, end);
    if (r === false) {
      // a declining dissector leaves no trace
      ctx.layers.length = before;
      ctx.summary = summary;
      ctx.malformed = bad;
      continue;
    }
    return typeof r === 'number' ? r : end - start;
  }
  return undefined;
}

export function dispatchEthertype(type: number, ctx: DissectCtx, start: number, end: number): number | undefined {
  return tryAll(ethertypes.get(type), ctx, start, end);
}

export function dispatchIpProto(proto: number, ctx: DissectCtx, start: number, end: number): number | undefined {
  return tryAll(ipProtos.get(proto), ctx, start, end);
}

/** Low port, high port, then heuristics. Returns true when some dissector claimed the payload. */
export function dispatchPorts(transport: 'tcp' | 'udp', ctx: DissectCtx, start: number, end: number): boolean {
  const ports = ctx.ports;
  if (!ports) return false;
  const table = transport === 'tcp' ? tcpPorts : udpPorts;
  const [lo, hi] = ports.src <= ports.dst ? [ports.src, ports.dst] : [ports.dst, ports.src];
  if (tryAll(table.get(lo), ctx, start, end) !== undefined) return true;
  if (hi !== lo && tryAll(table.get(hi), ctx, start, end) !== undefined) return true;
  return tryAll(transport === 'tcp' ? tcpHeuristics : udpHeuristics, ctx, start, end) !== undefined;
}
