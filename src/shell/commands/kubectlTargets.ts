/**
 * The objects a mutating subcommand acts on: `TYPE NAME...`, `TYPE/NAME...`, `TYPE --all` or `TYPE -l SELECTOR`
 * in one namespace, found the way `kubectl get` finds them, each with the reference an engine input needs.
 */
import type { CommandCtx } from '../types';
import type { ParsedArgs } from './kubectlArgs';
import { bool, str } from './kubectlArgs';
import type { KindDef } from './kubectlResources';
import { listObjects, objLabels, objName } from './kubectlResources';
import type { Obj } from './kubectlObjects';
import { namespaceOf, notFound } from './kubectlCommon';
import { resolveRequests } from './kubectlGet';
import { matchLabels, parseLabelSelector } from './kubectlSelectors';
import type { ObjectRef } from '../../sim/objects';

export interface Target {
  kind: KindDef;
  obj: Obj;
  ref: ObjectRef;
}

export const refFor = (k: KindDef, obj: Obj, namespace: string): ObjectRef => ({
  apiVersion: String(obj.apiVersion), objKind: k.kind, name: objName(obj), ...(k.namespaced ? { namespace } : {}),
});

/** Resolves the targets; missing names go to `missing` (kubectl reports them after acting on the rest). */
export function findTargets(ctx: CommandCtx, p: ParsedArgs, args: string[]): { targets: Target[]; missing: string[] } | string {
  if (!args.length) return 'NO_TYPE';
  const resolved = resolveRequests(ctx, args);
  if (typeof resolved === 'string') return resolved;
  const ns = namespaceOf(p);
  const targets: Target[] = [], missing: string[] = [];
  const sel = str(p, 'selector');
  for (const r of resolved.requests) {
    const objs = listObjects(ctx.st, r.kind, ns);
    if (!objs) return `podlock: this lab does not simulate ${r.kind.group ? `${r.kind.resource}.${r.kind.group}` : r.kind.resource} yet`;
    if (r.names) {
      if (sel || bool(p, 'all')) return 'NAMES_AND_SELECTOR';
      for (const name of r.names) {
        const obj = objs.find((o) => objName(o) === name);
        if (obj) targets.push({ kind: r.kind, obj, ref: refFor(r.kind, obj, ns) });
        else missing.push(notFound(r.kind, name));
      }
    } else if (sel !== undefined || bool(p, 'all')) {
      const ls = parseLabelSelector(sel ?? '');
      if (typeof ls === 'string') return ls;
      for (const obj of objs) if (matchLabels(ls, objLabels(obj))) targets.push({ kind: r.kind, obj, ref: refFor(r.kind, obj, ns) });
    } else return 'NO_NAME';
  }
  return { targets, missing };
}
