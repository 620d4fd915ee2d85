/**
 * Capture point names, one grammar everywhere: `<node>:<iface>` (`node-1:eth0`, `node-1:lxc-frontend`,
 * `node-1:cilium_wg0`) or `<namespace>/<pod>:<iface>` (`web/frontend:eth0`).
 */
import type { SimState } from '../sim/state';

export type CapturePoint =
  | { kind: 'node'; node: string; iface: string }
  | { kind: 'pod'; namespace: string; pod: string; iface: string };

const NAME = '[a-z0-9]([-a-z0-9.]*[a-z0-9])?';
const IFACE = '[A-Za-z0-9][A-Za-z0-9_.@-]{0,14}';
const NODE_RE = new RegExp(`^(${NAME}):(${IFACE})$`);
const POD_RE = new RegExp(`^(${NAME})/(${NAME}):(${IFACE})$`);

export class CapturePointError extends Error {}

export function parsePoint(s: string): CapturePoint {
  const pod = POD_RE.exec(s);
  if (pod) return { kind: 'pod', namespace: pod[1], pod: pod[3], iface: pod[5] };
  const node = NODE_RE.exec(s);
  if (node) return { kind: 'node', node: node[1], iface: node[3] };
  throw new CapturePointError(`invalid capture point '${s}': expected <node>:<iface> (node-1:eth0) or <namespace>/<pod>:<iface> (web/frontend:eth0)`);
}

export function formatPoint(p: CapturePoint): string {
  return p.kind === 'node' ? `${p.node}:${p.iface}` : `${p.namespace}/${p.pod}:${p.iface}`;
}

export function listPoints(st: SimState): string[] {
  return Object.keys(st.ifaces).sort();
}

/** Parses and checks a capture point against a running lab; the error names the points that exist. */
export function resolvePoint(st: SimState, s: string): string {
  const id = formatPoint(parsePoint(s));
  if (!st.ifaces[id]) {
    const p = parsePoint(s);
    const owner = p.kind === 'node' ? p.node : `${p.namespace}/${p.pod}`;
    const known = st.hosts[owner] ? st.hosts[owner].ifaces : listPoints(st);
    const what = st.hosts[owner] ? `${owner} has no interface '${p.iface}'` : `no node or pod '${owner}'`;
    throw new CapturePointError(`${what}. Capture points: ${known.join(', ')}`);
  }
  return id;
}
