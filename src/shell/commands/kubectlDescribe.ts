/**
 * `kubectl describe TYPE [NAME_PREFIX | -l selector] | TYPE/NAME`: finds the objects (an exact name, else every
 * name starting with it, as kubectl does), and prints each kind's page; pages are separated by two blank lines.
 */
import type { CommandCtx } from '../types';
import type { FlagDef } from './kubectlArgs';
import { bool, str } from './kubectlArgs';
import type { Obj } from './kubectlObjects';
import type { KindDef } from './kubectlResources';
import { listObjects, objLabels, objName, resolveKind } from './kubectlResources';
import { fail, namespaceOf, notFound, parseOrFail } from './kubectlCommon';
import { matchLabels, parseLabelSelector } from './kubectlSelectors';
import { helpText } from './kubectlHelp';
import { parseIsoUs, rfc1123z } from './kubectlFormat';
import {
  DescribeWriter, annotationsMultiline, arr, events, get, labelsMultiline, metaOf, rec, s, tolerationsMultiline,
} from './kubectlDescribeText';
import { describeEndpoints, describeGeneric, describeNamespace, describeNode, describeSecret, describeService, describeServiceAccount } from './kubectlDescribeOther';

export const DESCRIBE_FLAGS: FlagDef[] = [
  { long: 'all-namespaces', short: 'A', type: 'bool' },
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'show-events', type: 'bool' },
  { long: 'chunk-size', type: 'int' },
  { long: 'filename', short: 'f', type: 'strings', unsupported: "podlock: 'kubectl describe -f' is not available in this lab yet" },
];

export function runDescribe(argv: string[], ctx: CommandCtx): number {
  const p = parseOrFail(ctx, 'describe', argv, DESCRIBE_FLAGS);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) {
    ctx.out(helpText('describe'));
    return 0;
  }
  if (!p.args.length) {
    ctx.err('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
      "error: Required resource not specified.\nSee 'kubectl describe -h' for help and examples\n");
    return 1;
  }
  const allNs = bool(p, 'all-namespaces');
  const ns = namespaceOf(p);
  // `pod/frontend svc/backend` or `pods frontend back`.
  const targets: { kind: KindDef; prefix?: string }[] = [];
  if (p.args[0].includes('/')) {
    for (const a of p.args) {
      const [t, ...rest] = a.split('/');
      const kind = resolveKind(ctx.st, t);
      if (!kind) return fail(ctx, `the server doesn't have a resource type "${t}"`);
      targets.push({ kind, prefix: rest.join('/') });
    }
  } else {
    const kind = resolveKind(ctx.st, p.args[0]);
    if (!kind) return fail(ctx, `the server doesn't have a resource type "${p.args[0]}"`);
    if (p.args.length === 1) targets.push({ kind });
    for (const name of p.args.slice(1)) targets.push({ kind, prefix: name });
  }
  const sel = parseLabelSelector(str(p, 'selector') ?? '');
  if (typeof sel === 'string') return fail(ctx, sel);
  const pages: string[] = [];
  const errors: string[] = [];
  for (const t of targets) {
    const objs = listObjects(ctx.st, t.kind, allNs ? undefined : ns);
    if (!objs) return fail(ctx, `podlock: this lab does not simulate ${t.kind.resource} yet`);
    let found: Obj[];
    if (t.prefix !== undefined) {
      const exact = objs.filter((o) => objName(o) === t.prefix);
      found = exact.length ? exact : objs.filter((o) => objName(o).startsWith(t.prefix!));
      if (!found.length) errors.push(notFound(t.kind, t.prefix));
    } else found = objs.filter((o) => matchLabels(sel, objLabels(o)));
    for (const o of found) pages.push(describeObject(ctx, t.kind, o));
  }
  if (pages.length) ctx.out(pages.join('\n\n'));
  else if (!errors.length) {
    const namespaced = !allNs && targets.every((t) => t.kind.namespaced);
    ctx.err(namespaced ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
  }
  errors.forEach((e) => ctx.err(`${e}\n`));
  return errors.length ? 1 : 0;
}

function describeObject(ctx: CommandCtx, kind: KindDef, o: Obj): string {
  switch (kind.kind) {
    case 'Pod': return describePod(o);
    case 'Node': return describeNode(ctx, o);
    case 'Service': return describeService(ctx, o);
    case 'Namespace': return describeNamespace(o);
    case 'ServiceAccount': return describeServiceAccount(o);
    case 'Endpoints': return describeEndpoints(o);
    case 'Secret': return describeSecret(o);
    default: return describeGeneric(o);
  }
}

const time = (v: unknown): string => {
  const t = typeof v === 'string' ? parseIsoUs(v) : undefined;
  return t === undefined ? '<unknown>' : rfc1123z(t);
};

export function describePod(o: Obj): string {
  const w = new DescribeWriter();
  const m = metaOf(o);
  w.w(0, `Name:\t${s(m.name)}\n`);
  w.w(0, `Namespace:\t${s(m.namespace)}\n`);
  if (get(o, 'spec.priority') !== undefined) w.w(0, `Priority:\t${s(get(o, 'spec.priority'))}\n`);
  if (get(o, 'spec.serviceAccountName')) w.w(0, `Service Account:\t${s(get(o, 'spec.serviceAccountName'))}\n`);
  const node = s(get(o, 'spec.nodeName'));
  w.w(0, `Node:\t${node ? `${node}/${s(get(o, 'status.hostIP'))}` : '<none>'}\n`);
  if (get(o, 'status.startTime')) w.w(0, `Start Time:\t${time(get(o, 'status.startTime'))}\n`);
  labelsMultiline(w, 'Labels', rec(m.labels));
  annotationsMultiline(w, 'Annotations', rec(m.annotations));
  w.w(0, `Status:\t${s(get(o, 'status.phase'))}\n`);
  w.w(0, `IP:\t${s(get(o, 'status.podIP'))}\n`);
  const ips = arr(get(o, 'status.podIPs'));
  if (!ips.length) w.w(0, 'IPs:\t<none>\n');
  else {
    w.w(0, 'IPs:\n');
    for (const ip of ips) w.w(1, `IP:\t${s(get(ip, 'ip'))}\n`);
  }
  const inits = arr(get(o, 'spec.initContainers'));
  if (inits.length) {
    w.w(0, 'Init Containers:\n');
    describeContainers(w, inits, arr(get(o, 'status.initContainerStatuses')));
  }
  const containers = arr(get(o, 'spec.containers'));
  w.w(0, `Containers:${containers.length ? '' : ' <none>'}\n`);
  describeContainers(w, containers, arr(get(o, 'status.containerStatuses')));
  const conds = arr(get(o, 'status.conditions'));
  if (conds.length) {
    w.w(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conds) w.w(1, `${s(get(c, 'type'))} \t${s(get(c, 'status'))} \n`);
  }
  describeVolumes(w, arr(get(o, 'spec.volumes')));
  w.w(0, `QoS Class:\t${s(get(o, 'status.qosClass'))}\n`);
  labelsMultiline(w, 'Node-Selectors', rec(get(o, 'spec.nodeSelector')));
  tolerationsMultiline(w, 'Tolerations', arr(get(o, 'spec.tolerations')));
  events(w);
  return w.done();
}

/** The Init Containers / Containers entries: image, ports, state (running or terminated), mounts. */
function describeContainers(w: DescribeWriter, containers: ReturnType<typeof arr>, statuses: ReturnType<typeof arr>): void {
  for (const c of containers) {
    const st = statuses.find((x) => get(x, 'name') === get(c, 'name'));
    w.w(1, `${s(get(c, 'name'))}:\n`);
    if (st) w.w(2, `Container ID:\t${s(get(st, 'containerID'))}\n`);
    w.w(2, `Image:\t${s(get(c, 'image'))}\n`);
    if (st) w.w(2, `Image ID:\t${s(get(st, 'imageID'))}\n`);
    const ports = arr(get(c, 'ports'));
    const portStr = ports.map((pt) => `${s(get(pt, 'containerPort'))}/${s(get(pt, 'protocol'))}`).join(', ');
    const hostStr = ports.map((pt) => `${s(get(pt, 'hostPort')) || '0'}/${s(get(pt, 'protocol'))}`).join(', ');
    w.w(2, `${portStr.includes(',') ? 'Ports' : 'Port'}:\t${portStr || '<none>'}\n`);
    w.w(2, `${hostStr.includes(',') ? 'Host Ports' : 'Host Port'}:\t${hostStr || '<none>'}\n`);
    if (st) {
      if (get(st, 'state.running')) {
        w.w(2, 'State:\tRunning\n');
        w.w(3, `Started:\t${time(get(st, 'state.running.startedAt'))}\n`);
      } else if (get(st, 'state.terminated')) {
        w.w(2, 'State:\tTerminated\n');
        w.w(3, `Reason:\t${s(get(st, 'state.terminated.reason'))}\n`);
        w.w(3, `Exit Code:\t${s(get(st, 'state.terminated.exitCode'))}\n`);
        w.w(3, `Started:\t${time(get(st, 'state.terminated.startedAt'))}\n`);
        w.w(3, `Finished:\t${time(get(st, 'state.terminated.finishedAt'))}\n`);
      } else w.w(2, 'State:\tWaiting\n');
      w.w(2, `Ready:\t${get(st, 'ready') === true ? 'True' : 'False'}\n`);
      w.w(2, `Restart Count:\t${s(get(st, 'restartCount'))}\n`);
    }
    const env = arr(get(c, 'env'));
    w.w(2, `Environment:${env.length ? '' : '\t<none>'}\n`);
    for (const e of env) w.w(3, `${s(get(e, 'name'))}:\t${s(get(e, 'value'))}\n`);
    const mounts = arr(get(c, 'volumeMounts'));
    w.w(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const mt of mounts) w.w(3, `${s(get(mt, 'mountPath'))} from ${s(get(mt, 'name'))} (${get(mt, 'readOnly') ? 'ro' : 'rw'})\n`);
  }
}

function describeVolumes(w: DescribeWriter, volumes: ReturnType<typeof arr>): void {
  if (!volumes.length) {
    w.w(0, 'Volumes:\t<none>\n');
    return;
  }
  w.w(0, 'Volumes:\n');
  for (const v of volumes) {
    w.w(1, `${s(get(v, 'name'))}:\n`);
    if (get(v, 'emptyDir')) {
      w.w(2, 'Type:\tEmptyDir (a temporary directory that shares a pod\'s lifetime)\n');
      w.w(2, `Medium:\t${s(get(v, 'emptyDir.medium'))}\n`);
      w.w(2, 'SizeLimit:\t<unset>\n');
      continue;
    }
    if (get(v, 'configMap')) {
      w.w(2, 'Type:\tConfigMap (a volume populated by a ConfigMap)\n');
      w.w(2, `Name:\t${s(get(v, 'configMap.name'))}\n`);
      w.w(2, 'Optional:\tfalse\n');
      continue;
    }
    const projected = get(v, 'projected');
    if (!projected) {
      w.w(1, '<unknown>\n');
      continue;
    }
    w.w(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const src of arr(get(projected, 'sources'))) {
      if (get(src, 'serviceAccountToken')) w.w(2, `TokenExpirationSeconds:\t${s(get(src, 'serviceAccountToken.expirationSeconds'))}\n`);
      else if (get(src, 'configMap')) {
        w.w(2, `ConfigMapName:\t${s(get(src, 'configMap.name'))}\n`);
        w.w(2, `ConfigMapOptional:\t${get(src, 'configMap.optional') === undefined ? '<nil>' : s(get(src, 'configMap.optional'))}\n`);
      } else if (get(src, 'downwardAPI')) w.w(2, 'DownwardAPI:\ttrue\n');
    }
  }
}
