/**
 * `cilium-dbg monitor`: the node's datapath events as they happen (cilium-dbg/cmd/monitor.go, pkg/monitor:
 * TraceNotify.DumpInfo / DropNotify.DumpInfo, GetConnectionSummary), read from the engine's flow log for this node,
 * so it shows exactly what Hubble shows there. Streams until Ctrl-C. `-t`, `--from`/`--to`/`--related-to`,
 * `-n`, `-j`; `-v` prints the verbose header lines (without gopacket's per-layer dissection).
 */
import type { CommandCtx, CommandResult, EngineEvent } from '../types';
import { signalCode } from '../types';
import type { FlowRecord } from '../../datapath/flowLog';
import { fmtIp } from '../../net/addr';
import { fmtIso } from '../../sim/clock';
import { flowCursor, newFlows, dropReason, icmpTypeCode, l4Of } from './hubbleFlows';
import { identityName, identityOf, localEndpoint } from './ciliumDbgEndpoint';
import { parseFlags, type FlagSpec, type Parsed } from './hubbleArgs';

export const MONITOR_SPECS: FlagSpec[] = [
  { name: 'type', short: 't', type: 'string' }, { name: 'from', type: 'int' }, { name: 'to', type: 'int' },
  { name: 'related-to', type: 'int' }, { name: 'numeric', short: 'n', type: 'bool' }, { name: 'verbose', short: 'v', type: 'bool' },
  { name: 'json', short: 'j', type: 'bool' }, { name: 'hex', type: 'bool' }, { name: 'help', short: 'h', type: 'bool' },
  { name: 'monitor-socket', type: 'string' },
];

const TYPES = ['agent', 'capture', 'debug', 'drop', 'l7', 'policy-verdict', 'recorder', 'trace', 'trace-sock'];

const SEP = '------------------------------------------------------------------------------\n';

/** TCP flags as the monitor's getTCPInfo lists them: only SYN, ACK, RST, FIN. */
function tcpInfo(flags: number): string {
  return ([[0x02, 'SYN'], [0x10, 'ACK'], [0x04, 'RST'], [0x01, 'FIN']] as const).filter(([b]) => flags & b).map(([, n]) => n).join(', ');
}

/** GetConnectionSummary of the packet as it is at that point (after any translation). */
export function connSummary(r: FlowRecord): string {
  const [s, d] = [fmtIp(r.src), fmtIp(r.dst)];
  const l4 = l4Of(r.proto);
  if (l4 === 'ICMPv4') return `${s} -> ${d} ${icmpTypeCode(r.icmpType, r.icmpCode)}`;
  if (l4 === 'TCP') return `${s}:${r.sport} -> ${d}:${r.dport} tcp ${tcpInfo(r.tcpFlags)}`;
  if (l4 === 'UDP') return `${s}:${r.sport} -> ${d}:${r.dport} udp`;
  return `${s} -> ${d}`;
}

interface Ids {
  source: number;
  dstId: number;
  srcLabel: number;
  dstLabel: number;
}

function ids(ctx: CommandCtx, r: FlowRecord): Ids {
  const ep = (ip: number) => localEndpoint(ctx.st, r.node, ip)?.id ?? 0;
  const srcIp = r.origSrc || r.src;
  const toEp = r.point === 'to-endpoint' ? ep(r.dst) : 0;
  return {
    source: r.point === 'to-endpoint' ? toEp : ep(srcIp), dstId: toEp,
    srcLabel: identityOf(ctx.st, r.node, srcIp), dstLabel: identityOf(ctx.st, r.node, r.dst),
  };
}

const FILES: Record<string, string> = { eth0: 'bpf_host.c', cilium_vxlan: 'bpf_overlay.c' };

function line(ctx: CommandCtx, r: FlowRecord, p: Parsed, verbose: boolean, json: boolean): string {
  const numeric = p.flags.some((f) => f.name === 'numeric' && f.value === 'true');
  const i = ids(ctx, r);
  const idn = (n: number) => (numeric ? String(n) : identityName(n));
  const identity = `, identity ${idn(i.srcLabel)}->${idn(i.dstLabel)}`;
  const cpu = `CPU ${String(r.seq % 2).padStart(2, '0')}:`;
  const bytes = r.len + (r.ethSrc ? 14 : 0);
  if (!r.point) {
    const reason = dropReason(r.drop ?? '').text;
    if (json) return JSON.stringify({ cpu, type: 'drop', mark: '0x0', reason, source: i.source, bytes, srcLabel: i.srcLabel, dstLabel: i.dstLabel, dstID: 0, Line: 0, File: 0, ExtError: 0, Ifindex: r.ifindex }) + '\n';
    if (verbose) return `${SEP}${cpu} MARK 0x0 FROM ${i.source} DROP: ${bytes} bytes, reason ${reason}${identity}\n`;
    return `xx drop (${reason}) flow 0x0 to endpoint 0, ifindex ${r.ifindex}, file ${FILES[r.iface] ?? 'bpf_lxc.c'}:${1200 + dropReason(r.drop ?? '').code}, ${identity}: ${connSummary(r)}\n`;
  }
  const summary = r.point === 'to-endpoint' ? `-> endpoint ${i.dstId}` : r.point === 'to-network' ? '-> network' : '-> overlay';
  const orig = r.origSrc ? fmtIp(r.origSrc) : '0.0.0.0';
  if (json) {
    return JSON.stringify({ cpu, type: 'trace', mark: '0x0', ifindex: r.iface, state: r.state, observationPoint: r.point, traceSummary: summary,
      source: i.source, bytes, srcLabel: i.srcLabel, dstLabel: i.dstLabel, dstID: i.dstId }) + '\n';
  }
  if (verbose) {
    return `${SEP}${cpu} MARK 0x0 FROM ${i.source} ${r.point}: ${bytes} bytes (${Math.min(bytes, 128)} captured), state ${r.state}, interface ${r.iface}, ${identity}, orig-ip ${orig}${i.dstId ? `, to endpoint ${i.dstId}` : ''}\n`;
  }
  return `${summary} flow 0x0 ${identity} state ${r.state} ifindex ${r.iface} orig-ip ${orig}: ${connSummary(r)}\n`;
}

export function monitor(args: string[], ctx: CommandCtx, node: string): CommandResult {
  const p = parseFlags(args, MONITOR_SPECS);
  if ('error' in p) return (ctx.err(`Error: ${p.error}\n`), 1);
  if (p.args.length) return (ctx.err(`Error: unknown command "${p.args[0]}" for "cilium-dbg monitor"\n`), 1);
  const types = p.flags.filter((f) => f.name === 'type').map((f) => f.value);
  const bad = types.find((t) => !TYPES.includes(t));
  if (bad !== undefined) {
    ctx.err(`Error: invalid argument "${bad}" for "-t, --type" flag: Unknown type (${bad}). Please use one of the following ones [${TYPES.join(' ')}]\n`);
    return 1;
  }
  const ep = (n: string) => p.flags.filter((f) => f.name === n).map((f) => Number(f.value));
  const [from, to, rel] = [ep('from'), ep('to'), ep('related-to')];
  const verbose = p.flags.some((f) => f.name === 'verbose' && f.value === 'true');
  const json = p.flags.some((f) => f.name === 'json' && f.value === 'true');
  ctx.err('Listening for events on 2 CPUs with 64x4096 of shared memory\nPress Ctrl-C to quit\n');
  const cursor = flowCursor(ctx.st);
  let dissecting = false;
  return {
    onEvent(e: EngineEvent): void {
      if (e.name !== 'frame' && e.name !== 'drop') return;
      for (const r of newFlows(ctx.st, cursor)) {
        if (r.node !== node) continue;
        if (types.length && !types.includes(r.point ? 'trace' : 'drop')) continue;
        const i = ids(ctx, r);
        if (from.length && !from.includes(i.source)) continue;
        if (to.length && !to.includes(i.dstId)) continue;
        if (rel.length && !rel.includes(i.source) && !rel.includes(i.dstId)) continue;
        if (!dissecting && !json) {
          dissecting = true;
          ctx.err(`time="${fmtIso(r.t)}" level=info msg="Initializing dissection cache..." subsys=monitor\n`);
        }
        ctx.out(line(ctx, r, p, verbose, json));
      }
    },
    interrupt(signal): void {
      if (signal === 'PIPE') return ctx.exit(signalCode('PIPE'));
      ctx.err('\nReceived an interrupt, disconnecting from monitor...\n\n');
      ctx.exit(0);
    },
  };
}
