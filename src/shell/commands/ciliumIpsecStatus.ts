/**
 * Cilium IPsec as the agents report it and as the cluster CLI sums it up, from the nodes' xfrm states
 * (ipsecState.ts):
 * - `cilium-dbg encrypt status` (Cilium 1.16): `Encryption: IPsec`, `Decryption interface(s): eth0`, `Keys in use`
 *   (the distinct AEAD keys of the states: 1 with a global key, 2 per remote node with per-tunnel keys, twice that
 *   during a rotation), `Max Seq. Number` (the highest output sequence number, `N/A` before any), `Errors` and one
 *   tab-indented `Counter: N` line per non-zero /proc/net/xfrm_stat counter. The mode and keys lines are padded
 *   (`%-26s`), as observed on 1.14 to 1.17 agents.
 * - `cilium encryption status` (cilium-cli v0.16): `IPsec keys in use: 4 on 3/3`, `IPsec highest Seq. Number: ...
 *   across all nodes`, `IPsec errors: N across all nodes` with `\tCounter: N on X/Y nodes`; `--per-node-details`
 *   prints one such block per node (`Node: node-1` first). Format: cilium/cilium-cli#2212's examples. Where the
 *   nodes disagree on the key count, the count most nodes report is shown (the larger on a tie): a guess.
 */
import type { SimState } from '../../sim/state';
import type { XfrmCounter } from '../../crypto/ipsec';
import { ipsecNode, keysInUse, maxOutSeq, maxSeqText, xfrmErrors } from './ipsecState';

/** One agent's IPsec figures. */
export interface IpsecReport {
  keys: number;
  maxSeq: bigint | undefined;
  seqText: string;
  errors: [XfrmCounter, number][];
}

export function ipsecReport(st: SimState, node: string): IpsecReport {
  const ip = ipsecNode(st, node);
  const states = ip?.states ?? [];
  return { keys: keysInUse(states), maxSeq: maxOutSeq(states), seqText: maxSeqText(states), errors: xfrmErrors(ip) };
}

const total = (errors: [XfrmCounter, number][]): number => errors.reduce((n, [, v]) => n + v, 0);

/** The IPsec part of `cilium-dbg encrypt status`, after the `Encryption:` line. */
export function dbgIpsecDetails(st: SimState, node: string): string {
  const r = ipsecReport(st, node);
  let t = `Decryption interface(s): eth0\nKeys in use: ${String(r.keys).padEnd(26)}\nMax Seq. Number: ${r.seqText}\nErrors: ${total(r.errors)}\n`;
  for (const [name, n] of r.errors) t += `\t${name}: ${n}\n`;
  return t;
}

/** `--per-node-details`: one block per IPsec node, a blank line between blocks. */
export function cliIpsecPerNode(st: SimState, nodes: string[]): string {
  return nodes.map((n) => {
    const r = ipsecReport(st, n);
    let t = `Node: ${n}\nEncryption: IPsec\nIPsec keys in use: ${r.keys}\nIPsec highest Seq. Number: ${r.seqText}\nIPsec errors: ${total(r.errors)}\n`;
    for (const [name, v] of r.errors) t += `\t${name}: ${v}\n`;
    return t;
  }).join('\n');
}

/** The lines under `Encryption: IPsec (N/M nodes)` for the nodes running IPsec, out of `asked` nodes. */
export function cliIpsecSummary(st: SimState, ipsecNodes: string[], asked: number): string {
  const reports = ipsecNodes.map((n) => ipsecReport(st, n));
  const byKeys = new Map<number, number>();
  for (const r of reports) byKeys.set(r.keys, (byKeys.get(r.keys) ?? 0) + 1);
  const [keys, on] = [...byKeys].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [0, 0];
  const seqs = reports.map((r) => r.maxSeq).filter((s): s is bigint => s !== undefined);
  const high = seqs.length ? `0x${seqs.reduce((a, b) => (b > a ? b : a)).toString(16)}/0xffffffff` : 'N/A';
  let t = `IPsec keys in use: ${keys} on ${on}/${asked}\nIPsec highest Seq. Number: ${high} across all nodes\n`;
  t += `IPsec errors: ${reports.reduce((n, r) => n + total(r.errors), 0)} across all nodes\n`;
  const counters = [...new Set(reports.flatMap((r) => r.errors.map(([c]) => c)))].sort();
  for (const c of counters) {
    const hits = reports.map((r) => r.errors.find(([x]) => x === c)?.[1] ?? 0);
    t += `\t${c}: ${hits.reduce((a, b) => a + b, 0)} on ${hits.filter((v) => v > 0).length}/${asked} nodes\n`;
  }
  return t;
}
