/**
 * istioctl on the Istio labs: `x describe pod` reflects the PeerAuthentication precedence (mesh STRICT, a
 * namespace or workload override) and DestinationRules, `proxy-config secret` shows our certificates' serials and
 * validity (and their renewal), `-o json` carries the PEM chain that jq | base64 -d | openssl can read back.
 */
import { describe, expect, it } from 'vitest';
import { fmtIso, HOUR } from '../../sim/clock';
import { parseCertificate, toPem } from '../../crypto/pki';
import { availableIn } from '../types';
import { runCommand } from '../runCommand';
import { istioctl } from './istioctl';
import { kubectl } from './kubectl';
import { defaultRegistry } from './index';
import { NODE1 } from './kubectl.test-helper';
import { line, meshLab } from './mesh.test-helper';
import type { Engine } from '../../sim/engine';

const ictl = (e: Engine, args: string) => runCommand(e, istioctl, ['istioctl', ...args.split(' ')], NODE1);
const apply = (e: Engine, yaml: string) => runCommand(e, kubectl, ['kubectl', 'apply', '-f', '-'], NODE1, { stdin: yaml });

const BACKEND_HEAD = `Pod: backend
   Pod Revision: default
   Pod Ports: 8080 (backend), 15090 (istio-proxy)
--------------------
Service: backend
   Port: http 8080/HTTP targets pod port 8080
`;

describe('istioctl x describe pod', () => {
  it('STRICT mesh-wide: the effective mode and the PeerAuthentication that set it', () => {
    const e = meshLab('istio-strict');
    expect(ictl(e, 'x describe pod backend -n bank')).toEqual({
      out: `${BACKEND_HEAD}--------------------
Effective PeerAuthentication:
   Workload mTLS mode: STRICT
Applied PeerAuthentication:
   default.istio-system
Skipping Gateway information (no ingress gateway pods)
`, err: '', code: 0 });
  });

  it('PERMISSIVE when nothing sets a mode; a pod named with its namespace is printed that way', () => {
    const e = meshLab('istio-permissive');
    const r = ictl(e, 'experimental describe pod backend.bank');
    expect(r.out).toBe(`Pod: backend.bank
   Pod Revision: default
   Pod Ports: 8080 (backend), 15090 (istio-proxy)
--------------------
Service: backend.bank
   Port: http 8080/HTTP targets pod port 8080
--------------------
Effective PeerAuthentication:
   Workload mTLS mode: PERMISSIVE
Skipping Gateway information (no ingress gateway pods)
`);
    // frontend has no Service and no app port.
    expect(ictl(e, 'x describe pod frontend -n web').out).toMatch(/^Pod: frontend\n {3}Pod Revision: default\n {3}Pod Ports: 15090 \(istio-proxy\)\n-{20}\nEffective/);
  });

  it('a namespace policy overrides the mesh, a workload policy the namespace; a DestinationRule shows its TLS mode', () => {
    const e = meshLab('istio-strict');
    apply(e, 'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: bank}\nspec: {mtls: {mode: PERMISSIVE}}\n');
    let out = ictl(e, 'x describe pod backend -n bank').out;
    expect(out).toContain('   Workload mTLS mode: PERMISSIVE\nApplied PeerAuthentication:\n   default.istio-system, default.bank\n');
    apply(e, 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: backend-off, namespace: bank}\nspec: {selector: {matchLabels: {app: backend}}, mtls: {mode: DISABLE}}\n');
    apply(e, 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: backend, namespace: bank}\nspec: {host: backend.bank.svc.cluster.local, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}\n');
    out = ictl(e, 'x describe pod backend -n bank').out;
    expect(out).toBe(`${BACKEND_HEAD}DestinationRule: backend for "backend.bank.svc.cluster.local"
   Traffic Policy TLS Mode: ISTIO_MUTUAL
--------------------
Effective PeerAuthentication:
   Workload mTLS mode: DISABLE
Applied PeerAuthentication:
   default.istio-system, default.bank, backend-off.bank
Skipping Gateway information (no ingress gateway pods)
`);
  });

  it('a pod without a sidecar, and a pod that does not exist', () => {
    const e = meshLab('istio-strict', 1);
    expect(ictl(e, 'x describe pod app-b')).toEqual({
      out: 'Pod: app-b\n   Pod Ports: 8080 (app-b)\nWARNING: app-b is not part of mesh; no Istio sidecar\n--------------------\n',
      err: 'Error: failed to execute command on sidecar: error execing into app-b/default istio-proxy container: container istio-proxy is not valid for pod app-b\n',
      code: 1,
    });
    expect(ictl(e, 'x describe pod nope -n bank')).toEqual({ out: '', err: 'Error: pods "nope" not found\n', code: 1 });
  });
});

describe('istioctl proxy-config secret', () => {
  const expectedTable = (e: Engine, key: string): string => {
    const leaf = parseCertificate(e.st.mesh!.workloads[key].chain[0]);
    const root = parseCertificate(e.st.mesh!.ca.rootDer);
    // Go's tabwriter with padding 5, as istioctl prints it (FIDELITY.md §4).
    const w = Math.max(leaf.serialDecimal.length, root.serialDecimal.length, 13) + 5;
    const row = (name: string, type: string, c: typeof leaf) =>
      `${name.padEnd(18)}${type.padEnd(15)}${'ACTIVE'.padEnd(11)}${'true'.padEnd(15)}${c.serialDecimal.padEnd(w)}${fmtIso(c.notAfter).padEnd(25)}${fmtIso(c.notBefore)}\n`;
    return `${'RESOURCE NAME'.padEnd(18)}${'TYPE'.padEnd(15)}${'STATUS'.padEnd(11)}${'VALID CERT'.padEnd(15)}${'SERIAL NUMBER'.padEnd(w)}${'NOT AFTER'.padEnd(25)}NOT BEFORE\n` +
      row('default', 'Cert Chain', leaf) + row('ROOTCA', 'CA', root);
  };

  it('the workload certificate and istiod\'s root: decimal serials, validity from the certificates', () => {
    const e = meshLab('istio-strict');
    const r = ictl(e, 'proxy-config secret backend.bank');
    expect(r).toEqual({ out: expectedTable(e, 'bank/backend'), err: '', code: 0 });
    const leaf = parseCertificate(e.st.mesh!.workloads['bank/backend'].chain[0]);
    expect(BigInt(`0x${e.st.mesh!.workloads['bank/backend'].serialHex}`).toString()).toBe(leaf.serialDecimal);
    expect(r.out).toMatch(/\ndefault {11}Cert Chain {5}ACTIVE {5}true {11}\d+ +2026-03-03T09:00:00Z {5}2026-03-02T09:00:00Z\n/);
    expect(ictl(e, 'pc secret deploy/frontend -n web').out).toBe(expectedTable(e, 'web/frontend'));
  });

  it('shows the renewed certificate after half its lifetime', () => {
    const e = meshLab('istio-strict');
    const before = ictl(e, 'proxy-config secret backend -n bank').out;
    e.runFor(13 * HOUR);
    const after = ictl(e, 'proxy-config secret backend -n bank').out;
    expect(after).not.toBe(before);
    expect(after).toBe(expectedTable(e, 'bank/backend'));
    expect(after).toContain(fmtIso(e.st.mesh!.workloads['bank/backend'].notBefore));
  });

  it('-o json: Envoy\'s secrets dump; the chain comes back through jq, base64 -d and openssl', () => {
    const e = meshLab('istio-strict');
    const dump = JSON.parse(ictl(e, 'proxy-config secret backend.bank -o json').out) as {
      dynamicActiveSecrets: { name: string; secret: { tlsCertificate?: { certificateChain: { inlineBytes: string }; privateKey: { inlineBytes: string } }; validationContext?: { trustedCa: { inlineBytes: string } } } }[];
    };
    const [def, root] = dump.dynamicActiveSecrets;
    expect([def.name, root.name]).toEqual(['default', 'ROOTCA']);
    const cert = e.st.mesh!.workloads['bank/backend'];
    expect(Buffer.from(def.secret.tlsCertificate!.certificateChain.inlineBytes, 'base64').toString()).toBe(cert.chain.map((d) => toPem('CERTIFICATE', d)).join(''));
    expect(Buffer.from(def.secret.tlsCertificate!.privateKey.inlineBytes, 'base64').toString()).toBe('[redacted]');
    expect(Buffer.from(root.secret.validationContext!.trustedCa.inlineBytes, 'base64').toString()).toBe(toPem('CERTIFICATE', e.st.mesh!.ca.rootDer));
    const r = line(e, "istioctl proxy-config secret backend.bank -o json | jq -r '.dynamicActiveSecrets[0].secret.tlsCertificate.certificateChain.inlineBytes' | base64 -d | openssl x509 -noout -subject -ext subjectAltName");
    expect(r).toEqual({ out: 'subject=\nX509v3 Subject Alternative Name: critical\n    URI:spiffe://cluster.local/ns/bank/sa/backend\n', err: '', code: 0 });
  });

  it('errors for a pod without a sidecar and a missing one', () => {
    const e = meshLab('istio-strict', 1);
    expect(ictl(e, 'proxy-config secret app-a').err).toBe('Error: failed to execute command on sidecar: error execing into app-a/default istio-proxy container: container istio-proxy is not valid for pod app-a\n');
    expect(ictl(e, 'proxy-config secret ghost.bank').err).toBe('Error: pods "ghost" not found\n');
    expect(ictl(e, 'proxy-config cluster backend.bank').code).toBe(1);
  });
});

describe('istioctl', () => {
  it('version: client, control plane, and the data plane\'s proxies', () => {
    const e = meshLab('istio-strict', 1);
    expect(ictl(e, 'version').out).toBe('client version: 1.24.2\ncontrol plane version: 1.24.2\ndata plane version: 1.24.2 (2 proxies)\n');
    expect(ictl(e, 'version --remote=false').out).toBe('1.24.2\n');
    expect(ictl(e, 'foo').err).toBe('Error: unknown command "foo" for "istioctl"\nRun \'istioctl --help\' for usage.\n');
  });

  it('exists only in Istio labs', () => {
    const reg = defaultRegistry();
    expect(availableIn(reg.get('istioctl')!, meshLab('istio-permissive', 0).st)).toBe(true);
    expect(availableIn(reg.get('istioctl')!, meshLab('linkerd', 0).st)).toBe(false);
    expect(line(meshLab('linkerd', 0), 'istioctl version').code).toBe(127);
  });
});
