/**
 * tshark judges the IPsec scenarios: given the `uat:esp_sa` lines the capture CLI writes beside the pcapng, tshark
 * 4.0 checks every ESP packet's ICV (`esp.icv_good`) and decrypts the inner HTTP request and response (body equal
 * to what curl printed), for several seeds and across a key rotation (both SPIs in one capture). Per-tunnel keys
 * use ESN, whose ICVs tshark 4.0 cannot check, so there only decryption is required. Without the SAs, nothing but
 * ESP (and ARP) is on the wire. Runs when tshark is installed; REQUIRE_TSHARK=1 makes a missing tshark a failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolAvailable, tshark } from '../testing/tools';
import { Engine } from '../sim/engine';
import { SECOND } from '../sim/clock';
import { textToBase64 } from '../sim/base64';
import { record, toPcapng } from '../capture/recorder';
import { formatKeySpec } from '../crypto/ipsec';
import { IPSEC_SECRET } from './encryptionConfig';

const haveTshark = toolAvailable('tshark');
const dir = mkdtempSync(join(tmpdir(), 'podlock-esp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const URI = '/api/accounts/1042/transactions';
const CURL = ['curl', '-s', `http://backend.bank.svc.cluster.local:8080${URI}`];

/** tshark 4.0/4.1 take 8 esp_sa fields; later versions add the sequence-number length and its upper bits. */
function uatArgs(lines: string[]): string[] {
  const m = /TShark \(Wireshark\) (\d+)\.(\d+)/.exec(execFileSync('tshark', ['--version'], { encoding: 'utf8' }));
  const newer = m ? Number(m[1]) > 4 || (Number(m[1]) === 4 && Number(m[2]) >= 2) : false;
  return lines.flatMap((l) => ['-o', `uat:esp_sa:${newer ? `${l},"32-bit","0"` : l}`]);
}

function run(scenario: string, seed: string, script: (e: Engine, start: number) => void = () => undefined) {
  const e = Engine.create(scenario, seed);
  const start = e.now;
  const rec = record(e, 'node-1:eth0');
  const bodies = new Map<string, string>();
  e.events.on('output', (o) => {
    if (e.st.apps[o.app]?.kind === 'curl' && o.host === 'web/frontend' && o.stream === 'stdout') bodies.set(o.app, (bodies.get(o.app) ?? '') + o.text);
  });
  script(e, start);
  e.runToIdle();
  rec.stop();
  const path = join(dir, `${scenario}-${seed}-${Object.keys(e.st.inputLog).length}.pcapng`);
  writeFileSync(path, toPcapng(rec));
  return { path, sas: e.st.keylog?.esp ?? [], bodies: [...bodies.values()] };
}

function fields(path: string, extra: string[], names: string[]): string[][] {
  const txt = tshark(['-r', path, ...extra, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', ...names.flatMap((n) => ['-e', n])]);
  return txt.split('\n').filter((l) => l.length).map((l) => l.split('\t'));
}

function exported(path: string, extra: string[]): string[] {
  const out = join(dir, `objects-${path.split('/').pop()}`);
  mkdirSync(out, { recursive: true });
  tshark(['-r', path, ...extra, '--export-objects', `http,${out}`, '-q']);
  return readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')).sort();
}

const DECODE = ['-o', 'esp.enable_encryption_decode:TRUE', '-o', 'esp.enable_authentication_check:TRUE'];

describe.skipIf(!haveTshark)('IPsec captures, judged by tshark', () => {
  for (const seed of ['1', '7', '42']) {
    it(`cilium-ipsec seed ${seed}: every ICV good, HTTP decrypted; opaque without the SAs`, () => {
      const r = run('cilium-ipsec', seed);
      const opts = [...DECODE, ...uatArgs(r.sas)];
      const rows = fields(r.path, opts, ['frame.number', 'esp.spi', 'esp.icv_good', 'http.request.uri', 'http.response.code', 'ip.proto']);
      const esp = rows.filter((x) => x[1] !== '');
      expect(esp.length).toBeGreaterThan(10);
      expect(esp.filter((x) => x[2] !== '1').map((x) => x[0]), tshark(['-r', r.path, ...opts])).toEqual([]);
      expect(new Set(esp.map((x) => x[1]))).toEqual(new Set(['0x00000003']));
      expect(rows.filter((x) => x[3] === URI).length).toBe(1);
      expect(rows.filter((x) => x[4] === '200').length).toBe(1);
      expect(exported(r.path, opts)).toEqual(r.bodies);
      const leaks = fields(r.path, [], ['frame.number', '_ws.col.Info']).filter((x) => x[1].startsWith('ESP') === false && !/^Who has|is at/.test(x[1]));
      expect(leaks, 'non-ESP traffic on node-1:eth0').toEqual([]);
      const plain = fields(r.path, ['-Y', 'http || tcp || icmp || ip.proto != 50 && ip'], ['frame.number']);
      expect(plain).toEqual([]);
    });
  }

  it('cilium-ipsec across a key rotation: both SPIs in one capture, every ICV good, requests before and after decrypted', () => {
    const r = run('cilium-ipsec', '7', (e, start) => {
      e.runUntil(start + 5 * SECOND);
      const line = formatKeySpec({ id: 4, perTunnel: false, keyMaterial: new Uint8Array(20).fill(0x5a), icvBits: 128 });
      expect(e.input({ kind: 'patch', ...IPSEC_SECRET, patchType: 'merge', patch: { data: { keys: textToBase64(line) } } })).toBeNull();
      e.runUntil(start + 30 * SECOND);
      e.input({ kind: 'exec', target: 'web/frontend', argv: CURL });
      e.runUntil(start + 90 * SECOND);
      e.input({ kind: 'exec', target: 'web/frontend', argv: CURL });
    });
    const opts = [...DECODE, ...uatArgs(r.sas)];
    const rows = fields(r.path, opts, ['frame.number', 'esp.spi', 'esp.icv_good', 'esp.sequence', 'http.request.uri']);
    const esp = rows.filter((x) => x[1] !== '');
    expect(esp.filter((x) => x[2] !== '1').map((x) => x[0])).toEqual([]);
    expect(new Set(esp.map((x) => x[1]))).toEqual(new Set(['0x00000003', '0x00000004']));
    // Sequence numbers restart with the new key.
    expect(esp.find((x) => x[1] === '0x00000004')![3]).toBe('1');
    expect(rows.filter((x) => x[4] === URI).length).toBe(3);
    expect(exported(r.path, opts)).toEqual([...r.bodies].sort());
  });

  it('cilium-ipsec-pertunnel: per-direction keys decrypt the HTTP (tshark 4.0 cannot check ESN ICVs)', () => {
    const r = run('cilium-ipsec-pertunnel', '7');
    expect(new Set(r.sas.map((l) => l.split(',')[5])).size).toBe(r.sas.length); // a key per direction and pair
    const opts = [...DECODE, ...uatArgs(r.sas)];
    const rows = fields(r.path, opts, ['frame.number', 'esp.spi', 'http.request.uri', 'http.response.code']);
    expect(rows.filter((x) => x[2] === URI).length).toBe(1);
    expect(rows.filter((x) => x[3] === '200').length).toBe(1);
    expect(exported(r.path, opts)).toEqual(r.bodies);
    expect(fields(r.path, ['-Y', 'http || tcp || icmp'], ['frame.number'])).toEqual([]);
  });
});
