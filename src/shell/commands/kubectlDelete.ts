/**
 * `kubectl delete TYPE NAME... | TYPE/NAME | TYPE --all | TYPE -l SEL | -f FILE`: removes stored objects
 * (`secret "db-pass" deleted`), with NotFound, --ignore-not-found and --dry-run as kubectl has them. The kinds the
 * cluster model owns (pods, services, ...) answer honestly that deleting them is not simulated yet.
 */
import type { CommandCtx, CommandResult } from '../types';
import type { FlagDef } from './kubectlArgs';
import { bool, strs } from './kubectlArgs';
import { fail, parseOrFail } from './kubectlCommon';
import { helpText } from './kubectlHelp';
import type { KindDef } from './kubectlResources';
import { qualifiedKind } from './kubectlResources';
import { DRY_RUN_FLAG, FILE_FLAG, dryRun, dryRunSuffix, notStored, prepare, readDocs } from './kubectlManifest';
import { withStdin } from './kubectlApply';
import { findTargets } from './kubectlTargets';
import type { ObjectRef } from '../../sim/objects';
import { refOf, storedObject } from '../../sim/objects';
import type { KubeObject } from '../../sim/objects';

export const DELETE_FLAGS: FlagDef[] = [
  FILE_FLAG, DRY_RUN_FLAG,
  { long: 'all', type: 'bool' },
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'ignore-not-found', type: 'bool' },
  { long: 'wait', type: 'bool' },
  { long: 'now', type: 'bool' },
  { long: 'force', type: 'bool' },
  { long: 'grace-period', type: 'int' },
  { long: 'recursive', short: 'R', type: 'bool' },
];

const NO_RESOURCES = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

export function runDelete(argv: string[], ctx: CommandCtx): CommandResult {
  const p = parseOrFail(ctx, 'delete', argv, DELETE_FLAGS);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) {
    ctx.out(helpText('delete'));
    return 0;
  }
  const dry = dryRun(p);
  if (typeof dry !== 'string') return fail(ctx, dry.error);
  const del = (k: KindDef, ref: ObjectRef): string | null => {
    if (!k.stored) return notStored(k);
    if (dry === 'none') {
      const err = ctx.submit({ kind: 'delete', ...ref });
      if (err) return `podlock: ${err}`;
    }
    ctx.out(`${qualifiedKind(k)} "${ref.name}" deleted${dryRunSuffix(dry)}\n`);
    return null;
  };
  if (strs(p, 'filename').length) {
    return withStdin(ctx, p, (stdin) => {
      const docs = readDocs(ctx, p, stdin);
      if (typeof docs === 'string') return fail(ctx, docs);
      let code = 0;
      for (const d of docs) {
        const r = prepare(ctx, p, d, 'deleting');
        if (typeof r === 'string') return fail(ctx, r);
        const ref = refOf(r.obj as KubeObject);
        if (!storedObject(ctx.st, ref)) {
          if (bool(p, 'ignore-not-found')) continue;
          ctx.err(`Error from server (NotFound): error when deleting "${d.source}": ${r.kind.group ? `${r.kind.resource}.${r.kind.group}` : r.kind.resource} "${r.name}" not found\n`);
          code = 1;
          continue;
        }
        const err = del(r.kind, ref);
        if (err) return fail(ctx, err);
      }
      return code;
    });
  }
  const found = findTargets(ctx, p, p.args);
  if (found === 'NO_TYPE') return fail(ctx, NO_RESOURCES);
  if (found === 'NO_NAME') return fail(ctx, 'resource(s) were provided, but no name was specified');
  if (found === 'NAMES_AND_SELECTOR') return fail(ctx, 'name cannot be provided when a selector is specified');
  if (typeof found === 'string') return fail(ctx, found);
  for (const t of found.targets) {
    const err = del(t.kind, t.ref);
    if (err) return fail(ctx, err);
  }
  if (!found.targets.length && !found.missing.length) ctx.err('No resources found\n');
  const missing = bool(p, 'ignore-not-found') ? [] : found.missing;
  missing.forEach((m) => ctx.err(`${m}\n`));
  return missing.length ? 1 : 0;
}
