/**
 * tshark judges the WireGuard scenarios: a capture of node-1:eth0 with the lab's key log in a Decryption Secrets
 * Block decrypts with no tshark option at all (handshake_ok, the HTTP request and the multi-segment response whose
 * body is what curl printed, no decryption error); with the secrets stripped by editcap, nothing but WireGuard (and
 * ARP) is on the wire. A run longer than REKEY_AFTER_TIME shows the second handshake and tshark decrypting both
 * sessions. Runs when tshark is installed; REQUIRE_TSHARK=1 makes a missing tshark a failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolAvailable, tshark } from '../testing/tools';
import { Engine } from '../sim/engine';
import { SECOND } from '../sim/clock';
import { record, toPcapng } from '../capture/recorder';
import { captureSecrets } from '../capture/run';

const haveTshark = toolAvailable('tshark');
const dir = mkdtempSync(join(tmpdir(), 'podlock-wg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const URI = '/api/accounts/1042/transactions';
const CURL = ['curl', '-s', `http://backend.bank.svc.cluster.local:8080${URI}`];

interface Run {
  path: string;
  /** What curl in web/frontend printed, request by request. */
  bodies: string[];
}

/** Runs a scenario, optionally with more requests at given offsets (seconds), and writes node-1:eth0 with secrets. */
function run(scenario: string, seed: string, laterRequests: number[] = []): Run {
  const e = Engine.create(scenario, seed);
  const start = e.now;
  const rec = record(e, 'node-1:eth0');
  const out = new Map<string, string>();
  e.events.on('output', (o) => {
    if (e.st.apps[o.app]?.kind === 'curl' && o.host === 'web/frontend' && o.stream === 'stdout') out.set(o.app, (out.get(o.app) ?? '') + o.text);
  });
  for (const at of laterRequests) {
    e.runUntil(start + at * SECOND);
    expect(e.input({ kind: 'exec', target: 'web/frontend', argv: CURL })).toBeNull();
  }
  e.runToIdle();
  rec.stop();
  const path = join(dir, `${scenario}-${seed}-${laterRequests.join('_')}.pcapng`);
  writeFileSync(path, toPcapng(rec, captureSecrets(e.st)));
  return { path, bodies: [...out.values()] };
}

/** tshark fields, one row per frame, all occurrences joined by commas. */
function fields(path: string, names: string[], extra: string[] = []): string[][] {
  const txt = tshark(['-r', path, ...extra, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', ...names.flatMap((n) => ['-e', n])]);
  return txt.split('\n').filter((l) => l.length).map((l) => l.split('\t'));
}

function exportedBodies(path: string): string[] {
  const out = join(dir, `objects-${path.split('/').pop()}`);
  mkdirSync(out, { recursive: true });
  tshark(['-r', path, '--export-objects', `http,${out}`, '-q']);
  return readdirSync(out).sort().map((f) => readFileSync(join(out, f), 'utf8'));
}

const PORT = { 'cilium-wireguard': '51871', 'calico-wireguard': '51820' } as const;

describe.skipIf(!haveTshark)('WireGuard captures, judged by tshark', () => {
  for (const scenario of ['cilium-wireguard', 'calico-wireguard'] as const) {
    for (const seed of ['1', '7', '42']) {
      it(`${scenario} seed ${seed}: decrypts from the embedded key log; opaque without it`, () => {
        const r = run(scenario, seed);
        const rows = fields(r.path, ['frame.number', 'wg.type', 'wg.handshake_ok', 'wg.decryption_error', 'http.request.uri', 'http.response.code', 'udp.port', 'wg.static']);
        const listing = (): string => tshark(['-r', r.path]);
        // tshark decrypts the initiation's static key and sets handshake_ok on the response that completes it.
        expect(rows.some((x) => x[1] === '1' && x[7] !== ''), `initiation's static key not decrypted\n${listing()}`).toBe(true);
        expect(rows.some((x) => x[1] === '2' && x[2] === '1'), `no handshake_ok on the response\n${listing()}`).toBe(true);
        expect(rows.filter((x) => x[3] !== ''), 'decryption errors').toEqual([]);
        expect(rows.filter((x) => x[4] === URI).length, listing()).toBe(1);
        expect(rows.filter((x) => x[5] === '200').length, listing()).toBe(1);
        expect(rows.filter((x) => x[6] && !x[6].split(',').includes(PORT[scenario])).map((x) => x[0]), 'UDP outside WireGuard').toEqual([]);
        expect(r.bodies.length).toBe(1);
        expect(exportedBodies(r.path)).toEqual(r.bodies);

        const stripped = r.path.replace(/\.pcapng$/, '-nosecrets.pcapng');
        execFileSync('editcap', ['--discard-all-secrets', r.path, stripped]);
        const leaks = fields(stripped, ['frame.number', '_ws.col.Protocol', '_ws.col.Info'], ['-Y', 'http || tcp || icmp || ip.addr == 10.244.0.0/16 || !(wg || arp)']);
        expect(leaks, 'plaintext pod traffic on node-1:eth0 without the keys').toEqual([]);
        const wg = fields(stripped, ['wg.type', 'wg.handshake_ok'], ['-Y', 'wg']);
        expect(wg.length).toBeGreaterThan(4);
        expect(wg.filter((x) => x[1] === '1')).toEqual([]);
      });
    }
  }

  it('cilium-wireguard past REKEY_AFTER_TIME: a second handshake, traffic on the new keypair, both sessions decrypted', () => {
    const r = run('cilium-wireguard', '7', [130]);
    const rows = fields(r.path, ['frame.number', 'ip.src', 'wg.type', 'wg.handshake_ok', 'wg.receiver', 'http.request.uri', 'http.response.code']);
    const inits = rows.filter((x) => x[2] === '1');
    expect(inits.length, tshark(['-r', r.path])).toBeGreaterThanOrEqual(2);
    expect(rows.filter((x) => x[2] === '2' && x[3] === '1').length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((x) => x[5] === URI).length).toBe(2);
    expect(rows.filter((x) => x[6] === '200').length).toBe(2);
    // Transport data node-1 sends after the second response uses a receiver index it never used before.
    const secondResponse = rows.filter((x) => x[2] === '2').at(-1)!;
    const data = rows.filter((x) => x[2] === '4' && x[1] === '192.168.61.11');
    const before = new Set(data.filter((x) => Number(x[0]) < Number(secondResponse[0])).map((x) => x[4]));
    const after = data.filter((x) => Number(x[0]) > Number(secondResponse[0])).map((x) => x[4]);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((rcv) => !before.has(rcv))).toBe(true);
    expect(r.bodies.length).toBe(2);
    expect(exportedBodies(r.path).sort()).toEqual([...r.bodies].sort());
  });
});
