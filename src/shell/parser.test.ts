/**
 * The command-line parser: sh's quoting and word rules, pipelines and lists, redirections and here-documents,
 * bash's messages for bad lines (and whether another line could finish them), `wordAt` for tab completion, and a
 * fuzz run of thousands of random and mutated command lines that must never throw.
 */
import { describe, expect, it } from 'vitest';
import { createRng, randomInt, type RngState } from '../sim/rng';
import { parseCommandLine, wordAt, type ListItem, type ParseResult } from './parser';

const items = (line: string): ListItem[] => {
  const r = parseCommandLine(line);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(line)} to parse: ${r.error}`);
  return r.items;
};
const argvs = (line: string): string[][] => items(line).flatMap((i) => i.pipeline.commands.map((c) => c.argv));
const argv = (line: string): string[] => argvs(line)[0];
const failure = (line: string): Extract<ParseResult, { ok: false }> => {
  const r = parseCommandLine(line);
  if (r.ok) throw new Error(`expected ${JSON.stringify(line)} to fail`);
  return r;
};

describe('words', () => {
  it('splits on blanks and keeps single quotes literal', () => {
    expect(argv(`tcpdump  -i eth0\t-nn 'tcp port 8080 and $x \\n'`)).toEqual(['tcpdump', '-i', 'eth0', '-nn', 'tcp port 8080 and $x \\n']);
  });
  it('joins adjacent quoted and unquoted parts, and keeps an empty quoted word', () => {
    expect(argv(`echo a'b'"c" '' "" x""y`)).toEqual(['echo', 'abc', '', '', 'xy']);
  });
  it('applies only \\" \\\\ \\$ \\` (and backslash-newline) inside double quotes', () => {
    expect(argv(`echo "a\\"b\\\\c\\$d\\\`e\\nf\\\ng"`)).toEqual(['echo', 'a"b\\c$d`e\\nfg']);
  });
  it('escapes any character with a backslash outside quotes and joins lines on backslash-newline', () => {
    expect(argv('echo a\\ b \\| \\\'q \\"')).toEqual(['echo', 'a b', '|', "'q", '"']);
    expect(argv('kubectl get \\\n  pods')).toEqual(['kubectl', 'get', 'pods']);
  });
  it('starts a comment only at the start of a word', () => {
    expect(argv('echo a#b "#c" #d e')).toEqual(['echo', 'a#b', '#c']);
    expect(items('# nothing but a comment')).toEqual([]);
  });
  it('expands nothing: $VAR, ${VAR}, $(cmd) and `cmd` stay literal words', () => {
    expect(argv('echo $HOME ${HOME} $(date +%s) `id -u` ~')).toEqual(['echo', '$HOME', '${HOME}', '$(date +%s)', '`id -u`', '~']);
  });
  it('records each word with its source range and whether it was quoted', () => {
    const [w0, w1] = items(`ls 'my dir'`)[0].pipeline.commands[0].words;
    expect([w0.start, w0.end, w0.quoted, w1.start, w1.end, w1.quoted, w1.text]).toEqual([0, 2, false, 3, 11, true, 'my dir']);
  });
});

describe('lists and pipelines', () => {
  it('joins pipelines with && || ; & and newlines, and commands with |', () => {
    const r = items('tcpdump -nn | grep SYN | wc -l && echo ok || echo no; ls &\nwg show');
    expect(r.map((i) => [i.pipeline.commands.map((c) => c.argv[0]), i.next])).toEqual([
      [['tcpdump', 'grep', 'wc'], '&&'], [['echo'], '||'], [['echo'], ';'], [['ls'], '&'], [['wg'], undefined],
    ]);
  });
  it('accepts empty lines, blank lines and a trailing ; or &', () => {
    expect(items('')).toEqual([]);
    expect(argvs('\n\n  ls ;\n\n')).toEqual([['ls']]);
    expect(items('sleep 1 &')[0].next).toBe('&');
  });
  it('lets a pipeline or && continue on the next line', () => {
    expect(argvs('ls |\n  grep x &&\n echo y')).toEqual([['ls'], ['grep', 'x'], ['echo', 'y']]);
  });
  it('treats operators inside quotes as text', () => {
    expect(argv(`grep 'a|b && c;d' "e > f"`)).toEqual(['grep', 'a|b && c;d', 'e > f']);
  });
});

describe('redirections and here-documents', () => {
  it('recognises > >> < 2>&1 &> and a file descriptor glued to the operator', () => {
    const cmd = items('tcpdump -w out.pcap 2>&1 >log >>all <in 2>err &>both 3 >x')[0].pipeline.commands[0];
    expect(cmd.argv).toEqual(['tcpdump', '-w', 'out.pcap', '3']);
    expect(cmd.redirects.map((r) => (r.kind === 'heredoc' ? r.kind : [r.fd, r.op, r.target.text]))).toEqual([
      [2, '>&', '1'], [1, '>', 'log'], [1, '>>', 'all'], [0, '<', 'in'], [2, '>', 'err'], [-1, '>', 'both'], [1, '>', 'x'],
    ]);
  });
  it('reads a here-document body after its line, for kubectl apply -f - <<EOF', () => {
    const r = items('kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: $NS\nEOF\nkubectl get ns');
    expect(r.map((i) => i.pipeline.commands[0].argv)).toEqual([['kubectl', 'apply', '-f', '-'], ['kubectl', 'get', 'ns']]);
    const redirect = r[0].pipeline.commands[0].redirects[0];
    expect(redirect).toMatchObject({ kind: 'heredoc', fd: 0, doc: { delimiter: 'EOF', quoted: false, open: false } });
    expect(redirect.kind === 'heredoc' && redirect.doc.body).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: $NS\n');
  });
  it("keeps a quoted delimiter's body literal, strips tabs for <<-, and handles two documents on one line", () => {
    const docs = (line: string) => items(line)[0].pipeline.commands.flatMap((c) => c.redirects)
      .map((r) => (r.kind === 'heredoc' ? [r.doc.delimiter, r.doc.quoted, r.doc.body] : null));
    expect(docs("cat <<'EOF'\na \\$b \\\\\nEOF")).toEqual([['EOF', true, 'a \\$b \\\\\n']]);
    expect(docs('cat <<EOF\na \\$b \\\\\nEOF')).toEqual([['EOF', false, 'a $b \\\n']]);
    expect(docs('cat <<-END\n\tone\n\t\ttwo\n\tEND')).toEqual([['END', false, 'one\ntwo\n']]);
    expect(docs('cat <<A - <<"B"\n1\nA\n2\nB')).toEqual([['A', false, '1\n'], ['B', true, '2\n']]);
    expect(docs('cat <<EOF | grep x\nx y\nEOF')).toEqual([['EOF', false, 'x y\n']]);
  });
});

describe("errors read like bash's and never throw", () => {
  it.each([
    ['| ls', "sh: syntax error near unexpected token '|'", 0, false],
    ['ls | | wc', "sh: syntax error near unexpected token '|'", 5, false],
    ['&& ls', "sh: syntax error near unexpected token '&&'", 0, false],
    ['ls ; ; ls', "sh: syntax error near unexpected token ';'", 5, false],
    ['ls ;; ls', "sh: syntax error near unexpected token ';;'", 3, false],
    ['ls >', "sh: syntax error near unexpected token 'newline'", 4, false],
    ['ls > | wc', "sh: syntax error near unexpected token '|'", 5, false],
    ['(ls)', "sh: syntax error near unexpected token '('", 0, false],
    ['echo "unterminated', 'sh: syntax error: unterminated quoted string', 5, true],
    ["echo 'x | wc", 'sh: syntax error: unterminated quoted string', 5, true],
    ['ls |', 'sh: syntax error: unexpected end of file', 4, true],
    ['ls &&\n', 'sh: syntax error: unexpected end of file', 6, true],
    ['ls \\', 'sh: syntax error: unexpected end of file', 3, true],
    ['cat <<EOF\nline', "sh: warning: here-document delimited by end-of-file (wanted 'EOF')", 4, true],
    ['cat <<EOF', "sh: warning: here-document delimited by end-of-file (wanted 'EOF')", 4, true],
  ])('%j', (line, error, at, incomplete) => {
    expect(failure(line)).toEqual({ ok: false, error, at, incomplete });
  });
  it('reports the first problem: a bad token before an open quote wins', () => {
    expect(failure('| echo "x').error).toBe("sh: syntax error near unexpected token '|'");
  });
});

describe('wordAt (tab completion)', () => {
  it('finds the word under the cursor, its index and the words before it', () => {
    expect(wordAt('kubectl get po', 14)).toEqual({ index: 2, start: 12, end: 14, text: 'po', prefix: 'po', quote: null, inQuote: false, before: ['kubectl', 'get'] });
    expect(wordAt('kubectl get pods', 14)).toMatchObject({ index: 2, text: 'pods', prefix: 'po' });
  });
  it('gives an empty word between words, after a blank and at the start', () => {
    expect(wordAt('ls  -l', 3)).toMatchObject({ index: 1, start: 3, end: 3, text: '', before: ['ls'] });
    expect(wordAt('kubectl ', 8)).toMatchObject({ index: 1, text: '', before: ['kubectl'] });
    expect(wordAt('', 0)).toMatchObject({ index: 0, text: '', before: [] });
  });
  it('starts over after | ; && and marks a redirection target', () => {
    expect(wordAt('tcpdump -nn | gr', 16)).toMatchObject({ index: 0, text: 'gr', before: [] });
    expect(wordAt('ls; kubectl g', 13)).toMatchObject({ index: 1, before: ['kubectl'] });
    expect(wordAt('tcpdump -w out.pc', 17)).toMatchObject({ index: 2, text: 'out.pc' });
    expect(wordAt('tcpdump > out.pc', 16)).toMatchObject({ index: -1, text: 'out.pc', before: ['tcpdump'] });
  });
  it('unquotes the prefix and reports an open quote', () => {
    expect(wordAt(`cat "my fi`, 10)).toMatchObject({ index: 1, start: 4, text: 'my fi', prefix: 'my fi', quote: '"', inQuote: true });
    expect(wordAt(`cat 'a b' c`, 7)).toMatchObject({ text: 'a b', prefix: 'a ', quote: "'", inQuote: true });
    expect(wordAt(`cat a\\ b`, 8)).toMatchObject({ text: 'a b', prefix: 'a b', inQuote: false });
  });
  it('clamps a cursor outside the line', () => {
    expect(wordAt('ls', 99)).toMatchObject({ index: 0, text: 'ls' });
    expect(wordAt('ls', -5)).toMatchObject({ index: 0, text: 'ls', prefix: '' });
  });
});

describe('fuzz: random and mutated command lines', () => {
  const PIECES = ['tcpdump', '-i', 'eth0', '-nn', "'tcp port 80'", '"a b"', '|', '||', '&&', ';', ';;', '&', '>', '>>', '<', '2>&1',
    '&>', '<<EOF', "<<'E'", '<<-X', '\n', 'EOF', '\\', '\\\n', "'", '"', '#', '$(', ')', '(', '`', 'grep', 'wc -l', '$HOME', '~',
    '\t', ' ', 'é', '\u0000', '{', '}', '!', '*', '2>', '>&', '0<'];
  const pick = (r: RngState) => PIECES[randomInt(r, 0, PIECES.length - 1)];
  const line = (r: RngState): string => {
    let s = '';
    const n = randomInt(r, 0, 14);
    for (let i = 0; i < n; i++) s += (randomInt(r, 0, 2) ? ' ' : '') + pick(r);
    return s;
  };
  const mutate = (r: RngState, s: string): string => {
    const i = randomInt(r, 0, s.length);
    const j = randomInt(r, i, Math.min(s.length, i + 4));
    return s.slice(0, i) + (randomInt(r, 0, 1) ? pick(r) : '') + s.slice(j);
  };

  it('never throws: 5000 lines give a parse or a message, and wordAt answers at every cursor', () => {
    const r = createRng('shell-parser-fuzz');
    const seeds = ['tcpdump -i eth0 -nn "tcp port 8080" | grep -c S && echo ok', 'kubectl apply -f - <<EOF\nkind: Pod\nEOF\n',
      "cat <<'A' | wc -l\nx\nA", 'echo a\'b\'"c" 2>&1 >out; ls &'];
    for (let k = 0; k < 5000; k++) {
      let s = k % 2 ? line(r) : seeds[k % seeds.length];
      for (let m = randomInt(r, 0, 3); m > 0; m--) s = mutate(r, s);
      const res = parseCommandLine(s);
      if (res.ok) expect(Array.isArray(res.items)).toBe(true);
      else {
        expect(res.error).toMatch(/^sh: (syntax error|warning)/);
        expect(res.at).toBeGreaterThanOrEqual(0);
        expect(res.at).toBeLessThanOrEqual(s.length);
      }
      const w = wordAt(s, randomInt(r, 0, s.length));
      expect(w.start).toBeLessThanOrEqual(w.end);
    }
  });
});
