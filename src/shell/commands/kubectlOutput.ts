/**
 * kubectl's non-table printers: -o yaml (go-yaml v2 style through the `yaml` package: sorted keys, sequences not
 * indented under their key, YAML 1.1 quoting of "True", "0" and timestamps), -o json (4-space indent, sorted keys),
 * -o name, -o jsonpath / jsonpath-as-json, -o custom-columns, and the List wrapper kubectl uses whenever more than
 * one object (or a whole kind) was asked for.
 */
import { stringify } from 'yaml';
import type { Pair, Scalar } from 'yaml';
import type { Json, Obj } from './kubectlObjects';
import type { JsonpathTemplate } from './kubectlJsonpath';
import { compileJsonpath, jsonpathResults, renderJsonpath } from './kubectlJsonpath';
import { goJsonIndent, goSharpV, goV, sortKeys } from './kubectlGoFmt';
import { TABLE, table } from '../tabwriter';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' | 'json' | 'name' }
  | { kind: 'jsonpath'; template: JsonpathTemplate; asJson: boolean }
  | { kind: 'custom-columns'; columns: { header: string; template: JsonpathTemplate }[] };

const ALLOWED = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** kubectl's RelaxedJSONPathExpression: `.a.b`, `a.b`, `{.a.b}` all mean `{.a.b}`. */
export function relaxedJsonpath(expr: string): string | { error: string } {
  if (expr === '') return expr;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expr);
  if (!m) return { error: "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'" };
  return `{.${m[1] || m[2]}}`;
}

/** Parses the value of -o; returns kubectl's error text (without `error: `) when it cannot print that way. */
export function parseOutputFormat(value: string | undefined): OutputFormat | string {
  if (value === undefined || value === '') return { kind: 'table', wide: false };
  if (value === 'wide') return { kind: 'table', wide: true };
  if (value === 'yaml' || value === 'json' || value === 'name') return { kind: value };
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  const arg = eq < 0 ? '' : value.slice(eq + 1);
  if (name === 'jsonpath' || name === 'jsonpath-as-json') {
    if (arg === '') return 'template format specified but no template given';
    const c = compileJsonpath(arg);
    if (!c.ok) return `error parsing jsonpath ${arg}, ${c.error}`;
    return { kind: 'jsonpath', template: c.template, asJson: name === 'jsonpath-as-json' };
  }
  if (name === 'custom-columns') {
    if (arg === '') return 'custom-columns format specified but no custom columns given';
    const columns: { header: string; template: JsonpathTemplate }[] = [];
    for (const spec of arg.split(',')) {
      const parts = spec.split(':');
      if (parts.length !== 2) return `unexpected custom-columns spec: ${spec}, expected <header>:<json-path-expr>`;
      const relaxed = relaxedJsonpath(parts[1]);
      if (typeof relaxed !== 'string') return relaxed.error;
      const c = compileJsonpath(relaxed);
      if (!c.ok) return c.error;
      columns.push({ header: parts[0], template: c.template });
    }
    return { kind: 'custom-columns', columns };
  }
  if (['go-template', 'go-template-file', 'template', 'templatefile', 'jsonpath-file', 'custom-columns-file'].includes(name)) {
    return `podlock: -o ${name} is not available in this lab yet (use -o jsonpath, -o custom-columns, -o json or -o yaml)`;
  }
  return `unable to match a printer suitable for the output format "${value}", allowed formats are: ${ALLOWED}`;
}

export const listObject = (items: Obj[]): Obj => ({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** go-yaml v2's key order (sorter.go): non-letters before letters, digit runs compared as numbers. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a], br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]), bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0, bn = 0, ai = i, bi = i;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

const keyOrder = (a: Pair, b: Pair): number => {
  const x = String((a.key as Scalar).value), y = String((b.key as Scalar).value);
  return goYamlKeyLess(x, y) ? -1 : goYamlKeyLess(y, x) ? 1 : 0;
};

/** `kubectl -o yaml` (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1 quoting, unindented sequences, go-yaml key order. */
export const toYaml = (v: Json): string => stringify(v, { version: '1.1', indentSeq: false, sortMapEntries: keyOrder });

/**
 * Prints objects with a non-table format. `single`: one object was named, so it prints bare, not in a List.
 * `names` are the `-o name` forms (`pod/frontend`). Returns text for stdout, or an error for stderr.
 */
export function printObjects(format: Exclude<OutputFormat, { kind: 'table' }>, objs: Obj[], names: string[], single: boolean, noHeaders = false):
  { out: string } | { error: string } {
  const data: Obj = single && objs.length === 1 ? objs[0] : listObject(objs);
  switch (format.kind) {
    case 'yaml': return { out: toYaml(data) };
    case 'json': return { out: `${goJsonIndent(data)}\n` };
    case 'name': return { out: names.map((n) => `${n}\n`).join('') };
    case 'jsonpath': {
      const r = renderJsonpath(format.template, sortKeys(data), format.asJson);
      if (r.ok) return { out: r.text };
      const raw = format.template.source;
      return {
        error: `error executing jsonpath ${JSON.stringify(raw)}: Error executing template: ${r.error}. Printing more information for debugging the template:\n` +
          `\ttemplate was:\n\t\t${raw}\n\tobject given to jsonpath engine was:\n\t\t${goSharpV(sortKeys(data))}\n\n`,
      };
    }
    case 'custom-columns': {
      const rows: string[][] = noHeaders ? [] : [format.columns.map((c) => c.header)];
      for (const o of objs) {
        const row: string[] = [];
        for (const c of format.columns) {
          const r = executeColumn(c.template, o);
          if (typeof r !== 'string') return r;
          row.push(r);
        }
        rows.push(row);
      }
      return { out: table(rows, TABLE) };
    }
  }
}

/** One custom-columns cell: every value found (fmt.Sprint of each), joined by commas; `<none>` when nothing is found. */
function executeColumn(template: JsonpathTemplate, o: Obj): string | { error: string } {
  const r = jsonpathResults(template, sortKeys(o));
  if (!r.ok) return { error: r.error };
  if (!r.groups.length || !r.groups[0].length) return '<none>';
  return r.groups.flat().map(goV).join(',');
}
