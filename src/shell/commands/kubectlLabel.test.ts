import { describe, expect, test } from 'vitest';
import { curl } from './curl';
import { pod, run } from './programs.test-helper';
import { k, lab } from './kubectl.test-helper';
import { ShellSession } from '../session';
import { defaultRegistry } from './index';
import { Engine } from '../../sim/engine';

describe('kubectl label and annotate', () => {
  test('labels a pod, refuses to overwrite without --overwrite, removes with key-', () => {
    const e = lab();
    expect(k(e, 'label pod frontend -n web tier=web')).toEqual({ out: 'pod/frontend labeled\n', err: '', code: 0 });
    expect(k(e, 'get pod frontend -n web --show-labels').out).toMatch(/app=frontend,tier=web\n$/);
    expect(k(e, 'label pod frontend -n web app=other')).toEqual({ out: '', code: 1,
      err: "error: 'app' already has a value (frontend), and --overwrite is false\n" });
    expect(k(e, 'label pod frontend -n web app=frontend').out).toBe('pod/frontend not labeled\n');
    expect(k(e, 'label pod/frontend -n web app=other --overwrite').out).toBe('pod/frontend labeled\n');
    expect(k(e, 'label pod frontend -n web tier- nope-').out).toBe('label "nope" not found.\npod/frontend labeled\n');
    expect(e.st.cluster.pods.find((p) => p.name === 'frontend')!.labels).toEqual({ app: 'other' });
    expect(k(e, 'label pod frontend -n web').err).toBe("error: at least one label update is required\nSee 'kubectl label --help' for usage.\n");
    expect(k(e, 'label pod ghost -n web a=b').err).toBe('Error from server (NotFound): pods "ghost" not found\n');
    expect(k(e, 'label pod frontend -n web a=b --dry-run=client').out).toBe('pod/frontend labeled (dry run)\n');
    expect(e.st.cluster.pods.find((p) => p.name === 'frontend')!.labels).toEqual({ app: 'other' });
  });

  test('annotates nodes, services and stored objects', () => {
    const e = lab();
    expect(k(e, 'annotate node node-2 note=hello').out).toBe('node/node-2 annotated\n');
    expect(k(e, 'get node node-2 -o jsonpath={.metadata.annotations.note}').out).toBe('hello');
    expect(k(e, 'annotate node node-2 note=bye').err).toBe("error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello)\n");
    expect(k(e, 'label svc backend -n bank team=payments').out).toBe('service/backend labeled\n');
    expect(k(e, 'get svc -n bank -l team=payments -o name').out).toBe('service/backend\n');
    k(e, 'create configmap cfg --from-literal=a=1');
    expect(k(e, 'annotate cm cfg owner=me').out).toBe('configmap/cfg annotated\n');
    expect(k(e, 'get cm cfg -o jsonpath={.metadata.annotations.owner}').out).toBe('me');
  });

  test('removing the label a service selects on empties its endpoints, and curl through it fails', () => {
    const e = Engine.create('plaintext', 11);
    expect(k(e, 'get ep backend -n bank').out).toMatch(/backend +10\.\d+\.\d+\.\d+:8080 /);
    expect(run(e, curl, ['curl', '-s', 'http://backend.bank:8080/healthz'], pod('web/frontend')).code).toBe(0);
    expect(k(e, 'label pod backend -n bank app-').out).toBe('pod/backend labeled\n');
    expect(k(e, 'get ep backend -n bank').out).toMatch(/^NAME +ENDPOINTS +AGE\nbackend +<none> +/);
    expect(run(e, curl, ['curl', '-s', '-m', '2', 'http://backend.bank:8080/healthz'], pod('web/frontend')).code).not.toBe(0);
    expect(k(e, 'label pod backend -n bank app=backend').out).toBe('pod/backend labeled\n');
    expect(run(e, curl, ['curl', '-s', 'http://backend.bank:8080/healthz'], pod('web/frontend')).out).toBe('{\n  "status": "ok"\n}\n');
  });

  test('patch: merge patches on stored objects, labels on model objects', () => {
    const e = lab();
    k(e, 'create secret generic s --from-literal=a=b');
    expect(k(e, ['patch', 'secret', 's', '-p', '{"data":{"c":"ZA=="}}']).out).toBe('secret/s patched\n');
    expect(k(e, ['patch', 'secret', 's', '-p', '{"data":{"c":"ZA=="}}']).out).toBe('secret/s patched (no change)\n');
    expect(k(e, 'get secret s').out).toMatch(/^NAME +TYPE +DATA +AGE\ns +Opaque +2 +/);
    expect(k(e, ['patch', 'pod', 'frontend', '-n', 'web', '-p', '{"metadata":{"labels":{"x":"y"}}}']).out).toBe('pod/frontend patched\n');
    expect(e.st.cluster.pods.find((p) => p.name === 'frontend')!.labels).toEqual({ app: 'frontend', x: 'y' });
    expect(k(e, ['patch', 'pod', 'frontend', '-n', 'web', '-p', '{"spec":{}}']).err).toMatch(/^error: podlock: patching pods beyond metadata/);
    expect(k(e, ['patch', 'secret', 's', '-p', '{bad']).err).toMatch(/^error: unable to parse "\{bad": yaml: /);
    expect(k(e, ['patch', 'secret', 's', '--type', 'json', '-p', '[]']).err).toMatch(/--type json' is not available/);
  });
});

describe('through a real shell session', () => {
  test('kubectl apply -f - with a here-document', () => {
    const engine = Engine.create('plaintext', 3);
    let screen = '';
    const sh = new ShellSession(engine, { place: { kind: 'node', node: 'node-1' }, registry: defaultRegistry(), write: (t) => (screen += t) });
    sh.start();
    for (const line of ['kubectl apply -f - <<EOF', 'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: db-pass', '  namespace: bank',
      'stringData:', '  password: s3cret', 'EOF']) sh.type(line);
    expect(screen).toContain('\r\nsecret/db-pass created\r\n');
    expect(sh.exitCode).toBe(0);
    sh.type('kubectl get secrets -n bank');
    expect(screen).toContain('NAME      TYPE     DATA   AGE\r\ndb-pass   Opaque   1      ');
  });
});
