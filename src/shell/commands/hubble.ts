/**
 * `hubble` (Hubble CLI 1.16, talking to Hubble Relay, so it sees every node's flows): `observe` with the usual
 * filters, `--last`/`--first`/`--all`/`--since`/`--until`, `-f` to follow until Ctrl-C, and `-o compact|dict|
 * table|json|jsonpb`; `status`; `version`. Flows come from the engine's flow log (src/datapath/flowLog.ts).
 */
import type { Command, CommandCtx, CommandResult, EngineEvent } from '../types';
import { signalCode } from '../types';
import type { SimState } from '../../sim/state';
import { EPOCH_US } from '../../sim/clock';
import { FLOW_RING } from '../../datapath/flowLog';
import { FilterBuilder, passes } from './hubbleFilter';
import { allFlows, flowCursor, newFlows, toHubble, type HubbleFlow } from './hubbleFlows';
import { flushTable, OUTPUTS, printFlow, tableHeader, type Output, type PrintOpts } from './hubbleFormat';
import { flag, has, parseDuration, parseFlags, unknownCommand, type FlagSpec } from './hubbleArgs';

const FILTER_FLAGS = ['not', 'pod', 'from-pod', 'to-pod', 'ip', 'from-ip', 'to-ip', 'port', 'from-port', 'to-port', 'identity',
  'from-identity', 'to-identity', 'namespace', 'from-namespace', 'to-namespace', 'all-namespaces', 'verdict', 'protocol', 'type',
  'node-name', 'tcp-flags'];

const SPECS: FlagSpec[] = [
  ...FILTER_FLAGS.filter((n) => !['namespace', 'all-namespaces', 'type'].includes(n)).map((name): FlagSpec => ({ name, type: name === 'not' ? 'bool' : 'string' })),
  { name: 'namespace', short: 'n', type: 'string' }, { name: 'all-namespaces', short: 'A', type: 'bool' }, { name: 'type', short: 't', type: 'string' },
  { name: 'follow', short: 'f', type: 'bool' }, { name: 'last', type: 'int' }, { name: 'first', type: 'int' }, { name: 'all', type: 'bool' },
  { name: 'since', type: 'string' }, { name: 'until', type: 'string' }, { name: 'output', short: 'o', type: 'string' },
  { name: 'print-node-name', type: 'bool' }, { name: 'ip-translation', type: 'bool' }, { name: 'help', short: 'h', type: 'bool' },
  { name: 'debug', short: 'D', type: 'bool' }, { name: 'server', type: 'string' }, { name: 'color', type: 'string' },
];

const ROOT_HELP = `Hubble is a utility to observe and inspect recent Cilium routed traffic in a cluster.

Usage:
  hubble [command]

Available Commands:
  help        Help about any command
  observe     Observe flows and events of a Hubble server
  status      Display status of Hubble server
  version     Display detailed version information

Global Flags:
  -D, --debug           Enable debug messages
      --server string   Address of a Hubble server (default "localhost:4245")

Get help:
  -h, --help	Help for any command or subcommand

Use "hubble [command] --help" for more information about a command.
`;

const OBSERVE_HELP = `Observe flows and events of a Hubble server

Usage:
  hubble observe [flags]

Selectors Flags:
      --all                 Get all flows stored in Hubble's buffer
      --first uint          Get first N flows stored in Hubble's buffer
  -f, --follow              Follow flows output
      --last uint           Get last N flows stored in Hubble's buffer (default 20)
      --since string        Filter flows since a specific date (relative or RFC3339)
      --until string        Filter flows until a specific date (relative or RFC3339)

Filters Flags:
  -A, --all-namespaces      Show all flows in any Kubernetes namespace
      --from-identity       Show all flows originating at an endpoint with the given security identity
      --from-ip             Show all flows originating at the given IP address
      --from-namespace      Show all flows originating in the given Kubernetes namespace
      --from-pod            Show all flows originating in the given pod name prefix ([namespace/]<pod-name>)
      --from-port           Show only flows with the given source port
      --identity            Show all flows related to an endpoint with the given security identity
      --ip                  Show all flows originating or terminating at the given IP address
  -n, --namespace           Show all flows related to the given Kubernetes namespace
      --node-name           Show all flows which match the given node names (e.g. "k8s*", "test-cluster/*.company.com")
      --not                 Reverses the next filter to be blacklist i.e. --not --from-ip 2.2.2.2
      --pod                 Show all flows related to the given pod name prefix ([namespace/]<pod-name>)
      --port                Show only flows with given port in either source or destination
      --protocol            Show only flows which match the given L4/L7 flow protocol (e.g. "udp", "http")
      --tcp-flags           Show only flows which match the given TCP flags (e.g. "syn", "ack", "fin")
      --to-identity, --to-ip, --to-namespace, --to-pod, --to-port
  -t, --type                Filter by event types TYPE[:SUBTYPE] (trace, drop, trace:to-endpoint, ...)
      --verdict             Show only flows with this verdict [FORWARDED, DROPPED, AUDIT, REDIRECTED, ERROR, TRACED, TRANSLATED]

Formatting Flags:
  -o, --output string       Specify the output format, one of:
                             compact:  Compact output
                             dict:     Each flow is shown as KEY:VALUE pair
                             jsonpb:   JSON encoded GetFlowResponse according to proto3's JSON mapping
                             json:     Alias for jsonpb
                             table:    Tab-aligned columns
                             (default "compact")
      --ip-translation      Translate IP addresses to logical names such as pod name, FQDN, ... (default true)
      --print-node-name     Print node name in output
`;

/** A time given to --since/--until: a duration back from now, or an RFC 3339 UTC time. */
function parseWhen(s: string, now: number): number | null {
  const d = parseDuration(s);
  if (d !== null) return now - d;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z$/.exec(s);
  if (!m) return null;
  const days = (y: number, mo: number, dd: number) => {
    const yy = mo <= 2 ? y - 1 : y;
    const era = Math.floor(yy / 400);
    const yoe = yy - era * 400;
    const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + dd - 1;
    return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  };
  const [y, mo, dd, h, mi, se] = m.slice(1, 7).map(Number);
  return (days(y, mo, dd) * 86400 + h * 3600 + mi * 60 + se) * 1e6 + Number((m[7] ?? '').padEnd(6, '0'));
}

function observe(args: string[], ctx: CommandCtx): CommandResult {
  if (args[0] === 'flows') args = args.slice(1);
  const fail = (msg: string): number => (ctx.err(`Error: ${msg}\n`), 1);
  const p = parseFlags(args, SPECS);
  if ('error' in p) return fail(p.error);
  if (has(p, 'help')) return (ctx.out(OBSERVE_HELP), 0);
  if (p.args.length) return (ctx.err(unknownCommand(p.args[0], 'hubble observe', ['flows'])), 1);
  const fb = new FilterBuilder();
  for (const f of p.flags) {
    if (!FILTER_FLAGS.includes(f.name)) continue;
    if ((f.name === 'not' || f.name === 'all-namespaces') && f.value !== 'true') continue;
    const err = fb.set(f.name, f.value);
    if (err) return fail(err);
  }
  const output = flag(p, 'output') ?? 'compact';
  if (!OUTPUTS.includes(output as Output)) return fail(`invalid output format: ${output}`);
  const opts: PrintOpts = { output: output === 'json' ? 'jsonpb' : (output as Output), nodeName: has(p, 'print-node-name'), translate: flag(p, 'ip-translation') !== 'false' };
  const follow = has(p, 'follow');
  const last = flag(p, 'last'), first = flag(p, 'first');
  if ((last && Number(last) < 0) || (first && Number(first) < 0)) return fail('invalid argument: number of flows must be positive');
  if (first && (last || follow)) return fail(first && last ? 'cannot set both --first and --last' : 'cannot set both --first and --follow');
  const since = flag(p, 'since'), until = flag(p, 'until');
  const from = since === undefined ? -Infinity : parseWhen(since, ctx.now);
  const to = until === undefined ? Infinity : parseWhen(until, ctx.now);
  if (from === null) return fail(`invalid --since value: ${since}`);
  if (to === null) return fail(`invalid --until value: ${until}`);
  const filters = fb.build();
  const keep = (f: HubbleFlow) => passes(f, filters);

  // History: hubble's default is the last 20 flows, unless following or given a range.
  let n = last !== undefined ? Number(last) : has(p, 'all') || since || until || first ? Infinity : follow ? 0 : 20;
  let hist = allFlows(ctx.st).filter((r) => r.t >= from && r.t <= to).map((r) => toHubble(ctx.st, r)).filter(keep);
  if (first) hist = hist.slice(0, Number(first));
  else hist = n === Infinity ? hist : n === 0 ? [] : hist.slice(-n);
  n = 0;
  let table = opts.output === 'table' ? tableHeader(opts) : '';
  const emit = (f: HubbleFlow): void => {
    if (opts.output === 'table') table += printFlow(ctx.st, f, opts, n === 0);
    else ctx.out(printFlow(ctx.st, f, opts, n === 0));
    n++;
  };
  hist.forEach(emit);
  const finish = (): number => {
    if (opts.output === 'table' && n > 0) ctx.out(flushTable(table));
    return 0;
  };
  if (!follow) return finish();
  const cursor = flowCursor(ctx.st);
  return {
    onEvent(e: EngineEvent): void {
      if (e.name !== 'frame' && e.name !== 'drop') return;
      for (const r of newFlows(ctx.st, cursor)) {
        if (r.t < from || r.t > to) continue;
        const f = toHubble(ctx.st, r);
        if (keep(f)) emit(f);
      }
    },
    interrupt: (signal) => ctx.exit(signal === 'PIPE' ? signalCode('PIPE') : finish()),
  };
}

const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function status(st: SimState, now: number): string {
  const nodes = st.cluster.nodes.length;
  const logs = Object.values(st.flowLog?.nodes ?? {});
  const cur = logs.reduce((a, l) => a + l.flows.length, 0);
  const seen = logs.reduce((a, l) => a + l.seen, 0);
  const max = FLOW_RING * nodes;
  const uptime = (now - EPOCH_US) / 1e6;
  return `Healthcheck (via localhost:4245): Ok\nCurrent/Max Flows: ${grouped(cur)}/${grouped(max)} (${((cur / max) * 100).toFixed(2)}%)\n`
    + `Flows/s: ${uptime > 0 ? (seen / uptime).toFixed(2) : 'N/A'}\nConnected Nodes: ${nodes}/${nodes}\n`;
}

export const hubble: Command = {
  name: 'hubble',
  summary: 'observe the flows Cilium forwards and drops (Hubble CLI via Hubble Relay)',
  man: `HUBBLE(1)

NAME
  hubble - observe and inspect Cilium-routed traffic in the cluster

SYNOPSIS
  hubble observe [-f] [--last N | --first N | --all] [--since T] [--until T] [filters] [-o compact|dict|table|json|jsonpb]
  hubble status
  hubble version

FILTERS
  --pod [NS/]NAME, --from-pod, --to-pod       pod name prefix (namespace "default" when omitted)
  -n, --namespace NS, --from-namespace, --to-namespace, -A/--all-namespaces
  --ip, --from-ip, --to-ip ADDR[/BITS]        --port, --from-port, --to-port N
  --identity, --from-identity, --to-identity  --verdict FORWARDED|DROPPED
  --protocol tcp|udp|icmp   --tcp-flags syn,ack   -t/--type trace[:to-endpoint]|drop   --node-name GLOB
  --not                     negates the next filter

NOTES
  Hubble Relay merges the flows of every node. A node reports to-endpoint when it delivers to a local pod,
  to-network / to-overlay when a packet leaves it, and every drop; like Cilium's default monitor aggregation,
  a connection is reported once per new TCP flag in each direction (and every 5 s while active).
`,
  where: 'node',
  available: (st) => st.config.cni === 'cilium',
  run(argv, ctx) {
    const sub = argv[1];
    if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') return (ctx.out(ROOT_HELP), 0);
    if (sub === 'observe') return observe(argv.slice(2), ctx);
    if (sub === 'status') return (ctx.out(status(ctx.st, ctx.now)), 0);
    if (sub === 'version' || sub === '--version') return (ctx.out('hubble v1.16.5@HEAD-3d4ab55 compiled with go1.22.10 on linux/amd64\n'), 0);
    if (sub.startsWith('-')) return (ctx.err(`Error: unknown ${sub.startsWith('--') ? `flag: ${sub.split('=')[0]}` : `shorthand flag: '${sub[1]}' in ${sub}`}\n`), 1);
    ctx.err(unknownCommand(sub, 'hubble', ['help', 'observe', 'status', 'version']));
    return 1;
  },
  complete(argv, index) {
    if (index === 1) return ['observe', 'status', 'version', 'help'];
    if (argv[1] === 'observe') {
      const prev = argv[index - 1];
      if (prev === '--verdict') return ['FORWARDED', 'DROPPED'];
      if (prev === '-o' || prev === '--output') return OUTPUTS;
      if (prev === '--protocol') return ['tcp', 'udp', 'icmp'];
      return [...SPECS.map((s) => `--${s.name}`), '-f'];
    }
    return [];
  },
};
