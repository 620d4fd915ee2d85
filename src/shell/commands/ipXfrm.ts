/**
 * `ip [-s] xfrm state|policy [list|show|count] [filters]` (iproute2 6.1), read-only, over the xfrm states and
 * policies of the namespace the terminal is in: a Cilium IPsec node's (ipsecState.ts); a pod or a node without
 * IPsec has none, so the lists are empty, as on a real host. Objects and commands may be abbreviated as iproute2
 * allows (`ip x s`, `ip x p`, `ip xfrm state ls`). Changes (add, update, delete, deleteall, flush, allocspi) are
 * refused like the other `ip` changes; `get`, `monitor` and the policy defaults are not modelled.
 * Filters: state `src`, `dst`, `proto`, `spi`, `mode`, `reqid`, `flag`, `nokeys`; policy `src`, `dst`, `dir`,
 * `index`, `action`, `priority`, `ptype`, `nosock`. Error messages are the ones iproute2 6.1 prints.
 */
import type { CommandCtx } from '../types';
import { isIp, parseIp } from '../../net/addr';
import { formatPolicy, formatState, policyCount, stateCount } from './ipXfrmFormat';
import { kernelPolicies, kernelStates } from './ipsecState';
import { POLICY_HELP, STATE_HELP } from './ipXfrmHelp';

const matches = (arg: string, word: string): boolean => arg.length > 0 && word.startsWith(arg);

const USAGE = 'Usage: ip xfrm XFRM-OBJECT { COMMAND | help }\nwhere  XFRM-OBJECT := state | policy | monitor\n';
const CHANGES = ['add', 'update', 'delete', 'deleteall', 'flush', 'allocspi', 'set', 'setdefault'];
const PROTOS = ['esp', 'ah', 'comp', 'route2', 'hao'];
const MODES = ['transport', 'tunnel', 'beet', 'ro', 'in_trigger'];
const FLAGS = ['noecn', 'decap-dscp', 'nopmtudisc', 'wildrecv', 'icmp', 'af-unspec', 'align4', 'esn'];

class XfrmError extends Error {
  constructor(message: string, readonly code = 255) {
    super(message);
  }
}

const incomplete = (): XfrmError => new XfrmError('Command line is not complete. Try option "help"\n');
const wrong = (arg: string, what: string): XfrmError => new XfrmError(`Error: argument "${arg}" is wrong: ${what}\n`);

/** `ADDR[/PLEN]` as iproute2's get_prefix reads it: the network and its length. */
function prefix(arg: string): { net: number; bits: number } {
  const [a, b] = arg.split('/');
  const bits = b === undefined ? 32 : /^\d+$/.test(b) ? Number(b) : NaN;
  if (!isIp(a) || !(bits >= 0 && bits <= 32) || arg.split('/').length > 2) throw new XfrmError(`Error: any valid prefix is expected rather than "${arg}".\n`, 1);
  return { net: parseIp(a), bits };
}
const within = (ip: number, p: { net: number; bits: number }): boolean => {
  const mask = p.bits === 0 ? 0 : (0xffffffff << (32 - p.bits)) >>> 0;
  return ((ip & mask) >>> 0) === ((p.net & mask) >>> 0);
};
const u32 = (arg: string, what: string): number => {
  const v = /^0x[0-9a-f]+$/i.test(arg) ? parseInt(arg, 16) : /^\d+$/.test(arg) ? Number(arg) : NaN;
  if (!(v >= 0 && v <= 0xffffffff)) throw wrong(arg, what);
  return v;
};

type Filter = (x: Record<string, number | string | boolean>) => boolean;

/** Reads `KEY VALUE ...` filters; `words` maps a key to its parser (null: a keyword without value). */
function filters(args: string[], words: Record<string, ((v: string) => Filter) | null>): { keep: Filter[]; seen: Set<string> } {
  const keep: Filter[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (!(w in words)) throw wrong(w, 'unknown');
    seen.add(w);
    const parse = words[w];
    if (parse === null) continue;
    const v = args[++i];
    if (v === undefined) throw incomplete();
    keep.push(parse(v));
  }
  return { keep, seen };
}

function listStates(ctx: CommandCtx, node: string | undefined, args: string[], stats: boolean): void {
  const { keep, seen } = filters(args, {
    src: (v) => { const p = prefix(v); return (x) => within(x.src as number, p); },
    dst: (v) => { const p = prefix(v); return (x) => within(x.dst as number, p); },
    proto: (v) => { if (!PROTOS.includes(v)) throw wrong(v, 'XFRM-PROTO value is invalid'); return () => v === 'esp'; },
    spi: (v) => { const spi = u32(v, 'SPI value is invalid'); return (x) => x.spi === spi; },
    mode: (v) => { if (!MODES.includes(v)) throw wrong(v, 'MODE value is invalid'); return (x) => x.mode === v; },
    reqid: (v) => { const r = u32(v, 'REQID value is invalid'); return (x) => x.reqid === r; },
    flag: (v) => { if (!FLAGS.includes(v)) throw wrong(v, 'unknown'); return (x) => v === 'esn' && x.esn === true; },
    nokeys: null,
  });
  const states = node ? kernelStates(ctx.st, node) : [];
  const shown = states.filter((s) => keep.every((f) => f({ src: s.src, dst: s.dst, spi: s.spi, mode: s.mode, reqid: s.reqid, esn: s.esn })));
  ctx.out(shown.map((s) => formatState(s, { stats, nokeys: seen.has('nokeys') })).join(''));
}

function listPolicies(ctx: CommandCtx, node: string | undefined, args: string[], stats: boolean): void {
  const cidr = (c: string) => parseIp(c.split('/')[0]);
  const { keep } = filters(args, {
    src: (v) => { const p = prefix(v); return (x) => within(cidr(x.src as string), p); },
    dst: (v) => { const p = prefix(v); return (x) => within(cidr(x.dst as string), p); },
    dir: (v) => { if (!['in', 'out', 'fwd'].includes(v)) throw wrong(v, 'DIR value is invalid'); return (x) => x.dir === v; },
    index: (v) => { const n = u32(v, 'INDEX value is invalid'); return (x) => x.index === n; },
    action: (v) => { if (!['allow', 'block'].includes(v)) throw new XfrmError(`Error: argument "${v}" is wrong: ACTION value is invalid\n\n`); return (x) => x.action === v; },
    priority: (v) => { const n = u32(v, 'PRIORITY value is invalid'); return (x) => x.priority === n; },
    ptype: (v) => { if (!['main', 'sub'].includes(v)) throw wrong(v, 'PTYPE value is invalid'); return () => v === 'main'; },
    nosock: null,
  });
  const ps = (node ? kernelPolicies(ctx.st, node) : []).filter((p) => keep.every((f) => f({ src: p.src, dst: p.dst, dir: p.dir, index: p.index, action: p.action, priority: p.priority })));
  ctx.out(ps.map((p) => formatPolicy(p, { stats })).join(''));
}

/** `ip [-s] xfrm ...` after the object word; returns the exit code. */
export function xfrm(args: string[], ctx: CommandCtx, stats: boolean): number {
  const node = ctx.place.kind === 'node' && ctx.st.hosts[ctx.place.node] ? ctx.place.node : undefined;
  const obj = args[0];
  const kind = obj === undefined ? undefined : matches(obj, 'state') ? 'state' : matches(obj, 'policy') ? 'policy' : matches(obj, 'monitor') ? 'monitor' : undefined;
  if (kind === undefined) return (ctx.err(USAGE), 255);
  if (kind === 'monitor') return (ctx.err('ip xfrm monitor: not available in this lab (list the states and policies with ip xfrm state, ip xfrm policy)\n'), 1);
  const cmd = args[1];
  const rest = args.slice(2);
  try {
    if (cmd === undefined || matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) {
      if (kind === 'state') listStates(ctx, node, cmd === undefined ? [] : rest, stats);
      else listPolicies(ctx, node, cmd === undefined ? [] : rest, stats);
      return 0;
    }
    if (matches(cmd, 'count')) {
      ctx.out(kind === 'state' ? stateCount(node ? kernelStates(ctx.st, node).length : 0, stats) : policyCount(node ? kernelPolicies(ctx.st, node) : [], stats));
      return 0;
    }
    if (matches(cmd, 'help')) return (ctx.err(kind === 'state' ? STATE_HELP : POLICY_HELP), 255);
    if (CHANGES.some((c) => matches(cmd, c))) return (ctx.err('RTNETLINK answers: Operation not permitted\n'), 2);
    if (matches(cmd, 'get') || matches(cmd, 'getdefault')) return (ctx.err(`ip xfrm ${kind} ${cmd}: not available in this lab (try ip xfrm ${kind} list)\n`), 1);
    return (ctx.err(`Command "${cmd}" is unknown, try "ip xfrm ${kind} help".\n`), 255);
  } catch (e) {
    if (!(e instanceof XfrmError)) throw e;
    ctx.err(e.message);
    return e.code;
  }
}
