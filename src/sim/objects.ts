/**
 * The API server's generic object store: Secrets, ConfigMaps, NetworkPolicies and custom resources a learner
 * applies, as plain JSON in the engine state (`st.objects`), plus label and annotation changes to the kinds the
 * cluster model owns (Pod and Namespace labels change the model itself, so a pod's labels decide which services
 * select it). The server fills uid (seeded RNG), resourceVersion (a counter) and creationTimestamp (virtual clock).
 */
import type { Sim } from './sim';
import type { SimState } from './state';
import { randomUuid } from './ids';
import { fmtIso } from './clock';
import { textToBase64 } from './base64';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type KubeObject = { [k: string]: Json };
export type MetaDelta = Record<string, string | null>;

/** Names one object: apiVersion and Kind as a manifest has them, namespace for namespaced kinds. */
export interface ObjectRef {
  apiVersion: string;
  objKind: string;
  namespace?: string;
  name: string;
}

export type ObjectInput =
  /** Create or replace an object of a stored kind (kubectl apply / create). */
  | { kind: 'apply'; object: KubeObject }
  | ({ kind: 'delete' } & ObjectRef)
  /** RFC 7386 merge patch ('strategic' is applied the same way: lists are replaced, not merged by key). */
  | ({ kind: 'patch'; patch: Json; patchType: 'merge' | 'strategic' } & ObjectRef)
  /** Label or annotation changes (null removes a key), for stored objects and for the model's kinds. */
  | ({ kind: 'set-metadata'; labels?: MetaDelta; annotations?: MetaDelta } & ObjectRef);

/** Kinds the cluster model owns: kubectl can label and annotate them, not create or delete them. */
export const MODEL_KINDS = ['Pod', 'Namespace', 'Node', 'Service'];

/** Fields the server owns: ignored in manifests, kept across updates. */
const SERVER_META = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink'];

export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '');
export const objectKey = (r: ObjectRef): string => `${groupOf(r.apiVersion)}|${r.objKind}|${r.namespace ?? ''}|${r.name}`;
export const metaOf = (o: KubeObject): { [k: string]: Json } => (o.metadata ?? {}) as { [k: string]: Json };
export const refOf = (o: KubeObject): ObjectRef => {
  const m = metaOf(o);
  return { apiVersion: String(o.apiVersion), objKind: String(o.kind), name: String(m.name), ...(typeof m.namespace === 'string' ? { namespace: m.namespace } : {}) };
};

const isMap = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the server stores for a manifest, before its own fields: Secret stringData folded into base64 data. */
export function normalize(o: KubeObject): KubeObject {
  const out = structuredClone(o);
  const m = metaOf(out);
  for (const f of SERVER_META) delete m[f];
  for (const f of ['labels', 'annotations']) if (isMap(m[f]) && Object.keys(m[f] as object).length === 0) delete m[f];
  delete out.status;
  if (out.kind === 'Secret' && out.apiVersion === 'v1') {
    out.type ??= 'Opaque';
    if (isMap(out.stringData)) {
      const data: { [k: string]: Json } = isMap(out.data) ? out.data : {};
      for (const [k, v] of Object.entries(out.stringData)) data[k] = textToBase64(String(v));
      out.data = data;
      delete out.stringData;
    }
  }
  return out;
}

/** The object without the server's fields, for deciding whether an update changes anything. */
function content(o: KubeObject): string {
  return stable(normalize(o));
}
const stable = (v: Json): string =>
  isMap(v) ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}` : Array.isArray(v) ? `[${v.map(stable).join(',')}]` : JSON.stringify(v);

export const storedObject = (st: SimState, r: ObjectRef): KubeObject | undefined => st.objects?.[objectKey(r)];

/** What applying `o` would do, without doing it (kubectl's created / configured / unchanged). */
export function applyOutcome(st: SimState, o: KubeObject): 'created' | 'configured' | 'unchanged' {
  const prev = storedObject(st, refOf(o));
  return !prev ? 'created' : content(prev) === content(o) ? 'unchanged' : 'configured';
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isMap(patch)) return structuredClone(patch);
  const out: { [k: string]: Json } = isMap(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** What a merge patch would leave, or undefined when the object does not exist. */
export function patchedObject(st: SimState, r: ObjectRef, patch: Json): KubeObject | undefined {
  const prev = storedObject(st, r);
  if (!prev) return undefined;
  const next = mergePatch(prev, patch) as KubeObject;
  // Identity is not patchable: the name, namespace and kind stay those of the target.
  next.apiVersion = prev.apiVersion;
  next.kind = prev.kind;
  next.metadata = { ...metaOf(next), name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) };
  return next;
}

/** Creates or replaces an object as the API server stores it (also how in-lab controllers write their objects). */
export function storeObject(sim: Sim, o: KubeObject): void {
  const st = sim.st;
  const objects = (st.objects ??= {});
  const key = objectKey(refOf(o));
  const prev = objects[key];
  if (prev && content(prev) === content(o)) return;
  const next = normalize(o);
  const pm = prev ? metaOf(prev) : {};
  st.objectVersion = (st.objectVersion ?? 3000) + 1;
  next.metadata = {
    ...metaOf(next),
    creationTimestamp: pm.creationTimestamp ?? fmtIso(st.now),
    resourceVersion: String(st.objectVersion),
    uid: pm.uid ?? randomUuid(st.rng),
  };
  objects[key] = next;
}

const applyDelta = (cur: Record<string, string>, d: MetaDelta | undefined): Record<string, string> => {
  const out = { ...cur };
  for (const [k, v] of Object.entries(d ?? {})) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
};

/** Label and annotation changes to a kind the model owns: into the model where it has the field, else an overlay. */
function setModelMetadata(st: SimState, i: Extract<ObjectInput, { kind: 'set-metadata' }>): void {
  let labels = i.labels;
  if (labels && i.objKind === 'Pod') {
    const pod = st.cluster.pods.find((p) => p.namespace === i.namespace && p.name === i.name);
    if (pod) pod.labels = applyDelta(pod.labels, labels);
    labels = undefined;
  } else if (labels && i.objKind === 'Namespace') {
    const ns = st.cluster.namespaces.find((n) => n.name === i.name);
    if (ns) ns.labels = applyDelta(ns.labels, labels);
    labels = undefined;
  }
  if (!labels && !i.annotations) return;
  const overlay = ((st.modelMeta ??= {})[objectKey(i)] ??= { labels: {}, annotations: {} });
  Object.assign(overlay.labels, labels ?? {});
  Object.assign(overlay.annotations, i.annotations ?? {});
}

/** Label and annotation changes the overlay holds for a model object, applied over what the model says. */
export function withModelMeta(st: SimState, r: ObjectRef, labels: Record<string, string>, annotations: Record<string, string>): { labels: Record<string, string>; annotations: Record<string, string> } {
  const o = st.modelMeta?.[objectKey(r)];
  return o ? { labels: applyDelta(labels, o.labels), annotations: applyDelta(annotations, o.annotations) } : { labels, annotations };
}

/** Applies an object input to the state. Targets that do not exist are ignored (kubectl checks first). */
export function applyObjectInput(sim: Sim, i: ObjectInput): void {
  const st = sim.st;
  switch (i.kind) {
    case 'apply':
      return storeObject(sim, i.object);
    case 'delete':
      if (st.objects) delete st.objects[objectKey(i)];
      return;
    case 'patch': {
      const next = patchedObject(st, i, i.patch);
      if (next) storeObject(sim, next);
      return;
    }
    case 'set-metadata': {
      if (groupOf(i.apiVersion) === '' && MODEL_KINDS.includes(i.objKind)) return setModelMetadata(st, i);
      const prev = storedObject(st, i);
      if (!prev) return;
      const m = metaOf(prev);
      const labels = applyDelta((m.labels ?? {}) as Record<string, string>, i.labels);
      const annotations = applyDelta((m.annotations ?? {}) as Record<string, string>, i.annotations);
      return storeObject(sim, { ...prev, metadata: { ...m, labels, annotations } });
    }
  }
}
