/**
 * `kubectl describe` pages for nodes, services, endpoints, namespaces, service accounts and secrets (the Data
 * section gives each key's size in bytes, never its value), laid out as kubectl 1.31 prints them; a generic page
 * (name, labels, annotations) for other kinds.
 */
import type { CommandCtx } from '../types';
import type { Obj } from './kubectlObjects';
import { SECOND } from '../../sim/clock';
import { fromBase64 } from '../../sim/base64';
import { formatEndpoints, age } from './kubectlTables';
import { formatLabels, parseIsoUs, rfc1123z } from './kubectlFormat';
import { listObjects, resolveKind } from './kubectlResources';
import { DescribeWriter, annotationsMultiline, arr, events, get, labelsMultiline, metaOf, rec, s } from './kubectlDescribeText';

const time = (v: unknown): string => {
  const t = typeof v === 'string' ? parseIsoUs(v) : undefined;
  return t === undefined ? '<unknown>' : rfc1123z(t);
};

export function describeNode(ctx: CommandCtx, o: Obj): string {
  const w = new DescribeWriter();
  const m = metaOf(o);
  const name = s(m.name);
  w.w(0, `Name:\t${name}\n`);
  const roles = Object.keys(rec(m.labels)).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).sort();
  w.w(0, `Roles:\t${roles.join(',') || '<none>'}\n`);
  labelsMultiline(w, 'Labels', rec(m.labels));
  annotationsMultiline(w, 'Annotations', rec(m.annotations));
  w.w(0, `CreationTimestamp:\t${time(m.creationTimestamp)}\n`);
  w.w(0, 'Taints:\t<none>\n');
  w.w(0, 'Unschedulable:\tfalse\n');
  // The kubelet renews its Lease every 10 seconds.
  const created = parseIsoUs(s(m.creationTimestamp)) ?? ctx.now;
  const renew = created + Math.max(0, Math.floor((ctx.now - created) / (10 * SECOND))) * 10 * SECOND;
  w.w(0, `Lease:\n  HolderIdentity:\t${name}\n  AcquireTime:\t<unset>\n  RenewTime:\t${rfc1123z(renew)}\n`);
  w.w(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
  w.w(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
  for (const c of arr(get(o, 'status.conditions'))) {
    w.w(1, `${s(get(c, 'type'))} \t${s(get(c, 'status'))} \t${time(get(c, 'lastHeartbeatTime'))} \t${time(get(c, 'lastTransitionTime'))} \t` +
      `${s(get(c, 'reason'))} \t${s(get(c, 'message'))}\n`);
  }
  w.w(0, 'Addresses:\n');
  for (const a of arr(get(o, 'status.addresses'))) w.w(1, `${s(get(a, 'type'))}:\t${s(get(a, 'address'))}\n`);
  for (const [title, path] of [['Capacity', 'status.capacity'], ['Allocatable', 'status.allocatable']]) {
    const list = rec(get(o, path));
    w.w(0, `${title}:\n`);
    for (const k of Object.keys(list).sort()) w.w(1, `${k}:\t${list[k]}\n`);
  }
  const info = (k: string): string => s(get(o, `status.nodeInfo.${k}`));
  w.w(0, 'System Info:\n');
  for (const [label, key] of [['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'],
    ['Kernel Version', 'kernelVersion'], ['OS Image', 'osImage'], ['Operating System', 'operatingSystem'],
    ['Architecture', 'architecture'], ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'], ['Kube-Proxy Version', 'kubeProxyVersion']]) {
    w.w(1, `${label}:\t${info(key)}\n`);
  }
  w.w(0, `PodCIDR:\t${s(get(o, 'spec.podCIDR'))}\n`);
  w.w(0, `PodCIDRs:\t${arr(get(o, 'spec.podCIDRs')).map(s).join(',')}\n`);
  const podKind = resolveKind(ctx.st, 'pods');
  const pods = (podKind ? listObjects(ctx.st, podKind, undefined) ?? [] : []).filter((p) => get(p, 'spec.nodeName') === name);
  w.w(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.w(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.w(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  for (const p of pods) {
    w.w(1, `${s(get(p, 'metadata.namespace'))}\t${s(get(p, 'metadata.name'))}\t\t0 (0%)\t0 (0%)\t0 (0%)\t0 (0%)\t${age(p, ctx.now)}\n`);
  }
  w.w(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.w(1, 'Resource\tRequests\tLimits\n');
  w.w(1, '--------\t--------\t------\n');
  for (const r of ['cpu', 'memory', 'ephemeral-storage', 'hugepages-1Gi', 'hugepages-2Mi']) w.w(1, `${r}\t0 (0%)\t0 (0%)\n`);
  events(w);
  return w.done();
}

export function describeService(ctx: CommandCtx, o: Obj): string {
  const w = metadataHeader(o, true);
  const m = metaOf(o);
  w.w(0, `Selector:\t${formatLabels(rec(get(o, 'spec.selector')))}\n`);
  w.w(0, `Type:\t${s(get(o, 'spec.type'))}\n`);
  w.w(0, `IP Family Policy:\t${s(get(o, 'spec.ipFamilyPolicy'))}\n`);
  w.w(0, `IP Families:\t${arr(get(o, 'spec.ipFamilies')).map(s).join(',')}\n`);
  w.w(0, `IP:\t${s(get(o, 'spec.clusterIP'))}\n`);
  w.w(0, `IPs:\t${arr(get(o, 'spec.clusterIPs')).map(s).join(',')}\n`);
  const epKind = resolveKind(ctx.st, 'endpoints');
  const ep = (epKind ? listObjects(ctx.st, epKind, s(m.namespace)) ?? [] : []).find((e) => get(e, 'metadata.name') === m.name);
  for (const sp of arr(get(o, 'spec.ports'))) {
    const name = s(get(sp, 'name')) || '<unset>';
    const proto = s(get(sp, 'protocol'));
    w.w(0, `Port:\t${name}\t${s(get(sp, 'port'))}/${proto}\n`);
    w.w(0, `TargetPort:\t${s(get(sp, 'targetPort'))}/${proto}\n`);
    w.w(0, `Endpoints:\t${ep ? formatEndpoints(ep, s(get(sp, 'name'))) : ''}\n`);
  }
  w.w(0, `Session Affinity:\t${s(get(o, 'spec.sessionAffinity'))}\n`);
  w.w(0, `Internal Traffic Policy:\t${s(get(o, 'spec.internalTrafficPolicy'))}\n`);
  events(w);
  return w.done();
}

export function describeEndpoints(o: Obj): string {
  const w = metadataHeader(o, true);
  w.w(0, 'Subsets:\n');
  for (const ss of arr(o.subsets)) {
    w.w(1, `Addresses:\t${arr(get(ss, 'addresses')).map((a) => s(get(a, 'ip'))).join(',') || '<none>'}\n`);
    w.w(1, `NotReadyAddresses:\t${arr(get(ss, 'notReadyAddresses')).map((a) => s(get(a, 'ip'))).join(',') || '<none>'}\n`);
    const ports = arr(get(ss, 'ports'));
    if (ports.length) {
      w.w(1, 'Ports:\n');
      w.w(2, 'Name\tPort\tProtocol\n');
      w.w(2, '----\t----\t--------\n');
      for (const p of ports) w.w(2, `${s(get(p, 'name')) || '<unset>'}\t${s(get(p, 'port'))}\t${s(get(p, 'protocol'))}\n`);
    }
    w.w(0, '\n');
  }
  events(w);
  return w.done();
}

export function describeNamespace(o: Obj): string {
  const w = metadataHeader(o, false);
  w.w(0, `Status:\t${s(get(o, 'status.phase'))}\n`);
  w.w(0, '\nNo resource quota.\n');
  w.w(0, '\nNo LimitRange resource.\n');
  return w.done();
}

export function describeServiceAccount(o: Obj): string {
  const w = metadataHeader(o, true);
  w.w(0, 'Image pull secrets:\t<none>\n');
  w.w(0, 'Mountable secrets: \t<none>\n');
  w.w(0, 'Tokens:            \t<none>\n');
  events(w);
  return w.done();
}

export function describeSecret(o: Obj): string {
  const w = metadataHeader(o, true);
  w.w(0, `\nType:\t${s(get(o, 'type'))}\n`);
  w.w(0, '\nData\n====\n');
  const data = rec(get(o, 'data'));
  for (const k of Object.keys(data).sort()) w.w(0, `${k}:\t${fromBase64(String(data[k]))?.length ?? 0} bytes\n`);
  return w.done();
}

/** Kinds without a dedicated page: what every page starts with. */
export function describeGeneric(o: Obj): string {
  const w = new DescribeWriter();
  const m = metaOf(o);
  w.w(0, `Name:\t${s(m.name)}\n`);
  if (m.namespace) w.w(0, `Namespace:\t${s(m.namespace)}\n`);
  labelsMultiline(w, 'Labels', rec(m.labels));
  annotationsMultiline(w, 'Annotations', rec(m.annotations));
  events(w);
  return w.done();
}

/** The lines every describe page opens with: Name, Namespace (for namespaced kinds), Labels, Annotations. */
function metadataHeader(o: Obj, namespaced: boolean): DescribeWriter {
  const w = new DescribeWriter();
  const m = metaOf(o);
  w.w(0, `Name:\t${s(m.name)}\n`);
  if (namespaced) w.w(0, `Namespace:\t${s(m.namespace)}\n`);
  labelsMultiline(w, 'Labels', rec(m.labels));
  annotationsMultiline(w, 'Annotations', rec(m.annotations));
  return w;
}
