/**
 * `istioctl x describe pod <pod>[.<ns>]` (Istio 1.24's layout): the pod and its ports, each Service that selects it
 * with its ports and the DestinationRule for its host, then the mTLS mode the workload enforces (the lead's
 * precedence rules in src/datapath/meshPolicy.ts) and which PeerAuthentications apply. The lab has no ingress
 * gateway and models no VirtualService, so those parts say what istioctl says without them.
 */
import type { SimState } from '../../sim/state';
import type { Pod, Service } from '../../sim/cluster';
import type { KubeObject } from '../../sim/objects';
import type { CommandCtx } from '../types';
import { groupOf } from '../../sim/objects';
import { selects } from '../../sim/cluster';
import { effectivePeerAuthentication, ISTIO_ROOT_NAMESPACE } from '../../datapath/meshPolicy';
import { podContainers } from './kubectlPod';
import { kname, podTarget } from './meshTargets';

const RULE = '--------------------\n';

const objectsOf = (st: SimState, group: string, kind: string): KubeObject[] =>
  Object.values(st.objects ?? {}).filter((o) => o.kind === kind && groupOf(String(o.apiVersion)) === group)
    .sort((a, b) => String(meta(a).name).localeCompare(String(meta(b).name)));
const meta = (o: KubeObject) => (o.metadata ?? {}) as { name?: string; namespace?: string };
const spec = (o: KubeObject) => (o.spec ?? {}) as {
  selector?: { matchLabels?: Record<string, string> }; host?: string; trafficPolicy?: { tls?: { mode?: string } };
  subsets?: { name?: string; labels?: Record<string, string> }[];
};

/** `9080 (ratings), 15090 (istio-proxy)`: TCP ports bare, others with their protocol. */
function podPorts(st: SimState, pod: Pod): string {
  return podContainers(st, pod).flatMap((c) => c.ports.map((p) => `${p.containerPort}${p.protocol === 'TCP' ? '' : `/${p.protocol}`} (${c.name})`)).join(', ');
}

/** The protocol Istio derives from a service port's name (`http`, `http-foo`, `grpc`...); unnamed ports are sniffed. */
function protocolOf(name: string | undefined): string {
  const prefix = (name ?? '').split('-')[0].toLowerCase();
  const known: Record<string, string> = {
    http: 'HTTP', http2: 'HTTP2', https: 'HTTPS', grpc: 'GRPC', 'grpc-web': 'GRPC-Web', tcp: 'TCP', tls: 'TLS', mongo: 'Mongo', mysql: 'MySQL', redis: 'Redis',
  };
  return known[prefix] ?? 'auto-detect';
}

/** DestinationRules whose host names this service, in the lookup order the sidecar uses. */
function destinationRules(st: SimState, svc: Service, clientNs: string): KubeObject[] {
  const fqdn = `${svc.name}.${svc.namespace}.svc.cluster.local`;
  const matches = (o: KubeObject): boolean => {
    const h = spec(o).host ?? '';
    return h === fqdn || h === `${svc.name}.${svc.namespace}` || (h === svc.name && (meta(o).namespace ?? 'default') === svc.namespace);
  };
  const rank = (o: KubeObject): number => [clientNs, svc.namespace, ISTIO_ROOT_NAMESPACE].indexOf(meta(o).namespace ?? '');
  return objectsOf(st, 'networking.istio.io', 'DestinationRule').filter((o) => matches(o) && rank(o) >= 0).sort((a, b) => rank(a) - rank(b));
}

/** Every PeerAuthentication that applies to the workload: mesh-wide, its namespace's, and those selecting it. */
function appliedPeerAuthentications(st: SimState, pod: Pod): KubeObject[] {
  const all = objectsOf(st, 'security.istio.io', 'PeerAuthentication');
  const sel = (o: KubeObject) => spec(o).selector?.matchLabels;
  return [
    ...all.filter((o) => meta(o).namespace === ISTIO_ROOT_NAMESPACE && !sel(o)),
    ...all.filter((o) => meta(o).namespace === pod.namespace && pod.namespace !== ISTIO_ROOT_NAMESPACE && !sel(o)),
    ...all.filter((o) => meta(o).namespace === pod.namespace && sel(o) && Object.keys(sel(o)!).length > 0 && selects(sel(o)!, pod.labels)),
  ];
}

function drLines(dr: KubeObject, current: string, pod: Pod): string {
  const s = spec(dr);
  let t = `DestinationRule: ${kname(String(meta(dr).name), String(meta(dr).namespace ?? 'default'), current)} for "${s.host ?? ''}"\n`;
  const subsets = s.subsets ?? [];
  if (subsets.length) {
    const match = subsets.filter((x) => x.labels && Object.entries(x.labels).every(([k, v]) => pod.labels[k] === v)).map((x) => x.name ?? '');
    const other = subsets.map((x) => x.name ?? '').filter((n) => !match.includes(n));
    t += `   Matching subsets: ${match.join(',')}\n`;
    if (other.length) t += `      (Non-matching subsets ${other.join(',')})\n`;
  }
  t += s.trafficPolicy?.tls?.mode ? `   Traffic Policy TLS Mode: ${s.trafficPolicy.tls.mode}\n` : '   No Traffic Policy\n';
  return t;
}

/** The describe page of one pod, or the error istioctl prints. */
export function describePod(ctx: CommandCtx, arg: string, flagNs: string | undefined): number {
  const current = flagNs || 'default';
  const target = podTarget(ctx.st, arg, flagNs);
  const pod = target.pod;
  if (!pod) {
    ctx.err(`Error: ${target.kind === 'pods' ? 'pods' : 'deployments.apps'} "${target.name}" not found\n`);
    return 1;
  }
  const st = ctx.st;
  const name = kname(pod.name, pod.namespace, current);
  let t = `Pod: ${name}\n`;
  if (pod.sidecar !== 'istio') {
    const ports = podPorts(st, pod);
    t += `${ports ? `   Pod Ports: ${ports}\n` : ''}WARNING: ${name} is not part of mesh; no Istio sidecar\n${RULE}`;
    ctx.out(t);
    ctx.err(`Error: failed to execute command on sidecar: error execing into ${pod.name}/${pod.namespace} istio-proxy container: container istio-proxy is not valid for pod ${pod.name}\n`);
    return 1;
  }
  t += `   Pod Revision: default\n   Pod Ports: ${podPorts(st, pod)}\n${RULE}`;
  const services = st.cluster.services.filter((s) => s.namespace === pod.namespace && selects(s.selector, pod.labels));
  for (const svc of services) {
    t += `Service: ${kname(svc.name, svc.namespace, current)}\n`;
    for (const p of svc.ports) t += `   Port: ${p.name ?? ''} ${p.port}/${protocolOf(p.name)} targets pod port ${p.targetPort}\n`;
    const dr = destinationRules(st, svc, pod.namespace)[0];
    if (dr) t += drLines(dr, current, pod);
  }
  const eff = effectivePeerAuthentication(st, pod);
  t += `${services.length ? RULE : ''}Effective PeerAuthentication:\n   Workload mTLS mode: ${eff.mode}\n`;
  const applied = appliedPeerAuthentications(st, pod);
  if (applied.length) t += `Applied PeerAuthentication:\n   ${applied.map((o) => `${String(meta(o).name)}.${String(meta(o).namespace)}`).join(', ')}\n`;
  t += 'Skipping Gateway information (no ingress gateway pods)\n';
  ctx.out(t);
  return 0;
}
