/**
 * `kubectl label` and `kubectl annotate`: `TYPE NAME key=value key2-`, --overwrite, --all, -l, --dry-run, -n.
 * Pod labels change the cluster model, so services select (or stop selecting) the pod at once.
 */
import type { CommandCtx } from '../types';
import type { FlagDef } from './kubectlArgs';
import { bool } from './kubectlArgs';
import { fail, parseOrFail, usageError } from './kubectlCommon';
import { helpText } from './kubectlHelp';
import type { Obj } from './kubectlObjects';
import { DRY_RUN_FLAG, dryRun, dryRunSuffix, kindSlashName } from './kubectlManifest';
import { findTargets } from './kubectlTargets';
import { objName } from './kubectlResources';
import type { MetaDelta } from '../../sim/objects';
import { MODEL_KINDS } from '../../sim/objects';

export const LABEL_FLAGS: FlagDef[] = [
  DRY_RUN_FLAG,
  { long: 'overwrite', type: 'bool' },
  { long: 'all', type: 'bool' },
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'list', type: 'bool' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'resource-version', type: 'string' },
];

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const validKey = (k: string): boolean => {
  const slash = k.lastIndexOf('/');
  const [prefix, name] = slash < 0 ? ['', k] : [k.slice(0, slash), k.slice(slash + 1)];
  return name.length <= 63 && NAME_PART.test(name) && (slash < 0 || /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(prefix));
};
const validValue = (v: string): boolean => v === '' || (v.length <= 63 && NAME_PART.test(v));

export function runLabel(argv: string[], ctx: CommandCtx): number {
  return labelOrAnnotate(argv, ctx, 'label');
}

export function runAnnotate(argv: string[], ctx: CommandCtx): number {
  return labelOrAnnotate(argv, ctx, 'annotate');
}

function labelOrAnnotate(argv: string[], ctx: CommandCtx, sub: 'label' | 'annotate'): number {
  const p = parseOrFail(ctx, sub, argv, LABEL_FLAGS);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) {
    ctx.out(helpText(sub));
    return 0;
  }
  const what = sub === 'label' ? 'label' : 'annotation';
  const isChange = (a: string): boolean => a.includes('=') || a.endsWith('-');
  const first = p.args.findIndex(isChange);
  const resources = first < 0 ? p.args : p.args.slice(0, first);
  const changes = first < 0 ? [] : p.args.slice(first);
  if (changes.some((c) => !isChange(c))) return usageError(ctx, sub, `all resources must be specified before ${what} changes: ${changes.find((c) => !isChange(c))}`);
  if (!resources.length) return usageError(ctx, sub, 'one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (!changes.length) return usageError(ctx, sub, `at least one ${what} update is required`);
  const dry = dryRun(p);
  if (typeof dry !== 'string') return fail(ctx, dry.error);
  const delta: MetaDelta = {};
  for (const c of changes) {
    if (c.includes('=')) {
      const [key, ...rest] = c.split('=');
      const value = rest.join('=');
      if (!validKey(key)) return fail(ctx, `invalid ${what} spec: ${c}`);
      if (sub === 'label' && !validValue(value)) {
        return fail(ctx, `invalid label value: "${c}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', ` +
          "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
      }
      delta[key] = value;
    } else {
      const key = c.slice(0, -1);
      if (key in delta) return fail(ctx, `can not both modify and remove ${sub === 'label' ? 'a label' : 'an annotation'} in the same command`);
      if (!validKey(key)) return fail(ctx, `invalid ${what} spec: ${c}`);
      delta[key] = null;
    }
  }
  const found = findTargets(ctx, p, resources);
  if (found === 'NO_NAME') return fail(ctx, 'resource(s) were provided, but no name was specified');
  if (found === 'NAMES_AND_SELECTOR') return fail(ctx, 'name cannot be provided when a selector is specified');
  if (typeof found === 'string') return fail(ctx, found);
  for (const t of found.targets) {
    const model = t.kind.group === '' && MODEL_KINDS.includes(t.kind.kind);
    if (!model && !t.kind.stored) return fail(ctx, `podlock: changing ${t.kind.resource} is not simulated yet`);
    const meta = (t.obj.metadata ?? {}) as Obj;
    const current = ((sub === 'label' ? meta.labels : meta.annotations) ?? {}) as Record<string, string>;
    if (!bool(p, 'overwrite')) {
      const clash = Object.entries(delta).filter(([k, v]) => v !== null && k in current && current[k] !== v);
      if (clash.length) {
        const [k] = clash[0];
        return fail(ctx, sub === 'label'
          ? `'${k}' already has a value (${current[k]}), and --overwrite is false`
          : `--overwrite is false but found the following declared annotation(s): ${clash.map(([a]) => `'${a}' already has a value (${current[a]})`).join('; ')}`);
      }
    }
    for (const [k, v] of Object.entries(delta)) if (v === null && !(k in current)) ctx.out(`${what} "${k}" not found.\n`);
    const changed = Object.entries(delta).some(([k, v]) => (v === null ? k in current : current[k] !== v));
    if (changed && dry === 'none') {
      const err = ctx.submit({ kind: 'set-metadata', ...t.ref, ...(sub === 'label' ? { labels: delta } : { annotations: delta }) });
      if (err) return fail(ctx, `podlock: ${err}`);
    }
    const verb = sub === 'label' ? (changed ? 'labeled' : 'not labeled') : 'annotated';
    ctx.out(`${kindSlashName(t.kind, objName(t.obj))} ${verb}${dryRunSuffix(dry)}\n`);
  }
  found.missing.forEach((m) => ctx.err(`${m}\n`));
  return found.missing.length ? 1 : 0;
}
