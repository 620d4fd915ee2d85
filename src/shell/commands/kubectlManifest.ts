/**
 * Manifests for kubectl apply / create / delete -f: files or stdin, YAML streams (`---`, JSON too, `kind: List`),
 * kubectl's parse and validation errors, the kind mapping (a custom kind exists only where its CRD is installed),
 * the namespace rules, and the shared flags and messages of the mutating subcommands.
 */
import { parseAllDocuments } from 'yaml';
import type { CommandCtx } from '../types';
import type { FlagDef, ParsedArgs } from './kubectlArgs';
import { str, strs } from './kubectlArgs';
import type { KindDef } from './kubectlResources';
import { apiVersionOf, kinds, qualifiedKind, servedVersions } from './kubectlResources';
import type { Obj } from './kubectlObjects';
import { namespaceOf } from './kubectlCommon';

export const DRY_RUN_FLAG: FlagDef = { long: 'dry-run', type: 'string' };
export const FILE_FLAG: FlagDef = { long: 'filename', short: 'f', type: 'strings' };

export interface Doc {
  obj: Obj;
  /** Where it came from, as kubectl names it in errors: `STDIN` or the path. */
  source: string;
}

/** --dry-run: none (default), client or server; kubectl's error otherwise. */
export function dryRun(p: ParsedArgs): 'none' | 'client' | 'server' | { error: string } {
  const v = str(p, 'dry-run') ?? 'none';
  if (v === 'none' || v === 'client' || v === 'server') return v;
  return { error: `Invalid dry-run value (${v}). Must be "none", "server", or "client".` };
}

export const dryRunSuffix = (d: 'none' | 'client' | 'server'): string => (d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '');

/** `secret/db-pass`, `networkpolicy.networking.k8s.io/deny`. */
export const kindSlashName = (k: KindDef, name: string): string => `${qualifiedKind(k)}/${name}`;

/** Parses a YAML (or JSON) stream into objects; kubectl's error text when a document does not parse. */
export function parseStream(text: string, source: string): Obj[] | string {
  const out: Obj[] = [];
  for (const d of parseAllDocuments(text)) {
    const e = d.errors[0];
    if (e) {
      const line = e.linePos?.[0].line ?? 1;
      const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return `error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${what.charAt(0).toLowerCase()}${what.slice(1)}`;
    }
    const v: unknown = d.toJS();
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) {
      return `error parsing ${source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type map[string]interface {}`;
    }
    const o = v as Obj;
    if (o.kind === 'List' && Array.isArray(o.items)) out.push(...(o.items as Obj[]));
    else out.push(o);
  }
  return out;
}

/** Reads every -f source (`-` is stdin) into documents, or returns kubectl's error. */
export function readDocs(ctx: CommandCtx, p: ParsedArgs, stdin: string | undefined): Doc[] | string {
  const docs: Doc[] = [];
  for (const f of strs(p, 'filename')) {
    let text: string;
    if (f === '-') text = stdin ?? '';
    else {
      const data = ctx.files.read(f);
      if (!data) return `the path "${f}" does not exist`;
      text = new TextDecoder().decode(data);
    }
    const source = f === '-' ? 'STDIN' : f;
    const objs = parseStream(text, source);
    if (typeof objs === 'string') return objs;
    for (const obj of objs) {
      const missing = [...(typeof obj.apiVersion === 'string' && obj.apiVersion ? [] : ['apiVersion not set']), ...(typeof obj.kind === 'string' && obj.kind ? [] : ['kind not set'])];
      if (missing.length) {
        return `error validating "${source}": error validating data: [${missing.join(', ')}]; if you choose to ignore these errors, turn validation off with --validate=false`;
      }
      docs.push({ obj, source });
    }
  }
  if (!docs.length) return 'no objects passed to apply';
  return docs;
}

const metaOf = (o: Obj): Obj => (typeof o.metadata === 'object' && o.metadata !== null && !Array.isArray(o.metadata) ? o.metadata : {});

/** The kind a manifest names, as the API server's discovery maps it; kubectl's "resource mapping" error if none. */
export function mapKind(ctx: CommandCtx, d: Doc): KindDef | string {
  const k = kinds(ctx.st).find((x) => x.kind === d.obj.kind && servedVersions(x).some((v) => apiVersionOf({ ...x, version: v }) === d.obj.apiVersion));
  if (k) return k;
  const m = metaOf(d.obj);
  return `resource mapping not found for name: "${String(m.name ?? '')}" namespace: "${String(m.namespace ?? '')}" from "${d.source}": ` +
    `no matches for kind "${String(d.obj.kind)}" in version "${String(d.obj.apiVersion)}"\nensure CRDs are installed first`;
}

/** What creating or deleting a kind the lab does not store answers. */
export const notStored = (k: KindDef): string =>
  `podlock: creating or deleting ${k.group ? `${k.resource}.${k.group}` : k.resource} is not simulated yet`;

/**
 * Everything between a parsed document and the object the server stores: the kind mapping, a name, the namespace
 * (the manifest's, else -n, else default; a conflict with an explicit -n is kubectl's error) and that it exists.
 */
export function prepare(ctx: CommandCtx, p: ParsedArgs, d: Doc, verb: 'creating' | 'deleting' | 'applying'):
  { kind: KindDef; obj: Obj; name: string; namespace?: string } | string {
  const kind = mapKind(ctx, d);
  if (typeof kind === 'string') return kind;
  const m = { ...metaOf(d.obj) };
  const name = typeof m.name === 'string' ? m.name : '';
  const flagNs = str(p, 'namespace');
  let namespace: string | undefined;
  if (kind.namespaced) {
    const own = typeof m.namespace === 'string' && m.namespace ? m.namespace : undefined;
    if (own && flagNs && own !== flagNs) {
      return `the namespace from the provided object "${own}" does not match the namespace "${flagNs}". You must pass '--namespace=${own}' to perform this operation.`;
    }
    namespace = own ?? namespaceOf(p);
    m.namespace = namespace;
  } else delete m.namespace;
  if (!name) {
    return `error when retrieving current configuration of:\nResource: "${kind.group}/${kind.version}, Resource=${kind.resource}", GroupVersionKind: "${kind.group}/${kind.version}, Kind=${kind.kind}"\n` +
      `Name: "", Namespace: "${namespace ?? ''}"\nfrom server for: "${d.source}": resource name may not be empty`;
  }
  if (!kind.stored) return notStored(kind);
  if (namespace && !ctx.st.cluster.namespaces.some((n) => n.name === namespace)) {
    return `Error from server (NotFound): error when ${verb} "${d.source}": namespaces "${namespace}" not found`;
  }
  return { kind, obj: { ...d.obj, metadata: m }, name, ...(namespace ? { namespace } : {}) };
}
