/**
 * `cilium`, the cluster CLI (cilium-cli v0.16, next to kubectl on the nodes): `encryption status` (the summary of
 * every agent's encryption: `Encryption: Wireguard (3/3 nodes)`; with IPsec also the keys in use, the highest
 * sequence number and the XFRM errors, per node with `--per-node-details`: ciliumIpsecStatus.ts), `version`. Its other commands install and
 * operate Cilium through Helm and the API server; this lab does not model them and says so. `encrypt` is taken
 * for `encryption`, the name the project's notes (and older guides) use.
 */
import type { Command, CommandCtx } from '../types';
import type { SimState } from '../../sim/state';
import { encryptionMode } from './ciliumDbgEncrypt';
import { cliIpsecPerNode, cliIpsecSummary } from './ciliumIpsecStatus';
import { CILIUM_VERSION } from './ciliumDbgStatus';
import { flag, has, parseFlags, unknownCommand, type FlagSpec } from './hubbleArgs';

const ROOT = 'cilium';
const CLI_VERSION = 'v0.16.22';
const GO_VERSION = 'go1.23.4';
const IMAGE = CILIUM_VERSION.split(' ')[0];

const COMMANDS: Record<string, string> = {
  bgp: 'Access to BGP control plane', clustermesh: 'Multi Cluster Management',
  completion: 'Generate the autocompletion script for the specified shell', config: 'Manage Configuration',
  connectivity: 'Connectivity troubleshooting', context: 'Display the configuration context', encryption: 'Cilium encryption',
  help: 'Help about any command', hubble: 'Hubble observability', install: 'Install Cilium in a Kubernetes cluster using Helm',
  multicast: 'Manage multicast groups', status: 'Display status',
  sysdump: 'Collects information required to troubleshoot issues with Cilium and Hubble', uninstall: 'Uninstall Cilium using Helm',
  upgrade: 'Upgrade a Cilium installation a Kubernetes cluster using Helm', version: 'Display detailed version information',
};
const MODELLED = ['encryption', 'version', 'help'];
const ENCRYPTION: Record<string, string> = {
  'create-key': 'Create IPsec key', 'key-status': 'Display IPsec key', 'rotate-key': 'Rotate IPsec key', status: 'Display encryption status',
};

const rootHelp = (): string => `CLI to install, manage, & troubleshooting Cilium clusters running Kubernetes.

Cilium is a CNI for Kubernetes to provide secure network connectivity and
load-balancing with excellent visibility using eBPF

Usage:
  ${ROOT} [flags]
  ${ROOT} [command]

Available Commands:
${Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(12)} ${v}`).join('\n')}

Flags:
      --context string             Kubernetes configuration context
      --helm-release-name string   Helm release name (default "cilium")
  -h, --help                       help for cilium
      --kubeconfig string          Path to the kubeconfig file
  -n, --namespace string           Namespace Cilium is running in. Can also be set via CILIUM_NAMESPACE env var (default "kube-system")

Use "${ROOT} [command] --help" for more information about a command.
`;

const STATUS_FLAGS: FlagSpec[] = [
  { name: 'agent-pod-selector', type: 'string' }, { name: 'help', short: 'h', type: 'bool' }, { name: 'node', type: 'string' },
  { name: 'output', short: 'o', type: 'string' }, { name: 'per-node-details', type: 'bool' }, { name: 'wait-duration', type: 'string' },
  { name: 'namespace', short: 'n', type: 'string' }, { name: 'context', type: 'string' },
];

/** The summary: the mode the agents report and on how many of the nodes asked (and, for IPsec, its figures). */
export function encryptionSummary(st: SimState, nodes: string[]): string {
  const modes = nodes.map((n) => encryptionMode(st, n));
  const mode = modes.find((m) => m !== 'Disabled') ?? 'Disabled';
  const on = nodes.filter((_, k) => modes[k] === mode);
  const line = `Encryption: ${mode} (${on.length}/${nodes.length} nodes)\n`;
  return mode === 'IPsec' ? line + cliIpsecSummary(st, on, nodes.length) : line;
}

function encryption(args: string[], ctx: CommandCtx): number {
  const sub = args[0];
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    ctx.out(`Cilium encryption\n\nUsage:\n  ${ROOT} encryption [command]\n\nAvailable Commands:\n`
      + `${Object.entries(ENCRYPTION).map(([k, v]) => `  ${k.padEnd(11)} ${v}`).join('\n')}\n\n`
      + `Flags:\n  -h, --help   help for encryption\n\nUse "${ROOT} encryption [command] --help" for more information about a command.\n`);
    return 0;
  }
  if (sub !== 'status') {
    if (sub in ENCRYPTION) return (ctx.err(`${ROOT} encryption ${sub}: not modelled in this lab (IPsec keys are not simulated yet)\n`), 1);
    return (ctx.err(unknownCommand(sub, `${ROOT} encryption`, Object.keys(ENCRYPTION))), 1);
  }
  const p = parseFlags(args.slice(1), STATUS_FLAGS);
  if ('error' in p) return (ctx.err(`Error: ${p.error}\nRun '${ROOT} encryption status --help' for usage.\n`), 1);
  if (has(p, 'help')) {
    ctx.out(`This command returns encryption status from all nodes in the cluster\n\nUsage:\n  ${ROOT} encryption status [flags]\n`);
    return 0;
  }
  const out = flag(p, 'output') ?? 'summary';
  if (out !== 'summary') return (ctx.err(`${ROOT} encryption status -o ${out}: not modelled in this lab (only the summary is)\n`), 1);
  const all = ctx.st.cluster.nodes.map((n) => n.name);
  const only = flag(p, 'node');
  if (only !== undefined && !all.includes(only)) {
    return (ctx.err(`Error: Unable to get encryption status: no cilium agent pod found on node "${only}"\n`), 1);
  }
  const nodes = only === undefined ? all : [only];
  if (has(p, 'per-node-details')) {
    if (nodes.some((n) => encryptionMode(ctx.st, n) !== 'IPsec')) {
      return (ctx.err(`${ROOT} encryption status --per-node-details: modelled for IPsec only in this lab\n`), 1);
    }
    ctx.out(cliIpsecPerNode(ctx.st, nodes));
    return 0;
  }
  ctx.out(encryptionSummary(ctx.st, nodes));
  return 0;
}

function version(args: string[], ctx: CommandCtx): number {
  const p = parseFlags(args, [{ name: 'client', type: 'bool' }, { name: 'help', short: 'h', type: 'bool' }]);
  if ('error' in p) return (ctx.err(`Error: ${p.error}\nRun '${ROOT} version --help' for usage.\n`), 1);
  let t = `cilium-cli: ${CLI_VERSION} compiled with ${GO_VERSION} on linux/amd64\ncilium image (default): v${IMAGE}\n`;
  // The latest stable release is looked up on the internet, which the lab's nodes cannot reach.
  t += 'cilium image (stable): unknown\n';
  if (!has(p, 'client')) t += `cilium image (running): ${IMAGE}\n`;
  ctx.out(t);
  return 0;
}

export const cilium: Command = {
  name: 'cilium',
  summary: "Cilium's cluster CLI: the encryption status of every node, versions",
  man: `CILIUM(1)

NAME
  cilium - the Cilium cluster CLI (cilium-cli ${CLI_VERSION})

SYNOPSIS
  cilium encryption status [--node NODE] [--per-node-details]
  cilium version [--client]

  The cluster-wide CLI, which talks to the API server and the agents like kubectl does. encryption status asks
  every node's agent and summarises: Encryption: Wireguard (3/3 nodes) once every agent runs its WireGuard
  device; with IPsec, also the keys in use, the highest sequence number sent and the XFRM errors across the
  nodes (--per-node-details: each node's own figures). For one node's own view use cilium-dbg status and
  cilium-dbg encrypt status.
  install, upgrade, status, hubble, connectivity and the rest are not modelled in this lab.
`,
  where: 'node',
  available: (st) => st.config.cni === 'cilium',
  run(argv, ctx) {
    const sub = argv[1];
    const rest = argv.slice(2);
    if (sub === undefined || sub === 'help' || sub === '-h' || sub === '--help') return (ctx.out(rootHelp()), 0);
    if (sub === 'encryption' || sub === 'encrypt') return encryption(rest, ctx);
    if (sub === 'version') return version(rest, ctx);
    if (sub in COMMANDS && !MODELLED.includes(sub)) {
      return (ctx.err(`${ROOT} ${sub}: not modelled in this lab (try ${ROOT} encryption status, ${ROOT} version)\n`), 1);
    }
    if (sub.startsWith('-')) return (ctx.err(`Error: unknown flag: ${sub}\nRun '${ROOT} --help' for usage.\n`), 1);
    return (ctx.err(unknownCommand(sub, ROOT, Object.keys(COMMANDS))), 1);
  },
  complete(argv, index) {
    if (index === 1) return Object.keys(COMMANDS);
    if (index === 2 && (argv[1] === 'encryption' || argv[1] === 'encrypt')) return Object.keys(ENCRYPTION);
    if (argv[1] === 'version') return ['--client'];
    if (argv[2] === 'status') return ['--node', '--per-node-details'];
    return [];
  },
};
