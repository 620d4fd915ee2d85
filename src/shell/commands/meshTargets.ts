/**
 * How the mesh CLIs name a workload: istioctl's `<pod>[.<namespace>]`, `pod/<name>` and `deploy/<name>` (the
 * Deployment's first pod), with `-n` as the namespace otherwise (default `default`); and istioctl's way of printing a
 * name back (`kname`: `name` in the namespace asked about, `name.namespace` elsewhere).
 */
import type { SimState } from '../../sim/state';
import type { Pod } from '../../sim/cluster';
import { labDeployments } from './meshPods';

export interface PodTarget {
  pod?: Pod;
  /** The name as the error message names it. */
  name: string;
  namespace: string;
  /** What kind the user named: `pods` or `deployments`. */
  kind: 'pods' | 'deployments';
}

/** Resolves `backend.bank`, `backend -n bank`, `pod/backend`, `deploy/backend.bank`. */
export function podTarget(st: SimState, arg: string, flagNs: string | undefined): PodTarget {
  let kind: PodTarget['kind'] = 'pods';
  let ref = arg;
  const slash = arg.indexOf('/');
  if (slash >= 0) {
    const t = arg.slice(0, slash).toLowerCase();
    if (['deploy', 'deployment', 'deployments'].includes(t)) kind = 'deployments';
    ref = arg.slice(slash + 1);
  }
  const dot = ref.indexOf('.');
  const name = dot < 0 ? ref : ref.slice(0, dot);
  const namespace = dot < 0 ? flagNs || 'default' : ref.slice(dot + 1);
  const pod = kind === 'pods'
    ? st.cluster.pods.find((p) => p.namespace === namespace && p.name === name)
    : labDeployments(st).find((d) => d.namespace === namespace && d.name === name)?.pods[0];
  return { pod, name, namespace, kind };
}

/** istioctl's short name for an object: bare in the namespace the command works in, `name.namespace` elsewhere. */
export const kname = (name: string, namespace: string, current: string): string => (namespace === current ? name : `${name}.${namespace}`);
