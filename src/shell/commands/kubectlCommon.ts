/**
 * What every kubectl subcommand shares: flag parsing with kubectl's usage errors, the namespace (-n, else the
 * context's `default`), the --context check, `Error from server (NotFound)` texts and finding pods by name.
 */
import type { CommandCtx } from '../types';
import type { Pod } from '../../sim/cluster';
import type { FlagDef, ParsedArgs } from './kubectlArgs';
import { parseArgs, str } from './kubectlArgs';
import type { KindDef } from './kubectlResources';
import { K8S } from './kubectlObjects';

export const DEFAULT_NAMESPACE = 'default';

/** Prints `error: <msg>` and returns kubectl's exit code 1. */
export function fail(ctx: CommandCtx, msg: string): number {
  ctx.err(`${/^(error: |Error from server)/.test(msg) ? '' : 'error: '}${msg}${msg.endsWith('\n') ? '' : '\n'}`);
  return 1;
}

/** A usage error: the message and the pointer to the subcommand's help. */
export function usageError(ctx: CommandCtx, sub: string, msg: string): number {
  ctx.err(`error: ${msg}\nSee 'kubectl ${sub} --help' for usage.\n`);
  return 1;
}

/** Parses the arguments after `kubectl <sub>`; on a flag error prints it and returns the exit code. */
export function parseOrFail(ctx: CommandCtx, sub: string, argv: string[], defs: FlagDef[]): ParsedArgs | number {
  const p = parseArgs(argv, defs);
  if ('error' in p) return p.unsupported ? fail(ctx, p.error) : usageError(ctx, sub, p.error);
  const context = str(p, 'context');
  if (context !== undefined && context !== '' && context !== K8S.context) {
    return fail(ctx, `context was not found for specified context: ${context}`);
  }
  return p;
}

export const namespaceOf = (p: ParsedArgs): string => str(p, 'namespace') || DEFAULT_NAMESPACE;

/** `pods "x" not found`, `deployments.apps "x" not found`. */
export const notFound = (k: KindDef, name: string): string =>
  `Error from server (NotFound): ${k.group ? `${k.resource}.${k.group}` : k.resource} "${name}" not found`;

export function findPod(ctx: CommandCtx, namespace: string, name: string): Pod | undefined {
  return ctx.st.cluster.pods.find((p) => p.namespace === namespace && p.name === name);
}

/** `pod/frontend` or `frontend` as kubectl exec and logs accept it; other types are an error. */
export function podArg(arg: string): { name: string } | { error: string } {
  const slash = arg.indexOf('/');
  if (slash < 0) return { name: arg };
  const type = arg.slice(0, slash).toLowerCase();
  if (['pod', 'pods', 'po'].includes(type)) return { name: arg.slice(slash + 1) };
  return { error: `podlock: only pods can be named here in this lab (got "${arg}")` };
}
