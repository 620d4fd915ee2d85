/**
 * Label selectors (`-l app=backend,tier!=db`, `env in (a,b)`, `!canary`) and field selectors
 * (`--field-selector spec.nodeName=node-1`), parsed and matched the way the API server does (apimachinery's
 * labels.Parse and fields.ParseSelector), with the API server's error texts.
 */
import type { Json, Obj } from './kubectlObjects';

type Req =
  | { key: string; op: 'exists' | '!' }
  | { key: string; op: '=' | '!=' | 'in' | 'notin'; values: string[] }
  | { key: string; op: '<' | '>'; n: number };

export type LabelSelector = Req[];

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME_HELP = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_HELP = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end " +
  "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function checkKey(key: string): string | null {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  if (slash >= 0 && (prefix === '' || prefix.length > 253 || !DNS1123.test(prefix))) {
    return `invalid label key "${key}": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`;
  }
  if (name === '') return `invalid label key "${key}": name part must be non-empty`;
  if (name.length > 63) return `invalid label key "${key}": name part must be no more than 63 characters`;
  return NAME.test(name) ? null : `invalid label key "${key}": ${NAME_HELP}`;
}

function checkValue(key: string, v: string): string | null {
  return v === '' || (v.length <= 63 && NAME.test(v)) ? null : `invalid label value: "${v}": at key: "${key}": ${VALUE_HELP}`;
}

/** Splits on commas outside parentheses. */
function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0, cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth <= 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** Parses a label selector; returns the API server's message on error. */
export function parseLabelSelector(text: string): LabelSelector | string {
  const reqs: Req[] = [];
  if (text.trim() === '') return reqs;
  for (const raw of splitTop(text)) {
    const r = raw.trim();
    let m: RegExpExecArray | null;
    let req: Req;
    if ((m = /^!\s*([^\s=!<>(),]+)$/.exec(r))) req = { key: m[1], op: '!' };
    else if ((m = /^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(r))) {
      req = { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()) };
    } else if ((m = /^([^\s=!<>(),]+)\s*(==|=|!=)\s*([^\s=!<>(),]*)$/.exec(r))) {
      req = { key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] };
    } else if ((m = /^([^\s=!<>(),]+)\s*([<>])\s*(\S*)$/.exec(r))) {
      if (!/^-?\d+$/.test(m[3])) return `unable to parse requirement: invalid integer value '${m[3]}' for operator '${m[2]}'`;
      req = { key: m[1], op: m[2] as '<' | '>', n: Number(m[3]) };
    } else if ((m = /^([^\s=!<>(),]+)$/.exec(r))) req = { key: m[1], op: 'exists' };
    else {
      const lead = /^[=!<>(),]+/.exec(r);
      if (lead || r === '') return `unable to parse requirement: found '${lead?.[0] ?? ''}', expected: identifier`;
      const rest = /^[^\s=!<>(),]+\s*(.*)$/.exec(r)?.[1] ?? r;
      return `unable to parse requirement: found '${rest.split(/\s+/)[0]}', expected: in, notin, =, ==, !=, gt, lt`;
    }
    const keyErr = checkKey(req.key);
    if (keyErr) return `unable to parse requirement: ${keyErr}`;
    if ('values' in req) {
      for (const v of req.values) {
        const e = checkValue(req.key, v);
        if (e) return `unable to parse requirement: ${e}`;
      }
    }
    reqs.push(req);
  }
  return reqs;
}

export function matchLabels(sel: LabelSelector, labels: Record<string, string>): boolean {
  return sel.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case 'exists': return has;
      case '!': return !has;
      case '=': case 'in': return has && r.values.includes(v);
      case '!=': case 'notin': return !has || !r.values.includes(v);
      case '<': case '>': {
        if (!has || !/^-?\d+$/.test(v)) return false;
        return r.op === '<' ? Number(v) < r.n : Number(v) > r.n;
      }
    }
  });
}

export type FieldSelector = { path: string; op: '=' | '!='; value: string }[];

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];
const KIND_FIELDS: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork',
    'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Node: ['spec.unschedulable'],
  Namespace: ['status.phase'],
  Secret: ['type'],
};

/** Parses `--field-selector` for a kind; returns the API server's message on error. */
export function parseFieldSelector(text: string, kind: string): FieldSelector | string {
  const out: FieldSelector = [];
  if (text.trim() === '') return out;
  for (const raw of text.split(',')) {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(raw.trim());
    if (!m) return `invalid selector: '${text}'; can't understand '${raw.trim()}'`;
    if (![...COMMON_FIELDS, ...(KIND_FIELDS[kind] ?? [])].includes(m[1])) return `field label not supported: ${m[1]}`;
    out.push({ path: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] });
  }
  return out;
}

export function matchFields(sel: FieldSelector, o: Obj): boolean {
  return sel.every((f) => {
    let cur: Json | undefined = o;
    for (const p of f.path.split('.')) cur = cur && typeof cur === 'object' && !Array.isArray(cur) ? cur[p] : undefined;
    const v = cur === undefined || cur === null ? '' : String(cur);
    return f.op === '=' ? v === f.value : v !== f.value;
  });
}
