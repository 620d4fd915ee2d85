/**
 * `openssl x509` against things nobody here wrote: the fields of its `-text` page agree with Node's own
 * `crypto.X509Certificate` parse of the same DER, and, where the machine has the `openssl` binary, every line agrees
 * with `openssl x509` itself (text page, one-line fields, -ext, -pubkey) for Istio's and Linkerd's certificates.
 * Also: the mesh's certificate files inside meshed pods only, standard input, OpenSSL's error texts.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toPem } from '../../crypto/pki';
import { runCommand } from '../runCommand';
import type { Place } from '../types';
import { openssl } from './openssl';
import { line, meshLab } from './mesh.test-helper';
import type { Engine } from '../../sim/engine';

const inPod = (key: string): Place => ({ kind: 'pod', namespace: key.split('/')[0], pod: key.split('/')[1] });
const ossl = (e: Engine, args: string[], place: Place, stdin?: string) =>
  runCommand(e, openssl, ['openssl', ...args], place, stdin === undefined ? {} : { stdin });

const CHAIN = '/var/run/secrets/workload-spiffe-credentials/cert-chain.pem';
const LINKERD_CRT = '/var/run/linkerd/identity/end-entity/certificate.crt';

const realOpenssl = (() => {
  try {
    return /^OpenSSL 3\./.test(execFileSync('openssl', ['version'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
})();

describe('openssl x509 -text', () => {
  it('agrees with Node\'s X509Certificate on subject, issuer, serial, validity, SAN and fingerprint', () => {
    const e = meshLab('istio-strict', 1);
    const der = e.st.mesh!.workloads['bank/backend'].chain[0];
    const node = new X509Certificate(der);
    const r = ossl(e, ['x509', '-in', CHAIN, '-text', '-noout'], inPod('bank/backend'));
    expect(r.err).toBe('');
    const t = r.out;
    expect(t).toMatch(/^Certificate:\n {4}Data:\n {8}Version: 3 \(0x2\)\n {8}Serial Number:\n {12}([0-9a-f]{2}:)+[0-9a-f]{2}\n/);
    expect(/Serial Number:\n +(\S+)\n/.exec(t)![1].replace(/:/g, '').toUpperCase()).toBe(node.serialNumber);
    expect(t).toContain(`        Issuer: ${node.issuer.replace('=', ' = ')}\n`);
    expect(node.subject ?? '').toBe(''); // Node leaves an empty subject undefined
    expect(t).toContain('        Subject: \n');
    expect(t).toContain(`            Not Before: ${node.validFrom}\n            Not After : ${node.validTo}\n`);
    expect(t).toContain(`            X509v3 Subject Alternative Name: critical\n                ${node.subjectAltName}\n`);
    expect(t).toContain('                ASN1 OID: prime256v1\n                NIST CURVE: P-256\n');
    expect(ossl(e, ['x509', '-in', CHAIN, '-noout', '-fingerprint', '-sha256'], inPod('bank/backend')).out).toBe(`sha256 Fingerprint=${node.fingerprint256}\n`);
    expect(ossl(e, ['x509', '-in', CHAIN, '-noout', '-serial', '-dates'], inPod('bank/backend')).out)
      .toBe(`serial=${node.serialNumber}\nnotBefore=${node.validFrom}\nnotAfter=${node.validTo}\n`);
    // Linkerd: a subject and a DNS SAN.
    const l = meshLab('linkerd', 1);
    const ln = new X509Certificate(l.st.mesh!.workloads['web/frontend'].chain[0]);
    const lt = ossl(l, ['x509', '-in', LINKERD_CRT, '-noout', '-text'], inPod('web/frontend')).out;
    expect(lt).toContain(`        Subject: ${ln.subject.replace('=', ' = ')}\n`);
    expect(lt).toContain(`            X509v3 Subject Alternative Name: \n                ${ln.subjectAltName}\n`);
  });

  it.runIf(realOpenssl)('matches the openssl binary line for line', () => {
    const cases: [Engine, Uint8Array][] = [];
    const istio = meshLab('istio-strict', 1);
    const lk = meshLab('linkerd', 1);
    cases.push([istio, istio.st.mesh!.workloads['web/frontend'].chain[0]], [istio, istio.st.mesh!.ca.rootDer]);
    cases.push(...lk.st.mesh!.workloads['bank/backend'].chain.map((d) => [lk, d] as [Engine, Uint8Array]), [lk, lk.st.mesh!.anchor!.certDer]);
    const optionSets = [
      ['-text', '-noout'], ['-noout', '-subject', '-issuer', '-dates', '-serial', '-fingerprint'], ['-noout', '-fingerprint', '-sha256'],
      ['-noout', '-ext', 'subjectAltName,basicConstraints,keyUsage,extendedKeyUsage,subjectKeyIdentifier,authorityKeyIdentifier'],
      ['-noout', '-pubkey'], ['-noout', '-subject', '-issuer', '-nameopt', 'RFC2253'], [],
    ];
    for (const [e, der] of cases) {
      const pem = toPem('CERTIFICATE', der);
      for (const opts of optionSets) {
        const real = execFileSync('openssl', ['x509', ...opts], { input: pem, encoding: 'utf8' });
        expect(ossl(e, ['x509', ...opts], { kind: 'node', node: 'node-1' }, pem).out).toBe(real);
      }
    }
  });

  it.runIf(realOpenssl)('says what the binary says for input that is not a certificate', () => {
    const e = meshLab('istio-strict', 0);
    const run = (input: string) => {
      try {
        execFileSync('openssl', ['x509', '-noout'], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
        return { err: '', code: 0 };
      } catch (x) {
        const p = x as { stderr: string; status: number };
        return { err: p.stderr, code: p.status };
      }
    };
    expect(ossl(e, ['x509', '-noout'], { kind: 'node', node: 'node-1' }, 'hello\n')).toEqual({ out: '', ...run('hello\n') });
  });
});

describe('the mesh\'s certificate files', () => {
  it('inside a meshed pod only, computed from the lab (renewals show at once)', () => {
    const e = meshLab('istio-strict', 1);
    const cert = e.st.mesh!.workloads['web/frontend'];
    expect(line(e, `cat ${CHAIN}`, inPod('web/frontend')).out).toBe(toPem('CERTIFICATE', cert.chain[0]));
    expect(line(e, 'cat /var/run/secrets/istio/root-cert.pem', inPod('web/frontend')).out).toBe(toPem('CERTIFICATE', e.st.mesh!.ca.rootDer));
    expect(line(e, `cat ${CHAIN}`, inPod('default/app-a'))).toEqual({ out: '', err: `cat: ${CHAIN}: No such file or directory\n`, code: 1 });
    expect(line(e, `cat ${CHAIN}`).code).toBe(1);
    // kubectl exec runs the command in the pod, and `< file` reads the pod's files too.
    expect(line(e, `kubectl exec frontend -n web -c istio-proxy -- openssl x509 -in ${CHAIN} -noout -ext subjectAltName`).out)
      .toBe('X509v3 Subject Alternative Name: critical\n    URI:spiffe://cluster.local/ns/web/sa/frontend\n');
    expect(line(e, `openssl x509 -noout -serial < ${CHAIN}`, inPod('web/frontend')).out).toBe(`serial=${cert.serialHex.toUpperCase()}\n`);
  });

  it('Linkerd: the proxy\'s certificate with the issuer\'s, and the trust anchor', () => {
    const e = meshLab('linkerd', 1);
    const r = line(e, `openssl x509 -in ${LINKERD_CRT} -noout -subject -issuer`, inPod('bank/backend'));
    expect(r.out).toBe('subject=CN = backend.bank.serviceaccount.identity.linkerd.cluster.local\nissuer=CN = identity.linkerd.cluster.local\n');
    expect(line(e, 'cat /var/run/linkerd/identity/trust-anchors.pem | openssl x509 -noout -subject', inPod('bank/backend')).out)
      .toBe('subject=CN = root.linkerd.cluster.local\n');
  });
});

describe('openssl: errors and other subcommands', () => {
  it('as OpenSSL 3.0 prints them', () => {
    const e = meshLab('istio-strict', 0);
    const n: Place = { kind: 'node', node: 'node-1' };
    const missing = ossl(e, ['x509', '-in', '/nope', '-noout'], n);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^Could not open file or uri for loading certificate from \/nope\n.*:error:.*unregistered scheme.*\n.*No such file or directory.*stat\(\/nope\)\nUnable to load certificate\n$/);
    expect(ossl(e, ['x509', '-noout', '-in'], n)).toEqual({ out: '', err: 'x509: Option -in needs a value\nx509: Use -help for summary.\n', code: 1 });
    expect(ossl(e, ['foo'], n)).toEqual({ out: '', err: 'Invalid command \'foo\'; type "help" for a list.\n', code: 1 });
    expect(ossl(e, ['version'], n).out).toMatch(/^OpenSSL 3\.0\.\d+ /);
  });
});
