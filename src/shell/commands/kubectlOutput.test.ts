import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { k, lab } from './kubectl.test-helper';
import { goYamlKeyLess, toYaml } from './kubectlOutput';

const e = lab();
const c = e.st.cluster;
const backend = c.pods.find((p) => p.name === 'backend')!;
const sortedPods = [...c.pods].sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));

describe('-o json', () => {
  test('one named object prints bare, with 4-space indent and sorted keys', () => {
    const r = k(e, 'get pod backend -n bank -o json');
    expect(r.code).toBe(0);
    expect(r.out.startsWith('{\n    "apiVersion": "v1",\n    "kind": "Pod",\n    "metadata": {\n')).toBe(true);
    expect(r.out.endsWith('}\n')).toBe(true);
    const o = JSON.parse(r.out);
    expect(o.metadata).toMatchObject({ name: 'backend', namespace: 'bank', uid: backend.uid, labels: { app: 'backend' }, creationTimestamp: '2026-03-02T09:00:00Z' });
    expect(o.spec).toMatchObject({ nodeName: 'node-2', serviceAccountName: 'backend' });
    expect(o.spec.containers).toEqual([expect.objectContaining({ name: 'backend', image: backend.image, ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }] })]);
    expect(o.status).toMatchObject({ phase: 'Running', podIP: backend.ip, podIPs: [{ ip: backend.ip }], hostIP: '192.168.61.12' });
    expect(Object.keys(o.metadata)).toEqual([...Object.keys(o.metadata)].sort());
  });

  test('a kind prints as a List, even with one item', () => {
    const o = JSON.parse(k(e, 'get pods -n bank -o json').out);
    expect(o.kind).toBe('List');
    expect(o.metadata).toEqual({ resourceVersion: '' });
    expect(o.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['backend']);
    expect(JSON.parse(k(e, 'get pods -n nowhere -o json').out).items).toEqual([]);
  });

  test('same seed, same bytes; another seed, other ids', () => {
    expect(k(lab(1), 'get pods -A -o json').out).toBe(k(e, 'get pods -A -o json').out);
    expect(k(lab(2), 'get pods -A -o json').out).not.toBe(k(e, 'get pods -A -o json').out);
  });
});

describe('-o yaml', () => {
  test('go-yaml layout: sorted keys, sequences at the parent indent, quoted "True" and timestamps', () => {
    const r = k(e, 'get pod frontend -n web -o yaml');
    expect(r.out.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: "2026-03-02T09:00:00Z"\n  labels:\n    app: frontend\n  name: frontend\n')).toBe(true);
    expect(r.out).toContain('\nspec:\n  containers:\n  - image: docker.io/library/nginx:1.27\n    imagePullPolicy: IfNotPresent\n');
    expect(r.out).toContain('\n  - lastProbeTime: null\n    lastTransitionTime: "2026-03-02T09:00:00Z"\n    status: "True"\n    type: PodReadyToStartContainers\n');
    expect(r.out).toContain('\n    resources: {}\n');
    const o = parse(r.out);
    expect(o.status.podIP).toBe(c.pods.find((p) => p.name === 'frontend')!.ip);
    expect(o).toEqual(JSON.parse(k(e, 'get pod frontend -n web -o json').out));
  });

  test('keys in go-yaml order: non-letters first, numbers by value', () => {
    const keys = ['b', 'a10', 'A', '1', 'a9', '_x'];
    expect([...keys].sort((x, y) => (goYamlKeyLess(x, y) ? -1 : goYamlKeyLess(y, x) ? 1 : 0))).toEqual(['_x', '1', 'A', 'a9', 'a10', 'b']);
    expect(toYaml({ m: { a10: 'x', a9: 'y' }, l: [{ b: 1, a: 2 }] })).toBe('l:\n- a: 2\n  b: 1\nm:\n  a9: "y"\n  a10: x\n');
  });

  test('lists and nodes', () => {
    const list = parse(k(e, 'get nodes -o yaml').out);
    expect(list.kind).toBe('List');
    expect(list.items.map((n: { status: { nodeInfo: { bootID: string } } }) => n.status.nodeInfo.bootID)).toEqual(c.nodes.map((n) => n.bootId));
    expect(k(e, 'get node node-1 -o yaml').out).toContain('\n    node.alpha.kubernetes.io/ttl: "0"\n');
  });
});

describe('-o jsonpath', () => {
  const jp = (tmpl: string, extra = '-A') => k(e, ['get', 'pods', ...extra.split(' ').filter(Boolean), '-o', `jsonpath=${tmpl}`]);

  test('fields, [*], [0], [-1], slices and unions', () => {
    expect(jp('{.items[*].status.podIP}').out).toBe(sortedPods.map((p) => p.ip).join(' '));
    expect(jp('{.items[0].metadata.name}').out).toBe('backend');
    expect(jp('{.items[-1].metadata.name}').out).toBe('frontend');
    expect(jp('{.items[1:3].metadata.name}').out).toBe('app-a app-b');
    expect(jp('{.items[0,3].metadata.name}').out).toBe('backend frontend');
    expect(jp("{.items[0]['metadata']['namespace']}").out).toBe('bank');
    expect(jp('{.kind}').out).toBe('List');
  });

  test('a single object, text around actions, maps as JSON, no trailing newline', () => {
    const r = k(e, ['get', 'pod', 'backend', '-n', 'bank', '-o', 'jsonpath=ip={.status.podIP} labels={.metadata.labels}']);
    expect(r).toEqual({ out: `ip=${backend.ip} labels={"app":"backend"}`, err: '', code: 0 });
    expect(k(e, ['get', 'pod', 'backend', '-n', 'bank', '-o', 'jsonpath={.status.podIPs}']).out).toBe(`[{"ip":"${backend.ip}"}]`);
    expect(k(e, ['get', 'pod', 'backend', '-n', 'bank', '-o', 'jsonpath={.spec.containers[0].ports[0].containerPort}']).out).toBe('8080');
    expect(k(e, ['get', 'pod', 'backend', '-n', 'bank', '-o', 'jsonpath={.status.containerStatuses[0].ready}']).out).toBe('true');
  });

  test('range/end, quoted strings with escapes, filters, recursive descent', () => {
    expect(jp('{range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}').out)
      .toBe(sortedPods.map((p) => `${p.namespace}/${p.name}\n`).join(''));
    expect(jp("{range .items[*]}{.metadata.name}{'\\t'}{.spec.nodeName}{'\\n'}{end}").out)
      .toBe(sortedPods.map((p) => `${p.name}\t${p.node}\n`).join(''));
    expect(jp('{.items[?(@.spec.nodeName=="node-3")].metadata.name}').out).toBe('app-a app-b');
    expect(jp('{.items[?(@.metadata.labels.app!="backend")].metadata.name}').out).toBe('app-a app-b frontend');
    expect(jp('{.items[?(@.spec.containers[0].ports)].metadata.name}').out).toBe('backend app-b');
    expect(jp('{.items[0].status.conditions[?(@.type=="Ready")].status}').out).toBe('True');
    expect(jp('{..podIP}', '-n bank').out).toBe(backend.ip);
    expect(jp('{.items[*].metadata.nothing}').out).toBe('');
  });

  test('jsonpath-as-json and custom-columns', () => {
    const asJson = k(e, ['get', 'pods', '-n', 'default', '-o', 'jsonpath-as-json={.items[*].metadata.name}']);
    expect(asJson.out).toBe('[\n    "app-a",\n    "app-b"\n]\n');
    const cc = k(e, ['get', 'pods', '-A', '-o', 'custom-columns=POD:.metadata.name,IP:status.podIP,PORT:{.spec.containers[0].ports[0].containerPort}']);
    const lines = cc.out.trimEnd().split('\n');
    expect(lines[0]).toBe('POD        IP             PORT');
    expect(lines.slice(1).map((l) => l.split(/\s+/))).toEqual(sortedPods.map((p) => [p.name, p.ip, p.app.kind === 'http-api' ? '8080' : '<none>']));
  });

  test('parse and execution errors read like kubectl', () => {
    expect(jp('{.items[*}').err).toBe('error: error parsing jsonpath {.items[*}, unterminated array\n');
    expect(jp('{.items').err).toBe('error: error parsing jsonpath {.items, unclosed action\n');
    expect(jp('{.items[?(@.a=="b"}').err).toBe('error: error parsing jsonpath {.items[?(@.a=="b"}, unterminated filter\n');
    expect(jp('{!}').err).toBe("error: error parsing jsonpath {!}, unrecognized character in action: U+0021 '!'\n");
    expect(jp('{.items[x]}').err).toBe('error: error parsing jsonpath {.items[x]}, invalid array index x\n');
    const oob = jp('{.items[9]}');
    expect(oob.code).toBe(1);
    expect(oob.err.startsWith('error: error executing jsonpath "{.items[9]}": Error executing template: array index out of bounds: index 9, length 4. ' +
      'Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.items[9]}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"apiVersion":"v1", "items":[]interface {}{map[string]interface {}{')).toBe(true);
    expect(jp('{.metadata[0]}').err).toContain('Error executing template: map[string]interface {} is not array or slice.');
    expect(jp('{end}').err).toContain('Error executing template: not in range, nothing to end.');
    expect(jp('{.items[?(@.metadata.name==1)]}').err).toContain('Error executing template: incompatible types for comparison.');
  });
});

describe('-o name', () => {
  test('kind/name, group-qualified where the kind has a group', () => {
    expect(k(e, 'get nodes -o name').out).toBe('node/node-1\nnode/node-2\nnode/node-3\n');
    expect(k(e, 'get svc,ep -n bank -o name').out).toBe('service/backend\nendpoints/backend\n');
    expect(k(e, 'get ns web -o name').out).toBe('namespace/web\n');
  });
});
