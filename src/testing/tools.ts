/**
 * Test support (Node only): finds the external judges (tshark, tcpdump, capinfos) and the shared interop data.
 * A test that needs a tool runs whenever the tool is installed; with REQUIRE_TSHARK=1 (CI) a missing tool fails
 * the test instead of skipping it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const INTEROP = join(ROOT, '..', 'shared', 'interop');

const cache = new Map<string, boolean>();

export function hasTool(name: string): boolean {
  if (!cache.has(name)) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    cache.set(name, r.status === 0);
  }
  return cache.get(name)!;
}

/** True when tests needing `name` should run; throws under REQUIRE_TSHARK=1 when it is missing. */
export function toolAvailable(name: string): boolean {
  const ok = hasTool(name);
  if (!ok && process.env.REQUIRE_TSHARK === '1') {
    throw new Error(`${name} is required (REQUIRE_TSHARK=1) but not installed: apt-get install -y tshark tcpdump`);
  }
  return ok;
}

/** Runs tshark with the given arguments and returns its stdout (stderr's "Running as root" noise is dropped). */
export function tshark(args: string[]): string {
  return execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function interopPath(...parts: string[]): string {
  const p = join(INTEROP, ...parts);
  if (!existsSync(p)) throw new Error(`interop file missing: ${p} (is ../shared beside the project?)`);
  return p;
}

/** Runs Debian's tcpdump (TZ=UTC, so its times match the virtual clock's UTC) and returns stdout and stderr. */
export function tcpdump(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync('tcpdump', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TZ: 'UTC' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}
