/**
 * `kubectl create`: `-f FILE` (AlreadyExists when the object is there), `secret generic NAME` and `configmap NAME`
 * from --from-literal=k=v and --from-file=[key=]path (files the terminal holds), with --type, --dry-run and -o.
 */
import type { CommandCtx, CommandResult } from '../types';
import type { FlagDef, ParsedArgs } from './kubectlArgs';
import { bool, str, strs } from './kubectlArgs';
import { fail, namespaceOf, parseOrFail, usageError } from './kubectlCommon';
import { helpText } from './kubectlHelp';
import type { Json, Obj } from './kubectlObjects';
import { parseOutputFormat, printObjects } from './kubectlOutput';
import { APPLY_FLAGS, applyOrCreate } from './kubectlApply';
import { dryRun, dryRunSuffix } from './kubectlManifest';
import { refOf, storedObject } from '../../sim/objects';
import { toBase64 } from '../../sim/base64';

const DATA_FLAGS: FlagDef[] = [
  ...APPLY_FLAGS,
  { long: 'from-literal', type: 'stringArray' },
  { long: 'from-file', type: 'stringArray' },
  { long: 'from-env-file', type: 'stringArray', unsupported: "podlock: 'kubectl create --from-env-file' is not available in this lab yet" },
  { long: 'type', type: 'string' },
];

export function runCreate(argv: string[], ctx: CommandCtx): CommandResult {
  const p = parseOrFail(ctx, 'create', argv, DATA_FLAGS);
  if (typeof p === 'number') return p;
  if (bool(p, 'help') && !p.args.length) {
    ctx.out(helpText('create'));
    return 0;
  }
  const [what, sub] = p.args;
  if (what === undefined) return applyOrCreate(argv, ctx, 'create');
  if (what === 'secret' && sub === 'generic') return createData(ctx, p, 'secret', p.args.slice(2));
  if (what === 'configmap' || what === 'cm') return createData(ctx, p, 'configmap', p.args.slice(1));
  if (what === 'secret') return fail(ctx, `podlock: 'kubectl create secret ${sub ?? ''}' is not available in this lab yet (use 'kubectl create secret generic')`);
  return fail(ctx, `podlock: 'kubectl create ${what}' is not available in this lab yet`);
}

function createData(ctx: CommandCtx, p: ParsedArgs, kind: 'secret' | 'configmap', args: string[]): number {
  const cmd = kind === 'secret' ? 'create secret generic' : 'create configmap';
  if (args.length !== 1) return usageError(ctx, cmd, `exactly one NAME is required, got ${args.length}`);
  const name = args[0];
  const dry = dryRun(p);
  if (typeof dry !== 'string') return fail(ctx, dry.error);
  const format = parseOutputFormat(str(p, 'output'));
  if (typeof format === 'string') return fail(ctx, format);
  const Kind = kind === 'secret' ? 'Secret' : 'ConfigMap';
  const data: Record<string, Json> = {};
  const add = (key: string, bytes: Uint8Array): string | null => {
    if (key in data) return `cannot add key ${key}, another key by that name already exists in Data for ${Kind} "${name}"`;
    data[key] = kind === 'secret' ? toBase64(bytes) : new TextDecoder().decode(bytes);
    return null;
  };
  for (const lit of strs(p, 'from-literal')) {
    const eq = lit.indexOf('=');
    if (eq <= 0) return fail(ctx, `invalid literal source ${lit}, expected key=value`);
    const err = add(lit.slice(0, eq), new TextEncoder().encode(lit.slice(eq + 1)));
    if (err) return fail(ctx, err);
  }
  for (const spec of strs(p, 'from-file')) {
    const eq = spec.indexOf('=');
    const path = eq < 0 ? spec : spec.slice(eq + 1);
    const key = eq < 0 ? path.slice(path.lastIndexOf('/') + 1) : spec.slice(0, eq);
    const bytes = ctx.files.read(path);
    if (!bytes) return fail(ctx, `error reading ${path}: no such file or directory`);
    const err = add(key, bytes);
    if (err) return fail(ctx, err);
  }
  const namespace = namespaceOf(p);
  if (!ctx.st.cluster.namespaces.some((n) => n.name === namespace)) return fail(ctx, `failed to create ${kind} namespaces "${namespace}" not found`);
  const obj: Obj = {
    apiVersion: 'v1', kind: Kind, metadata: { name, namespace },
    ...(Object.keys(data).length ? { data } : {}), ...(kind === 'secret' ? { type: str(p, 'type') || 'Opaque' } : {}),
  };
  if (storedObject(ctx.st, refOf(obj)) && dry !== 'client') return fail(ctx, `failed to create ${kind} ${kind}s "${name}" already exists`);
  if (dry === 'none') {
    const err = ctx.submit({ kind: 'apply', object: obj });
    if (err) return fail(ctx, `podlock: ${err}`);
  }
  if (format.kind === 'table') {
    ctx.out(`${kind}/${name} created${dryRunSuffix(dry)}\n`);
    return 0;
  }
  const shown = (dry === 'none' ? storedObject(ctx.st, refOf(obj)) : undefined) ?? { ...obj, metadata: { creationTimestamp: null, name, namespace } };
  const r = printObjects(format, [shown as Obj], [`${kind}/${name}`], true);
  if ('error' in r) return fail(ctx, r.error);
  ctx.out(r.out);
  return 0;
}
