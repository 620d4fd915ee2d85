/**
 * `base64` and `jq` (the part of jq the lab has), checked against the real binaries where the machine has them:
 * same output, same errors, same exit codes.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { runCommand } from '../runCommand';
import type { Command } from '../types';
import { base64 } from './base64';
import { jq } from './jq';

const e = Engine.create('plaintext', 1);
const NODE = { kind: 'node' as const, node: 'node-1' };
const ours = (cmd: Command, args: string[], stdin: string) => runCommand(e, cmd, [cmd.name, ...args], NODE, { stdin });

const has = (bin: string): boolean => {
  try {
    execFileSync(bin, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** What the real tool prints: stdout, stderr and exit status. */
function real(bin: string, args: string[], input: string): { out: string; err: string; code: number } {
  try {
    const out = execFileSync(bin, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { out, err: '', code: 0 };
  } catch (x) {
    const p = x as { stdout: string; stderr: string; status: number };
    return { out: p.stdout, err: p.stderr, code: p.status };
  }
}

const JSON_IN = JSON.stringify({
  dynamicActiveSecrets: [{ name: 'default', secret: { tlsCertificate: { certificateChain: { inlineBytes: 'LS0tLS1CRUdJTg==' } } } }, { name: 'ROOTCA', n: 2 }],
  'a b': [1, 'x', null, true], empty: {},
}, null, 2) + '\n';

describe('base64', () => {
  it('encodes at 76 columns (or -w 0) and decodes', () => {
    const text = 'x'.repeat(100);
    expect(ours(base64, [], text).out).toBe(`${Buffer.from(text).toString('base64').slice(0, 76)}\n${Buffer.from(text).toString('base64').slice(76)}\n`);
    expect(ours(base64, ['-w', '0'], text).out).toBe(`${Buffer.from(text).toString('base64')}\n`);
    expect(ours(base64, ['-d'], 'aGVs\nbG8=\n')).toEqual({ out: 'hello', err: '', code: 0 });
    expect(ours(base64, ['-d'], 'aGVsbG8')).toEqual({ out: 'hello', err: 'base64: invalid input\n', code: 1 });
  });

  it.runIf(has('base64'))('agrees with GNU base64', () => {
    for (const [args, input] of [[[], 'hello world\n'], [['-d'], 'aGVsbG8gd29ybGQK'], [['--decode'], 'aGVsbG8'], [['-d'], '!!!'], [['-w', '10'], 'abcdefghijklmnop'], [['-x'], '']] as [string[], string][]) {
      expect(ours(base64, args, input)).toEqual(real('base64', args, input));
    }
  });
});

describe('jq', () => {
  const filters: [string[], string][] = [
    [['-r', '.dynamicActiveSecrets[0].secret.tlsCertificate.certificateChain.inlineBytes'], JSON_IN],
    [['.dynamicActiveSecrets[] | .name'], JSON_IN], [['-c', '.dynamicActiveSecrets[1]'], JSON_IN],
    [['."a b"[1], .["a b"][0]'], JSON_IN], [['keys'], JSON_IN], [['.["a b"] | length'], JSON_IN], [['.empty, .missing'], JSON_IN],
    [['-c', '.dynamicActiveSecrets[] | (.name, .n)'], JSON_IN], [['.'], '{"a":[]}\n'], [['-r', '.a | @base64d'], '{"a":"aGk="}\n'],
    [['.a.b'], '{"a":1}\n'], [['.a[]'], '{"a":1}\n'], [['.[0]'], '{"a":1}\n'], [['.a?.b?'], '{"a":1}\n'],
    [['foo'], '{}\n'], [['.'], 'nope\n'],
  ];

  it('pulls fields out, -r prints strings raw', () => {
    expect(ours(jq, filters[0][0], filters[0][1]).out).toBe('LS0tLS1CRUdJTg==\n');
    expect(ours(jq, ['.dynamicActiveSecrets[] | .name'], JSON_IN).out).toBe('"default"\n"ROOTCA"\n');
    expect(ours(jq, ['.a.b'], '{"a":1}\n')).toEqual({ out: '', err: 'jq: error (at <stdin>:1): Cannot index number with string "b"\n', code: 5 });
    // A syntax error is a compile error (exit 3); bison's exact wording is not reproduced.
    const bad = ours(jq, ['.a ]'], '{}\n');
    expect([bad.code, bad.err.endsWith('jq: 1 compile error\n')]).toEqual([3, true]);
  });

  it.runIf(has('jq') && /^jq-1\.6/.test(real('jq', ['--version'], '').out))('agrees with jq 1.6', () => {
    for (const [args, input] of filters) expect({ args, ...ours(jq, args, input) }).toEqual({ args, ...real('jq', args, input) });
  });
});
