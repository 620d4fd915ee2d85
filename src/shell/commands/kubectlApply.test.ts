import { describe, expect, test } from 'vitest';
import { Engine } from '../../sim/engine';
import { validateInput } from '../../sim/inputs';
import { registerKind, storedKind } from './kubectlResources';
import { memoryFiles } from '../runCommand';
import { k, lab } from './kubectl.test-helper';

const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-pass\n  namespace: bank\nstringData:\n  password: s3cret\n';
const apply = (e: Engine, yaml: string, args = 'apply -f -') => k(e, args, { stdin: yaml });


/** The objects kubectl made: the store minus what the scenario installed (cilium-config, the CiliumNodes). */
function userObjects(e: Engine): Record<string, unknown> {
  const installed = Engine.create(e.st.scenario, e.st.seed).st.objects ?? {};
  return Object.fromEntries(Object.entries(e.st.objects ?? {}).filter(([k]) => !(k in installed)));
}

describe('kubectl apply', () => {
  test('creates, then unchanged, then configured; get shows the stored Secret', () => {
    const e = lab();
    expect(apply(e, SECRET)).toEqual({ out: 'secret/db-pass created\n', err: '', code: 0 });
    expect(apply(e, SECRET).out).toBe('secret/db-pass unchanged\n');
    expect(apply(e, SECRET.replace('s3cret', 'other')).out).toBe('secret/db-pass configured\n');
    expect(k(e, 'get secrets -n bank').out).toBe('NAME      TYPE     DATA   AGE\ndb-pass   Opaque   1      0s\n');
    const y = k(e, 'get secret db-pass -n bank -o yaml').out;
    expect(y).toContain('  password: b3RoZXI=\n');
    expect(y).toContain('type: Opaque\n');
    expect(y).toMatch(/resourceVersion: "\d+"/);
  });

  test('multi-document streams, -f file, --dry-run and -o name', () => {
    const e = lab();
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n';
    expect(apply(e, `${SECRET}---\n${cm}`, 'apply -f - --dry-run=client').out).toBe('secret/db-pass created (dry run)\nconfigmap/cfg created (dry run)\n');
    expect(userObjects(e)).toEqual({});
    const files = memoryFiles();
    files.write('cm.yaml', new TextEncoder().encode(cm));
    expect(k(e, 'apply -f cm.yaml', { files }).out).toBe('configmap/cfg created\n');
    expect(k(e, 'get cm').out).toMatch(/^NAME {3}AGE\ncfg {4}0s\n$/);
    expect(k(e, 'apply -f nope.yaml').err).toBe('error: the path "nope.yaml" does not exist\n');
  });

  test('broken YAML, missing kind or name, unknown kinds and model kinds change nothing', () => {
    const e = lab();
    expect(apply(e, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: : x\n')).toEqual({ out: '', code: 1,
      err: 'error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: nested mappings are not allowed in compact mappings\n' });
    expect(apply(e, 'metadata:\n  name: x\n').err).toBe('error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]; ' +
      'if you choose to ignore these errors, turn validation off with --validate=false\n');
    expect(apply(e, 'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata:\n  name: x\n').err).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "PeerAuthentication" in version "security.istio.io/v1beta1"\nensure CRDs are installed first\n');
    expect(apply(e, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n').err).toBe('error: podlock: creating or deleting pods is not simulated yet\n');
    expect(apply(e, 'apiVersion: v1\nkind: Secret\nmetadata: {}\n').err).toMatch(/resource name may not be empty\n$/);
    expect(apply(e, SECRET, 'apply -f - -n web').err).toBe(
      "error: the namespace from the provided object \"bank\" does not match the namespace \"web\". You must pass '--namespace=bank' to perform this operation.\n");
    // A broken second document stops the whole stream before anything is sent.
    expect(apply(e, `${SECRET}---\nkind: Secret\n`).code).toBe(1);
    expect(userObjects(e)).toEqual({});
    expect(e.st.inputLog).toEqual([]);
  });

  test('custom kinds exist only where their CRD is installed', () => {
    registerKind(storedKind({ resource: 'felixconfigurations', singular: 'felixconfiguration', shortNames: [], kind: 'FelixConfiguration',
      group: 'crd.projectcalico.org', version: 'v1', namespaced: false, installed: (st) => st.seed === 'calico-test' }));
    const doc = 'apiVersion: crd.projectcalico.org/v1\nkind: FelixConfiguration\nmetadata:\n  name: default\nspec:\n  wireguardEnabled: false\n';
    expect(apply(lab(), doc).err).toContain('no matches for kind "FelixConfiguration"');
    const e = lab('calico-test');
    expect(apply(e, doc).out).toBe('felixconfiguration.crd.projectcalico.org/default created\n');
    expect(k(e, ['patch', 'felixconfiguration', 'default', '-p', '{"spec":{"wireguardEnabled":true}}']).err).toMatch(/UnsupportedMediaType/);
    expect(k(e, ['patch', 'felixconfiguration', 'default', '--type', 'merge', '-p', '{"spec":{"wireguardEnabled":true}}']).out)
      .toBe('felixconfiguration.crd.projectcalico.org/default patched\n');
    expect(k(e, ['patch', 'felixconfiguration', 'default', '--type=merge', '-p', 'spec: {wireguardEnabled: true}']).out)
      .toBe('felixconfiguration.crd.projectcalico.org/default patched (no change)\n');
    expect(k(e, 'get felixconfiguration default -o jsonpath={.spec.wireguardEnabled}').out).toBe('true');
  });
});

describe('kubectl create, delete', () => {
  test('create secret generic, AlreadyExists, delete, NotFound', () => {
    const e = lab();
    expect(k(e, 'create secret generic db-pass --from-literal=user=admin --from-literal=pw=a=b -n bank')).toEqual({ out: 'secret/db-pass created\n', err: '', code: 0 });
    expect(k(e, 'get secret db-pass -n bank -o jsonpath={.data.pw}').out).toBe('YT1i');
    expect(k(e, 'create secret generic db-pass --from-literal=x=y -n bank').err).toBe('error: failed to create secret secrets "db-pass" already exists\n');
    expect(k(e, 'create secret generic x --from-literal=novalue').err).toBe('error: invalid literal source novalue, expected key=value\n');
    const dry = k(e, 'create secret generic tmp --from-literal=a=b --dry-run=client -o yaml').out;
    expect(dry).toBe('apiVersion: v1\ndata:\n  a: Yg==\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: tmp\n  namespace: default\ntype: Opaque\n');
    expect(k(e, 'delete secret db-pass -n bank')).toEqual({ out: 'secret "db-pass" deleted\n', err: '', code: 0 });
    expect(k(e, 'get secret db-pass -n bank')).toEqual({ out: '', err: 'Error from server (NotFound): secrets "db-pass" not found\n', code: 1 });
    expect(k(e, 'delete secret db-pass -n bank').err).toBe('Error from server (NotFound): secrets "db-pass" not found\n');
    expect(k(e, 'delete secret db-pass -n bank --ignore-not-found').code).toBe(0);
    expect(k(e, 'delete pod frontend -n web').err).toBe('error: podlock: creating or deleting pods is not simulated yet\n');
    expect(k(e, 'delete secret').err).toBe('error: resource(s) were provided, but no name was specified\n');
  });

  test('delete -f and create -f', () => {
    const e = lab();
    expect(apply(e, SECRET, 'create -f -').out).toBe('secret/db-pass created\n');
    expect(apply(e, SECRET, 'create -f -').err).toBe('Error from server (AlreadyExists): error when creating "STDIN": secrets "db-pass" already exists\n');
    expect(apply(e, SECRET, 'delete -f -').out).toBe('secret "db-pass" deleted\n');
    expect(userObjects(e)).toEqual({});
  });
});

describe('replay and inputs', () => {
  test('Engine.replay rebuilds the object store exactly', () => {
    const e = lab();
    apply(e, SECRET);
    k(e, 'create configmap cfg --from-literal=a=1');
    k(e, 'label secret db-pass -n bank tier=db');
    k(e, ['patch', 'cm', 'cfg', '--type=merge', '-p', '{"data":{"b":"2"}}']);
    k(e, 'label pod frontend -n web app-');
    e.runFor(1000);
    const r = Engine.replay('plaintext', 1, e.st.inputLog);
    expect(r.st.objects).toEqual(e.st.objects);
    expect(r.st.cluster).toEqual(e.st.cluster);
    expect(Object.keys(userObjects(e))).toHaveLength(2);
  });

  test('object inputs are validated with specific messages', () => {
    expect(validateInput({ kind: 'apply', object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } } })).toBeNull();
    expect(validateInput({ kind: 'apply', object: { kind: 'Secret', metadata: { name: 'x' } } })).toBe('apply: object.apiVersion must be a non-empty string');
    expect(validateInput({ kind: 'apply', object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'X_' } } })).toBe('apply: object.metadata.name must be a DNS subdomain name');
    expect(validateInput({ kind: 'delete', apiVersion: 'v1', objKind: 'Secret', name: 'x' })).toBeNull();
    expect(validateInput({ kind: 'delete', apiVersion: 'v1', objKind: 'secret', name: 'x' })).toBe('delete: objKind must be a Kind such as Secret');
    expect(validateInput({ kind: 'patch', apiVersion: 'v1', objKind: 'Secret', name: 'x', patch: {}, patchType: 'json' })).toBe("patch: patchType must be 'merge' or 'strategic'");
    expect(validateInput({ kind: 'patch', apiVersion: 'v1', objKind: 'Secret', name: 'x', patch: [], patchType: 'merge' })).toBe('patch: patch must be a JSON object');
    expect(validateInput({ kind: 'set-metadata', apiVersion: 'v1', objKind: 'Pod', name: 'x' })).toBe('set-metadata: give labels or annotations');
    expect(validateInput({ kind: 'set-metadata', apiVersion: 'v1', objKind: 'Pod', name: 'x', labels: { a: 1 } })).toBe('set-metadata: labels must map keys to strings (or null to remove them)');
  });
});
