/** grep, head, tail, wc, cat and echo over piped text, with GNU's messages for bad options. */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { runCommand } from '../runCommand';
import { cat, echo, grep, head, tail, wc } from './textFilters';
import type { Command } from '../types';

const node = { kind: 'node', node: 'node-1' } as const;
const TEXT = 'alpha 1\nBeta 2\ngamma 3\nalphabet 4\n';
const run = (cmd: Command, argv: string[], stdin = TEXT) => runCommand(Engine.create('plaintext', 1), cmd, argv, node, { stdin });

describe('grep', () => {
  it.each([
    [['grep', 'alpha'], 'alpha 1\nalphabet 4\n', 0],
    [['grep', '-v', 'alpha'], 'Beta 2\ngamma 3\n', 0],
    [['grep', '-i', 'beta'], 'Beta 2\n', 0],
    [['grep', '-c', 'a'], '4\n', 0],
    [['grep', '-n', 'gamma'], '3:gamma 3\n', 0],
    [['grep', '-w', 'alpha'], 'alpha 1\n', 0],
    [['grep', '-E', '[0-9]$|^B'], TEXT, 0],
    [['grep', 'a\\|B'], TEXT, 0],
    [['grep', '-F', '.'], '', 1],
    [['grep', 'zzz'], '', 1],
  ])('%j', (argv, out, code) => {
    expect(run(grep, argv)).toEqual({ out, err: '', code });
  });

  it('treats ( and | as literals in basic regular expressions', () => {
    expect(run(grep, ['grep', 'a(b|c)'], 'a(b|c)\nab\n').out).toBe('a(b|c)\n');
  });

  it('reports bad usage like GNU grep, with status 2', () => {
    expect(run(grep, ['grep', '-z', 'x'])).toEqual({ out: '', err: "grep: invalid option -- 'z'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", code: 2 });
    expect(run(grep, ['grep']).code).toBe(2);
    expect(run(grep, ['grep', '-E', '(']).err).toBe('grep: Unmatched ( or \\(\n');
    expect(run(grep, ['grep', 'x', 'file.txt']).err).toBe('grep: file.txt: No such file or directory\n');
  });
});

describe('head, tail, wc', () => {
  it('head and tail take -n N, -nN and -N', () => {
    expect(run(head, ['head', '-n', '2']).out).toBe('alpha 1\nBeta 2\n');
    expect(run(head, ['head', '-1']).out).toBe('alpha 1\n');
    expect(run(tail, ['tail', '-n2']).out).toBe('gamma 3\nalphabet 4\n');
    expect(run(head, ['head', '-c', '9']).out).toBe('alpha 1\nB');
    expect(run(tail, ['tail', '-c5']).out).toBe('et 4\n');
    expect(run(head, ['head', '-n', 'x'])).toEqual({ out: '', err: "head: invalid number of lines: 'x'\n", code: 1 });
  });

  it('wc counts like GNU wc reading stdin', () => {
    expect(run(wc, ['wc', '-l']).out).toBe('4\n');
    expect(run(wc, ['wc', '-c'], 'héllo\n').out).toBe('7\n');
    expect(run(wc, ['wc']).out).toBe('      4       8      34\n');
    expect(run(wc, ['wc', '-q']).err).toBe("wc: invalid option -- 'q'\nTry 'wc --help' for more information.\n");
  });
});

describe('echo and cat', () => {
  it('echo joins its arguments; -n drops the newline', () => {
    expect(run(echo, ['echo', 'a', 'b']).out).toBe('a b\n');
    expect(run(echo, ['echo', '-n', 'a']).out).toBe('a');
  });

  it('cat copies stdin, and names a missing file', () => {
    expect(run(cat, ['cat']).out).toBe(TEXT);
    expect(run(cat, ['cat', 'nope'])).toEqual({ out: '', err: 'cat: nope: No such file or directory\n', code: 1 });
  });
});
