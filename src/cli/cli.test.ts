/**
 * The headless commands as a user runs them: `npm run capture` (deterministic files, specific errors with exit
 * code 2) and `npm run bench -- --json --quick` (parseable JSON; no timing is asserted). Each process costs about a
 * second, so they all start at once in beforeAll and the tests read their results.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../testing/tools';
import { SCENARIO_IDS } from '../sim/scenarios';
import type { BenchResult } from './bench';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a src/cli script the way `npm run` does (tsx), in one Node process. */
function cli(script: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', script), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });
}

const show = (r: Run): string => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

const dir = mkdtempSync(join(tmpdir(), 'podlock-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = (name: string): string => join(dir, name);

const capture = (args: string[]) => cli('capture.ts', args);
const runs: Record<string, Run> = {};

beforeAll(async () => {
  const started = {
    seed1a: capture(['--scenario', 'plaintext', '--seed', '1', '--out', out('1a.pcapng')]),
    seed1b: capture(['--scenario', 'plaintext', '--seed', '1', '--out', out('1b.pcapng')]),
    seed2: capture(['--scenario', 'plaintext', '--seed', '2', '--out', out('2.pcapng')]),
    unknownScenario: capture(['--scenario', 'nope', '--seed', '1', '--out', out('nope.pcapng')]),
    unknownPoint: capture(['--scenario', 'plaintext', '--seed', '1', '--point', 'node-9:eth0', '--out', out('node9.pcapng')]),
    noOut: capture(['--scenario', 'plaintext', '--seed', '1']),
    esp: capture(['--scenario', 'cilium-ipsec', '--seed', '3', '--out', out('esp.pcapng')]),
    wgShow: cli('shell.ts', ['--scenario', 'cilium-wireguard', '--seed', '7', '--after', '70', 'wg show cilium_wg0 latest-handshakes']),
    badAfter: cli('shell.ts', ['--scenario', 'plaintext', '--seed', '7', '--after', 'soon', 'ls']),
    bench: cli('bench.ts', ['--json', '--quick']),
  };
  const done = await Promise.all(Object.values(started));
  Object.keys(started).forEach((k, i) => (runs[k] = done[i]));
}, 120_000);

describe('npm run capture', () => {
  it('writes the same bytes for the same seed and different bytes for another seed', () => {
    for (const k of ['seed1a', 'seed1b', 'seed2']) {
      expect(runs[k].code, show(runs[k])).toBe(0);
      expect(runs[k].stderr, show(runs[k])).toMatch(/^capture: \d+ packets at node-1:eth0 written to /);
    }
    const [a, b, c] = ['1a', '1b', '2'].map((n) => out(`${n}.pcapng`));
    expect(readFileSync(a).readUInt32LE(0), 'a pcapng section header block').toBe(0x0a0d0d0a);
    expect(sha256(a)).toBe(sha256(b));
    expect(sha256(c)).not.toBe(sha256(a));
  });

  it('names the known scenarios when the scenario is unknown (exit 2)', () => {
    const r = runs.unknownScenario;
    expect(r.code, show(r)).toBe(2);
    expect(r.stderr).toContain("unknown scenario 'nope'");
    for (const id of SCENARIO_IDS) expect(r.stderr, show(r)).toContain(id);
    expect(existsSync(out('nope.pcapng'))).toBe(false);
  });

  it('says which capture points exist when the point is unknown (exit 2)', () => {
    const r = runs.unknownPoint;
    expect(r.code, show(r)).toBe(2);
    expect(r.stderr, show(r)).toMatch(/capture: no node or pod 'node-9'\. Capture points: .*node-1:eth0.*web\/frontend:eth0/);
    expect(existsSync(out('node9.pcapng'))).toBe(false);
  });


  it('requires --out (exit 2, with the usage)', () => {
    const r = runs.noOut;
    expect(r.code, show(r)).toBe(2);
    expect(r.stderr, show(r)).toMatch(/capture: missing --out\nusage: npm run -s capture/);
  });
});

describe('encrypted scenarios from the command line', () => {
  it('capture writes the ESP SAs beside an IPsec capture, one tshark uat line per xfrm state', () => {
    const r = runs.esp;
    expect(r.code, show(r)).toBe(0);
    const lines = readFileSync(`${out('esp.pcapng')}.esp_sa`, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(6); // 3 nodes: a state per ordered pair
    for (const l of lines) expect(l).toMatch(/^"IPv4","10\.244\.\d+\.\d+","10\.244\.\d+\.\d+","0x00000003","AES-GCM with 16 octet ICV \[RFC4106\]","0x[0-9a-f]{40}","NULL",""$/);
    expect(r.stderr).toContain('6 ESP SAs written to');
  });

  it('shell --after runs the lab first: wg shows the handshake 70 s later', () => {
    const r = runs.wgShow;
    expect(r.code, show(r)).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows.length).toBe(2);
    expect(rows.filter((x) => x[1] !== '0').length).toBe(1); // node-2 only: the scenario talks to no one else
    expect(runs.badAfter.code).toBe(2);
    expect(runs.badAfter.stderr).toContain("--after must be a number of seconds from 0 to 3600, not 'soon'");
  });
});

describe('npm run bench', () => {
  it('--json --quick prints the figures as JSON', () => {
    const r = runs.bench;
    expect(r.code, show(r)).toBe(0);
    const j = JSON.parse(r.stdout) as BenchResult;
    expect(Object.keys(j).sort()).toEqual(['cores', 'cpu', 'crypto', 'dissect', 'modes', 'node', 'pcapng', 'platform', 'reps', 'run', 'scenario', 'seed', 'snapshot', 'warmup']);
    expect(Object.keys(j.modes).sort()).toEqual(['calico-wireguard', 'cilium-ipsec', 'cilium-ipsec-pertunnel', 'cilium-wireguard', 'istio-permissive', 'istio-strict', 'linkerd']);
    for (const v of [j.crypto.wireguard.handshakesPerSec, j.crypto.wireguard.transportPacketsPerSec, j.crypto.wireguard.rawChachaPerSec,
      j.crypto.esp.packetsPerSec, j.crypto.esp.rawNobleGcmPerSec, j.crypto.esp.rawWebCryptoGcmPerSec, j.crypto.mtls.handshakesPerSec,
      j.crypto.mtls.recordsPerSec]) expect(v).toBeGreaterThan(0);
    expect(j.node).toBe(process.version);
    expect(j.reps).toBe(1);
    for (const m of ['native', 'tunnel'] as const) {
      expect(Object.keys(j.run[m]).sort()).toEqual(['events', 'eventsPerSec', 'frames', 'wallMs']);
      expect(j.run[m].events).toBeGreaterThan(0);
      expect(j.run[m].wallMs.median).toBeGreaterThan(0);
    }
    expect(j.dissect.frames).toBeGreaterThan(j.run.native.frames); // both modes' frames
    expect(j.dissect.framesPerSec.max).toBeGreaterThan(0);
    expect(j.pcapng).toMatchObject({ point: 'node-1:eth0' });
    expect(j.pcapng.bytes).toBeGreaterThan(j.pcapng.frames * 32);
    expect(j.snapshot.jsonChars).toBeGreaterThan(1000);
    expect(j.snapshot.v8Bytes).toBeGreaterThan(1000);
    expect(j.snapshot.restoreMs.min).toBeGreaterThanOrEqual(0);
  });
});
