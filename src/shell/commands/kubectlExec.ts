/**
 * `kubectl exec [-it] POD [-c CONTAINER] -- COMMAND [args...]`: an interactive shell (`-it ... -- sh`) moves the
 * terminal into the pod (ctx.enter); any other command runs as the lab's command of that name inside the pod
 * (ctx.run), with its output. Errors and their wording follow kubectl 1.31.
 */
import type { CommandCtx, CommandResult } from '../types';
import type { FlagDef } from './kubectlArgs';
import { bool, str } from './kubectlArgs';
import { fail, findPod, namespaceOf, parseOrFail, podArg } from './kubectlCommon';
import { podContainers } from './kubectlPod';
import { defaultContainer } from './meshPods';
import { helpText } from './kubectlHelp';

export const EXEC_FLAGS: FlagDef[] = [
  { long: 'container', short: 'c', type: 'string' },
  { long: 'stdin', short: 'i', type: 'bool' },
  { long: 'tty', short: 't', type: 'bool' },
  { long: 'quiet', short: 'q', type: 'bool' },
  { long: 'pod-running-timeout', type: 'string' },
  { long: 'filename', short: 'f', type: 'strings', unsupported: "podlock: 'kubectl exec -f' is not available in this lab yet" },
];

/** Programs that are shells: with -it they open a prompt inside the pod. */
const SHELLS = new Set(['sh', 'bash', 'ash', 'zsh', 'dash', '/bin/sh', '/bin/bash', '/bin/ash', '/bin/zsh', '/bin/dash', '/usr/bin/bash', '/usr/bin/zsh']);

const usage = (ctx: CommandCtx, msg: string): number => {
  ctx.err(`error: ${msg}\nSee 'kubectl exec -h' for help and examples\n`);
  return 1;
};

/**
 * Tells which container a command addresses: -c, else the first one, noting the choice on stderr when the pod has
 * several (`Defaulted container "app" out of: app, istio-proxy`). Returns an exit code on error.
 */
export function pickContainer(ctx: CommandCtx, names: string[], wanted: string | undefined, pod: string, quiet = false, dflt?: string): string | number {
  if (wanted) {
    return names.includes(wanted) ? wanted : fail(ctx, `Error from server (BadRequest): container ${wanted} is not valid for pod ${pod}`);
  }
  // The pod's kubectl.kubernetes.io/default-container annotation (a mesh injector sets it) picks silently.
  if (dflt && names.includes(dflt)) return dflt;
  if (names.length > 1 && !quiet) ctx.err(`Defaulted container "${names[0]}" out of: ${names.join(', ')}\n`);
  return names[0] ?? '';
}

export function runExec(argv: string[], ctx: CommandCtx): CommandResult {
  const p = parseOrFail(ctx, 'exec', argv, EXEC_FLAGS);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) {
    ctx.out(helpText('exec'));
    return 0;
  }
  if (p.dash === undefined && p.args.length > 1) return usage(ctx, 'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
  if (!p.args.length) return fail(ctx, 'pod, type/name or --filename must be specified');
  const command = p.dash ?? [];
  if (!command.length) return fail(ctx, 'you must specify at least one command for the container');
  const target = podArg(p.args[0]);
  if ('error' in target) return fail(ctx, target.error);
  const ns = namespaceOf(p);
  const pod = findPod(ctx, ns, target.name);
  if (!pod) return fail(ctx, `Error from server (NotFound): pods "${target.name}" not found`);
  const container = pickContainer(ctx, podContainers(ctx.st, pod).map((c) => c.name), str(p, 'container'), pod.name, bool(p, 'quiet'), defaultContainer(ctx.st, pod));
  if (typeof container === 'number') return container;
  const place = { kind: 'pod' as const, namespace: pod.namespace, pod: pod.name };
  if (SHELLS.has(command[0]) && command.length === 1) {
    // A shell with a terminal attached gives a prompt inside the pod; without one it reads nothing and exits.
    if (bool(p, 'stdin') && bool(p, 'tty')) ctx.enter?.(place);
    return 0;
  }
  if (SHELLS.has(command[0]) && command[1] === '-c') {
    const words = splitScript(command[2] ?? '');
    if (typeof words === 'string') return fail(ctx, words);
    if (!words.length) return 0;
    return ctx.run(words, place);
  }
  return ctx.run(command, place);
}

/** The words of a one-command `sh -c` script (quotes respected); shell syntax beyond that is refused honestly. */
export function splitScript(script: string): string[] | string {
  const words: string[] = [];
  let cur = '', quote = '', inWord = false;
  for (const ch of script) {
    if (quote) {
      if (ch === quote) quote = '';
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if ('|;&<>$`()\\'.includes(ch)) {
      return "podlock: only a single command works in 'sh -c' here; for pipes and the like open a shell with 'kubectl exec -it POD -- sh'";
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) return 'podlock: unterminated quote in the sh -c script';
  if (inWord) words.push(cur);
  return words;
}
