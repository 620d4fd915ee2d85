/**
 * `istioctl` (Istio 1.24.2), on the nodes of an Istio lab: `x describe pod` (istioctlDescribe.ts),
 * `proxy-config secret` (istioctlSecret.ts) and `version`. Its install, analysis and other Envoy views are not
 * modelled and say so. Flags parse as cobra does (`-n ns`, `--namespace=ns`, `-o json`).
 */
import type { Command, CommandCtx } from '../types';
import { flag, has, parseFlags, unknownCommand, type FlagSpec } from './hubbleArgs';
import { describePod } from './istioctlDescribe';
import { proxyConfigSecret } from './istioctlSecret';
import { ISTIO_VERSION } from './meshPods';

const ROOT = 'istioctl';

const COMMANDS: Record<string, string> = {
  admin: 'Manage control plane (istiod) configuration',
  analyze: 'Analyze Istio configuration and print validation messages',
  'bug-report': 'Cluster information and log capture support tool.',
  completion: 'Generate the autocompletion script for the specified shell',
  'create-remote-secret': 'Create a secret with credentials to allow Istio to access remote Kubernetes apiservers',
  dashboard: 'Access to Istio web UIs',
  experimental: 'Experimental commands that may be modified or deprecated',
  help: 'Help about any command',
  install: 'Applies an Istio manifest, installing or reconfiguring Istio on a cluster.',
  'kube-inject': 'Inject Istio sidecar into Kubernetes pod resources',
  manifest: 'Commands related to Istio manifests',
  'proxy-config': 'Retrieve information about proxy configuration from Envoy [kube only]',
  'proxy-status': 'Retrieves the synchronization status of each Envoy in the mesh',
  tag: 'Command group used to interact with revision tags',
  uninstall: 'Uninstall Istio from a cluster',
  upgrade: 'Upgrade Istio control plane in-place',
  validate: 'Validate Istio policy and rules files',
  version: 'Prints out build version information',
  waypoint: 'Manage waypoint configuration',
  'ztunnel-config': 'Update or retrieve current Ztunnel configuration.',
};
const ALIASES: Record<string, string> = { x: 'experimental', exp: 'experimental', pc: 'proxy-config', ps: 'proxy-status' };
const PC_SUBS = ['all', 'bootstrap', 'cluster', 'ecds', 'endpoint', 'listener', 'log', 'rootca-compare', 'route', 'secret'];
const PC_ALIASES: Record<string, string> = { s: 'secret', secrets: 'secret', c: 'cluster', clusters: 'cluster', l: 'listener', listeners: 'listener', r: 'route', routes: 'route', ep: 'endpoint', endpoints: 'endpoint', b: 'bootstrap', a: 'all' };

const FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' }, { name: 'istioNamespace', short: 'i', type: 'string' },
  { name: 'context', type: 'string' }, { name: 'kubeconfig', short: 'c', type: 'string' }, { name: 'help', short: 'h', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' }, { name: 'remote', type: 'bool' }, { name: 'short', short: 's', type: 'bool' },
];

const rootHelp = (): string => `Istio configuration command line utility for service operators to
debug and diagnose their Istio mesh.

Usage:
  ${ROOT} [command]

Available Commands:
${Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(20)} ${v}`).join('\n')}

Flags:
      --context string          Kubernetes configuration context
  -h, --help                    help for istioctl
  -i, --istioNamespace string   Istio system namespace (default "istio-system")
  -c, --kubeconfig string       Kubernetes configuration file
  -n, --namespace string        Kubernetes namespace

Use "${ROOT} [command] --help" for more information about a command.
`;

function version(ctx: CommandCtx, remote: boolean): number {
  if (!remote) return (ctx.out(`${ISTIO_VERSION}\n`), 0);
  const proxies = ctx.st.cluster.pods.filter((p) => p.sidecar === 'istio').length;
  ctx.out(`client version: ${ISTIO_VERSION}\ncontrol plane version: ${ISTIO_VERSION}\n` +
    `data plane version: ${ISTIO_VERSION} (${proxies} ${proxies === 1 ? 'proxy' : 'proxies'})\n`);
  return 0;
}

const notModelled = (ctx: CommandCtx, what: string): number => {
  ctx.err(`${ROOT} ${what}: not modelled in this lab (try istioctl x describe pod, istioctl proxy-config secret, istioctl version)\n`);
  return 1;
};

function run(argv: string[], ctx: CommandCtx): number {
  const p = parseFlags(argv.slice(1), FLAGS);
  if ('error' in p) return (ctx.err(`Error: ${p.error}\n`), 1);
  const ns = flag(p, 'namespace');
  const [first, ...rest] = p.args;
  const sub = first === undefined ? undefined : ALIASES[first] ?? first;
  if (sub === undefined || sub === 'help' || has(p, 'help')) return (ctx.out(rootHelp()), 0);
  if (sub === 'version') return version(ctx, flag(p, 'remote') !== 'false');
  if (sub === 'experimental') {
    if (rest[0] !== 'describe') return notModelled(ctx, `experimental ${rest[0] ?? ''}`.trim());
    if (rest[1] !== 'pod' && rest[1] !== 'pods' && rest[1] !== 'po') return notModelled(ctx, `experimental describe ${rest[1] ?? ''}`.trim());
    if (rest.length !== 3) return (ctx.err('Error: expecting pod name\n'), 1);
    return describePod(ctx, rest[2], ns);
  }
  if (sub === 'proxy-config') {
    const what = PC_ALIASES[rest[0] ?? ''] ?? rest[0];
    if (what === undefined) return (ctx.err(`Error: ${ROOT} proxy-config needs a subcommand: ${PC_SUBS.join(', ')}\n`), 1);
    if (what !== 'secret') return PC_SUBS.includes(what) ? notModelled(ctx, `proxy-config ${what}`) : (ctx.err(unknownCommand(what, `${ROOT} proxy-config`, PC_SUBS)), 1);
    if (rest.length !== 2) return (ctx.err('Error: secret requires pod name or --file parameter\n'), 1);
    return proxyConfigSecret(ctx, rest[1], ns, flag(p, 'output') ?? 'short');
  }
  if (sub in COMMANDS) return notModelled(ctx, sub);
  return (ctx.err(unknownCommand(first!, ROOT, Object.keys(COMMANDS))), 1);
}

export const istioctl: Command = {
  name: 'istioctl',
  summary: "Istio's CLI: what mTLS a sidecar enforces, the certificates its Envoy holds (Istio 1.24)",
  man: `ISTIOCTL(1)

NAME
  istioctl - Istio configuration command line utility (istioctl ${ISTIO_VERSION})

SYNOPSIS
  istioctl x describe pod POD[.NAMESPACE] [-n NAMESPACE]
  istioctl proxy-config secret POD[.NAMESPACE] | deploy/NAME [-n NAMESPACE] [-o short|json|yaml]
  istioctl version [--remote=false]

  x describe pod shows a pod's ports, the Services that select it, the DestinationRule for each (its TLS mode),
  and the mTLS mode its sidecar enforces (Effective PeerAuthentication) with the PeerAuthentications that apply
  (workload, namespace, mesh-wide in istio-system; the most specific one with a mode wins; none: PERMISSIVE).
  proxy-config secret lists what the pod's Envoy holds: default (its workload certificate, 24 h, renewed at
  half-life) and ROOTCA (istiod's root), serial numbers in decimal. With -o json each PEM is base64 in
  inlineBytes: ... -o json | jq -r '.dynamicActiveSecrets[0].secret.tlsCertificate.certificateChain.inlineBytes'
  | base64 -d | openssl x509 -text -noout shows the certificate.
  Keys: Istio's workload keys are RSA 2048 by default; this lab's proxies run with ECC_SIGNATURE_ALGORITHM=ECDSA
  (a real istio-proxy option), so their keys and signatures are ECDSA P-256 (istiod's root too, here).
  Everything else (install, analyze, proxy-status, other proxy-config views) is not modelled.
`,
  where: 'node',
  available: (st) => st.mesh?.kind === 'istio',
  run,
  complete(argv, index, st) {
    if (index === 1) return ['experimental', 'proxy-config', 'version', 'x', 'pc'];
    const a1 = ALIASES[argv[1]] ?? argv[1];
    if (index === 2 && a1 === 'experimental') return ['describe'];
    if (index === 2 && a1 === 'proxy-config') return ['secret'];
    if (index === 3 && a1 === 'experimental') return ['pod'];
    if ((index === 4 && a1 === 'experimental') || (index === 3 && a1 === 'proxy-config')) {
      return st.cluster.pods.filter((p) => p.sidecar === 'istio').map((p) => `${p.name}.${p.namespace}`);
    }
    return [];
  },
};
