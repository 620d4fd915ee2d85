/**
 * tshark judges the mesh scenarios: node-1:eth0 captures carry the sidecars' TLS key log (NSS SSLKEYLOGFILE lines)
 * in a Decryption Secrets Block; tshark, told the backend's port is TLS (`-d tcp.port==8080,tls`: 8080 is HTTP to
 * it), decrypts the HTTP request and response (the body is what curl printed), sees both Certificate messages of
 * the mutual handshake and nothing malformed, for several seeds. With the secrets stripped, no HTTP is left.
 * Runs when tshark is installed; REQUIRE_TSHARK=1 makes a missing tshark a failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolAvailable, tshark } from '../testing/tools';
import { Engine } from '../sim/engine';
import { record, toPcapng } from '../capture/recorder';
import { captureSecrets } from '../capture/run';

const haveTshark = toolAvailable('tshark');
const dir = mkdtempSync(join(tmpdir(), 'podlock-mesh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const URI = '/api/accounts/1042/transactions';
const TLS8080 = ['-d', 'tcp.port==8080,tls'];

function run(scenario: string, seed: string) {
  const e = Engine.create(scenario, seed);
  const rec = record(e, 'node-1:eth0');
  const bodies = new Map<string, string>();
  e.events.on('output', (o) => {
    if (e.st.apps[o.app]?.kind === 'curl' && o.host === 'web/frontend' && o.stream === 'stdout') bodies.set(o.app, (bodies.get(o.app) ?? '') + o.text);
  });
  e.runToIdle();
  rec.stop();
  const path = join(dir, `${scenario}-${seed}.pcapng`);
  writeFileSync(path, toPcapng(rec, captureSecrets(e.st)));
  return { path, bodies: [...bodies.values()] };
}

function fields(path: string, extra: string[], names: string[]): string[][] {
  const txt = tshark(['-r', path, ...extra, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', ...names.flatMap((n) => ['-e', n])]);
  return txt.split('\n').filter((l) => l.length).map((l) => l.split('\t'));
}

describe.skipIf(!haveTshark)('mesh captures, judged by tshark', () => {
  for (const scenario of ['istio-permissive', 'istio-strict', 'linkerd']) {
    for (const seed of ['1', '7', '42']) {
      it(`${scenario} seed ${seed}: the embedded key log decrypts the mutual TLS; without it no HTTP`, () => {
        const r = run(scenario, seed);
        const rows = fields(r.path, TLS8080, ['frame.number', 'tls.handshake.type', 'http.request.uri', 'http.response.code', '_ws.malformed', 'tls.alert_message.level', 'tls.handshake.extensions_server_name']);
        const listing = (): string => tshark(['-r', r.path, ...TLS8080]);
        const types = rows.flatMap((x) => x[1].split(',')).filter((t) => t);
        // ClientHello, ServerHello, EncryptedExtensions, CertificateRequest, Certificate x2, CertificateVerify x2, Finished x2.
        expect(types.filter((t) => t === '11').length, listing()).toBe(2);
        expect(types.filter((t) => t === '15').length).toBe(2);
        expect(types).toContain('13');
        expect(rows.filter((x) => x[2] === URI).length, listing()).toBe(1);
        expect(rows.filter((x) => x[3] === '200').length).toBe(1);
        expect(rows.filter((x) => x[4] !== '').map((x) => x[0]), 'malformed frames').toEqual([]);
        expect(rows.filter((x) => x[5] === '2').map((x) => x[0]), 'fatal alerts').toEqual([]);
        const sni = rows.map((x) => x[6]).find((s) => s)!;
        expect(sni).toBe(scenario === 'linkerd' ? 'backend.bank.serviceaccount.identity.linkerd.cluster.local' : 'outbound_.8080_._.backend.bank.svc.cluster.local');

        const out = join(dir, `objects-${scenario}-${seed}`);
        mkdirSync(out, { recursive: true });
        tshark(['-r', r.path, ...TLS8080, '--export-objects', `http,${out}`, '-q']);
        expect(readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(r.bodies);

        const stripped = r.path.replace(/\.pcapng$/, '-nosecrets.pcapng');
        execFileSync('editcap', ['--discard-all-secrets', r.path, stripped]);
        expect(fields(stripped, TLS8080, ['frame.number']).length).toBe(rows.length);
        expect(fields(stripped, [...TLS8080, '-Y', 'http'], ['frame.number'])).toEqual([]);
      });
    }
  }
});
