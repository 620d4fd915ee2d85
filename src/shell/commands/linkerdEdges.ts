/**
 * `linkerd viz edges deploy|po [-n NS | -A] [-o wide]`: which meshed workloads talked to which, and whether the
 * connection was mutually authenticated (FIDELITY.md §5). Read from what the inbound proxies recorded
 * (st.meshEdges, written by src/net/apps/meshProxy.ts when a connection is accepted over mTLS, accepted in
 * plaintext or refused). Like the real command (built on the proxies' metrics), it shows edges between meshed
 * workloads only: a client without a proxy reports nothing.
 */
import type { SimState } from '../../sim/state';
import type { Pod } from '../../sim/cluster';
import type { CommandCtx } from '../types';
import { podKey } from '../../sim/cluster';
import { table } from '../tabwriter';
import { deploymentOf } from './meshPods';

interface Edge {
  src: Pod;
  dst: Pod;
  secured: boolean;
}

/** Pod-level edges between meshed pods, each pair once (secured if its latest accepted connection was mTLS). */
export function meshEdges(st: SimState): Edge[] {
  const pods = new Map(st.cluster.pods.map((p) => [podKey(p), p]));
  const out = new Map<string, Edge>();
  for (const e of st.meshEdges ?? []) {
    const src = e.src ? pods.get(e.src) : undefined;
    const dst = pods.get(e.dst);
    if (!src || !dst || src.sidecar !== 'linkerd' || dst.sidecar !== 'linkerd' || e.error) continue;
    out.set(`${e.src}>${e.dst}`, { src, dst, secured: e.tls });
  }
  return [...out.values()];
}

const RESOURCES: Record<string, 'deployment' | 'pod'> = {
  deploy: 'deployment', deployment: 'deployment', deployments: 'deployment', po: 'pod', pod: 'pod', pods: 'pod',
};

export function runEdges(ctx: CommandCtx, args: string[], ns: string, all: boolean, output: string): number {
  if (args.length !== 1) {
    ctx.err(`Error: accepts 1 arg(s), received ${args.length}\n`);
    return 1;
  }
  const kind = RESOURCES[args[0].toLowerCase()];
  if (!kind) {
    ctx.err(`Error: Resource type is not supported: ${args[0]}\n`);
    return 1;
  }
  if (output !== 'table' && output !== 'wide') {
    ctx.err(`linkerd viz edges -o ${output}: not modelled in this lab (table and wide are)\n`);
    return 1;
  }
  const name = (p: Pod): string => (kind === 'deployment' ? deploymentOf(p) : p.name);
  const id = (p: Pod): string => `${p.serviceAccount}.${p.namespace}`;
  const rows = new Map<string, string[]>();
  for (const e of meshEdges(ctx.st)) {
    if (!all && e.src.namespace !== ns && e.dst.namespace !== ns) continue;
    const row = [name(e.src), name(e.dst), e.src.namespace, e.dst.namespace, ...(output === 'wide' ? [id(e.src), id(e.dst)] : []), e.secured ? '√' : ''];
    rows.set(row.join('\t'), row);
  }
  if (!rows.size) {
    ctx.err('No edges found.\n');
    return 0;
  }
  const sorted = [...rows.values()].sort((a, b) => (a[0] + '\0' + a[1]).localeCompare(b[0] + '\0' + b[1]));
  const header = ['SRC', 'DST', 'SRC_NS', 'DST_NS', ...(output === 'wide' ? ['CLIENT_ID', 'SERVER_ID'] : []), 'SECURED'];
  ctx.out(table([header, ...sorted], { minwidth: 0, padding: 3 }));
  return 0;
}
