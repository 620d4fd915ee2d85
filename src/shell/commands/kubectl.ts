/**
 * kubectl, as the lab's nodes have it: reads the cluster from the engine state and prints what kubectl 1.31
 * prints against a real cluster. This file is the command (summary, man page) and the dispatch to subcommands;
 * global flags may come before the subcommand (`kubectl -n web get pods`). apply, create, delete, label, annotate
 * and patch change the lab through the engine's object inputs (src/sim/objects.ts); the rest of the mutating
 * subcommands answer with an honest "not available in this lab yet".
 */
import type { Command, CommandCtx, CommandResult } from '../types';
import { GLOBAL_FLAGS } from './kubectlArgs';
import { rootHelp, helpText, SUBCOMMANDS, unknownCommand } from './kubectlHelp';
import { runGet } from './kubectlGet';
import { runDescribe } from './kubectlDescribe';
import { runExec } from './kubectlExec';
import { runLogs } from './kubectlLogs';
import { runApiResources, runApiVersions, runClusterInfo, runConfig, runVersion } from './kubectlInfo';
import { completeKubectl } from './kubectlComplete';
import { runApply } from './kubectlApply';
import { runCreate } from './kubectlCreate';
import { runDelete } from './kubectlDelete';
import { runAnnotate, runLabel } from './kubectlLabel';
import { runPatch } from './kubectlPatch';
import { runRollout } from './kubectlRollout';

const HANDLERS: Record<string, (argv: string[], ctx: CommandCtx) => CommandResult> = {
  get: runGet,
  describe: runDescribe,
  exec: runExec,
  logs: runLogs,
  version: runVersion,
  'cluster-info': runClusterInfo,
  config: runConfig,
  'api-resources': runApiResources,
  'api-versions': runApiVersions,
  apply: runApply,
  create: runCreate,
  delete: runDelete,
  label: runLabel,
  annotate: runAnnotate,
  patch: runPatch,
  rollout: runRollout,
};

/** Global flags that take a value, so the word after them is not the subcommand. */
const VALUE_FLAGS = new Set(GLOBAL_FLAGS.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]));

/**
 * Splits `kubectl [flags] SUB [args]` into the subcommand and every other word, in order (flags before the
 * subcommand are the subcommand's, as with cobra). A word after a global flag that takes a value is that value.
 */
export function splitSubcommand(args: string[]): { sub?: string; rest: string[]; badFlag?: string } {
  let badFlag: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (a.startsWith('-') && a !== '-') {
      const name = a.split('=')[0];
      const known = GLOBAL_FLAGS.some((f) => name === `--${f.long}` || (f.short && !name.startsWith('--') && name.startsWith(`-${f.short}`)));
      if (!known) badFlag ??= a;
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    return { sub: a, rest: [...args.slice(0, i), ...args.slice(i + 1)] };
  }
  return { rest: args, ...(badFlag ? { badFlag } : {}) };
}

function run(argv: string[], ctx: CommandCtx): CommandResult {
  const { sub, rest, badFlag } = splitSubcommand(argv.slice(1));
  if (badFlag) {
    const name = badFlag.split('=')[0];
    ctx.err(`error: ${name.startsWith('--') ? `unknown flag: ${name}` : `unknown shorthand flag: '${name[1]}' in ${badFlag}`}\nSee 'kubectl --help' for usage.\n`);
    return 1;
  }
  if (sub === undefined) {
    ctx.out(rootHelp());
    return 0;
  }
  const handler = HANDLERS[sub];
  if (handler) return handler(rest, ctx);
  if (sub === 'help') {
    const topic = rest.find((a) => !a.startsWith('-'));
    if (topic && !SUBCOMMANDS.includes(topic)) {
      ctx.out(`Unknown help topic [\`${topic}\`]\n${rootHelp()}`);
      return 0;
    }
    ctx.out(topic ? helpText(topic) : rootHelp());
    return 0;
  }
  if (sub === 'options') {
    ctx.out('The following options can be passed to any command:\n\n    --context=\'\':\n\tThe name of the kubeconfig context to use\n\n' +
      "    -n, --namespace='':\n\tIf present, the namespace scope for this CLI request\n\n    --request-timeout='0':\n\tThe length of time to wait before giving up on a single server request.\n\n" +
      "    -v, --v=0:\n\tnumber for the log level verbosity\n");
    return 0;
  }
  if (SUBCOMMANDS.includes(sub)) {
    ctx.err(`error: podlock: 'kubectl ${sub}' is not available in this lab yet\n`);
    return 1;
  }
  ctx.err(unknownCommand(sub));
  return 1;
}

export const kubectl: Command = {
  name: 'kubectl',
  summary: 'kubectl controls the Kubernetes cluster manager (1.31)',
  where: 'node',
  man: [
    'kubectl [-n NAMESPACE] COMMAND [ARGS] [FLAGS]',
    '',
    'kubectl 1.31 against the lab cluster (context kubernetes-admin@podlock, three worker nodes).',
    '',
    'get TYPE[,TYPE] [NAME...] | TYPE/NAME    pods (po), nodes (no), services (svc), endpoints (ep), namespaces (ns),',
    '                                         serviceaccounts (sa), deployments (deploy), all; secrets and',
    '                                         networkpolicies (none yet); peerauthentications (pa) and',
    '                                         destinationrules (dr) where Istio is installed',
    '    -n NS | -A        one namespace (default: default) or all',
    '    -o FORMAT         wide, yaml, json, name, jsonpath=TEMPLATE, jsonpath-as-json=TEMPLATE,',
    '                      custom-columns=HEADER:.path,...',
    '    -l SELECTOR       label selector (app=backend, tier!=db, env in (a,b), !canary)',
    '    --field-selector  spec.nodeName=node-1, status.phase=Running, metadata.name=...',
    '    --show-labels, -L KEY, --no-headers, --show-kind, --sort-by=.path, --ignore-not-found',
    'describe TYPE [NAME_PREFIX] | TYPE/NAME  pod, node, service, endpoints, namespace, serviceaccount pages',
    'exec [-it] POD [-c CONTAINER] -- CMD     -it with sh or bash opens a shell inside the pod (exit leaves it);',
    '                                         other commands run inside the pod: kubectl exec frontend -n web -- curl ...',
    'logs [-f] POD [-c C] [--tail N]          the pod\'s program output; -f follows it until Ctrl-C',
    '    --timestamps, --prefix',
    'version [--client] [-o json|yaml], cluster-info, config current-context|get-contexts|view,',
    'api-resources [--namespaced=BOOL] [--api-group G] [-o name], api-versions, help [COMMAND]',
    '',
    'apply -f FILE|- [--dry-run=client] [-o yaml]  create or update Secrets, ConfigMaps, NetworkPolicies and the',
    '                                         custom resources whose CRDs the scenario installs (stdin: -f - <<EOF)',
    'create -f FILE | secret generic NAME --from-literal=K=V --from-file=[K=]PATH | configmap NAME ...',
    'delete TYPE NAME... | TYPE/NAME | TYPE --all | -f FILE   [--ignore-not-found]',
    'label|annotate TYPE NAME KEY=VALUE... KEY- [--overwrite]  pod labels decide which services select the pod',
    'patch TYPE NAME -p PATCH [--type merge|strategic]',
    'Pods, services, nodes and namespaces can be labelled and annotated, not created or deleted.',
    '',
    'rollout restart deployment/NAME | deploy [NAME...] [-l SELECTOR]   restarts the Deployment\'s pods (each lab pod',
    '                                         is the one replica of a Deployment named after its app label); a pod',
    '                                         gets a mesh sidecar if its namespace has istio-injection=enabled (label)',
    '                                         or linkerd.io/inject: enabled (annotation), and loses it otherwise',
    'rollout status deployment/NAME           the lab restarts at once, so a rollout is always complete',
    '',
    'Not in this lab yet: edit, scale, rollout history|undo|pause|resume, port-forward, cp, top, get --watch,',
    'patch --type json.',
    'They answer "not available in this lab yet".',
  ].join('\n'),
  run,
  complete: completeKubectl,
};
