/** Checks object-store inputs (apply, delete, patch, set-metadata) from outside: a specific message, or null. */
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value: what structuredClone and the input log keep exactly. */
function isJson(v: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJson(x, depth + 1));
  return isMap(v) && Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every((x) => isJson(x, depth + 1));
}

function checkRef(kind: string, i: Record<string, unknown>): string | null {
  if (typeof i.apiVersion !== 'string' || !i.apiVersion) return `${kind}: apiVersion must be a non-empty string`;
  if (typeof i.objKind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(i.objKind)) return `${kind}: objKind must be a Kind such as Secret`;
  if (typeof i.name !== 'string' || !NAME.test(i.name)) return `${kind}: name must be a DNS subdomain name`;
  if (i.namespace !== undefined && (typeof i.namespace !== 'string' || !NAME.test(i.namespace))) return `${kind}: namespace must be a DNS label`;
  return null;
}

function checkDelta(kind: string, field: string, d: unknown): string | null {
  if (d === undefined) return null;
  if (!isMap(d) || !Object.entries(d).every(([k, v]) => k !== '' && (v === null || typeof v === 'string'))) {
    return `${kind}: ${field} must map keys to strings (or null to remove them)`;
  }
  return null;
}

export function validateObjectInput(i: Record<string, unknown>): string | null {
  switch (i.kind) {
    case 'apply': {
      const o = i.object;
      if (!isMap(o) || !isJson(o)) return 'apply: object must be a JSON object';
      if (typeof o.apiVersion !== 'string' || !o.apiVersion) return 'apply: object.apiVersion must be a non-empty string';
      if (typeof o.kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(o.kind)) return 'apply: object.kind must be a Kind such as Secret';
      const m = o.metadata;
      if (!isMap(m) || typeof m.name !== 'string' || !NAME.test(m.name)) return 'apply: object.metadata.name must be a DNS subdomain name';
      if (m.namespace !== undefined && (typeof m.namespace !== 'string' || !NAME.test(m.namespace))) return 'apply: object.metadata.namespace must be a DNS label';
      return null;
    }
    case 'delete':
      return checkRef('delete', i);
    case 'patch':
      if (i.patchType !== 'merge' && i.patchType !== 'strategic') return "patch: patchType must be 'merge' or 'strategic'";
      if (!isMap(i.patch) || !isJson(i.patch)) return 'patch: patch must be a JSON object';
      return checkRef('patch', i);
    case 'set-metadata':
      if (i.labels === undefined && i.annotations === undefined) return 'set-metadata: give labels or annotations';
      return checkRef('set-metadata', i) ?? checkDelta('set-metadata', 'labels', i.labels) ?? checkDelta('set-metadata', 'annotations', i.annotations);
    default:
      return `unknown input kind: ${String(i.kind)}`;
  }
}
