/**
 * `hubble observe` filter flags, built the way the Hubble CLI builds them (hubble/cmd/observe/flows_filter.go):
 * flags that name both ends (`--pod`, `--ip`, `--port`, `--namespace`) fill a left (source) and a right
 * (destination) filter that are ORed; different flags are ANDed; repeated values of one flag are ORed; `--not`
 * sends the next flag to the deny list. Matching follows the server side (pkg/hubble/filters): pod names are
 * `[namespace/]prefix` with namespace `default` when omitted.
 */
import type { HubbleFlow } from './hubbleFlows';
import { parseIdentity } from './ciliumDbgEndpoint';
import { tcpFlagNames } from './hubbleFlows';
import { parseCidr, parseIp, inCidr } from '../../net/addr';

export interface FlowFilter {
  sourcePod?: string[];
  destinationPod?: string[];
  sourceIp?: string[];
  destinationIp?: string[];
  sourcePort?: string[];
  destinationPort?: string[];
  sourceIdentity?: number[];
  destinationIdentity?: number[];
  verdict?: string[];
  protocol?: string[];
  eventType?: { type: number; sub?: string }[];
  nodeName?: string[];
  tcpFlags?: string[][];
}

type Key = keyof FlowFilter;

class Tracker {
  left: FlowFilter = {};
  right: FlowFilter = {};
  ns: string[] = [];
  srcNs: string[] = [];
  dstNs: string[] = [];
  changed: string[] = [];

  add(side: 'both' | 'left' | 'right', key: Key, v: unknown): void {
    for (const f of side === 'both' ? [this.left, this.right] : side === 'left' ? [this.left] : [this.right]) {
      ((f[key] ??= [] as never) as unknown[]).push(v);
    }
  }

  materialize(): FlowFilter[] {
    const applySrc = (ns: string[], f: FlowFilter) => {
      if (!f.sourcePod?.length) f.sourcePod = [''];
      f.sourcePod = withNs(f.sourcePod, ns);
    };
    const applyDst = (ns: string[], f: FlowFilter) => {
      if (!f.destinationPod?.length) f.destinationPod = [''];
      f.destinationPod = withNs(f.destinationPod, ns);
    };
    if (this.dstNs.length) [this.left, this.right].forEach((f) => applyDst(this.dstNs, f));
    if (this.srcNs.length) [this.left, this.right].forEach((f) => applySrc(this.srcNs, f));
    if (this.ns.length) {
      applySrc(this.ns, this.left);
      applyDst(this.ns, this.right);
    }
    return JSON.stringify(this.left) === JSON.stringify(this.right) ? [this.left] : [this.left, this.right];
  }
}

function withNs(names: string[], ns: string[]): string[] {
  return names.flatMap((n) => (n.includes('/') ? [n] : ns.map((x) => `${x}/${n}`)));
}

const CONFLICTS = [
  ['from-ip', 'ip', 'from-namespace', 'namespace', 'all-namespaces'], ['from-ip', 'ip', 'from-pod', 'pod'],
  ['to-ip', 'ip', 'to-namespace', 'namespace', 'all-namespaces'], ['to-ip', 'ip', 'to-pod', 'pod'],
  ['to-pod', 'namespace', 'all-namespaces'], ['from-pod', 'namespace', 'all-namespaces'],
  ['port', 'to-port'], ['port', 'from-port'], ['identity', 'to-identity'], ['identity', 'from-identity'],
];

export const EVENT_TYPES: Record<string, number> = { drop: 1, capture: 3, trace: 4, 'policy-verdict': 5, l7: 129, 'trace-sock': 7 };
const TRACE_SUBTYPES = ['from-endpoint', 'from-host', 'from-network', 'from-overlay', 'from-proxy', 'from-stack', 'from-crypto',
  'to-endpoint', 'to-host', 'to-network', 'to-overlay', 'to-proxy', 'to-stack', 'to-crypto'];

/** Collects filter flags; `set` returns an error message (as hubble prints it) or null. */
export class FilterBuilder {
  private allow = new Tracker();
  private deny: Tracker | undefined;
  private negate = false;

  set(name: string, val: string): string | null {
    if (name === 'not') {
      if (this.negate) return 'consecutive --not statements';
      this.negate = true;
      return null;
    }
    const t = this.negate ? (this.deny ??= new Tracker()) : this.allow;
    this.negate = false;
    if (!t.changed.includes(name)) t.changed.push(name);
    for (const group of CONFLICTS) {
      const hit = group.filter((g) => t.changed.includes(g));
      if (hit.length > 1 && hit.includes(name)) return `filters --${hit.find((h) => h !== name)} and --${name} cannot be combined`;
    }
    switch (name) {
      case 'pod': t.add('left', 'sourcePod', val); t.add('right', 'destinationPod', val); break;
      case 'from-pod': t.add('both', 'sourcePod', val); break;
      case 'to-pod': t.add('both', 'destinationPod', val); break;
      case 'ip': case 'from-ip': case 'to-ip': {
        if (!validIp(val)) return `invalid IP address in filter: "${val}"`;
        if (name !== 'to-ip') t.add(name === 'ip' ? 'left' : 'both', 'sourceIp', val);
        if (name !== 'from-ip') t.add(name === 'ip' ? 'right' : 'both', 'destinationIp', val);
        break;
      }
      case 'port': case 'from-port': case 'to-port': {
        if (!/^\d{1,5}$/.test(val) || Number(val) > 65535) return `invalid port: "${val}"`;
        if (name !== 'to-port') t.add(name === 'port' ? 'left' : 'both', 'sourcePort', String(Number(val)));
        if (name !== 'from-port') t.add(name === 'port' ? 'right' : 'both', 'destinationPort', String(Number(val)));
        break;
      }
      case 'identity': case 'from-identity': case 'to-identity': {
        const id = parseIdentity(val);
        if (id === undefined) return `invalid identity: "${val}"`;
        if (name !== 'to-identity') t.add(name === 'identity' ? 'left' : 'both', 'sourceIdentity', id);
        if (name !== 'from-identity') t.add(name === 'identity' ? 'right' : 'both', 'destinationIdentity', id);
        break;
      }
      case 'namespace': t.ns.push(val); break;
      case 'from-namespace': t.srcNs.push(val); break;
      case 'to-namespace': t.dstNs.push(val); break;
      case 'all-namespaces': t.ns.push(''); break;
      case 'verdict':
        if (!['FORWARDED', 'DROPPED', 'AUDIT', 'REDIRECTED', 'ERROR', 'TRACED', 'TRANSLATED'].includes(val)) return `invalid --verdict value: ${val}`;
        t.add('both', 'verdict', val);
        break;
      case 'protocol': t.add('both', 'protocol', val.toLowerCase()); break;
      case 'type': {
        const [ty, sub] = val.split(':');
        if (!(ty in EVENT_TYPES)) return `invalid --type value: ${val}`;
        if (sub !== undefined && (ty !== 'trace' || !TRACE_SUBTYPES.includes(sub))) return `invalid --type value: ${val}`;
        t.add('both', 'eventType', { type: EVENT_TYPES[ty], ...(sub ? { sub } : {}) });
        break;
      }
      case 'node-name': t.add('both', 'nodeName', val); break;
      case 'tcp-flags': {
        const fl = val.split(',').map((f) => f.toUpperCase());
        const bad = fl.find((f) => !['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'].includes(f));
        if (bad !== undefined) return `unknown tcp flag: ${bad.toLowerCase()}`;
        t.add('both', 'tcpFlags', fl);
        break;
      }
      default: return `unknown filter: ${name}`;
    }
    return null;
  }

  /** The allow and deny lists; a flow is shown when it matches some allow filter (or there is none) and no deny filter. */
  build(): { allow: FlowFilter[]; deny: FlowFilter[] } {
    const allowed = this.allow.materialize();
    const empty = allowed.length === 1 && Object.keys(allowed[0]).length === 0;
    return { allow: empty ? [] : allowed, deny: this.deny ? this.deny.materialize() : [] };
  }
}

function validIp(s: string): boolean {
  try {
    if (s.includes('/')) parseCidr(s);
    else parseIp(s);
    return true;
  } catch {
    return false;
  }
}

function ipMatches(ip: string, pats: string[]): boolean {
  return pats.some((p) => (p.includes('/') ? inCidr(parseIp(ip), parseCidr(p)) : p === ip));
}

function podMatches(ns: string, pod: string, pats: string[]): boolean {
  if (!ns && !pod) return false;
  return pats.some((p) => {
    const parts = p.split('/');
    const [fns, prefix] = parts.length > 1 ? [parts[0], parts[1]] : ['default', parts[0]];
    // An empty namespace (from -A, or an explicit "/name") matches every namespace.
    return (prefix === '' || pod.startsWith(prefix)) && (fns === ns || (fns === '' && parts.length > 1));
  });
}

function glob(p: string, s: string): boolean {
  const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.')}$`);
  return re.test(s);
}

export function matches(f: FlowFilter, fl: HubbleFlow): boolean {
  const { src, dst, rec } = fl;
  if (f.sourcePod && !podMatches(src.namespace, src.pod, f.sourcePod)) return false;
  if (f.destinationPod && !podMatches(dst.namespace, dst.pod, f.destinationPod)) return false;
  if (f.sourceIp && !ipMatches(src.ip, f.sourceIp)) return false;
  if (f.destinationIp && !ipMatches(dst.ip, f.destinationIp)) return false;
  if (f.sourcePort && !(src.port && f.sourcePort.includes(String(src.port)))) return false;
  if (f.destinationPort && !(dst.port && f.destinationPort.includes(String(dst.port)))) return false;
  if (f.sourceIdentity && !f.sourceIdentity.includes(src.identity)) return false;
  if (f.destinationIdentity && !f.destinationIdentity.includes(dst.identity)) return false;
  if (f.verdict && !f.verdict.includes(fl.verdict)) return false;
  if (f.protocol && !f.protocol.some((p) => p === fl.l4.toLowerCase() || (p === 'icmp' && fl.l4 === 'ICMPv4'))) return false;
  if (f.eventType && !f.eventType.some((e) => e.type === (rec.point ? 4 : 1) && (!e.sub || e.sub === rec.point))) return false;
  if (f.nodeName && !f.nodeName.some((p) => glob(p.includes('/') ? p : `*/${p}`, fl.nodeName))) return false;
  if (f.tcpFlags) {
    const have = tcpFlagNames(rec.tcpFlags);
    if (fl.l4 !== 'TCP' || !f.tcpFlags.some((want) => want.every((w) => have.includes(w)))) return false;
  }
  return true;
}

export function passes(fl: HubbleFlow, filters: { allow: FlowFilter[]; deny: FlowFilter[] }): boolean {
  if (filters.allow.length && !filters.allow.some((f) => matches(f, fl))) return false;
  return !filters.deny.some((f) => matches(f, fl));
}
