/**
 * `kubectl apply -f` and `kubectl create -f`: files or stdin (`-f -`, a here-document), multi-document YAML,
 * `created` / `configured` / `unchanged` (apply) or AlreadyExists (create), --dry-run=client|server, -o name|yaml|json.
 * Every document is checked before any is sent, so a broken stream changes nothing.
 */
import type { CommandCtx, CommandResult } from '../types';
import type { FlagDef, ParsedArgs } from './kubectlArgs';
import { bool, str, strs } from './kubectlArgs';
import { fail, parseOrFail, usageError } from './kubectlCommon';
import { helpText } from './kubectlHelp';
import type { Obj } from './kubectlObjects';
import { parseOutputFormat, printObjects } from './kubectlOutput';
import { DRY_RUN_FLAG, FILE_FLAG, dryRun, dryRunSuffix, kindSlashName, prepare, readDocs } from './kubectlManifest';
import type { KubeObject } from '../../sim/objects';
import { applyOutcome, normalize, refOf, storedObject } from '../../sim/objects';

export const APPLY_FLAGS: FlagDef[] = [
  FILE_FLAG, DRY_RUN_FLAG,
  { long: 'output', short: 'o', type: 'string' },
  { long: 'validate', type: 'string' },
  { long: 'overwrite', type: 'bool' },
  { long: 'server-side', type: 'bool', unsupported: "podlock: 'kubectl apply --server-side' is not available in this lab yet" },
  { long: 'prune', type: 'bool', unsupported: "podlock: 'kubectl apply --prune' is not available in this lab yet" },
  { long: 'recursive', short: 'R', type: 'bool' },
];

/** Runs `body` now, or once stdin has ended when a -f is `-` (kubectl reads the whole stream first). */
export function withStdin(ctx: CommandCtx, p: ParsedArgs, body: (stdin: string | undefined) => number): CommandResult {
  if (!strs(p, 'filename').includes('-')) return body(undefined);
  let text = '';
  return {
    onInput(t) {
      if (t !== null) text += t;
      else ctx.exit(body(text));
    },
    interrupt(sig) {
      ctx.exit(sig === 'INT' ? 130 : 141);
    },
  };
}

export function runApply(argv: string[], ctx: CommandCtx): CommandResult {
  return applyOrCreate(argv, ctx, 'apply');
}

/** apply and create -f share everything but what an existing object means. */
export function applyOrCreate(argv: string[], ctx: CommandCtx, verb: 'apply' | 'create'): CommandResult {
  const p = parseOrFail(ctx, verb, argv, APPLY_FLAGS);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) {
    ctx.out(helpText(verb));
    return 0;
  }
  if (!strs(p, 'filename').length) {
    return verb === 'apply'
      ? usageError(ctx, 'apply', 'must specify one of -f and -k')
      : usageError(ctx, 'create', 'must specify one of -f and -k');
  }
  if (p.args.length) return usageError(ctx, verb, `Unexpected args: [${p.args.join(' ')}]`);
  const dry = dryRun(p);
  if (typeof dry !== 'string') return fail(ctx, dry.error);
  const format = parseOutputFormat(str(p, 'output'));
  if (typeof format === 'string') return fail(ctx, format);
  return withStdin(ctx, p, (stdin) => {
    const docs = readDocs(ctx, p, stdin);
    if (typeof docs === 'string') return fail(ctx, docs);
    const ready = [];
    for (const d of docs) {
      const r = prepare(ctx, p, d, verb === 'apply' ? 'applying' : 'creating');
      if (typeof r === 'string') return fail(ctx, r);
      ready.push({ ...r, source: d.source });
    }
    let code = 0;
    const printed: Obj[] = [], names: string[] = [];
    for (const r of ready) {
      const obj = r.obj as KubeObject;
      const exists = storedObject(ctx.st, refOf(obj)) !== undefined;
      if (verb === 'create' && exists) {
        ctx.err(`Error from server (AlreadyExists): error when creating "${r.source}": ${r.kind.group ? `${r.kind.resource}.${r.kind.group}` : r.kind.resource} "${r.name}" already exists\n`);
        code = 1;
        continue;
      }
      const outcome = applyOutcome(ctx.st, obj);
      if (dry === 'none') {
        const err = ctx.submit({ kind: 'apply', object: obj });
        if (err) return fail(ctx, `podlock: ${err}`);
      }
      const name = kindSlashName(r.kind, r.name);
      if (format.kind === 'table') ctx.out(`${name} ${outcome}${dryRunSuffix(dry)}\n`);
      else {
        printed.push((dry === 'none' ? storedObject(ctx.st, refOf(obj)) : undefined) ?? normalize(obj));
        names.push(name);
      }
    }
    if (format.kind !== 'table' && printed.length) {
      const out = printObjects(format, printed, names, printed.length === 1);
      if ('error' in out) return fail(ctx, out.error);
      ctx.out(out.out);
    }
    return code;
  });
}
