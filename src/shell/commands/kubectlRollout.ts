/**
 * `kubectl rollout restart|status` for the lab's Deployments (one per namespace and app label: meshPods.ts).
 * restart submits a `restart-pod` input for each pod of the Deployment: the pod comes back with a mesh sidecar if
 * its namespace now asks for injection, or without one (the lab keeps its name and address, where a real rollout
 * makes new pods). status answers at once, since the lab's restart is immediate. history, undo, pause and resume
 * are not modelled.
 */
import type { CommandCtx } from '../types';
import type { FlagDef } from './kubectlArgs';
import { bool, str } from './kubectlArgs';
import { fail, namespaceOf, parseOrFail } from './kubectlCommon';
import { resolveKind, type KindDef } from './kubectlResources';
import { matchLabels, parseLabelSelector } from './kubectlSelectors';
import { labDeployments } from './meshPods';

const SUBS: [string, string][] = [
  ['history', 'View rollout history'], ['pause', 'Mark the provided resource as paused'], ['restart', 'Restart a resource'],
  ['resume', 'Resume a paused resource'], ['status', 'Show the status of the rollout'], ['undo', 'Undo a previous rollout'],
];

const HELP = `Manage the rollout of one or many resources.

 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx

Available Commands:
${SUBS.map(([n, d]) => `  ${n.padEnd(13)} ${d}`).join('\n')}

Usage:
  kubectl rollout SUBCOMMAND [options]

Use "kubectl rollout <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const FLAGS: FlagDef[] = [
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'filename', short: 'f', type: 'strings', unsupported: "podlock: 'kubectl rollout -f' is not available in this lab yet" },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'watch', short: 'w', type: 'bool' },
  { long: 'timeout', type: 'string' },
  { long: 'revision', type: 'int' },
];

const NO_RESOURCE = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";

interface Target {
  kind: KindDef;
  name?: string;
}

/** `deployment/a deployment/b`, `deploy a b` or `deploy` (every one in the namespace). */
function targets(ctx: CommandCtx, args: string[]): Target[] | number {
  const out: Target[] = [];
  if (args[0].includes('/')) {
    for (const a of args) {
      const [t, ...rest] = a.split('/');
      const kind = resolveKind(ctx.st, t);
      if (!kind) return fail(ctx, `the server doesn't have a resource type "${t}"`);
      out.push({ kind, name: rest.join('/') });
    }
    return out;
  }
  const kind = resolveKind(ctx.st, args[0]);
  if (!kind) return fail(ctx, `the server doesn't have a resource type "${args[0]}"`);
  if (args.length === 1) return [{ kind }];
  return args.slice(1).map((name) => ({ kind, name }));
}

/** Flags whose value is the next word (so it is not taken for the subcommand). */
const VALUED = new Set(['-n', '--namespace', '-l', '--selector', '--context', '-o', '--output', '--timeout', '--revision', '-f', '--filename', '-v', '--v']);

export function runRollout(argv: string[], ctx: CommandCtx): number {
  let at = -1;
  for (let i = 0; i < argv.length && at < 0; i++) {
    if (VALUED.has(argv[i])) i++;
    else if (!argv[i].startsWith('-')) at = i;
  }
  const sub = at < 0 ? undefined : argv[at];
  const rest = argv.filter((_, i) => i !== at);
  if (sub === undefined || !SUBS.some(([n]) => n === sub)) {
    ctx.out(HELP);
    return 0;
  }
  const p = parseOrFail(ctx, `rollout ${sub}`, rest, FLAGS);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) return (ctx.out(HELP), 0);
  if (sub !== 'restart' && sub !== 'status') return fail(ctx, `podlock: 'kubectl rollout ${sub}' is not available in this lab yet`);
  if (!p.args.length) return (ctx.err(NO_RESOURCE), 1);
  const ts = targets(ctx, p.args);
  if (typeof ts === 'number') return ts;
  const sel = parseLabelSelector(str(p, 'selector') ?? '');
  if (typeof sel === 'string') return fail(ctx, sel);
  const ns = namespaceOf(p);
  const deployments = labDeployments(ctx.st).filter((d) => d.namespace === ns);
  let code = 0, done = 0;
  for (const t of ts) {
    const typeName = t.kind.group ? `${t.kind.resource}.${t.kind.group}` : t.kind.resource;
    if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(t.kind.kind)) {
      code = fail(ctx, `${typeName} "${t.name ?? ''}" ${sub === 'restart' ? 'restarting is not supported' : 'has no rollout status'}`);
      continue;
    }
    const found = t.kind.kind !== 'Deployment' ? [] : t.name === undefined
      ? deployments.filter((d) => matchLabels(sel, { app: d.name }))
      : deployments.filter((d) => d.name === t.name);
    if (t.name !== undefined && !found.length) {
      code = fail(ctx, `Error from server (NotFound): ${typeName} "${t.name}" not found`);
      continue;
    }
    for (const d of found) {
      done++;
      if (sub === 'status') {
        ctx.out(`deployment "${d.name}" successfully rolled out\n`);
        continue;
      }
      for (const pod of d.pods) {
        const err = ctx.submit({ kind: 'restart-pod', target: `${pod.namespace}/${pod.name}` });
        if (err) return fail(ctx, `podlock: ${err}`);
      }
      ctx.out(`deployment.apps/${d.name} restarted\n`);
    }
  }
  if (!done && !code) return fail(ctx, `no objects passed to ${sub === 'restart' ? 'restart' : 'get status'}`);
  return code;
}
