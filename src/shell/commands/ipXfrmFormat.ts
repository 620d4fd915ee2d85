/**
 * `ip xfrm state` and `ip xfrm policy` blocks as iproute2 6.1 prints them, with and without `-s`.
 *
 * Sources, observed output: the Cilium docs' XFRM reference guide (iproute2 6.1 on a Cilium node:
 * the plain and `-s` state, the `-s` FWD policy), `ip -s xfrm policy` from a Cilium 1.13 lab, kernel and
 * strongSwan/libreswan mailing-list samples for the ESN context, and `ip xfrm policy [-s] ...` run here against
 * Linux 6.18 for the policy layout, `count` and the argument errors. Details worth knowing:
 * - plain: `spi 0x00000003 reqid 1`; with `-s`: `spi 0x00000003(3) reqid 1(0x00000001)`, `seq 0x00000000`, the
 *   flag mask ` (0x..)` (one binary digit per flag bit: esn is `(0x10000000)`), the key size `(160 bits)`,
 *   `uid 0` on the selector, lifetimes and stats;
 * - `replay-window 0 ` keeps its trailing space when no flag follows; policy header lines end with a space;
 * - ESN states print `anti-replay esn context:` with the window bitmap in the kernel's ring layout (bit
 *   (seq - 1) mod window, as the samples' `1fffffff` after 29 packets shows), highest word first. No sample has
 *   more than 4 words; eight words a line, each followed by a space, comes from an iproute2 patch mail (netdev,
 *   2024) met while looking for samples, not from an observed 1024-packet window: the least certain line here.
 * No `ptype main` after the policy priority: the Cilium docs' nodes print none (their kernels send no policy type
 * attribute; the Linux 6.18 used for checking does).
 */
import type { XfrmState } from '../../crypto/ipsec';
import { keyMaterialOf } from '../../crypto/ipsec';
import { fmtIso } from '../../sim/clock';
import { fmtIp } from '../../net/addr';
import { toHex } from '../../net/bytes';
import type { XfrmPolicy } from './ipsecState';

export interface XfrmFormat {
  stats: boolean;
  /** `nokeys`: leave the key material out. */
  nokeys?: boolean;
}

const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
/** `2026-03-02 09:00:00` (the node's clock is UTC). */
const when = (us: number): string => fmtIso(us).replace('T', ' ').replace('Z', '');

const LIFETIME_CONFIG = '\tlifetime config:\n\t  limit: soft (INF)(bytes), hard (INF)(bytes)\n\t  limit: soft (INF)(packets), hard (INF)(packets)\n'
  + '\t  expire add: soft 0(sec), hard 0(sec)\n\t  expire use: soft 0(sec), hard 0(sec)\n';

function lifetime(bytes: number, packets: number, add: number, use: number): string {
  return `${LIFETIME_CONFIG}\tlifetime current:\n\t  ${bytes}(bytes), ${packets}(packets)\n\t  add ${when(add)} use ${use ? when(use) : '-'}\n`;
}

/** The ESN window in the kernel's layout: a ring where sequence number s sits at bit (s - 1) mod window. */
function ringBitmap(s: XfrmState): number[] {
  const w = s.replayWindow;
  const words = new Array<number>(Math.ceil(w / 32)).fill(0);
  const top = s.replay.seqHi * 4294967296 + (s.replay.seq >>> 0);
  for (let d = 0; d < w; d++) {
    if (((s.replay.bitmap[d >>> 5] >>> (d & 31)) & 1) === 0 || top - d <= 0) continue;
    const pos = (((top - d - 1) % 4294967296) >>> 0) % w;
    words[pos >>> 5] = (words[pos >>> 5] | (1 << (pos & 31))) >>> 0;
  }
  return words;
}

function replayContext(s: XfrmState): string {
  if (!s.esn) return `\tanti-replay context: seq ${hex(s.replay.seq)}, oseq ${hex(s.oseq)}, bitmap ${hex8(s.replay.bitmap[0] ?? 0)}\n`;
  const words = ringBitmap(s);
  let t = `\tanti-replay esn context:\n\t seq-hi ${hex(s.replay.seqHi)}, seq ${hex(s.replay.seq)}, oseq-hi ${hex(s.oseqHi)}, oseq ${hex(s.oseq)}\n`;
  t += `\t replay_window ${s.replayWindow}, bitmap-length ${words.length}`;
  for (let j = 0; j < words.length; j++) {
    if (j % 8 === 0) t += '\n\t ';
    t += `${words[words.length - 1 - j].toString(16).padStart(8, '0')} `;
  }
  return `${t}\n`;
}

/** One state, as `ip [-s] xfrm state` prints it. */
export function formatState(s: XfrmState, o: XfrmFormat): string {
  const st = o.stats;
  let t = `src ${fmtIp(s.src)} dst ${fmtIp(s.dst)}\n`;
  t += `\tproto esp spi ${hex8(s.spi)}${st ? `(${s.spi >>> 0})` : ''} reqid ${s.reqid}${st ? `(${hex8(s.reqid)})` : ''} mode ${s.mode}\n`;
  const flags = s.esn ? ['esn'] : [];
  // With ESN the window lives in the ESN attribute; the legacy one-byte field stays 0.
  t += `\treplay-window ${s.esn ? 0 : s.replayWindow} `;
  if (st) t += `seq 0x00000000 flag ${flags.join(' ')} (${s.esn ? '0x10000000' : '0x00000000'})`;
  else if (flags.length) t += `flag ${flags.join(' ')}`;
  t += '\n';
  const marks = [s.mark && `mark ${hex(s.mark.value)}/${hex(s.mark.mask)}`, s.outputMark && `output-mark ${hex(s.outputMark.value)}/${hex(s.outputMark.mask)}`];
  if (marks.some(Boolean)) t += `\t${marks.filter(Boolean).join(' ')}\n`;
  const km = keyMaterialOf(s);
  const key = o.nokeys ? '' : ` 0x${toHex(km)}`;
  t += `\taead rfc4106(gcm(aes))${key}${st ? ` (${km.length * 8} bits)` : ''} ${s.icvBits}\n`;
  t += replayContext(s);
  t += `\tsel src 0.0.0.0/0 dst 0.0.0.0/0${st ? ' uid 0' : ''}\n`;
  if (st) {
    t += lifetime(s.lifetime.bytes, s.lifetime.packets, s.lifetime.addTime, s.lifetime.useTime);
    t += `\tstats:\n\t  replay-window ${s.stats.replayWindow} replay ${s.stats.replay} failed ${s.stats.integrityFailed}\n`;
  }
  return t;
}

/** One policy, as `ip [-s] xfrm policy` prints it. */
export function formatPolicy(p: XfrmPolicy, o: XfrmFormat): string {
  const st = o.stats;
  let t = `src ${p.src} dst ${p.dst} ${st ? 'uid 0' : ''}\n`;
  if (st) {
    t += `\tdir ${p.dir} action ${p.action} index ${p.index} priority ${p.priority} share any flag  (0x00000000)\n`;
    t += lifetime(0, 0, p.addTime, p.useTime);
  } else {
    t += `\tdir ${p.dir} ${p.action === 'block' ? 'action block ' : ''}priority ${p.priority} \n`;
  }
  if (p.mark) t += `\tmark ${hex(p.mark.value)}/${hex(p.mark.mask)} \n`;
  if (p.tmpl) {
    const m = p.tmpl;
    t += `\ttmpl src ${m.src} dst ${m.dst}\n`;
    const spi = st ? ` spi ${hex8(m.spi)}(${m.spi})` : m.spi ? ` spi ${hex8(m.spi)}` : '';
    t += `\t\tproto esp${spi} reqid 1${st ? '(0x00000001)' : ''} mode tunnel\n`;
    if (st) t += `\t\tlevel ${m.optional ? 'use' : 'required'} share any \n\t\tenc-mask ffffffff auth-mask ffffffff comp-mask ffffffff\n`;
    else if (m.optional) t += '\t\tlevel use \n';
  }
  return t;
}

/** `ip xfrm state count` (with `-s`, the hash table figures: 8 buckets, doubling as the table fills). */
export function stateCount(n: number, stats: boolean): string {
  let buckets = 8;
  while (n > buckets - 1) buckets *= 2;
  return `\t SAD count ${n}${stats ? ` (buckets count ${buckets} Max 1048576)` : ''}\n`;
}

/** `ip xfrm policy count`. */
export function policyCount(ps: XfrmPolicy[], stats: boolean): string {
  const n = (d: XfrmPolicy['dir']) => ps.filter((p) => p.dir === d).length;
  return `\t SPD IN  ${n('in')} OUT ${n('out')} FWD ${n('fwd')}${stats ? ' (Sock: IN 0 OUT 0 FWD 0)' : ''}\n`;
}
