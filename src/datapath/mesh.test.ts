/**
 * The service-mesh datapath: sidecars relay the app's plaintext over mutual TLS 1.3 between pods (the app's HTTP
 * only on the pods' loopback), PeerAuthentication decides whether plaintext from a pod without a sidecar is
 * accepted, a DestinationRule can turn mTLS off, certificates renew at half-life, and a wrong CA, an expired or
 * mis-named certificate or a tampered record ends the connection with a named reason and nothing delivered.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../sim/engine';
import { HOUR, SECOND } from '../sim/clock';
import { parseEthernet } from '../net/packet/ethernet';
import { parseIpv4, PROTO_TCP } from '../net/packet/ipv4';
import { parseTcp } from '../net/packet/tcp';
import { rewriteIpv4 } from '../net/packet/rewrite';
import { createIstioRootCa, issueWorkloadCert } from '../crypto/pki';
import type { DropEvent, FrameEvent } from '../sim/events';
import { effectivePeerAuthentication } from './meshPolicy';

const CURL = ['curl', '-s', '-m', '5', 'http://backend.bank.svc.cluster.local:8080/api/accounts/1042'];

function watch(e: Engine) {
  const frames: FrameEvent[] = [];
  const drops: DropEvent[] = [];
  const exits: Record<string, number[]> = {};
  const logs: string[] = [];
  const curls = new Set<string>();
  e.events.on('frame', (f) => frames.push(f));
  e.events.on('drop', (d) => drops.push(d));
  e.events.on('output', (o) => {
    if (e.st.apps[o.app]?.kind === 'curl') curls.add(o.app);
    if (e.st.apps[o.app]?.kind === 'http-api') logs.push(`${o.host} ${o.text}`);
  });
  e.events.on('exit', (x) => (curls.has(x.app) || x.code !== 0) && (exits[x.host] ??= []).push(x.code));
  const payloads = (point: string): Uint8Array[] => frames.filter((f) => f.point === point).map((f) => {
    const eth = parseEthernet(f.frame);
    const ip = eth && parseIpv4(eth.payload);
    const tcp = ip && ip.proto === PROTO_TCP ? parseTcp(ip.src, ip.dst, ip.payload) : null;
    return tcp ? tcp.payload : new Uint8Array(0);
  }).filter((p) => p.length > 0);
  const text = (point: string): string => payloads(point).map((p) => new TextDecoder('latin1').decode(p)).join('');
  return { frames, drops, exits, logs, payloads, text };
}

const podOf = (e: Engine, key: string) => e.st.cluster.pods.find((p) => `${p.namespace}/${p.name}` === key)!;
const exec = (e: Engine, target: string, argv = CURL) => expect(e.input({ kind: 'exec', target, argv })).toBeNull();

describe('istio sidecars', () => {
  it('permissive: frontend -> backend is mTLS on the wire, HTTP only on the pods\' loopback; plaintext from app-a accepted', () => {
    const e = Engine.create('istio-permissive', 7);
    const w = watch(e);
    e.runToIdle();
    expect(w.exits['web/frontend']).toEqual([0]);
    expect(w.exits['default/app-a']).toEqual([0, 0]);
    const wire = w.payloads('node-1:eth0');
    expect(wire[0][0]).toBe(0x16); // a TLS handshake record: the ClientHello
    expect(new TextDecoder('latin1').decode(wire[0])).toContain('outbound_.8080_._.backend.bank.svc.cluster.local');
    expect(new TextDecoder('latin1').decode(wire[0])).toContain('istio-peer-exchange');
    expect(w.text('node-1:eth0')).not.toContain('GET /api');
    expect(w.text('web/frontend:eth0')).not.toContain('GET /api');
    expect(w.text('web/frontend:lo')).toContain('GET /api/accounts/1042/transactions HTTP/1.1');
    expect(w.text('bank/backend:lo')).toContain('HTTP/1.1 200 OK');
    // The app sees Envoy's inbound connection from 127.0.0.6; app-a's plaintext went through the sidecar too.
    expect(w.logs.filter((l) => l.startsWith('bank/backend 127.0.0.6 ')).length).toBe(2);
    expect(w.text('node-2:eth0')).toContain('GET /api/accounts/1042 HTTP/1.1'); // app-a's request, in clear
    expect(w.drops).toEqual([]);
    const certs = e.st.mesh!.workloads;
    expect(Object.keys(certs).sort()).toEqual(['bank/backend', 'web/frontend']);
    expect(certs['bank/backend'].identity).toBe('spiffe://cluster.local/ns/bank/sa/backend');
    expect(e.st.keylog!.tls.some((l) => l.startsWith('CLIENT_TRAFFIC_SECRET_0 '))).toBe(true);
  });

  it('strict: plaintext from a pod without a sidecar is reset (curl exit 56) with the reason; meshed traffic flows', () => {
    const e = Engine.create('istio-strict', 7);
    const w = watch(e);
    e.runToIdle();
    expect(w.exits['web/frontend']).toEqual([0]);
    expect(w.exits['default/app-a']).toEqual([0, 56]);
    expect(w.drops.map((d) => `${d.point}: ${d.reason}`)).toEqual([
      expect.stringMatching(/^bank\/backend:eth0: istio-proxy: plaintext connection from 10\.244\.3\.\d+ refused: mTLS mode STRICT for bank\/backend$/),
    ]);
    expect(w.logs.filter((l) => l.startsWith('bank/backend')).length).toBe(1);
    // The inbound proxy's record: the frontend over mTLS with its SPIFFE ID, app-a refused.
    expect(e.st.meshEdges!.map((x) => [x.src, x.dst, x.tls, x.clientIdentity ?? null, !!x.error])).toEqual([
      ['web/frontend', 'bank/backend', true, 'spiffe://cluster.local/ns/web/sa/frontend', false],
      ['default/app-a', 'bank/backend', false, null, true],
    ]);
  });

  it('PeerAuthentication precedence: workload over namespace over mesh; UNSET inherits', () => {
    const e = Engine.create('istio-strict', 7);
    const backend = podOf(e, 'bank/backend');
    const pa = (name: string, ns: string, mode: string, selector?: Record<string, string>) => e.input({
      kind: 'apply', object: { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: ns }, spec: { ...(selector ? { selector: { matchLabels: selector } } : {}), mtls: { mode } } },
    });
    expect(effectivePeerAuthentication(e.st, backend)).toMatchObject({ mode: 'STRICT', from: { level: 'mesh', namespace: 'istio-system' } });
    pa('default', 'bank', 'PERMISSIVE');
    expect(effectivePeerAuthentication(e.st, backend)).toMatchObject({ mode: 'PERMISSIVE', from: { level: 'namespace' } });
    pa('backend', 'bank', 'UNSET', { app: 'backend' });
    expect(effectivePeerAuthentication(e.st, backend).mode).toBe('PERMISSIVE');
    pa('backend', 'bank', 'STRICT', { app: 'backend' });
    expect(effectivePeerAuthentication(e.st, backend)).toMatchObject({ mode: 'STRICT', from: { level: 'workload', name: 'backend' } });
    pa('backend', 'bank', 'DISABLE', { app: 'other' });
    expect(effectivePeerAuthentication(e.st, backend).from?.level).toBe('namespace');
    // And the datapath follows: bank PERMISSIVE lets app-a in again.
    const w = watch(e);
    e.runToIdle();
    expect(w.exits['default/app-a']).toEqual([0, 0]);
  });

  it('a DestinationRule with tls DISABLE sends plaintext from the sidecar, which a STRICT backend then refuses', () => {
    const e = Engine.create('istio-strict', 7);
    e.input({ kind: 'apply', object: { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'backend', namespace: 'bank' }, spec: { host: 'backend.bank.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } } } });
    const w = watch(e);
    e.runToIdle();
    expect(w.text('node-1:eth0')).toContain('GET /api/accounts/1042/transactions');
    expect(w.exits['web/frontend']).toEqual([56]);
  });

  it('a pod restarted after its namespace is labelled gets a sidecar; unlabelled and restarted, it loses it', () => {
    const e = Engine.create('istio-strict', 7);
    e.runToIdle();
    e.input({ kind: 'set-metadata', apiVersion: 'v1', objKind: 'Namespace', name: 'default', labels: { 'istio-injection': 'enabled' } });
    expect(e.input({ kind: 'restart-pod', target: 'default/app-a' })).toBeNull();
    e.runFor(SECOND);
    expect(podOf(e, 'default/app-a').sidecar).toBe('istio');
    let w = watch(e);
    exec(e, 'default/app-a');
    e.runToIdle();
    expect(w.exits['default/app-a']).toEqual([0]);
    expect(w.payloads('node-3:eth0')[0][0]).toBe(0x16);
    e.input({ kind: 'set-metadata', apiVersion: 'v1', objKind: 'Namespace', name: 'default', labels: { 'istio-injection': null } });
    e.input({ kind: 'restart-pod', target: 'default/app-a' });
    e.runFor(SECOND);
    expect(podOf(e, 'default/app-a').sidecar).toBeUndefined();
    w = watch(e);
    exec(e, 'default/app-a');
    e.runToIdle();
    expect(w.exits['default/app-a']).toEqual([56]);
  });

  it('workload certificates renew at half their 24 h lifetime', () => {
    const e = Engine.create('istio-permissive', 7);
    const first = e.st.mesh!.workloads['web/frontend'];
    expect(first.notAfter - first.notBefore).toBe(24 * HOUR);
    e.runFor(12 * HOUR + SECOND);
    const second = e.st.mesh!.workloads['web/frontend'];
    expect(second.serialHex).not.toBe(first.serialHex);
    expect(second.notBefore).toBe(first.notBefore + 12 * HOUR);
  });
});

describe('failures end the connection with a named reason and deliver nothing', () => {
  function withBackendCert(mutate: (e: Engine) => void) {
    const e = Engine.create('istio-permissive', 7);
    mutate(e);
    const w = watch(e);
    e.runToIdle();
    return { e, w, backendHits: w.logs.filter((l) => l.startsWith('bank/backend') && l.includes('/transactions')).length };
  }
  const rand = (e: Engine) => (n: number) => e.bytes(n);

  it('a certificate from another CA: unknown_ca', () => {
    const { w, backendHits } = withBackendCert((e) => {
      const other = createIstioRootCa(rand(e), e.now);
      e.st.mesh!.workloads['bank/backend'] = issueWorkloadCert(other, rand(e), { now: e.now, namespace: 'bank', serviceAccount: 'backend', mesh: 'istio' });
    });
    expect(w.exits['web/frontend']).not.toEqual([0]);
    expect(w.drops.map((d) => d.reason).join('\n')).toMatch(/web\/frontend|unknown CA/);
    expect(w.drops.some((d) => /certificate signed by an unknown CA/.test(d.reason))).toBe(true);
    expect(backendHits).toBe(0);
  });

  it('an expired certificate: certificate_expired', () => {
    const { w, backendHits } = withBackendCert((e) => {
      e.st.mesh!.workloads['bank/backend'] = issueWorkloadCert(e.st.mesh!.ca, rand(e), { now: e.now - 48 * HOUR, namespace: 'bank', serviceAccount: 'backend', mesh: 'istio' });
    });
    expect(w.drops.some((d) => d.point === 'web/frontend:eth0' && /certificate expired at/.test(d.reason))).toBe(true);
    expect(backendHits).toBe(0);
  });

  it('a certificate for another service account: the SPIFFE ID is refused', () => {
    const { w, backendHits } = withBackendCert((e) => {
      e.st.mesh!.workloads['bank/backend'] = issueWorkloadCert(e.st.mesh!.ca, rand(e), { now: e.now, namespace: 'bank', serviceAccount: 'intruder', mesh: 'istio' });
    });
    expect(w.drops.some((d) => /peer SPIFFE ID spiffe:\/\/cluster\.local\/ns\/bank\/sa\/intruder is not the expected spiffe:\/\/cluster\.local\/ns\/bank\/sa\/backend/.test(d.reason))).toBe(true);
    expect(backendHits).toBe(0);
  });

  it('a tampered application-data record: bad_record_mac, the request never reaches the app', () => {
    const e = Engine.create('istio-permissive', 7);
    const w = watch(e);
    let tampered = false;
    while (e.nextEventAt() !== undefined && e.step()) {
      if (tampered) continue;
      for (const item of e.st.queue.heap) {
        const ev = item.ev;
        if (ev.k !== 'deliver' || ev.iface !== 'node-2:eth0') continue;
        const ip = parseIpv4(ev.frame.subarray(14));
        const tcp = ip && ip.proto === PROTO_TCP ? parseTcp(ip.src, ip.dst, ip.payload) : null;
        // The client's second flight: (ChangeCipherSpec,) Finished and the GET in application-data records.
        if (!tcp || tcp.payload.length < 300 || tcp.payload[0] === 0x16) continue; // not the ClientHello
        const pkt = ev.frame.slice(14, 14 + ip!.totalLength);
        pkt[pkt.length - 30] ^= 0x40;
        const fixed = rewriteIpv4(pkt, { sport: tcp.sport }); // a valid TCP checksum, as an attacker would send
        const frame = new Uint8Array(ev.frame.length);
        frame.set(ev.frame.subarray(0, 14));
        frame.set(fixed, 14);
        ev.frame = frame;
        tampered = true;
      }
    }
    expect(tampered).toBe(true);
    expect(w.drops.map((d) => `${d.point}: ${d.reason}`)).toContainEqual(expect.stringMatching(/^bank\/backend:eth0: istio-proxy: .*bad_record_mac/));
    expect(w.logs.filter((l) => l.includes('/transactions'))).toEqual([]);
  });
});

describe('linkerd', () => {
  it('proxies speak mTLS with Linkerd identities; plaintext from a pod without a proxy is accepted', () => {
    const e = Engine.create('linkerd', 7);
    const w = watch(e);
    e.runToIdle();
    expect(w.exits['web/frontend']).toEqual([0]);
    expect(w.exits['default/app-a']).toEqual([0, 0]);
    const hello = new TextDecoder('latin1').decode(w.payloads('node-1:eth0')[0]);
    expect(hello).toContain('backend.bank.serviceaccount.identity.linkerd.cluster.local');
    expect(e.st.mesh!.workloads['web/frontend'].identity).toBe('frontend.web.serviceaccount.identity.linkerd.cluster.local');
    expect(e.st.mesh!.anchor).toBeDefined();
    expect(w.text('node-1:eth0')).not.toContain('GET /api');
    expect(w.logs.filter((l) => l.startsWith('bank/backend 127.0.0.1 ')).length).toBe(2);
  });
});
