/**
 * `kubectl patch TYPE NAME -p PATCH [--type strategic|merge]`: a JSON or YAML merge patch (RFC 7386) on a stored
 * object (`secret/x patched`, `patched (no change)`), or on the labels and annotations of a model object. Custom
 * resources refuse strategic merge patches, as the real API server does (use --type merge).
 */
import { parse } from 'yaml';
import type { CommandCtx } from '../types';
import type { FlagDef } from './kubectlArgs';
import { bool, str } from './kubectlArgs';
import { fail, parseOrFail, usageError } from './kubectlCommon';
import { helpText } from './kubectlHelp';
import { DRY_RUN_FLAG, dryRun, dryRunSuffix, kindSlashName } from './kubectlManifest';
import { findTargets } from './kubectlTargets';
import { objName } from './kubectlResources';
import type { Json, KubeObject, MetaDelta } from '../../sim/objects';
import { MODEL_KINDS, applyOutcome, patchedObject } from '../../sim/objects';

export const PATCH_FLAGS: FlagDef[] = [
  DRY_RUN_FLAG,
  { long: 'patch', short: 'p', type: 'string' },
  { long: 'patch-file', type: 'string' },
  { long: 'type', type: 'string' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'subresource', type: 'string', unsupported: "podlock: 'kubectl patch --subresource' is not available in this lab yet" },
];

const isMap = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A patch of metadata.labels / metadata.annotations only, as deltas; undefined when it touches anything else. */
function metadataOnly(patch: Record<string, Json>): { labels?: MetaDelta; annotations?: MetaDelta } | undefined {
  const keys = Object.keys(patch);
  if (keys.length !== 1 || keys[0] !== 'metadata' || !isMap(patch.metadata)) return undefined;
  const out: { labels?: MetaDelta; annotations?: MetaDelta } = {};
  for (const [k, v] of Object.entries(patch.metadata)) {
    if ((k !== 'labels' && k !== 'annotations') || !isMap(v) || !Object.values(v).every((x) => x === null || typeof x === 'string')) return undefined;
    out[k] = v as MetaDelta;
  }
  return out;
}

export function runPatch(argv: string[], ctx: CommandCtx): number {
  const p = parseOrFail(ctx, 'patch', argv, PATCH_FLAGS);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) {
    ctx.out(helpText('patch'));
    return 0;
  }
  const type = str(p, 'type') ?? 'strategic';
  if (!['json', 'merge', 'strategic'].includes(type)) return fail(ctx, `--type must be one of [json merge strategic], not "${type}"`);
  if (type === 'json') return fail(ctx, "podlock: 'kubectl patch --type json' is not available in this lab yet (use --type merge)");
  const dry = dryRun(p);
  if (typeof dry !== 'string') return fail(ctx, dry.error);
  let text = str(p, 'patch');
  const file = str(p, 'patch-file');
  if (file !== undefined) {
    const data = ctx.files.read(file);
    if (!data) return fail(ctx, `unable to read patch file: open ${file}: no such file or directory`);
    text = new TextDecoder().decode(data);
  }
  if (text === undefined) return usageError(ctx, 'patch', 'must specify --patch or --patch-file containing the contents of the patch');
  let patch: unknown;
  try {
    patch = parse(text);
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    return fail(ctx, `unable to parse "${text}": yaml: ${msg.charAt(0).toLowerCase()}${msg.slice(1)}`);
  }
  if (!isMap(patch)) return fail(ctx, `unable to parse "${text}": json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`);
  const found = findTargets(ctx, p, p.args);
  if (found === 'NO_TYPE') return usageError(ctx, 'patch', 'You must provide one or more resources by argument or filename.');
  if (found === 'NO_NAME') return fail(ctx, 'resource(s) were provided, but no name was specified');
  if (typeof found === 'string') return fail(ctx, found);
  for (const t of found.targets) {
    const shown = kindSlashName(t.kind, objName(t.obj));
    if (t.kind.group === '' && MODEL_KINDS.includes(t.kind.kind)) {
      const meta = metadataOnly(patch);
      if (!meta) return fail(ctx, `podlock: patching ${t.kind.resource} beyond metadata.labels and metadata.annotations is not simulated yet`);
      if (dry === 'none') {
        const err = ctx.submit({ kind: 'set-metadata', ...t.ref, ...meta });
        if (err) return fail(ctx, `podlock: ${err}`);
      }
      ctx.out(`${shown} patched${dryRunSuffix(dry)}\n`);
      continue;
    }
    if (!t.kind.stored) return fail(ctx, `podlock: changing ${t.kind.resource} is not simulated yet`);
    if (t.kind.installed && type === 'strategic') {
      return fail(ctx, 'Error from server (UnsupportedMediaType): the body of the request was in an unknown format - accepted media types include: ' +
        'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
    }
    const next = patchedObject(ctx.st, t.ref, patch) as KubeObject;
    if (applyOutcome(ctx.st, next) === 'unchanged') {
      ctx.out(`${shown} patched (no change)${dryRunSuffix(dry)}\n`);
      continue;
    }
    if (dry === 'none') {
      const err = ctx.submit({ kind: 'patch', ...t.ref, patch, patchType: type as 'merge' | 'strategic' });
      if (err) return fail(ctx, `podlock: ${err}`);
    }
    ctx.out(`${shown} patched${dryRunSuffix(dry)}\n`);
  }
  found.missing.forEach((m) => ctx.err(`${m}\n`));
  return found.missing.length ? 1 : 0;
}
