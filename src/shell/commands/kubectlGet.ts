/**
 * `kubectl get`: resource types (`pods`, `po,svc`, `all`, `pod/frontend`), names, -n / -A, -l and
 * --field-selector, -o wide|yaml|json|name|jsonpath|custom-columns, --show-labels, -L, --no-headers, --sort-by,
 * --ignore-not-found, with kubectl's tables, messages and exit codes.
 */
import type { CommandCtx } from '../types';
import type { FlagDef, ParsedArgs } from './kubectlArgs';
import { bool, str, strs } from './kubectlArgs';
import type { KindDef } from './kubectlResources';
import { kinds, listObjects, objLabels, objName, qualifiedKind, resolveKind } from './kubectlResources';
import type { Json, Obj } from './kubectlObjects';
import { fail, namespaceOf, notFound, parseOrFail } from './kubectlCommon';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from './kubectlSelectors';
import type { OutputFormat } from './kubectlOutput';
import { parseOutputFormat, printObjects, relaxedJsonpath } from './kubectlOutput';
import { renderTable, tableRows } from './kubectlTables';
import { compileJsonpath, jsonpathResults } from './kubectlJsonpath';
import { helpText } from './kubectlHelp';

export const GET_FLAGS: FlagDef[] = [
  { long: 'all-namespaces', short: 'A', type: 'bool' },
  { long: 'output', short: 'o', type: 'string' },
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'field-selector', type: 'string' },
  { long: 'show-labels', type: 'bool' },
  { long: 'label-columns', short: 'L', type: 'strings' },
  { long: 'no-headers', type: 'bool' },
  { long: 'show-kind', type: 'bool' },
  { long: 'ignore-not-found', type: 'bool' },
  { long: 'sort-by', type: 'string' },
  { long: 'chunk-size', type: 'int' },
  { long: 'watch', short: 'w', type: 'bool', unsupported: "podlock: 'kubectl get --watch' is not available in this lab yet" },
  { long: 'watch-only', type: 'bool', unsupported: "podlock: 'kubectl get --watch-only' is not available in this lab yet" },
  { long: 'filename', short: 'f', type: 'strings', unsupported: "podlock: 'kubectl get -f' is not available in this lab yet" },
];

/** What `kubectl get all` lists. */
const ALL = ['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets',
  'horizontalpodautoscalers', 'jobs', 'cronjobs'];

interface Request {
  kind: KindDef;
  names?: string[];
}

const MISSING_TYPE = 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  "error: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n";

/** Turns `pods,svc a b` or `pod/a svc/b` into requests; returns kubectl's error text on a bad type. */
export function resolveRequests(ctx: CommandCtx, args: string[]): { requests: Request[]; all: boolean; single: boolean } | string {
  const st = ctx.st;
  const resolve = (t: string): KindDef[] | string => {
    if (t === 'all') return ALL.map((r) => kinds(st).find((k) => k.resource === r)).filter((k): k is KindDef => !!k);
    const k = resolveKind(st, t);
    return k ? [k] : `the server doesn't have a resource type "${t}"`;
  };
  if (args[0].includes('/')) {
    const requests: Request[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0) {
        return "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";
      }
      const ks = resolve(a.slice(0, slash));
      if (typeof ks === 'string') return ks;
      const name = a.slice(slash + 1);
      if (name === '') return `arguments in resource/name form must have a single resource and name`;
      const last = requests[requests.length - 1];
      if (last && last.kind === ks[0]) last.names!.push(name);
      else requests.push({ kind: ks[0], names: [name] });
    }
    return { requests, all: false, single: args.length === 1 };
  }
  const types = args[0].split(',');
  const names = args.slice(1);
  const requests: Request[] = [];
  for (const t of types) {
    if (t === '') continue;
    const ks = resolve(t);
    if (typeof ks === 'string') return ks;
    for (const k of ks) if (!requests.some((r) => r.kind === k)) requests.push({ kind: k, ...(names.length ? { names } : {}) });
  }
  if (!requests.length) return MISSING_TYPE;
  return { requests, all: types.includes('all') || requests.length > 1, single: requests.length === 1 && names.length === 1 };
}

export function runGet(argv: string[], ctx: CommandCtx): number {
  const p = parseOrFail(ctx, 'get', argv, GET_FLAGS);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) {
    ctx.out(helpText('get'));
    return 0;
  }
  if (!p.args.length) {
    ctx.err(MISSING_TYPE);
    return 1;
  }
  const format = parseOutputFormat(str(p, 'output'));
  if (typeof format === 'string') return fail(ctx, format);
  const resolved = resolveRequests(ctx, p.args);
  if (typeof resolved === 'string') {
    if (resolved === MISSING_TYPE) {
      ctx.err(MISSING_TYPE);
      return 1;
    }
    return fail(ctx, resolved);
  }
  const allNs = bool(p, 'all-namespaces');
  const named = resolved.requests.some((r) => r.names);
  if (allNs && named) return fail(ctx, 'a resource cannot be retrieved by name across all namespaces');
  const labelSel = str(p, 'selector');
  if (named && labelSel) return fail(ctx, 'name cannot be provided when a selector is specified');
  return fetchAndPrint(ctx, p, resolved.requests, format, { allNs, showKind: resolved.all || bool(p, 'show-kind'), single: resolved.single });
}

function fetchAndPrint(ctx: CommandCtx, p: ParsedArgs, requests: Request[], format: OutputFormat,
  o: { allNs: boolean; showKind: boolean; single: boolean }): number {
  const ns = namespaceOf(p);
  const errors: string[] = [];
  const groups: { kind: KindDef; objs: Obj[] }[] = [];
  for (const r of requests) {
    const objs = listObjects(ctx.st, r.kind, o.allNs ? undefined : ns);
    if (!objs) {
      return fail(ctx, `podlock: this lab does not simulate ${r.kind.group ? `${r.kind.resource}.${r.kind.group}` : r.kind.resource} yet`);
    }
    let found: Obj[];
    if (r.names) {
      found = [];
      for (const name of r.names) {
        const obj = objs.find((x) => objName(x) === name);
        if (obj) found.push(obj);
        else if (!bool(p, 'ignore-not-found')) errors.push(notFound(r.kind, name));
      }
    } else {
      const gv = `${r.kind.group}/${r.kind.version}, Resource=${r.kind.resource}`;
      const ls = parseLabelSelector(str(p, 'selector') ?? '');
      const fs = parseFieldSelector(str(p, 'field-selector') ?? '', r.kind.kind);
      if (typeof ls === 'string' || typeof fs === 'string') {
        return fail(ctx, `Error from server (BadRequest): Unable to find "${gv}" that match label selector "${str(p, 'selector') ?? ''}", ` +
          `field selector "${str(p, 'field-selector') ?? ''}": ${typeof ls === 'string' ? ls : fs}`);
      }
      found = objs.filter((x) => matchLabels(ls, objLabels(x)) && matchFields(fs, x));
    }
    const sortBy = str(p, 'sort-by');
    if (sortBy) {
      const sorted = sortObjects(found, sortBy);
      if (typeof sorted === 'string') return fail(ctx, sorted);
      found = sorted;
    }
    groups.push({ kind: r.kind, objs: found });
  }
  const total = groups.reduce((n, g) => n + g.objs.length, 0);
  if (format.kind === 'table') {
    const blocks = groups.filter((g) => g.objs.length).map((g) => renderTable(tableRows(g.kind, g.objs, ctx.now, {
      wide: format.wide, allNamespaces: o.allNs, showKind: o.showKind, showLabels: bool(p, 'show-labels'),
      labelColumns: strs(p, 'label-columns'), noHeaders: bool(p, 'no-headers'),
    })));
    ctx.out(blocks.join('\n'));
    if (total === 0 && errors.length === 0 && !bool(p, 'ignore-not-found')) {
      const namespaced = !o.allNs && groups.every((g) => g.kind.namespaced);
      ctx.err(namespaced ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
    }
  } else {
    const objs = groups.flatMap((g) => g.objs);
    const names = groups.flatMap((g) => g.objs.map((x) => `${qualifiedKind(g.kind)}/${objName(x)}`));
    if (total > 0 || (!o.single && !bool(p, 'ignore-not-found'))) {
      const r = printObjects(format, objs, names, o.single && total === 1, bool(p, 'no-headers'));
      if ('error' in r) {
        errors.forEach((e) => ctx.err(`${e}\n`));
        return fail(ctx, r.error);
      }
      ctx.out(r.out);
    }
  }
  errors.forEach((e) => ctx.err(`${e}\n`));
  return errors.length ? 1 : 0;
}

/** --sort-by: orders by the value at a JSONPath (numbers numerically, text lexically), stable. */
function sortObjects(objs: Obj[], expr: string): Obj[] | string {
  const relaxed = relaxedJsonpath(expr);
  if (typeof relaxed !== 'string') return relaxed.error;
  const c = compileJsonpath(relaxed);
  if (!c.ok) return `error parsing jsonpath ${relaxed}, ${c.error}`;
  const keyed: { o: Obj; v: Json | undefined }[] = [];
  for (const o of objs) {
    const r = jsonpathResults(c.template, o);
    if (!r.ok) return r.error;
    keyed.push({ o, v: r.groups[0]?.[0] });
  }
  if (objs.length > 0 && keyed.every((k) => k.v === undefined)) return `couldn't find any field with path "${relaxed}" in the list of objects`;
  const cmp = (a: Json | undefined, b: Json | undefined): number => {
    if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    const x = typeof a === 'string' ? a : JSON.stringify(a), y = typeof b === 'string' ? b : JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  return keyed.map((k, i) => ({ ...k, i })).sort((a, b) => cmp(a.v, b.v) || a.i - b.i).map((k) => k.o);
}
