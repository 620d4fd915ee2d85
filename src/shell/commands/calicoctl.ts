/**
 * `calicoctl` (Calico 3.28, Kubernetes datastore) on the nodes of a Calico lab: `get node|felixconfiguration
 * [NAME...] [-o ps|wide|yaml|json]`, `patch felixconfiguration NAME -p PATCH [-t strategic|merge]` (the same engine
 * input `kubectl patch` sends, so Felix brings WireGuard up or down after its reaction time), `version`. Its other
 * commands are not modelled here. Options are docopt's: `-o yaml`, `-oyaml`, `--output=yaml`, `--output yaml`.
 */
import type { Command, CommandCtx } from '../types';
import type { Json } from '../../sim/objects';
import { applyOutcome, patchedObject } from '../../sim/objects';
import { FELIX_CONFIG } from '../../datapath/encryptionConfig';
import { calicoJson, calicoTable, calicoYaml, resolveCalicoKind, type CalicoKind } from './calicoctlResources';

const ROOT = 'calicoctl';
const VERSION = { client: 'v3.28.1', commit: '601856343', cluster: 'v3.28.1', type: 'k8s,bgp,kubeadm,kdd' };
const COMMANDS = ['create', 'replace', 'apply', 'patch', 'delete', 'get', 'label', 'convert', 'ipam', 'node', 'version', 'datastore'];

const USAGE = `Usage:
  calicoctl [options] <command> [<args>...]

    create    Create a resource by file, directory or stdin.
    replace   Replace a resource by file, directory or stdin.
    apply     Apply a resource by file, directory or stdin.  This creates a resource
              if it does not exist, and replaces a resource if it does exists.
    patch     Patch a pre-exisiting resource in place.
    delete    Delete a resource identified by file, directory, stdin or resource type and
              name.
    get       Get a resource identified by file, directory, stdin or resource type and
              name.
    label     Add or update labels of resources.
    convert   Convert config files between different API versions.
    ipam      IP address management.
    node      Calico node management.
    version   Display the version of calicoctl.

Options:
  -h --help               Show this screen.
  -l --log-level=<level>  Set the log level (one of panic, fatal, error,
                          warn, info, debug) [default: panic]
  --context=<context>\t    The name of the kubeconfig context to use.
  --allow-version-mismatch  Allow client and cluster versions mismatch.

Description:
  The calicoctl command line tool is used to manage Calico network and security
  policy, to view and manage endpoint configuration, and to manage a Calico
  node instance.

  See 'calicoctl <command> --help' to read about a specific subcommand.
`;

interface Opts {
  args: string[];
  values: Record<string, string>;
  bools: Set<string>;
}

/** docopt-style options: short `-o yaml` / `-oyaml`, long `--output=yaml` / `--output yaml`, by canonical name. */
function parseOpts(argv: string[], valued: Record<string, string>, bools: Record<string, string>): Opts | string {
  const o: Opts = { args: [], values: {}, bools: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const long = /^--([^=]+)(?:=(.*))?$/.exec(a);
    const short = /^-([a-zA-Z])(.*)$/.exec(a);
    const name = long ? `--${long[1]}` : short ? `-${short[1]}` : undefined;
    if (name === undefined) {
      o.args.push(a);
      continue;
    }
    if (name in bools) {
      o.bools.add(bools[name]);
      continue;
    }
    if (!(name in valued)) return a;
    const inline = long ? long[2] : short![2] || undefined;
    const v = inline ?? argv[++i];
    if (v === undefined) return a;
    o.values[valued[name]] = v;
  }
  return o;
}

const invalid = (ctx: CommandCtx, words: string): number => {
  ctx.err(`Invalid option: '${ROOT} ${words}'. Use flag '--help' to read about a specific subcommand.\n`);
  return 1;
};

const notFound = (k: CalicoKind, name: string): string => k.kind === 'Node'
  ? `resource does not exist: Node(${name}) with error: nodes "${name}" not found`
  : `resource does not exist: FelixConfiguration(${name}) with error: felixconfigurations.crd.projectcalico.org "${name}" not found`;

const GLOBAL_BOOLS = { '--allow-version-mismatch': 'allow-version-mismatch', '-h': 'help', '--help': 'help', '--export': 'export', '-A': 'all-namespaces', '--all-namespaces': 'all-namespaces' };
const GLOBAL_VALUED = { '-c': 'config', '--config': 'config', '--context': 'context', '-n': 'namespace', '--namespace': 'namespace', '-l': 'log-level', '--log-level': 'log-level' };

function get(argv: string[], ctx: CommandCtx): number {
  const o = parseOpts(argv, { ...GLOBAL_VALUED, '-o': 'output', '--output': 'output' }, GLOBAL_BOOLS);
  if (typeof o === 'string' || !o.args.length) return invalid(ctx, ['get', ...argv].join(' '));
  if (o.bools.has('help')) return (ctx.out('Usage:\n  calicoctl get ( (<KIND> [<NAME...>]) |\n                --filename=<FILENAME>) [--recursive] [--skip-empty]\n                [--output=<OUTPUT>] [--config=<CONFIG>] [--namespace=<NS>] [--all-namespaces]\n'), 0);
  const [typed, ...names] = o.args;
  const k = resolveCalicoKind(typed);
  if (k === undefined) return (ctx.err(`Failed to get resources: resource type '${typed}' is not supported\n`), 1);
  if (k === null) return (ctx.err(`${ROOT} get ${typed}: not modelled in this lab (try node or felixconfiguration)\n`), 1);
  const all = k.list(ctx.st);
  const name = (x: { metadata?: Json }) => String((x.metadata as Record<string, Json> | undefined)?.name ?? '');
  const objs = names.length ? names.map((n) => all.find((x) => name(x) === n)) : all;
  const missing = names.find((_n, i) => !objs[i]);
  if (missing !== undefined) return (ctx.err(`Failed to get resources: ${notFound(k, missing)}\n`), 1);
  const found = objs.filter((x) => x !== undefined);
  const out = o.values.output ?? 'ps';
  const single = names.length === 1;
  if (out === 'ps' || out === 'wide') ctx.out(calicoTable(k, found, out === 'wide'));
  else if (out === 'yaml') ctx.out(calicoYaml(k, found, single, ctx.st));
  else if (out === 'json') ctx.out(calicoJson(k, found, single, ctx.st));
  else if (/^(custom-columns|go-template|go-template-file)=/.test(out)) return (ctx.err(`${ROOT} get -o ${out.split('=')[0]}: not modelled in this lab (use -o yaml, json, wide)\n`), 1);
  else return (ctx.err(`Failed to get resources: unrecognized output type '${out}'\n`), 1);
  return 0;
}

function patch(argv: string[], ctx: CommandCtx): number {
  const o = parseOpts(argv, { ...GLOBAL_VALUED, '-p': 'patch', '--patch': 'patch', '-t': 'type', '--type': 'type' }, GLOBAL_BOOLS);
  if (typeof o === 'string' || o.args.length !== 2 || o.values.patch === undefined) return invalid(ctx, ['patch', ...argv].join(' '));
  const [typed, name] = o.args;
  const k = resolveCalicoKind(typed);
  if (k === undefined) return (ctx.err(`Failed to patch resources: resource type '${typed}' is not supported\n`), 1);
  if (k === null || k.kind !== 'FelixConfiguration') return (ctx.err(`${ROOT} patch ${typed}: not modelled in this lab (try felixconfiguration)\n`), 1);
  const type = o.values.type ?? 'strategic';
  if (!['strategic', 'merge', 'json'].includes(type)) return (ctx.err(`Failed to patch resources: unsupported patch type '${type}'\n`), 1);
  if (type === 'json') return (ctx.err(`${ROOT} patch --type json: not modelled in this lab (use a merge patch)\n`), 1);
  const fail = (why: string): number => (ctx.err(`Failed to patch 1 '${k.kind}' resource: ${why}\n`), 1);
  let p: Json;
  try {
    p = JSON.parse(o.values.patch) as Json;
  } catch {
    return fail('the patch is not valid JSON');
  }
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return fail('the patch must be a JSON object');
  const ref = { ...FELIX_CONFIG, name };
  const next = patchedObject(ctx.st, ref, p);
  if (!next) return fail(notFound(k, name));
  if (applyOutcome(ctx.st, next) !== 'unchanged') {
    const err = ctx.submit({ kind: 'patch', ...ref, patch: p, patchType: 'merge' });
    if (err) return fail(err);
  }
  ctx.out(`Successfully patched 1 '${k.kind}' resource\n`);
  return 0;
}

export const calicoctl: Command = {
  name: 'calicoctl',
  summary: "Calico's CLI: nodes (with their WireGuard keys) and Felix configuration",
  man: `CALICOCTL(1)

NAME
  calicoctl - manage Calico resources (Calico ${VERSION.client}, Kubernetes datastore)

SYNOPSIS
  calicoctl get node [NAME...] [-o ps|wide|yaml|json]
  calicoctl get felixconfiguration [default] [-o ps|wide|yaml|json]
  calicoctl patch felixconfiguration default -p '{"spec":{"wireguardEnabled":true}}'
  calicoctl version

  Resource types are case insensitive and may be pluralized (node, nodes, no; felixconfiguration, felixconfig).
  A node shows status.wireguardPublicKey and spec.wireguard.interfaceIPv4Address once Felix runs WireGuard on it;
  patching wireguardEnabled turns WireGuard on or off on every node about a second later (kubectl patch
  felixconfiguration default --type merge -p ... does the same). create, apply, delete, label, ipam, node and the
  other resource types are not modelled in this lab.
`,
  where: 'node',
  available: (st) => st.config.cni === 'calico',
  run(argv, ctx) {
    let i = 1;
    while (i < argv.length && ['--allow-version-mismatch', '-l', '--context'].some((f) => argv[i] === f || argv[i].startsWith(`${f}=`))) {
      i += argv[i] === '-l' || argv[i] === '--context' ? 2 : 1;
    }
    const sub = argv[i];
    const rest = argv.slice(i + 1);
    if (sub === undefined || sub === '-h' || sub === '--help') return (ctx.out(USAGE), 0);
    switch (sub) {
      case 'get': return get(rest, ctx);
      case 'patch': return patch(rest, ctx);
      case 'version':
        ctx.out(`Client Version:    ${VERSION.client}\nGit commit:        ${VERSION.commit}\nCluster Version:   ${VERSION.cluster}\nCluster Type:      ${VERSION.type}\n`);
        return 0;
    }
    if (COMMANDS.includes(sub)) return (ctx.err(`${ROOT} ${sub}: not modelled in this lab (try ${ROOT} get, ${ROOT} patch, ${ROOT} version)\n`), 1);
    return invalid(ctx, argv.slice(1).join(' '));
  },
  complete(argv, index, st) {
    if (index === 1) return COMMANDS;
    if (index === 2 && (argv[1] === 'get' || argv[1] === 'patch')) return ['node', 'felixconfiguration'];
    if (index === 3 && resolveCalicoKind(argv[2] ?? '')) return resolveCalicoKind(argv[2])!.list(st).map((o) => String((o.metadata as Record<string, Json>).name));
    if (argv[1] === 'get' && argv[index - 1] === '-o') return ['yaml', 'json', 'wide'];
    return [];
  },
};
