/**
 * kubectl on the mesh labs: READY 2/2 and the injected containers (istio-proxy after the app, linkerd-proxy
 * first, their init containers), Istio's CRDs with their printer columns and served versions, the lab's
 * Deployments, and `kubectl rollout restart` adding or removing a sidecar after the namespace's injection setting
 * changed.
 */
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../sim/clock';
import { runCommand } from '../runCommand';
import { kubectl } from './kubectl';
import { expectedTable, NODE1 } from './kubectl.test-helper';
import { line, meshLab } from './mesh.test-helper';
import type { Engine } from '../../sim/engine';

const k = (e: Engine, args: string, stdin?: string) =>
  runCommand(e, kubectl, ['kubectl', ...args.split(' ').filter(Boolean)], NODE1, stdin === undefined ? {} : { stdin });

describe('meshed pods', () => {
  it('kubectl get pods: 2/2 for pods with a sidecar, 1/1 for the others', () => {
    const e = meshLab('istio-strict', 5);
    expect(k(e, 'get pods -A').out).toBe(expectedTable([
      ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['bank', 'backend', '2/2', 'Running', '0', '5s'], ['default', 'app-a', '1/1', 'Running', '0', '5s'],
      ['default', 'app-b', '1/1', 'Running', '0', '5s'], ['web', 'frontend', '2/2', 'Running', '0', '5s'],
    ]));
  });

  it('Istio: istio-proxy after the app, istio-init as init container, the injector\'s labels; ECDSA keys in the env', () => {
    const e = meshLab('istio-strict', 1);
    const jp = (path: string) => k(e, `get pod backend -n bank -o jsonpath={${path}}`).out;
    expect(jp('.spec.containers[*].name')).toBe('backend istio-proxy');
    expect(jp('.spec.initContainers[*].name')).toBe('istio-init');
    expect(jp('.spec.containers[1].image')).toBe('docker.io/istio/proxyv2:1.24.2');
    expect(jp('.status.initContainerStatuses[0].state.terminated.reason')).toBe('Completed');
    expect(jp('.metadata.labels.security\\.istio\\.io/tlsMode')).toBe('istio');
    expect(k(e, 'get pods -A -l security.istio.io/tlsMode=istio -o name').out).toBe('pod/backend\npod/frontend\n');
    const d = k(e, 'describe pod backend -n bank').out;
    expect(d).toMatch(/\nInit Containers:\n {2}istio-init:\n/);
    expect(d).toMatch(/State: +Terminated\n +Reason: +Completed\n +Exit Code: +0\n/);
    expect(d).toMatch(/ {2}istio-proxy:\n[\s\S]*Environment:\n +ECC_SIGNATURE_ALGORITHM: +ECDSA\n/);
    expect(d).toMatch(/\/var\/run\/secrets\/workload-spiffe-credentials from workload-certs \(rw\)/);
    expect(d).toMatch(/ {2}workload-certs:\n +Type: +EmptyDir \(a temporary directory that shares a pod's lifetime\)\n/);
    expect(d).toMatch(/ {2}istiod-ca-cert:\n +Type: +ConfigMap \(a volume populated by a ConfigMap\)\n +Name: +istio-ca-root-cert\n/);
  });

  it('Linkerd: linkerd-proxy first, linkerd-init; kubectl exec and logs still pick the app container, silently', () => {
    const e = meshLab('linkerd', 1);
    expect(k(e, 'get pod frontend -n web -o jsonpath={.spec.containers[*].name}').out).toBe('linkerd-proxy frontend');
    expect(k(e, 'get pod frontend -n web -o jsonpath={.spec.initContainers[*].name}').out).toBe('linkerd-init');
    expect(k(e, 'get pod frontend -n web -o jsonpath={.metadata.annotations.linkerd\\.io/proxy-version}').out).toBe('stable-2.14.10');
    const logs = k(e, 'logs backend -n bank');
    expect(logs.err).toBe('');
    expect(k(e, 'logs backend -n bank -c linkerd-proxy')).toEqual({ out: '', err: '', code: 0 });
    expect(k(e, 'logs backend -n bank -c nope').err).toBe('Error from server (BadRequest): container nope is not valid for pod backend\n');
  });
});

describe('Istio CRDs', () => {
  it('PeerAuthentication (pa) NAME MODE AGE, DestinationRule (dr) NAME HOST AGE; v1 and v1beta1 both apply', () => {
    const e = meshLab('istio-strict', 5);
    expect(k(e, 'get pa -A').out).toBe(expectedTable([['NAMESPACE', 'NAME', 'MODE', 'AGE'], ['istio-system', 'default', 'STRICT', '5s']]));
    const applied = k(e, 'apply -f -', `apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: default, namespace: bank}
spec:
  mtls: {mode: PERMISSIVE}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: backend, namespace: bank}
spec:
  host: backend.bank.svc.cluster.local
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
`);
    expect(applied).toEqual({ out: 'peerauthentication.security.istio.io/default created\ndestinationrule.networking.istio.io/backend created\n', err: '', code: 0 });
    expect(k(e, 'get peerauthentications -n bank').out).toBe(expectedTable([['NAME', 'MODE', 'AGE'], ['default', 'PERMISSIVE', '0s']]));
    expect(k(e, 'get dr -n bank').out).toBe(expectedTable([['NAME', 'HOST', 'AGE'], ['backend', 'backend.bank.svc.cluster.local', '0s']]));
    expect(k(e, 'get peerauthentications.v1beta1.security.istio.io -n bank -o name').out).toBe('peerauthentication.security.istio.io/default\n');
    expect(k(e, 'api-resources --api-group=security.istio.io --no-headers').out)
      .toMatch(/^peerauthentications +pa +security\.istio\.io\/v1 +true +PeerAuthentication\n$/);
    expect(k(e, 'api-versions').out).toContain('security.istio.io/v1\nsecurity.istio.io/v1beta1\n');
    expect(k(e, 'delete pa default -n bank').out).toBe('peerauthentication.security.istio.io "default" deleted\n');
  });

  it('exist only where Istio is installed', () => {
    expect(k(meshLab('linkerd', 0), 'get pa').err).toBe('error: the server doesn\'t have a resource type "pa"\n');
    expect(k(meshLab('linkerd', 0), 'apply -f -', 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: x}\n').err)
      .toContain('no matches for kind "PeerAuthentication" in version "security.istio.io/v1"');
  });
});

describe('Deployments and kubectl rollout', () => {
  it('one Deployment per namespace and app label', () => {
    const e = meshLab('istio-strict', 5);
    expect(k(e, 'get deploy -n default').out).toBe(expectedTable([
      ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], ['app-a', '1/1', '1', '1', '5s'], ['app-b', '1/1', '1', '1', '5s'],
    ]));
    expect(k(e, 'get deploy backend -n bank -o wide').out).toBe(expectedTable([
      ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
      ['backend', '1/1', '1', '1', '5s', 'backend', 'ghcr.io/podlock/bank-api:1.4.2', 'app=backend'],
    ]));
  });

  it('Istio: label the namespace, restart: the pods come back with a sidecar (2/2); unlabel, restart: 1/1 again', () => {
    const e = meshLab('istio-permissive', 3);
    expect(k(e, 'label namespace default istio-injection=enabled').out).toBe('namespace/default labeled\n');
    expect(k(e, 'rollout restart deployment/app-b')).toEqual({ out: 'deployment.apps/app-b restarted\n', err: '', code: 0 });
    e.runFor(SECOND);
    expect(e.st.cluster.pods.find((p) => p.name === 'app-b')!.sidecar).toBe('istio');
    expect(k(e, 'get pods -n default').out).toBe(expectedTable([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ['app-a', '1/1', 'Running', '0', '4s'], ['app-b', '2/2', 'Running', '0', '4s'],
    ]));
    expect(k(e, 'rollout status deploy/app-b').out).toBe('deployment "app-b" successfully rolled out\n');
    k(e, 'label namespace default istio-injection-');
    expect(k(e, '-n default rollout restart deploy').out).toBe('deployment.apps/app-a restarted\ndeployment.apps/app-b restarted\n');
    e.runFor(SECOND);
    expect(k(e, 'get pod app-b -o jsonpath={.spec.containers[*].name}').out).toBe('app-b');
  });

  it('Linkerd: the namespace annotation linkerd.io/inject=enabled, then a restart', () => {
    const e = meshLab('linkerd', 3);
    k(e, 'annotate namespace default linkerd.io/inject=enabled');
    expect(line(e, 'kubectl rollout restart deploy app-a -n default').out).toBe('deployment.apps/app-a restarted\n');
    e.runFor(SECOND);
    expect(k(e, 'get pod app-a -o jsonpath={.spec.containers[*].name}').out).toBe('linkerd-proxy app-a');
  });

  it('errors as kubectl prints them', () => {
    const e = meshLab('istio-strict', 0);
    expect(k(e, 'rollout restart deploy/nope -n bank')).toEqual({ out: '', err: 'Error from server (NotFound): deployments.apps "nope" not found\n', code: 1 });
    expect(k(e, 'rollout restart pod/backend -n bank').err).toBe('error: pods "backend" restarting is not supported\n');
    expect(k(e, 'rollout restart deploy -n kube-system').err).toBe('error: no objects passed to restart\n');
    expect(k(e, 'rollout restart').err).toMatch(/^You must provide one or more resources by argument or filename\./);
    expect(k(e, 'rollout undo deploy/backend -n bank').err).toBe("error: podlock: 'kubectl rollout undo' is not available in this lab yet\n");
    expect(k(e, 'rollout').out).toContain('Available Commands:\n  history       View rollout history\n');
  });
});
