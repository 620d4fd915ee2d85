/**
 * Turns the timeline's log entries into what a learner reads: one row per event (a frame as the dissector's
 * one-line summary, a drop with its reason, a TCP state change, a crypto step in words) and, for the events worth
 * saying aloud, one sentence with a weight: drops and TLS alerts 4, handshakes 3, a request or response crossing
 * the wire between nodes (and how it is protected there) 2, connections, commands and exits 1.
 *
 * Pure functions over the entries and a small context (frame summaries from the inspector's cache, names for
 * addresses from the cluster model), so they are unit-tested without an engine.
 */
import type { Cluster } from '../sim/cluster';
import type { Input } from '../sim/inputs';
import { fmtIp } from '../net/addr';
import type { Entry } from './timelineLog';
import type { Notable, Protection, TimelineRow } from './timelineProtocol';

export interface FrameSummary {
  protocol: string;
  src: string;
  dst: string;
  info: string;
}

export interface SummaryContext {
  /** The dissector's summary of frame `no` (from 1) at `point`, when it is recorded. */
  frame(point: string, no: number): FrameSummary | undefined;
  /** A readable name for an address: a pod (`web/frontend`), a node, a service; undefined when unknown. */
  name(ip: string): string | undefined;
  /** The first frame entry of a packet trace, when the log still holds it. */
  origin(trace: number): Entry | undefined;
  /** The lab's node names (a node's `eth0` is where traffic crosses the wire). */
  nodes: readonly string[];
}

const MAX_TEXT = 200;
const clip = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);

/** Names for the cluster's addresses: pods, nodes (underlay and cilium_host), services. */
export function addressBook(cluster: Cluster): (ip: string) => string | undefined {
  const names = new Map<string, string>();
  for (const n of cluster.nodes) {
    names.set(n.ip, n.name);
    names.set(n.routerIp, `${n.name} (cilium_host)`);
  }
  for (const s of cluster.services) names.set(s.clusterIP, `service ${s.namespace}/${s.name}`);
  for (const p of cluster.pods) names.set(p.ip, `${p.namespace}/${p.name}`);
  return (ip) => names.get(ip);
}

export function protectionOf(protocol: string): Protection | undefined {
  const p = protocol.toLowerCase();
  if (p === 'wireguard') return 'wireguard';
  if (p === 'esp') return 'esp';
  if (p.startsWith('tls')) return 'tls';
  return undefined;
}

/** `183763328:52255` (an address as the engine keeps it, a u32) as `10.244.1.128:52255`. */
export function endpoint(s: string): string {
  const i = s.lastIndexOf(':');
  const ip = Number(s.slice(0, i));
  return i > 0 && Number.isInteger(ip) ? `${fmtIp(ip)}:${s.slice(i + 1)}` : s;
}

export function describeInput(input: Input): { where: string; text: string } {
  switch (input.kind) {
    case 'exec': return { where: input.target, text: `runs ${input.argv.join(' ')}` };
    case 'signal': return { where: input.job.split(':')[0] ?? 'lab', text: `Ctrl-C to the running ${input.job}` };
    case 'restart-pod': return { where: input.target, text: 'pod restarted' };
    case 'set-routing': return { where: 'cluster', text: `routing set to ${input.routing}` };
    case 'apply': return { where: 'API server', text: `applied ${String(input.object.kind)} ${String((input.object.metadata as { name?: unknown } | undefined)?.name ?? '')}`.trim() };
    default: return { where: 'API server', text: `${input.kind} ${input.objKind} ${input.namespace ? `${input.namespace}/` : ''}${input.name}` };
  }
}

function cryptoText(e: Extract<Entry, { kind: 'crypto' }>): string {
  const peer = e.peerNode ?? 'its peer';
  if (e.protocol === 'wireguard') {
    switch (e.what) {
      case 'initiation-sent': return `WireGuard handshake initiation sent to ${peer}`;
      case 'initiation-received': return `WireGuard handshake initiation received from ${peer}`;
      case 'response-sent': return `WireGuard handshake response sent to ${peer}`;
      case 'response-received': return `WireGuard handshake response received from ${peer}: handshake complete`;
      case 'cookie-sent': return `WireGuard cookie reply sent to ${peer} (under load)`;
      case 'cookie-received': return `WireGuard cookie reply received from ${peer}`;
      case 'keypair-new': return `new WireGuard session keys with ${peer}`;
      case 'keypair-confirmed': return `WireGuard session keys with ${peer} confirmed`;
      case 'keypair-retired': return `old WireGuard session keys with ${peer} retired`;
      case 'keypair-expired': return `WireGuard session keys with ${peer} expired`;
      default: return `WireGuard ${e.what}`;
    }
  }
  if (e.protocol === 'tls') {
    const done = /^handshake-done (\S+) peer=(.*)$/.exec(e.what);
    if (done) return `TLS handshake done: ${done[1]}, peer ${done[2]}`;
    const alert = /^alert-(sent|received) (.*)$/.exec(e.what);
    if (alert) return `TLS alert ${alert[1]}: ${alert[2]}`;
    return `TLS ${e.what}`;
  }
  return `IPsec ${e.what}`;
}

/** One row of the event list. */
export function toRow(e: Entry, ctx: SummaryContext): TimelineRow {
  const base = { seq: e.seq, step: e.step, t: e.t, kind: e.kind };
  switch (e.kind) {
    case 'frame': {
      const f = ctx.frame(e.point, e.no);
      const text = f ? `${f.protocol} ${f.src} → ${f.dst}  ${f.info}` : 'frame (no longer recorded)';
      return { ...base, where: `${e.point} ${e.dir}`, text: clip(text), point: e.point, no: e.no, protocol: f?.protocol, protection: f && protectionOf(f.protocol) };
    }
    case 'drop': return { ...base, where: e.point, text: clip(`dropped: ${e.reason}`) };
    case 'tcp': return { ...base, where: e.host, text: `TCP ${endpoint(e.local)} ↔ ${endpoint(e.remote)}: ${e.from} → ${e.to}` };
    case 'crypto': return { ...base, where: e.host, text: clip(cryptoText(e)) };
    case 'output': return { ...base, where: e.host, text: clip(`${e.program} ${e.stream}: ${e.text.replace(/\s+/g, ' ').trim()}`) };
    case 'exit': return { ...base, where: e.host, text: `${e.program} exited with status ${e.code}` };
    case 'input': return { ...base, ...describeInput(e.input), text: clip(describeInput(e.input).text) };
  }
}

const nodeOfWire = (point: string, nodes: readonly string[]): string | undefined => {
  const [node, iface] = point.split(':');
  return iface === 'eth0' && nodes.includes(node) ? node : undefined;
};

const how: Record<Protection, string> = {
  wireguard: 'encrypted with WireGuard',
  esp: 'encrypted with IPsec ESP',
  tls: 'inside mutual TLS',
};

/** What a frame leaving a node for the wire carries, and how it is protected there; undefined if not worth saying. */
function wireSentence(e: Extract<Entry, { kind: 'frame' }>, ctx: SummaryContext): string | undefined {
  const node = e.dir === 'out' ? nodeOfWire(e.point, ctx.nodes) : undefined;
  const wire = node && ctx.frame(e.point, e.no);
  if (!node || !wire) return undefined;
  const o = ctx.origin(e.trace);
  const first = o?.kind === 'frame' && o.seq !== e.seq ? ctx.frame(o.point, o.no) : wire;
  const name = (ip: string) => ctx.name(ip) ?? ip;
  const protection = protectionOf(wire.protocol);
  if (first?.protocol === 'HTTP') {
    const kind = /^HTTP\/\d/.test(first.info) ? 'response' : 'request';
    const what = `HTTP ${kind} ${first.info.replace(/^HTTP\/1\.1\s+|\s+HTTP\/1\.1$/g, '').replace(/\s+\(.*\)$/, '')}`;
    const route = `from ${name(first.src)} to ${name(first.dst)}`;
    return protection
      ? `${what} ${route} leaves ${node} ${how[protection]}`
      : `${what} ${route} leaves ${node} in clear: anyone on the wire can read it`;
  }
  if (protection === 'tls' && /Client Hello|Application Data/.test(wire.info)) {
    const what = wire.info.includes('Client Hello') ? 'TLS handshake starts' : 'TLS-encrypted data';
    return `${what} from ${name(wire.src)} to ${name(wire.dst)}, leaving ${node}`;
  }
  return undefined;
}

/** The sentence to narrate for an entry, if it is worth one. */
export function notableOf(e: Entry, ctx: SummaryContext): Notable | undefined {
  const say = (weight: number, text: string): Notable => ({ seq: e.seq, step: e.step, weight, text });
  switch (e.kind) {
    case 'drop': return say(4, `Packet dropped at ${e.point}: ${e.reason}`);
    case 'crypto': {
      if (e.protocol === 'wireguard' && e.what === 'initiation-sent') return say(3, `WireGuard handshake: ${e.host} sends an initiation to ${e.peerNode ?? 'a peer'}`);
      if (e.protocol === 'wireguard' && e.what === 'response-received') return say(3, `WireGuard handshake between ${e.host} and ${e.peerNode ?? 'its peer'} complete`);
      if (e.protocol === 'tls' && e.what.startsWith('handshake-done')) return say(3, `${cryptoText(e)}, in ${e.host}`);
      if (e.protocol === 'tls' && e.what.startsWith('alert')) return say(4, `${cryptoText(e)}, in ${e.host}`);
      return undefined;
    }
    case 'frame': {
      const text = wireSentence(e, ctx);
      return text ? say(2, text) : undefined;
    }
    case 'tcp': return e.to === 'ESTABLISHED' ? say(1, `TCP connection established in ${e.host}: ${endpoint(e.local)} to ${endpoint(e.remote)}`) : undefined;
    case 'exit': return e.code === 0 ? say(1, `${e.program} in ${e.host} finished`) : say(2, `${e.program} in ${e.host} failed with exit status ${e.code}`);
    case 'input': {
      const d = describeInput(e.input);
      return say(1, `${d.where} ${d.text}`);
    }
    default: return undefined;
  }
}
