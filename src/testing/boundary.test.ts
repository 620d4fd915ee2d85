/**
 * The engine boundary is enforced by tools, not by good intentions: the engine's tsconfig has no DOM lib and no
 * @types, and ESLint bans host clocks, timers, Math.random and UI imports in engine folders. These tests feed both
 * tools small probe sources placed (virtually) inside the engine and check that they are rejected, and that the
 * same probes pass in the UI layer, so the rules are neither missing nor over-broad.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from './tools';

function engineDiagnostics(source: string): string[] {
  const cfgPath = join(ROOT, 'tsconfig.engine.json');
  const cfg = ts.readConfigFile(cfgPath, (p) => readFileSync(p, 'utf8'));
  const parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, ROOT, undefined, cfgPath);
  const probe = join(ROOT, 'src/sim/__boundary_probe.ts');
  const host = ts.createCompilerHost(parsed.options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === probe ? source : read(f));
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => f === probe || exists(f);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) =>
    f === probe ? ts.createSourceFile(f, source, lang) : getSource(f, lang, ...rest);
  const program = ts.createProgram([join(ROOT, 'src/engine-globals.d.ts'), probe], parsed.options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(probe))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the engine tsconfig has no DOM and no Node types', () => {
  it.each([
    ['document.title', /Cannot find name 'document'/],
    ['window.innerWidth', /Cannot find name 'window'/],
    ['setTimeout(() => 0, 1)', /Cannot find name 'setTimeout'/],
    ['Buffer.from([1])', /Cannot find name 'Buffer'/],
    ['process.env', /Cannot find name 'process'/],
    ['new Worker("x")', /Cannot find name 'Worker'/],
  ])('rejects %s', (expr, message) => {
    const errors = engineDiagnostics(`export const x = ${expr};\n`);
    expect(errors.join('\n')).toMatch(message);
  });

  it('accepts the globals the engine declares for itself', () => {
    const errors = engineDiagnostics(
      'export const a = new TextEncoder().encode("x");\nexport const b = new TextDecoder().decode(a);\nexport const c = structuredClone({ a: 1 });\n',
    );
    expect(errors).toEqual([]);
  });
});

describe('ESLint keeps host time, randomness and UI out of the engine', () => {
  const eslint = new ESLint({ cwd: ROOT });
  async function lint(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
    return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
  }

  it.each([
    ['export const t = Date.now();', /no-restricted-globals/],
    ['export const r = Math.random();', /no-restricted-properties/],
    ['export const p = performance.now();', /no-restricted-globals/],
    ['export const c = crypto.getRandomValues(new Uint8Array(1));', /no-restricted-globals/],
    ['import { useState } from "react";\nexport const u = useState;', /no-restricted-imports/],
    ['import { readFileSync } from "node:fs";\nexport const f = readFileSync;', /no-restricted-imports/],
    ['import { randomBytes } from "crypto";\nexport const f = randomBytes;', /no-restricted-imports/],
    ['import { createLabStore } from "../store/labStore";\nexport const s = createLabStore;', /no-restricted-imports/],
  ])('rejects %s in src/net', async (code, rule) => {
    expect((await lint('src/net/probe.ts', code)).join('\n')).toMatch(rule);
  });

  it('allows the engine\'s own crypto folder', async () => {
    expect(await lint('src/datapath/probe.ts', 'import { espEncrypt } from "../crypto/ipsec";\nexport const e = espEncrypt;\n')).toEqual([]);
  });

  it('allows the same calls in the UI layer', async () => {
    expect(await lint('src/ui/probe.ts', 'export const t = Date.now();\nexport const r = Math.random();\n')).toEqual([]);
  });
});
