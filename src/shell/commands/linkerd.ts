/**
 * `linkerd` (stable-2.14.10) on the nodes of a Linkerd lab: `viz edges` (linkerdEdges.ts), `viz tap`
 * (linkerdTap.ts, streaming until Ctrl-C) and `version`. Install, check, inject and the other viz views are not
 * modelled and say so. Flags parse as cobra does, before or after the subcommand (`linkerd viz -n bank edges deploy`).
 */
import type { Command, CommandCtx, CommandResult } from '../types';
import { flag, has, parseFlags, unknownCommand, type FlagSpec, type Parsed } from './hubbleArgs';
import { runEdges } from './linkerdEdges';
import { tapProc } from './linkerdTap';
import { labDeployments, LINKERD_VERSION } from './meshPods';

const ROOT = 'linkerd';
const COMMANDS = ['authz', 'check', 'completion', 'diagnostics', 'help', 'identity', 'inject', 'install', 'install-cni', 'jaeger', 'multicluster',
  'profile', 'prune', 'uninject', 'uninstall', 'upgrade', 'version', 'viz'];
const VIZ = ['allow-scrapes', 'authz', 'check', 'dashboard', 'edges', 'install', 'list', 'profile', 'routes', 'stat', 'tap', 'top', 'uninstall'];

const FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' }, { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' }, { name: 'help', short: 'h', type: 'bool' }, { name: 'context', type: 'string' },
  { name: 'client', type: 'bool' }, { name: 'short', type: 'bool' }, { name: 'proxy', type: 'bool' },
  { name: 'to', type: 'string' }, { name: 'to-namespace', type: 'string' }, { name: 'max-rps', type: 'string' },
  { name: 'method', type: 'string' }, { name: 'path', type: 'string' }, { name: 'authority', type: 'string' },
];

const rootHelp = (): string => `linkerd manages the Linkerd service mesh.

Usage:
  ${ROOT} [command]

Available Commands:
${COMMANDS.map((c) => `  ${c}`).join('\n')}

Flags:
  -h, --help                       help for linkerd
  -L, --linkerd-namespace string   Namespace in which Linkerd is installed ($LINKERD_NAMESPACE) (default "linkerd")

Use "${ROOT} [command] --help" for more information about a command.
`;

const notModelled = (ctx: CommandCtx, what: string): number => {
  ctx.err(`${ROOT} ${what}: not modelled in this lab (try linkerd viz edges deploy -A, linkerd viz tap deploy/NAME -n NS, linkerd version)\n`);
  return 1;
};

/** `deploy/web`, `deploy web`, `po/x`: the meshed pods to tap. */
function tapTargets(ctx: CommandCtx, args: string[], ns: string): string[] | string {
  const [type, name] = args[0].includes('/') ? args[0].split('/', 2) : [args[0], args[1]];
  const t = type.toLowerCase();
  let pods;
  if (['deploy', 'deployment', 'deployments'].includes(t)) {
    const ds = labDeployments(ctx.st).filter((d) => d.namespace === ns && (name === undefined || d.name === name));
    if (name !== undefined && !ds.length) return `Error: deployments.apps "${name}" not found\n`;
    pods = ds.flatMap((d) => d.pods);
  } else if (['po', 'pod', 'pods'].includes(t)) {
    pods = ctx.st.cluster.pods.filter((p) => p.namespace === ns && (name === undefined || p.name === name));
    if (name !== undefined && !pods.length) return `Error: pods "${name}" not found\n`;
  } else return `Error: unsupported resource type: ${type}\n`;
  const meshed = pods.filter((p) => p.sidecar === 'linkerd');
  if (!meshed.length) return `Error: no pods to tap for ${t.startsWith('po') ? 'pod' : 'deployment'}${name ? `/${name}` : ''}\n`;
  return meshed.map((p) => `${p.namespace}/${p.name}`);
}

function viz(ctx: CommandCtx, args: string[], ns: string, p: Parsed): CommandResult {
  const [sub, ...rest] = args;
  if (sub === 'edges') return runEdges(ctx, rest, ns, has(p, 'all-namespaces'), flag(p, 'output') ?? 'table');
  if (sub === 'tap') {
    if (!rest.length) return (ctx.err('Error: please specify a resource to tap\n'), 1);
    if (flag(p, 'to') !== undefined || flag(p, 'to-namespace') !== undefined) return notModelled(ctx, 'viz tap --to');
    const pods = tapTargets(ctx, rest, ns);
    if (typeof pods === 'string') return (ctx.err(pods), 1);
    return tapProc(ctx, pods, { method: flag(p, 'method'), path: flag(p, 'path'), authority: flag(p, 'authority') });
  }
  if (sub === undefined) return (ctx.out(`linkerd-viz manages the linkerd-viz extension of Linkerd service mesh.\n\nUsage:\n  linkerd viz [command]\n\nAvailable Commands:\n${VIZ.map((c) => `  ${c}`).join('\n')}\n`), 0);
  if (VIZ.includes(sub)) return notModelled(ctx, `viz ${sub}`);
  return (ctx.err(unknownCommand(sub, `${ROOT} viz`, VIZ)), 1);
}

function run(argv: string[], ctx: CommandCtx): CommandResult {
  const p = parseFlags(argv.slice(1), FLAGS);
  if ('error' in p) return (ctx.err(`Error: ${p.error}\n`), 1);
  const ns = flag(p, 'namespace') || 'default';
  const [sub, ...rest] = p.args;
  if (sub === undefined || sub === 'help' || has(p, 'help')) return (ctx.out(rootHelp()), 0);
  if (sub === 'version') {
    if (has(p, 'short')) return (ctx.out(`${LINKERD_VERSION}\n`), 0);
    ctx.out(`Client version: ${LINKERD_VERSION}\n${has(p, 'client') ? '' : `Server version: ${LINKERD_VERSION}\n`}`);
    return 0;
  }
  if (sub === 'viz') return viz(ctx, rest, ns, p);
  if (COMMANDS.includes(sub)) return notModelled(ctx, sub);
  return (ctx.err(unknownCommand(sub, ROOT, COMMANDS)), 1);
}

export const linkerd: Command = {
  name: 'linkerd',
  summary: "Linkerd's CLI: which workloads talk over mTLS (viz edges), their requests live (viz tap)",
  man: `LINKERD(1)

NAME
  linkerd - the Linkerd service mesh CLI (${LINKERD_VERSION})

SYNOPSIS
  linkerd viz edges deploy|po [-n NAMESPACE | -A] [-o wide]
  linkerd viz tap deploy/NAME | po/NAME [-n NAMESPACE] [--method M] [--path PREFIX] [--authority A]
  linkerd version [--client] [--short]

  viz edges lists the connections between meshed workloads and whether they were mutually authenticated
  (SECURED √); -o wide adds the client and server identities (service account.namespace). A client without a
  linkerd-proxy reports nothing, so its connections are not edges (the server's proxy accepts its plaintext).
  viz tap prints each HTTP request the pod's proxy relays, until Ctrl-C: req (method, authority, path), rsp
  (status, latency), end (response length). proxy=in: requests the pod received; proxy=out: requests it sent;
  tls=true on mTLS connections, tls=no_tls_from_remote for plaintext from a pod without a proxy.
  The proxies' certificates (ECDSA P-256, 24 h, from the identity issuer under the trust anchor) can be read
  inside a meshed pod: openssl x509 -in /var/run/linkerd/identity/end-entity/certificate.crt -text -noout
  Install, check, inject and the other viz views are not modelled.
`,
  where: 'node',
  available: (st) => st.mesh?.kind === 'linkerd',
  run,
  complete(argv, index, st) {
    if (index === 1) return ['viz', 'version'];
    if (index === 2 && argv[1] === 'viz') return ['edges', 'tap'];
    if (index === 3 && argv[2] === 'edges') return ['deploy', 'po'];
    if (index === 3 && argv[2] === 'tap') return labDeployments(st).filter((d) => d.pods.some((p) => p.sidecar === 'linkerd')).map((d) => `deploy/${d.name}`);
    return [];
  },
};
