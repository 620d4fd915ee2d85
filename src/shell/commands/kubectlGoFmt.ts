/**
 * How Go prints decoded JSON values (map[string]interface{}, []interface{}, int64, float64, string, bool, nil),
 * which kubectl's output shows: encoding/json (sorted keys, HTML-safe escapes), fmt's %v and %#v, and Go's type
 * names in error messages.
 */
import type { Json } from './kubectlObjects';

/** Recursively sorts object keys, as Go's encoders do for maps. */
export function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

const htmlSafe = (s: string): string =>
  s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** json.Marshal: compact. */
export const goJson = (v: Json): string => htmlSafe(JSON.stringify(sortKeys(v)));

/** json.MarshalIndent(v, "", "    "), as `kubectl get -o json` prints (a newline follows). */
export const goJsonIndent = (v: Json): string => htmlSafe(JSON.stringify(sortKeys(v), null, 4));

export function goTypeName(v: Json): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  switch (typeof v) {
    case 'object': return 'map[string]interface {}';
    case 'number': return Number.isInteger(v) ? 'int64' : 'float64';
    case 'boolean': return 'bool';
    default: return 'string';
  }
}

/** Go's %v of a float64 (strconv 'g', shortest digits: an exponent from 1e6 up or below 1e-4). */
function goFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) {
    const [m, e] = n.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

/** fmt %v. */
export function goV(v: Json): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${goV(v[k])}`).join(' ')}]`;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  return String(v);
}

/** fmt %#v of a value held in an interface{}. */
export function goSharpV(v: Json): string {
  if (v === null) return 'interface {}(nil)';
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  if (typeof v === 'object') return `map[string]interface {}{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${goSharpV(v[k])}`).join(', ')}}`;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/** Go's %#U: `U+0021 '!'`. */
export function goRune(r: string): string {
  const cp = r.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`;
}
