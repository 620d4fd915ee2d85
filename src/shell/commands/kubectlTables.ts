/**
 * The table columns the API server sends for each kind (what `kubectl get` prints), computed from the objects,
 * plus kubectl's own additions: NAMESPACE with -A, LABELS with --show-labels, one column per -L key, and the
 * `kind/` prefix when several kinds are printed.
 */
import type { Json, Obj } from './kubectlObjects';
import type { KindDef } from './kubectlResources';
import { objLabels, objName, objNamespace, qualifiedKind } from './kubectlResources';
import { formatLabels, humanDuration, parseIsoUs } from './kubectlFormat';
import { TABLE, table } from '../tabwriter';

interface Columns {
  headers: string[];
  wide: string[];
  /** Cells after NAME (AGE included where the kind has it). */
  row(o: Obj, now: number): string[];
  wideRow(o: Obj): string[];
}

const get = (o: Json | undefined, path: string): Json | undefined => {
  let cur: Json | undefined = o;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
};
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const str = (v: Json | undefined, dflt = '<none>'): string => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : dflt);

export function age(o: Obj, now: number): string {
  const t = parseIsoUs(str(get(o, 'metadata.creationTimestamp'), ''));
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}

/** printers.formatEndpoints: `ip:port` for up to 3 addresses, then ` + N more...`; `<none>` without subsets. */
export function formatEndpoints(o: Obj, portName?: string): string {
  const subsets = arr(o.subsets);
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let count = 0, more = false;
  for (const ss of subsets) {
    const addrs = arr(get(ss, 'addresses'));
    const ports = arr(get(ss, 'ports'));
    const targets = ports.length ? ports.filter((p) => portName === undefined || str(get(p, 'name'), '') === portName) : [null];
    for (const p of targets) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === 3) { more = true; break; }
        list.push(p === null ? str(get(a, 'ip')) : `${str(get(a, 'ip'))}:${str(get(p, 'port'))}`);
      }
    }
  }
  return list.join(',') + (more ? ` + ${count - 3} more...` : '');
}

const selector = (v: Json | undefined): string => formatLabels((v ?? undefined) as Record<string, string> | undefined);

const COLUMNS: Record<string, Columns> = {
  Pod: {
    headers: ['READY', 'STATUS', 'RESTARTS', 'AGE'], wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (o, now) => {
      const statuses = arr(get(o, 'status.containerStatuses'));
      const ready = statuses.filter((c) => get(c, 'ready') === true).length;
      const restarts = statuses.reduce((n: number, c) => n + Number(get(c, 'restartCount') ?? 0), 0);
      return [`${ready}/${arr(get(o, 'spec.containers')).length}`, str(get(o, 'status.phase'), 'Unknown'), String(restarts), age(o, now)];
    },
    wideRow: (o) => [str(get(o, 'status.podIP')), str(get(o, 'spec.nodeName')), str(get(o, 'status.nominatedNodeName')), '<none>'],
  },
  Node: {
    headers: ['STATUS', 'ROLES', 'AGE', 'VERSION'], wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (o, now) => {
      const ready = arr(get(o, 'status.conditions')).find((c) => get(c, 'type') === 'Ready');
      const roles = Object.keys(objLabels(o)).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).sort();
      return [get(ready, 'status') === 'True' ? 'Ready' : 'NotReady', roles.join(',') || '<none>', age(o, now), str(get(o, 'status.nodeInfo.kubeletVersion'))];
    },
    wideRow: (o) => {
      const addr = (type: string) => str(get(arr(get(o, 'status.addresses')).find((a) => get(a, 'type') === type), 'address'));
      return [addr('InternalIP'), addr('ExternalIP'), str(get(o, 'status.nodeInfo.osImage'), '<unknown>'),
        str(get(o, 'status.nodeInfo.kernelVersion'), '<unknown>'), str(get(o, 'status.nodeInfo.containerRuntimeVersion'), '<unknown>')];
    },
  },
  Service: {
    headers: ['TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], wide: ['SELECTOR'],
    row: (o, now) => {
      const ports = arr(get(o, 'spec.ports')).map((p) => `${str(get(p, 'port'))}${get(p, 'nodePort') ? `:${str(get(p, 'nodePort'))}` : ''}/${str(get(p, 'protocol'))}`);
      return [str(get(o, 'spec.type')), str(get(o, 'spec.clusterIP')), '<none>', ports.join(',') || '<none>', age(o, now)];
    },
    wideRow: (o) => [selector(get(o, 'spec.selector'))],
  },
  Endpoints: { headers: ['ENDPOINTS', 'AGE'], wide: [], row: (o, now) => [formatEndpoints(o), age(o, now)], wideRow: () => [] },
  Namespace: { headers: ['STATUS', 'AGE'], wide: [], row: (o, now) => [str(get(o, 'status.phase')), age(o, now)], wideRow: () => [] },
  ServiceAccount: { headers: ['SECRETS', 'AGE'], wide: [], row: (o, now) => [String(arr(o.secrets).length), age(o, now)], wideRow: () => [] },
  Secret: {
    headers: ['TYPE', 'DATA', 'AGE'], wide: [],
    row: (o, now) => [str(o.type, 'Opaque'), String(Object.keys((o.data ?? {}) as object).length), age(o, now)], wideRow: () => [],
  },
  NetworkPolicy: {
    headers: ['POD-SELECTOR', 'AGE'], wide: [],
    row: (o, now) => [selector(get(o, 'spec.podSelector.matchLabels')), age(o, now)], wideRow: () => [],
  },
  Deployment: {
    headers: ['READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => [`${str(get(o, 'status.readyReplicas'), '0')}/${str(get(o, 'spec.replicas'), '0')}`,
      str(get(o, 'status.updatedReplicas'), '0'), str(get(o, 'status.availableReplicas'), '0'), age(o, now)],
    wideRow: (o) => {
      const cs = arr(get(o, 'spec.template.spec.containers'));
      return [cs.map((c) => str(get(c, 'name'))).join(','), cs.map((c) => str(get(c, 'image'))).join(','), selector(get(o, 'spec.selector.matchLabels'))];
    },
  },
  // Istio's CRDs' additionalPrinterColumns: Mode (.spec.mtls.mode) and Host (.spec.host), then Age.
  PeerAuthentication: { headers: ['MODE', 'AGE'], wide: [], row: (o, now) => [str(get(o, 'spec.mtls.mode')), age(o, now)], wideRow: () => [] },
  DestinationRule: { headers: ['HOST', 'AGE'], wide: [], row: (o, now) => [str(get(o, 'spec.host')), age(o, now)], wideRow: () => [] },
  // The CRD's additionalPrinterColumns (`.spec.addresses[?(@.type=="CiliumInternalIP")].ip`, InternalIP, Age).
  CiliumNode: {
    headers: ['CILIUMINTERNALIP', 'INTERNALIP', 'AGE'], wide: [],
    row: (o, now) => {
      const addr = (type: string) => str(get(arr(get(o, 'spec.addresses')).find((a) => get(a, 'type') === type), 'ip'));
      return [addr('CiliumInternalIP'), addr('InternalIP'), age(o, now)];
    },
    wideRow: () => [],
  },
};
const GENERIC: Columns = { headers: ['AGE'], wide: [], row: (o, now) => [age(o, now)], wideRow: () => [] };

export interface TableOptions {
  wide: boolean;
  allNamespaces: boolean;
  showKind: boolean;
  showLabels: boolean;
  labelColumns: string[];
  noHeaders: boolean;
}

/** The rows of one kind's table, header first (unless --no-headers). */
export function tableRows(k: KindDef, objs: Obj[], now: number, opts: TableOptions): string[][] {
  const cols = COLUMNS[k.kind] ?? GENERIC;
  const nsCol = opts.allNamespaces && k.namespaced;
  const rows: string[][] = [];
  if (!opts.noHeaders) {
    rows.push([...(nsCol ? ['NAMESPACE'] : []), 'NAME', ...cols.headers, ...(opts.wide ? cols.wide : []),
      ...opts.labelColumns.map((l) => l.toUpperCase().replace(/^.*\//, '')), ...(opts.showLabels ? ['LABELS'] : [])]);
  }
  for (const o of objs) {
    const labels = objLabels(o);
    rows.push([
      ...(nsCol ? [objNamespace(o) ?? ''] : []), opts.showKind ? `${qualifiedKind(k)}/${objName(o)}` : objName(o),
      ...cols.row(o, now), ...(opts.wide ? cols.wideRow(o) : []),
      ...opts.labelColumns.map((l) => labels[l] ?? ''), ...(opts.showLabels ? [formatLabels(labels)] : []),
    ]);
  }
  return rows;
}

export function renderTable(rows: string[][]): string {
  return table(rows, TABLE);
}
