#!/usr/bin/env node
/**
 * `npm start`: builds the app when dist/ is missing or older than its sources, then serves dist/ with `vite preview`
 * on PORT (default 4173) and says where. Ctrl-C (SIGINT) and SIGTERM are passed on to the server.
 */
/* global process, console, fetch, setTimeout */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VITE = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'vite.cmd' : 'vite');
const SOURCES = ['src', 'index.html', 'public', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.app.json'];
const PORT = Number(process.env.PORT ?? 4173);

if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535) fail(`PORT must be a TCP port number, not '${process.env.PORT}'`);
if (!existsSync(VITE)) fail('node_modules/.bin/vite is missing: run `npm install` first');

/** Newest modification time (ms) of a file or of every file below a folder; 0 when it does not exist. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

function fail(message) {
  console.error(`podlock: ${message}`);
  process.exit(1);
}

/** Runs vite with `args`, forwarding SIGINT/SIGTERM to it; resolves with its exit code (or 128+signal). */
function vite(args) {
  return new Promise((resolve) => {
    const child = spawn(VITE, args, { cwd: ROOT, stdio: 'inherit' });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => fail(`could not run vite: ${err.message}`));
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : 15));
    });
  });
}

async function waitForServer(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

const built = newest(join(ROOT, 'dist', 'index.html'));
const source = Math.max(...SOURCES.map((p) => newest(join(ROOT, p))));
if (built === 0 || built < source) {
  console.log(built === 0 ? 'podlock: building the app (dist/ is missing)…' : 'podlock: sources changed since the last build, rebuilding…');
  const code = await vite(['build']);
  if (code === 130 || code === 143) process.exit(code);
  if (code !== 0) fail(`the build failed (vite build exited with ${code}); fix the errors above and run \`npm start\` again`);
} else {
  console.log('podlock: dist/ is up to date, skipping the build');
}

const url = `http://localhost:${PORT}/`;
let exited = false;
const server = vite(['preview', '--port', String(PORT), '--strictPort']).then((code) => ((exited = true), code));
const up = await Promise.race([waitForServer(url, 30_000), server.then(() => false)]);
if (up) console.log(`\n  podlock is running at ${url}\n  (Ctrl-C to stop)\n`);
else if (!exited) console.log(`\n  podlock should be running at ${url} (it has not answered yet)\n`);
const code = await server;
if (code === 130 || code === 143) process.exit(0);
if (code !== 0) fail(`the server stopped (vite preview exited with ${code})${up ? '' : `; is port ${PORT} in use? Try PORT=${PORT + 1} npm start`}`);
