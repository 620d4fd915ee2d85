/**
 * `cilium-dbg`, the Cilium agent's debug CLI (Cilium 1.16), on a node: `status` (`--verbose`, `--brief`,
 * `--all-addresses`, `--all-health`, `-o json`), `endpoint list|get`, `encrypt status`, `monitor`, `version`.
 * Cobra's behaviour for the rest: help with no command, `unknown command` with suggestions, flag errors followed by
 * the command's usage.
 */
import type { Command, CommandCtx, CommandResult } from '../types';
import { endpointList, endpointListJson, endpointsOf } from './ciliumDbgEndpoint';
import { CILIUM_VERSION, status, statusBrief, statusJson } from './ciliumDbgStatus';
import { encryptStatus } from './ciliumDbgEncrypt';
import { monitor, MONITOR_SPECS } from './ciliumDbgMonitor';
import { flag, has, parseFlags, unknownCommand, type FlagSpec, type Parsed } from './hubbleArgs';

const ROOT = 'cilium-dbg';
/** pflag aligns every flag's description; the help flag joins the others' column. */
function helpFlag(flags: string, cmd: string): string {
  const m = /^(.*?\S\s{2,})\S/.exec(flags.split('\n')[0]);
  return `${'  -h, --help'.padEnd(Math.max(m ? m[1].length : 0, 14))}help for ${cmd}\n`;
}

const COMMANDS: Record<string, string> = {
  encrypt: 'Manage transparent encryption', endpoint: 'Manage endpoints', help: 'Help about any command',
  monitor: 'Display BPF program events', status: 'Display status of daemon', version: 'Print version information',
};
/** Real subcommands this lab does not model. */
const ELSEWHERE = ['bpf', 'cleanup', 'completion', 'config', 'debuginfo', 'identity', 'ip', 'kvstore', 'lrp', 'map', 'metrics',
  'node', 'nodeid', 'policy', 'post-uninstall-cleanup', 'preflight', 'prefilter', 'recorder', 'service', 'shell', 'statedb', 'troubleshoot'];

const rootHelp = (): string => `CLI for interacting with the local Cilium Agent

Usage:
  ${ROOT} [command]

Available Commands:
${Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(11)} ${v}`).join('\n')}

Flags:
  -D, --debug         Enable debug messages
  -h, --help          help for ${ROOT}
  -H, --host string   URI to server-side API

Use "${ROOT} [command] --help" for more information about a command.
`;

function usage(path: string, flags: string, sub?: Record<string, string>): string {
  if (sub) {
    return `Usage:\n  ${path} [command]\n\nAvailable Commands:\n${Object.entries(sub).map(([k, v]) => `  ${k.padEnd(11)} ${v}`).join('\n')}\n\n`
      + `Flags:\n${helpFlag(flags, path.split(' ').pop()!)}\nUse "${path} [command] --help" for more information about a command.\n`;
  }
  return `Usage:\n  ${path} [flags]\n\nFlags:\n${flags}${helpFlag(flags, path.split(' ').pop()!)}`;
}

const STATUS_FLAGS = `      --all-addresses     Show all allocated addresses, not just count
      --all-clusters      Show all clusters
      --all-controllers   Show all controllers, not just failing
      --all-health        Show all health status, not just failing
      --all-nodes         Show all nodes, not just localhost
      --all-redirects     Show all redirects
      --brief             Only print a one-line status message
  -o, --output string     json| yaml| jsonpath='{}'
      --verbose           Equivalent to --all-addresses --all-controllers --all-nodes --all-redirects --all-clusters --all-health
`;
const MONITOR_FLAGS = `      --from []uint16       Filter by source endpoint id (default [])
      --hex                 Do not dissect, print payload in HEX
  -j, --json                Enable json output. Shadows -v flag
  -n, --numeric             Display all security identities as numeric values
      --related-to []uint16 Filter by either source or destination endpoint id (default [])
      --to []uint16         Filter by destination endpoint id (default [])
  -t, --type []string       Filter by event types [agent capture debug drop l7 policy-verdict recorder trace trace-sock]
  -v, --verbose bool[=false] Enable verbose output (-v, -vv) (default [])
`;

/** A leaf command's flags parsed the cobra way: an error is followed by the usage; `-h` prints it. */
function leaf(ctx: CommandCtx, path: string, args: string[], specs: FlagSpec[], flagsHelp: string): Parsed | number {
  const p = parseFlags(args, [...specs, { name: 'help', short: 'h', type: 'bool' }]);
  if ('error' in p) {
    ctx.err(`Error: ${p.error}\n${usage(path, flagsHelp)}\n`);
    return 1;
  }
  if (has(p, 'help')) {
    ctx.out(usage(path, flagsHelp));
    return 0;
  }
  return p;
}

function statusCmd(args: string[], ctx: CommandCtx, node: string): number {
  const specs: FlagSpec[] = ['all-addresses', 'all-clusters', 'all-controllers', 'all-health', 'all-nodes', 'all-redirects', 'brief', 'verbose']
    .map((name) => ({ name, type: 'bool' as const }));
  const p = leaf(ctx, `${ROOT} status`, args, [...specs, { name: 'output', short: 'o', type: 'string' }, { name: 'timeout', type: 'string' }], STATUS_FLAGS);
  if (typeof p === 'number') return p;
  const out = flag(p, 'output');
  if (out !== undefined && out !== 'json') return (ctx.err(`Error: Unable to understand output format "${out}"\n`), 1);
  if (out === 'json') return (ctx.out(statusJson(ctx.st, node)), 0);
  if (has(p, 'brief')) return (ctx.out(statusBrief()), 0);
  const v = has(p, 'verbose');
  ctx.out(status(ctx.st, node, ctx.now, { allAddresses: v || has(p, 'all-addresses'), allHealth: v || has(p, 'all-health'), kprDetails: v }));
  return 0;
}

function endpointCmd(args: string[], ctx: CommandCtx, node: string): number {
  const sub = args[0];
  const subs = { get: 'Display endpoint information', list: 'List all endpoints' };
  if (sub === undefined || sub === 'help' || sub === '-h' || sub === '--help') return (ctx.out(`Manage endpoints\n\n${usage(`${ROOT} endpoint`, '', subs)}`), 0);
  if (sub === 'list' || sub === 'ls') {
    const flags = '      --no-headers      Do not print headers\n  -o, --output string   json| yaml| jsonpath=\'{}\'\n';
    const p = leaf(ctx, `${ROOT} endpoint list`, args.slice(1), [{ name: 'no-headers', type: 'bool' }, { name: 'output', short: 'o', type: 'string' }], flags);
    if (typeof p === 'number') return p;
    if (flag(p, 'output') === 'json') return (ctx.out(endpointListJson(ctx.st, node)), 0);
    if (flag(p, 'output') !== undefined) return (ctx.err(`Error: Unable to understand output format "${flag(p, 'output')}"\n`), 1);
    ctx.out(endpointList(ctx.st, node, has(p, 'no-headers')));
    return 0;
  }
  if (sub === 'get') {
    const id = args[1];
    if (id === undefined) return (ctx.err('Error: Missing endpoint id argument\n'), 1);
    const ep = endpointsOf(ctx.st, node).find((x) => String(x.id) === id || (x.pod && id === `pod-name:${x.pod.namespace}/${x.pod.name}`));
    const hit = (JSON.parse(endpointListJson(ctx.st, node)) as { id: number }[]).filter((e) => e.id === ep?.id);
    if (!hit.length) return (ctx.err(`Error: Cannot get endpoint ${id}: [GET /endpoint/{id}][404] getEndpointIdNotFound \n`), 1);
    ctx.out(JSON.stringify(hit, null, 2) + '\n');
    return 0;
  }
  ctx.err(unknownCommand(sub, `${ROOT} endpoint`, Object.keys(subs)));
  return 1;
}

export const ciliumDbg: Command = {
  name: 'cilium-dbg',
  summary: "the Cilium agent's debug CLI: status, endpoints, encryption, live datapath events",
  man: `CILIUM-DBG(1)

NAME
  cilium-dbg - CLI for interacting with the local Cilium agent (Cilium 1.16)

SYNOPSIS
  cilium-dbg status [--verbose | --brief | --all-addresses | --all-health] [-o json]
  cilium-dbg endpoint list [--no-headers] [-o json]
  cilium-dbg endpoint get ID
  cilium-dbg encrypt status
  cilium-dbg monitor [-t trace|drop] [--from ID] [--to ID] [--related-to ID] [-n] [-v] [-j]
  cilium-dbg version

  Runs on a node, against that node's agent. 'monitor' prints each datapath event as it happens until Ctrl-C:
  '-> endpoint N' when a packet is delivered to local endpoint N, '-> network' / '-> overlay' when it leaves the
  node, 'xx drop (reason)' when it is dropped. 'encrypt status' shows the node's transparent encryption: the
  WireGuard device and its peer count, or for IPsec the decryption interface, the keys in use (the distinct keys
  of the node's xfrm states), the highest sequence number sent and the kernel's XFRM error counters.
`,
  where: 'node',
  available: (st) => st.config.cni === 'cilium',
  run(argv, ctx): CommandResult {
    const node = ctx.place.kind === 'node' ? ctx.place.node : '';
    if (!ctx.st.cluster.nodes.some((n) => n.name === node)) {
      ctx.err('Error: Cannot get daemon status: Get "http://localhost/v1/healthz": dial unix /var/run/cilium/cilium.sock: connect: no such file or directory\nIs the agent running?\n');
      return 1;
    }
    const sub = argv[1];
    const rest = argv.slice(2);
    if (sub === undefined || sub === 'help' || sub === '-h' || sub === '--help') return (ctx.out(rootHelp()), 0);
    switch (sub) {
      case 'status': return statusCmd(rest, ctx, node);
      case 'endpoint': case 'ep': case 'endpoints': return endpointCmd(rest, ctx, node);
      case 'monitor': {
        if (rest.includes('-h') || rest.includes('--help')) return (ctx.out(usage(`${ROOT} monitor`, MONITOR_FLAGS)), 0);
        return monitor(rest, ctx, node);
      }
      case 'encrypt': {
        if (rest[0] === 'status') return (ctx.out(encryptStatus(ctx.st, node)), 0);
        const subs = { flush: 'Flushes the current IPsec state', status: 'Display the current encryption state' };
        if (rest[0] === undefined || rest[0] === '-h' || rest[0] === '--help') return (ctx.out(`Manage transparent encryption\n\n${usage(`${ROOT} encrypt`, '', subs)}`), 0);
        if (rest[0] === 'flush') return (ctx.err('Error: flushing encryption state is not available in this lab\n'), 1);
        return (ctx.err(unknownCommand(rest[0], `${ROOT} encrypt`, Object.keys(subs))), 1);
      }
      case 'version': return (ctx.out(`Client: ${CILIUM_VERSION.replace(/ \(v(.*)-(\w+)\)$/, ' $2')} go version go1.22.10 linux/amd64\nDaemon: ${CILIUM_VERSION.replace(/ \(v(.*)-(\w+)\)$/, ' $2')} go version go1.22.10 linux/amd64\n`), 0);
    }
    if (ELSEWHERE.includes(sub)) return (ctx.err(`${ROOT} ${sub}: not available in this lab (try ${Object.keys(COMMANDS).join(', ')})\n`), 1);
    if (sub.startsWith('-')) {
      const p = parseFlags([sub], [{ name: 'debug', short: 'D', type: 'bool' }, { name: 'help', short: 'h', type: 'bool' }, { name: 'host', short: 'H', type: 'string' }]);
      ctx.err(`Error: ${'error' in p ? p.error : 'a command is required'}\nRun '${ROOT} --help' for usage.\n`);
      return 1;
    }
    ctx.err(unknownCommand(sub, ROOT, [...Object.keys(COMMANDS), ...ELSEWHERE]));
    return 1;
  },
  complete(argv, index) {
    if (index === 1) return Object.keys(COMMANDS);
    if (index === 2 && argv[1] === 'endpoint') return ['list', 'get'];
    if (index === 2 && argv[1] === 'encrypt') return ['status'];
    if (argv[1] === 'status') return ['--verbose', '--brief', '--all-addresses', '--all-health'];
    if (argv[1] === 'monitor') return MONITOR_SPECS.map((s) => `--${s.name}`);
    return [];
  },
};
