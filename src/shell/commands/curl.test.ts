/**
 * `curl` in the terminal is the engine's curl: what it prints must be the body the backend put on the wire.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { fromUtf8 } from '../../net/bytes';
import { curl } from './curl';
import { foreground, node, pod, run } from './programs.test-helper';

/** The HTTP response bodies the backend sent, reassembled from the TCP payloads leaving its eth0. */
function servedBodies(e: Engine): () => string[] {
  const chunks: number[] = [];
  e.events.on('frame', (f) => {
    if (f.point !== 'bank/backend:eth0' || f.dir !== 'out' || f.frame[23] !== 6) return;
    const ip = f.frame.subarray(14);
    const tcp = ip.subarray((ip[0] & 15) * 4, (ip[2] << 8) | ip[3]);
    chunks.push(...tcp.subarray((tcp[12] >> 4) * 4));
  });
  return () => fromUtf8(new Uint8Array(chunks)).split('HTTP/1.1 ').slice(1).map((r) => r.slice(r.indexOf('\r\n\r\n') + 4));
}

describe('curl', () => {
  it('prints the JSON the backend served and exits 0', () => {
    const e = Engine.create('plaintext', 11);
    e.runToIdle(); // the scenario's own traffic first
    const served = servedBodies(e);
    const r = run(e, curl, ['curl', '-s', 'http://backend.bank.svc.cluster.local:8080/api/accounts/1042'], pod('web/frontend'));
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(served()).toEqual([r.out]);
    expect(JSON.parse(r.out)).toMatchObject({ id: 1042, currency: 'EUR' });
  });

  it('passes -v headers to stderr and -i headers to stdout, as the engine prints them', () => {
    const e = Engine.create('plaintext', 11);
    const v = run(e, curl, ['curl', '-v', 'http://backend.bank:8080/healthz'], pod('web/frontend'));
    expect(v.err).toMatch(/^\* {3}Trying 10\.96\.\d+\.\d+:8080\.\.\.\n\* Connected to backend\.bank/);
    expect(v.err).toContain('> GET /healthz HTTP/1.1\n');
    expect(v.out).toBe('{\n  "status": "ok"\n}\n');
    expect(run(e, curl, ['curl', '-si', 'http://backend.bank:8080/healthz'], pod('web/frontend')).code).toBe(2); // -si is not a curl option here
    expect(run(e, curl, ['curl', '-s', '-i', 'http://backend.bank:8080/healthz'], pod('web/frontend')).out).toMatch(/^HTTP\/1\.1 200 OK\nContent-Type: application\/json\n/);
  });

  it('reports curl errors with curl exit codes', () => {
    const e = Engine.create('plaintext', 11);
    expect(run(e, curl, ['curl', 'http://nowhere.example'], pod('web/frontend'))).toEqual({ out: '', err: 'curl: (6) Could not resolve host: nowhere.example\n', code: 6 });
    expect(run(e, curl, ['curl'], pod('web/frontend')).code).toBe(2);
    const refused = run(e, curl, ['curl', '-s', `http://${e.st.cluster.pods.find((p) => p.name === 'backend')!.ip}:9090/`], pod('web/frontend'));
    expect(refused.code).toBe(7);
    expect(refused.err).toMatch(/^curl: \(7\) Failed to connect to .* port 9090 after \d+ ms: Couldn't connect to server\n$/);
  });

  it('runs on a node too, and Ctrl-C kills a hanging transfer with status 130', () => {
    const e = Engine.create('plaintext', 11);
    const backend = e.st.cluster.pods.find((p) => p.name === 'backend')!.ip;
    expect(run(e, curl, ['curl', '-s', `http://${backend}:8080/healthz`], node('node-3')).out).toBe('{\n  "status": "ok"\n}\n');
    // The service has no port 9999: node-1 drops the SYN and curl keeps retrying until Ctrl-C.
    const fg = foreground(e, curl, ['curl', '-s', 'http://backend.bank:9999/'], pod('web/frontend'));
    fg.runFor(2_000_000);
    expect(fg.code()).toBeUndefined();
    fg.interrupt();
    expect(fg.code()).toBe(130);
    expect(fg.out() + fg.err()).toBe('');
    fg.stop();
  });
});
