/**
 * The lab's Cilium IPsec as the node tools see it (`ip xfrm`, `cilium-dbg`, `cilium`): read-only views of one
 * node's xfrm states (st.ipsec, src/datapath/ipsec.ts), the xfrm policies Cilium keeps beside them, and the figures
 * the agent reports (distinct keys in use, highest output sequence number, /proc/net/xfrm_stat errors).
 *
 * States: the kernel lists the newest first; the engine keeps them oldest first.
 *
 * Policies are not engine objects: they follow from the node's states and the cluster, in the shape the Cilium docs'
 * XFRM reference guide shows for native routing (Cilium 1.16 era). Partial, by choice:
 * - a catch-all OUT `action block` policy (priority 1, mark 0xe00/0xf00) so nothing leaves in plain text;
 * - one FWD policy `src 0.0.0.0/0 dst 0.0.0.0/0` (priority 2975) with an optional template to this node;
 * - one IN policy `src 0.0.0.0/0 dst <local pod CIDR>` on the decryption mark 0xd00/0xf00, optional template;
 * - per remote node an OUT policy `src 0.0.0.0/0 dst <remote pod CIDR>` with the encryption mark and a template
 *   between the cilium_host addresses, carrying the SPI the node currently sends with (outSpi).
 * They are created in that order when the agent starts (the kernel's index: 8 per policy, plus the direction).
 * Their lifetime counters stay 0, as a real OUT policy's do; `use` is the first use of the matching state.
 */
import type { SimState } from '../../sim/state';
import type { IpsecNode } from '../../datapath/ipsec';
import { outSpi } from '../../datapath/ipsec';
import type { XfrmCounter, XfrmMark, XfrmState } from '../../crypto/ipsec';
import { keyMaterialOf } from '../../crypto/ipsec';
import { fmtIp, parseIp } from '../../net/addr';
import { toHex } from '../../net/bytes';

export function ipsecNode(st: SimState, node: string): IpsecNode | undefined {
  return st.ipsec?.[node];
}

/** A node's xfrm states as the kernel lists them: newest first. */
export function kernelStates(st: SimState, node: string): XfrmState[] {
  return [...(ipsecNode(st, node)?.states ?? [])].reverse();
}

export interface XfrmTmpl {
  src: string;
  dst: string;
  spi: number;
  /** `level use` (optional) rather than `level required`. */
  optional: boolean;
}

export interface XfrmPolicy {
  src: string;
  dst: string;
  dir: 'in' | 'out' | 'fwd';
  action: 'allow' | 'block';
  priority: number;
  index: number;
  mark?: XfrmMark;
  tmpl?: XfrmTmpl;
  addTime: number;
  /** Virtual µs of first use, 0 when never used. */
  useTime: number;
}

const DIR_CODE = { in: 0, out: 1, fwd: 2 } as const;

/** A node's xfrm policies, newest first (see the file comment for the model). */
export function kernelPolicies(st: SimState, node: string): XfrmPolicy[] {
  const ip = ipsecNode(st, node);
  const me = st.cluster.nodes.find((n) => n.name === node);
  if (!ip || !me) return [];
  const addTime = Math.min(...ip.states.map((s) => s.lifetime.addTime), st.now);
  const made: Omit<XfrmPolicy, 'index'>[] = [
    { src: '0.0.0.0/0', dst: '0.0.0.0/0', dir: 'out', action: 'block', priority: 1, mark: { value: 0xe00, mask: 0xf00 }, addTime, useTime: 0 },
    { src: '0.0.0.0/0', dst: '0.0.0.0/0', dir: 'fwd', action: 'allow', priority: 2975, addTime, useTime: 0,
      tmpl: { src: '0.0.0.0', dst: me.routerIp, spi: 0, optional: true } },
    { src: '0.0.0.0/0', dst: me.podCidr, dir: 'in', action: 'allow', priority: 0, mark: { value: 0xd00, mask: 0xf00 }, addTime, useTime: 0,
      tmpl: { src: '0.0.0.0', dst: me.routerIp, spi: 0, optional: true } },
  ];
  for (const r of st.cluster.nodes) {
    if (r.name === node) continue;
    const spi = outSpi(st, node, r.name);
    const out = ip.states.find((s) => s.spi === spi && s.dst === parseIp(r.routerIp));
    if (spi === undefined || !out) continue;
    made.push({
      src: '0.0.0.0/0', dst: r.podCidr, dir: 'out', action: 'allow', priority: 0, mark: out.mark, addTime, useTime: out.lifetime.useTime,
      tmpl: { src: fmtIp(out.src), dst: fmtIp(out.dst), spi, optional: false },
    });
  }
  return made.map((p, k) => ({ ...p, index: 8 * k + DIR_CODE[p.dir] })).reverse();
}

/** What `cilium-dbg encrypt status` counts as keys in use: the distinct AEAD keys (key || salt) of the states. */
export function keysInUse(states: XfrmState[]): number {
  return new Set(states.map((s) => toHex(keyMaterialOf(s)))).size;
}

/** The highest output sequence number of any state, or undefined when nothing was sent yet. */
export function maxOutSeq(states: XfrmState[]): bigint | undefined {
  let max = 0n;
  for (const s of states) {
    const v = (BigInt(s.oseqHi >>> 0) << 32n) | BigInt(s.oseq >>> 0);
    if (v > max) max = v;
  }
  return max === 0n ? undefined : max;
}

/** `0x1e3/0xffffffff`, or `N/A` before the first packet (the figure the agent reports). */
export function maxSeqText(states: XfrmState[]): string {
  const m = maxOutSeq(states);
  return m === undefined ? 'N/A' : `0x${m.toString(16)}/0xffffffff`;
}

/** The node's non-zero /proc/net/xfrm_stat counters, by name. */
export function xfrmErrors(ip: IpsecNode | undefined): [XfrmCounter, number][] {
  return (Object.entries(ip?.errors ?? {}) as [XfrmCounter, number][]).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));
}
