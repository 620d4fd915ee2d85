/**
 * `linkerd viz edges deploy|po [-n NS | -A] [-o wide]`: which meshed workloads talked to which, and whether the
 * connection was mutually authenticated (FIDELITY.md §5). Derived from the engine state, not kept by the command:
 * every connection a meshed pod accepted went through its init container's redirect, which conntrack remembers
 * (st.meshNat, src/datapath/meshRedirect.ts); a connection from a pod whose linkerd-proxy dialled it is mTLS,
 * since Linkerd's proxies always use mTLS between meshed pods. Like the real command (built on the proxies'
 * metrics), it shows no edge for a client without a proxy: nothing on that side reports it.
 */
import type { SimState } from '../../sim/state';
import type { Pod } from '../../sim/cluster';
import type { CommandCtx } from '../types';
import { fmtIp } from '../../net/addr';
import { podKey } from '../../sim/cluster';
import { table } from '../tabwriter';
import { deploymentOf } from './meshPods';

interface Edge {
  src: Pod;
  dst: Pod;
}

/** Pod-level edges between meshed pods, each pair once. */
export function meshEdges(st: SimState): Edge[] {
  const byIp = new Map(st.cluster.pods.map((p) => [p.ip, p]));
  const seen = new Set<string>();
  const out: Edge[] = [];
  for (const dst of st.cluster.pods) {
    if (dst.sidecar !== 'linkerd') continue;
    for (const r of Object.values(st.meshNat?.[podKey(dst)] ?? {})) {
      const src = r.dir === 'in' ? byIp.get(fmtIp(r.src)) : undefined;
      if (!src || src.sidecar !== 'linkerd' || src === dst) continue;
      const key = `${podKey(src)}>${podKey(dst)}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ src, dst });
      }
    }
  }
  return out;
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
    const row = [name(e.src), name(e.dst), e.src.namespace, e.dst.namespace, ...(output === 'wide' ? [id(e.src), id(e.dst)] : []), '√'];
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
