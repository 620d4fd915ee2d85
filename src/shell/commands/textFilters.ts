/**
 * The text tools a learner pipes into: grep, head, tail, wc, cat, echo. Each streams: grep and head print as lines
 * arrive (so `tcpdump -l | grep ESP` is live), head stops its input once it has enough (SIGPIPE upstream).
 * Error messages follow GNU coreutils and GNU grep.
 */
import type { Command, CommandCtx, Proc } from '../types';
import { signalCode } from '../types';

/** Splits streamed text into whole lines; the remainder waits for more input or the end. */
function lineSplitter(onLine: (line: string) => void): (text: string | null) => void {
  let rest = '';
  return (text) => {
    if (text === null) {
      if (rest) onLine(rest);
      rest = '';
      return;
    }
    const parts = (rest + text).split('\n');
    rest = parts.pop()!;
    for (const p of parts) onLine(p);
  };
}

/** A filter reading stdin line by line; `finish` runs at end of input and returns the exit code. */
function lineFilter(ctx: CommandCtx, onLine: (line: string) => boolean | void, finish: () => number): Proc {
  let done = false;
  const end = (code: number) => {
    if (done) return;
    done = true;
    ctx.exit(code);
  };
  const feed = lineSplitter((line) => {
    if (!done && onLine(line) === false) end(finish());
  });
  return {
    onInput(text) {
      if (done) return;
      feed(text);
      if (text === null) end(finish());
    },
    interrupt: (sig) => end(signalCode(sig)),
  };
}

function countArg(v: string | undefined, tool: string, what: string, ctx: CommandCtx): number | null {
  const n = Number(v);
  if (v === undefined || !/^\d+$/.test(v) || !Number.isSafeInteger(n)) {
    ctx.err(`${tool}: invalid number of ${what}: '${v ?? ''}'\n`);
    return null;
  }
  return n;
}

export const grep: Command = {
  name: 'grep',
  summary: 'print lines that match a pattern',
  where: 'any',
  man: `grep [-i] [-v] [-c] [-n] [-E|-F] [-w] PATTERN
  Reads standard input and prints the lines that match PATTERN (a basic regular expression; -E extended, -F fixed string).
  -i  ignore case        -v  print the lines that do not match
  -c  print only a count -n  prefix each line with its number
  -w  match whole words
Exit status: 0 when a line was selected, 1 when none was, 2 on error.`,
  run(argv, ctx) {
    let ignore = false, invert = false, count = false, number = false, fixed = false, extended = false, word = false;
    let pattern: string | undefined;
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-e' || a === '--regexp') pattern = argv[++i];
      else if (a.startsWith('-') && a.length > 1 && pattern === undefined && !a.startsWith('--')) {
        for (const f of a.slice(1)) {
          if (f === 'i') ignore = true;
          else if (f === 'v') invert = true;
          else if (f === 'c') count = true;
          else if (f === 'n') number = true;
          else if (f === 'F') fixed = true;
          else if (f === 'E') extended = true;
          else if (f === 'w') word = true;
          else {
            ctx.err(`grep: invalid option -- '${f}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`);
            return 2;
          }
        }
      } else if (a === '--ignore-case') ignore = true;
      else if (a === '--invert-match') invert = true;
      else if (a === '--count') count = true;
      else if (a.startsWith('--') && pattern === undefined) {
        ctx.err(`grep: unrecognized option '${a}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`);
        return 2;
      } else if (pattern === undefined) pattern = a;
      else {
        ctx.err(`grep: ${a}: No such file or directory\n`);
        return 2;
      }
    }
    if (pattern === undefined) {
      ctx.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
      return 2;
    }
    let source = fixed ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : extended ? pattern : basicToExtended(pattern);
    if (word) source = `(?<![\\w])(?:${source})(?![\\w])`;
    let re: RegExp;
    try {
      re = new RegExp(source, ignore ? 'i' : '');
    } catch {
      ctx.err('grep: Unmatched ( or \\(\n');
      return 2;
    }
    let n = 0, matched = 0;
    return lineFilter(ctx, (line) => {
      n++;
      if (re.test(line) === invert) return;
      matched++;
      if (!count) ctx.out(`${number ? `${n}:` : ''}${line}\n`);
    }, () => {
      if (count) ctx.out(`${matched}\n`);
      return matched ? 0 : 1;
    });
  },
};

/** POSIX basic regular expressions: `\(`, `\|`, `\+` are the operators and bare `( | +` are literals. */
function basicToExtended(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i];
      out += '(){}|+?'.includes(n) ? n : `\\${n}`;
    } else out += '(){}|+?'.includes(c) ? `\\${c}` : c;
  }
  return out;
}

function headTail(name: 'head' | 'tail'): Command {
  return {
    name,
    summary: name === 'head' ? 'output the first lines of its input' : 'output the last lines of its input',
    where: 'any',
    man: `${name} [-n N | -N | -c BYTES]\n  Prints the ${name === 'head' ? 'first' : 'last'} N lines (default 10), or BYTES bytes, of standard input.`,
    run(argv, ctx) {
      let lines = 10;
      let bytes: number | undefined;
      for (let i = 1; i < argv.length; i++) {
        const a = argv[i];
        let v: string | undefined;
        if (a === '-c' || a === '--bytes' || /^-c\d+$/.test(a)) {
          const n = countArg(a.length > 2 && a !== '--bytes' ? a.slice(2) : argv[++i], name, 'bytes', ctx);
          if (n === null) return 1;
          bytes = n;
          continue;
        }
        if (a === '-n' || a === '--lines') v = argv[++i];
        else if (/^-n\d+$/.test(a)) v = a.slice(2);
        else if (/^-\d+$/.test(a)) v = a.slice(1);
        else if (a.startsWith('--lines=')) v = a.slice(8);
        else if (a.startsWith('-')) {
          ctx.err(`${name}: invalid option -- '${a.slice(1, 2)}'\nTry '${name} --help' for more information.\n`);
          return 1;
        } else {
          ctx.err(`${name}: cannot open '${a}' for reading: No such file or directory\n`);
          return 1;
        }
        const n = countArg(v, name, 'lines', ctx);
        if (n === null) return 1;
        lines = n;
      }
      if (bytes !== undefined) return byteFilter(ctx, name, bytes);
      if (name === 'head') {
        let seen = 0;
        if (lines === 0) return 0;
        return lineFilter(ctx, (line) => {
          ctx.out(`${line}\n`);
          return ++seen < lines;
        }, () => 0);
      }
      const kept: string[] = [];
      return lineFilter(ctx, (line) => {
        kept.push(line);
        if (kept.length > lines) kept.shift();
      }, () => {
        for (const l of kept) ctx.out(`${l}\n`);
        return 0;
      });
    },
  };
}

/** head -c N / tail -c N: the first or last N bytes of the input (UTF-8), newlines or not. */
function byteFilter(ctx: CommandCtx, name: 'head' | 'tail', n: number): Proc {
  const enc = new TextEncoder();
  let kept = new Uint8Array(0);
  let done = false;
  const end = (code: number) => {
    if (done) return;
    done = true;
    ctx.exit(code);
  };
  const flush = () => ctx.out(new TextDecoder().decode(name === 'head' ? kept.subarray(0, n) : kept.subarray(Math.max(0, kept.length - n))));
  return {
    onInput(text) {
      if (done) return;
      if (text !== null) {
        const add = enc.encode(text);
        const next = new Uint8Array(kept.length + add.length);
        next.set(kept);
        next.set(add, kept.length);
        kept = name === 'tail' && next.length > n ? next.subarray(next.length - n) : next;
        if (name === 'head' && kept.length >= n) {
          flush();
          end(0);
        }
        return;
      }
      flush();
      end(0);
    },
    interrupt: (sig) => end(signalCode(sig)),
  };
}

export const head = headTail('head');
export const tail = headTail('tail');

export const wc: Command = {
  name: 'wc',
  summary: 'count lines, words and bytes',
  where: 'any',
  man: 'wc [-l] [-w] [-c]\n  Counts the newlines, words and bytes of standard input.',
  run(argv, ctx) {
    const want = new Set<string>();
    for (const a of argv.slice(1)) {
      if (!/^-[lwc]+$/.test(a)) {
        ctx.err(a.startsWith('-') ? `wc: invalid option -- '${a.slice(1, 2)}'\nTry 'wc --help' for more information.\n` : `wc: ${a}: No such file or directory\n`);
        return 1;
      }
      for (const f of a.slice(1)) want.add(f);
    }
    if (!want.size) ['l', 'w', 'c'].forEach((f) => want.add(f));
    let lines = 0, words = 0, bytes = 0, inWord = false;
    let done = false;
    return {
      onInput(text) {
        if (done) return;
        if (text !== null) {
          bytes += new TextEncoder().encode(text).length;
          for (const ch of text) {
            if (ch === '\n') lines++;
            const space = /\s/.test(ch);
            if (!space && !inWord) words++;
            inWord = !space;
          }
          return;
        }
        done = true;
        const cols = (['l', 'w', 'c'] as const).filter((f) => want.has(f)).map((f) => ({ l: lines, w: words, c: bytes })[f]);
        // Alone, a count is printed bare; several are right-aligned to a shared width, as GNU wc does on stdin.
        ctx.out(cols.length === 1 ? `${cols[0]}\n` : `${cols.map((c) => String(c).padStart(7)).join(' ')}\n`);
        ctx.exit(0);
      },
      interrupt(sig) {
        done = true;
        ctx.exit(signalCode(sig));
      },
    };
  },
};

export const echo: Command = {
  name: 'echo',
  summary: 'print its arguments',
  where: 'any',
  man: 'echo [-n] [STRING]...\n  Prints the strings separated by spaces, then a newline (none with -n).',
  run(argv, ctx) {
    const noNl = argv[1] === '-n';
    ctx.out(argv.slice(noNl ? 2 : 1).join(' ') + (noNl ? '' : '\n'));
    return 0;
  },
};

export const cat: Command = {
  name: 'cat',
  summary: 'print files, or standard input',
  where: 'any',
  man: 'cat [FILE]...\n  Prints the files (written with > or tcpdump -w), or standard input when none is given.',
  run(argv, ctx) {
    if (argv.length === 1) {
      let done = false;
      return {
        onInput(text) {
          if (done) return;
          if (text === null) {
            done = true;
            ctx.exit(0);
          } else ctx.out(text);
        },
        interrupt(sig) {
          done = true;
          ctx.exit(signalCode(sig));
        },
      };
    }
    let code = 0;
    for (const f of argv.slice(1)) {
      const data = ctx.files.read(f);
      if (!data) {
        ctx.err(`cat: ${f}: No such file or directory\n`);
        code = 1;
      } else ctx.out(new TextDecoder().decode(data));
    }
    return code;
  },
};

export const TEXT_COMMANDS: Command[] = [grep, head, tail, wc, echo, cat];
