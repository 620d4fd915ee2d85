import { describe, expect, test } from 'vitest';
import type { Pod } from '../../sim/cluster';
import { expectedTable, k, lab } from './kubectl.test-helper';

const e = lab();
const c = e.st.cluster;
const byKey = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
  `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1;
const pods = [...c.pods].sort(byKey);
const pod = (name: string): Pod => c.pods.find((p) => p.name === name)!;
const svc = (name: string) => c.services.find((s) => s.name === name)!;

/** Where the header's columns start (a space run, then text; multi-word headers have single spaces). */
function columnStarts(header: string): number[] {
  return [...header.matchAll(/ {2,}(?=\S)/g)].map((m) => m.index + m[0].length);
}

describe('kubectl get pods', () => {
  test('pods in the default namespace', () => {
    const r = k(e, 'get pods');
    expect(r).toEqual({
      out: expectedTable([['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
        ...pods.filter((p) => p.namespace === 'default').map((p) => [p.name, '1/1', 'Running', '0', '5m12s'])]),
      err: '', code: 0,
    });
    expect(r.out.split('\n')[0]).toBe('NAME    READY   STATUS    RESTARTS   AGE');
  });

  test('-A -o wide adds NAMESPACE first and the wide columns last', () => {
    const r = k(e, 'get pods -A -o wide');
    const rows = [['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
      ...pods.map((p) => [p.namespace, p.name, '1/1', 'Running', '0', '5m12s', p.ip, p.node, '<none>', '<none>'])];
    expect(r.out).toBe(expectedTable(rows));
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE {3}NAME {7}READY {3}STATUS {4}RESTARTS {3}AGE {5}IP {2,}NODE {5}NOMINATED NODE {3}READINESS GATES$/);
    const starts = columnStarts(lines[0]);
    expect(starts).toHaveLength(9);
    for (const line of lines.slice(1)) for (const s of starts) expect(line.slice(s - 1, s + 1)).toMatch(/^ \S$/);
    expect(lines[1]).toContain(`${pod('backend').ip}`);
  });

  test('by name, pod/NAME form, -n, and the same through --namespace=', () => {
    const one = expectedTable([['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ['frontend', '1/1', 'Running', '0', '5m12s']]);
    expect(k(e, 'get pod frontend -n web').out).toBe(one);
    expect(k(e, 'get pod/frontend --namespace=web').out).toBe(one);
    expect(k(e, '-n web get po frontend').out).toBe(one);
    expect(k(e, 'get Pods frontend -nweb').out).toBe(one);
  });

  test('-l selects by label; --show-labels and -L add columns', () => {
    expect(k(e, 'get pods -A -l app=backend').out).toBe(expectedTable([
      ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ['bank', 'backend', '1/1', 'Running', '0', '5m12s']]));
    expect(k(e, 'get pods -A -l app!=backend,app!=frontend -o name').out).toBe('pod/app-a\npod/app-b\n');
    expect(k(e, ['get', 'pods', '-A', '-l', 'app in (app-a, frontend)', '-o', 'name']).out).toBe('pod/app-a\npod/frontend\n');
    expect(k(e, 'get pods -n web --show-labels').out).toBe(expectedTable([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'LABELS'], ['frontend', '1/1', 'Running', '0', '5m12s', 'app=frontend']]));
    expect(k(e, 'get pods -n web -L app --no-headers').out).toBe(expectedTable([['frontend', '1/1', 'Running', '0', '5m12s', 'frontend']]));
    const none = k(e, 'get pods -l app=nothing');
    expect(none).toEqual({ out: '', err: 'No resources found in default namespace.\n', code: 0 });
  });

  test('--field-selector and --sort-by', () => {
    expect(k(e, 'get pods -A --field-selector spec.nodeName=node-3 -o name').out).toBe('pod/app-a\npod/app-b\n');
    const sorted = k(e, 'get pods -A --sort-by=.status.podIP -o name').out.trim().split('\n');
    const byIp = [...pods].sort((a, b) => (a.ip < b.ip ? -1 : 1)).map((p) => `pod/${p.name}`);
    expect(sorted).toEqual(byIp);
    const bad = k(e, 'get pods --field-selector foo=bar');
    expect(bad.err).toBe('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo\n');
    expect(bad.code).toBe(1);
  });
});

describe('kubectl get: other kinds', () => {
  test('nodes and nodes -o wide', () => {
    const base = ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'];
    expect(k(e, 'get nodes').out).toBe(expectedTable([base, ...c.nodes.map((n) => [n.name, 'Ready', '<none>', '5m12s', 'v1.31.1'])]));
    expect(k(e, 'get no -o wide').out).toBe(expectedTable([
      [...base, 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
      ...c.nodes.map((n) => [n.name, 'Ready', '<none>', '5m12s', 'v1.31.1', n.ip, '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-25-amd64', 'containerd://1.7.22'])]));
  });

  test('services, with the default kubernetes service', () => {
    const b = svc('backend'), a = svc('app-b');
    expect(k(e, 'get svc -A').out).toBe(expectedTable([
      ['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
      ['bank', 'backend', 'ClusterIP', b.clusterIP, '<none>', '8080/TCP', '5m12s'],
      ['default', 'app-b', 'ClusterIP', a.clusterIP, '<none>', '80/TCP', '5m12s'],
      ['default', 'kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '5m12s']]));
    expect(k(e, 'get services -o wide').out).toBe(expectedTable([
      ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'],
      ['app-b', 'ClusterIP', a.clusterIP, '<none>', '80/TCP', '5m12s', 'app=app-b'],
      ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '5m12s', '<none>']]));
  });

  test('namespaces, endpoints, service accounts', () => {
    expect(k(e, 'get ns').out).toBe(expectedTable([['NAME', 'STATUS', 'AGE'],
      ...['bank', 'default', 'kube-system', 'web'].map((n) => [n, 'Active', '5m12s'])]));
    expect(k(e, 'get ep -n bank').out).toBe(expectedTable([['NAME', 'ENDPOINTS', 'AGE'], ['backend', `${pod('backend').ip}:8080`, '5m12s']]));
    expect(k(e, 'get endpoints kubernetes').out).toBe(expectedTable([['NAME', 'ENDPOINTS', 'AGE'], ['kubernetes', '192.168.61.10:6443', '5m12s']]));
    expect(k(e, 'get sa -n web').out).toBe(expectedTable([['NAME', 'SECRETS', 'AGE'], ['default', '0', '5m12s'], ['frontend', '0', '5m12s']]));
  });

  test('get all and several kinds print one table per kind, names with their kind', () => {
    const r = k(e, 'get all -n bank');
    const podsAndServices =
      expectedTable([['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ['pod/backend', '1/1', 'Running', '0', '5m12s']]) + '\n' +
      expectedTable([['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], ['service/backend', 'ClusterIP', svc('backend').clusterIP, '<none>', '8080/TCP', '5m12s']]);
    // Each lab pod is the one replica of a Deployment named after its app label (the pods have no ReplicaSet here).
    expect(r.out).toBe(podsAndServices + '\n' +
      expectedTable([['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], ['deployment.apps/backend', '1/1', '1', '1', '5m12s']]));
    expect(k(e, 'get po,svc -n bank').out).toBe(podsAndServices);
    expect(k(e, 'get pod/backend svc/backend -n bank -o name').out).toBe('pod/backend\nservice/backend\n');
  });

  test('kinds the lab has none of, and kinds it does not know', () => {
    expect(k(e, 'get secrets')).toEqual({ out: '', err: 'No resources found in default namespace.\n', code: 0 });
    expect(k(e, 'get networkpolicy -n bank')).toEqual({ out: '', err: 'No resources found in bank namespace.\n', code: 0 });
    expect(k(e, 'get netpol -A')).toEqual({ out: '', err: 'No resources found\n', code: 0 });
    expect(k(e, 'get deployments.apps -n kube-system')).toEqual({ out: '', err: 'No resources found in kube-system namespace.\n', code: 0 });
    expect(k(e, 'get felixconfigurations')).toEqual({ out: '', err: 'error: the server doesn\'t have a resource type "felixconfigurations"\n', code: 1 });
    expect(k(e, 'get foos')).toEqual({ out: '', err: 'error: the server doesn\'t have a resource type "foos"\n', code: 1 });
    const rbac = k(e, 'get clusterroles');
    expect(rbac.code).toBe(1);
    expect(rbac.err).toBe('error: podlock: this lab does not simulate clusterroles.rbac.authorization.k8s.io yet\n');
  });
});

describe('kubectl get: errors', () => {
  test('not found, alone and next to found objects', () => {
    expect(k(e, 'get pod nope')).toEqual({ out: '', err: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect(k(e, 'get node node-9')).toEqual({ out: '', err: 'Error from server (NotFound): nodes "node-9" not found\n', code: 1 });
    const mixed = k(e, 'get pods frontend nope -n web');
    expect(mixed.out).toContain('frontend');
    expect(mixed.err).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(mixed.code).toBe(1);
    expect(k(e, 'get pod nope --ignore-not-found')).toEqual({ out: '', err: '', code: 0 });
  });

  test('usage errors read like kubectl', () => {
    expect(k(e, 'get pods --foo')).toEqual({ out: '', err: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n", code: 1 });
    expect(k(e, 'get pods -x').err).toBe("error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n");
    expect(k(e, 'get pods -n').err).toBe("error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n");
    expect(k(e, 'get pods --show-labels=maybe').err).toBe(
      'error: invalid argument "maybe" for "--show-labels" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee \'kubectl get --help\' for usage.\n');
    expect(k(e, 'get pods -A backend').err).toBe('error: a resource cannot be retrieved by name across all namespaces\n');
    expect(k(e, 'get pods backend -l app=x').err).toBe('error: name cannot be provided when a selector is specified\n');
    expect(k(e, 'get pods -o foo').err).toBe('error: unable to match a printer suitable for the output format "foo", allowed formats are: ' +
      'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n');
    const missing = k(e, 'get');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^You must specify the type of resource to get\. .*\n\nerror: Required resource not specified\.\n/);
    expect(k(e, 'get pods -w').err).toBe("error: podlock: 'kubectl get --watch' is not available in this lab yet\n");
  });

  test('label selector syntax errors come from the API server', () => {
    const r = k(e, ['get', 'pods', '-l', '=x']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "=x", field selector "": ' +
      "unable to parse requirement: found '=', expected: identifier\n");
    expect(k(e, ['get', 'pods', '-l', 'a b']).err).toContain("found 'b', expected: in, notin, =, ==, !=, gt, lt");
    expect(k(e, ['get', 'pods', '-l', '-x=1']).err).toContain('invalid label key "-x"');
  });
});
