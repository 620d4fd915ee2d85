/**
 * Istio's mTLS settings as a sidecar resolves them (FIDELITY.md §4): PeerAuthentication at workload level (a
 * `selector.matchLabels` in the pod's namespace), namespace level (no selector, in the pod's namespace) and mesh
 * level (no selector, in the root namespace istio-system), the most specific one that sets a mode winning; UNSET
 * inherits; nothing at all means PERMISSIVE. DestinationRule `trafficPolicy.tls.mode` for a host overrides the
 * client's automatic choice (auto mTLS: mTLS to a destination that has a sidecar and does not DISABLE it).
 * Port-level settings (portLevelMtls, portLevelSettings) are not modelled.
 */
import type { SimState } from '../sim/state';
import type { Pod } from '../sim/cluster';
import type { KubeObject } from '../sim/objects';
import { groupOf } from '../sim/objects';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

const objectsOf = (st: SimState, group: string, kind: string): KubeObject[] =>
  Object.values(st.objects ?? {}).filter((o) => o.kind === kind && groupOf(String(o.apiVersion)) === group);

const meta = (o: KubeObject) => (o.metadata ?? {}) as { name?: string; namespace?: string };
const spec = (o: KubeObject) => (o.spec ?? {}) as { selector?: { matchLabels?: Record<string, string> }; mtls?: { mode?: string }; host?: string; trafficPolicy?: { tls?: { mode?: string } } };

function modeOf(o: KubeObject): MtlsMode | undefined {
  const m = spec(o).mtls?.mode;
  return m === 'STRICT' || m === 'PERMISSIVE' || m === 'DISABLE' ? m : undefined;
}

/** The PeerAuthentication that decides a workload's mode, and the mode (PERMISSIVE when none sets one). */
export function effectivePeerAuthentication(st: SimState, pod: Pod): { mode: MtlsMode; from?: { name: string; namespace: string; level: 'workload' | 'namespace' | 'mesh' } } {
  const all = objectsOf(st, 'security.istio.io', 'PeerAuthentication');
  const byName = (a: KubeObject, b: KubeObject) => String(meta(a).name).localeCompare(String(meta(b).name));
  const selects = (o: KubeObject): boolean => {
    const ml = spec(o).selector?.matchLabels;
    return !!ml && Object.keys(ml).length > 0 && Object.entries(ml).every(([k, v]) => pod.labels[k] === v);
  };
  const levels: [('workload' | 'namespace' | 'mesh'), KubeObject[]][] = [
    ['workload', all.filter((o) => meta(o).namespace === pod.namespace && selects(o))],
    ['namespace', all.filter((o) => meta(o).namespace === pod.namespace && !spec(o).selector?.matchLabels)],
    ['mesh', all.filter((o) => meta(o).namespace === ISTIO_ROOT_NAMESPACE && !spec(o).selector?.matchLabels)],
  ];
  for (const [level, list] of levels) {
    const o = list.sort(byName).find((x) => modeOf(x));
    if (o) return { mode: modeOf(o)!, from: { name: String(meta(o).name), namespace: String(meta(o).namespace), level } };
  }
  return { mode: 'PERMISSIVE' };
}

/** A DestinationRule's TLS mode for a service host (`backend.bank.svc.cluster.local`), if one applies. */
export function destinationRuleTls(st: SimState, fqdn: string, clientNamespace: string): string | undefined {
  const [svc, ns] = fqdn.split('.');
  const matches = (o: KubeObject): boolean => {
    const h = spec(o).host ?? '';
    const home = meta(o).namespace ?? 'default';
    return h === fqdn || h === `${svc}.${ns}` || (h === svc && home === ns);
  };
  const rules = objectsOf(st, 'networking.istio.io', 'DestinationRule').filter(matches);
  // The client's own namespace first, then the service's, then the root namespace (Istio's lookup order).
  const rank = (o: KubeObject): number => [clientNamespace, ns, ISTIO_ROOT_NAMESPACE].indexOf(meta(o).namespace ?? '');
  const best = rules.filter((o) => rank(o) >= 0).sort((a, b) => rank(a) - rank(b))[0];
  return best ? spec(best).trafficPolicy?.tls?.mode : undefined;
}
