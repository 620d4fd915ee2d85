/**
 * The shell session end to end over raw keystrokes: prompts, pipelines with streaming stages, && / || / ;,
 * redirections and here-documents, continuation lines, Ctrl-C, SIGPIPE, entering and leaving a pod, history and
 * completion, and errors that read like a real shell's.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../sim/engine';
import { SECOND } from '../sim/clock';
import { ShellSession } from './session';
import { Registry } from './registry';
import { TEXT_COMMANDS } from './commands/textFilters';
import type { Command } from './types';
import { signalCode } from './types';

/** `ticks N`: prints a line on every frame the engine emits anywhere, until N lines or a signal. */
const ticks: Command = {
  name: 'ticks', summary: 'test: a line per frame', where: 'any', man: 'ticks N',
  run(argv, ctx) {
    const max = Number(argv[1] ?? 1000);
    let n = 0;
    return {
      onEvent(e) {
        if (e.name !== 'frame') return;
        ctx.out(`tick ${++n}\n`);
        if (n >= max) ctx.exit(0);
      },
      interrupt(sig) {
        if (sig === 'INT') ctx.err(`${n} ticks\n`);
        ctx.exit(signalCode(sig));
      },
    };
  },
};

/** `enterpod ns/pod`: what kubectl exec -it does. */
const enterpod: Command = {
  name: 'enterpod', summary: 'test: enter a pod', where: 'node', man: 'enterpod ns/pod',
  run(argv, ctx) {
    const [namespace, pod] = argv[1].split('/');
    ctx.enter?.({ kind: 'pod', namespace, pod });
    return 0;
  },
  complete: (_argv, index) => (index === 1 ? ['web/frontend', 'bank/backend'] : []),
};

const nodeOnly: Command = { name: 'nodetool', summary: 'test', where: 'node', man: '', run: () => 0 };

function lab() {
  const engine = Engine.create('plaintext', 11);
  let screen = '';
  const sh = new ShellSession(engine, {
    place: { kind: 'node', node: 'node-1' },
    registry: new Registry([...TEXT_COMMANDS, ticks, enterpod, nodeOnly]),
    write: (t) => (screen += t),
  });
  sh.start();
  return {
    engine, sh,
    /** The screen as plain lines, with the editor's redraw sequences resolved the simple way. */
    screen: () => screen,
    take: () => {
      const s = screen;
      screen = '';
      return s;
    },
    /** What the commands printed: everything after the echoed command line. */
    output: () => {
      const s = screen;
      screen = '';
      return s.slice(s.indexOf('\r\n'));
    },
  };
}

describe('prompt and simple commands', () => {
  it('shows the node prompt, runs a command, and prompts again', () => {
    const l = lab();
    expect(l.take()).toBe('root@node-1:~# ');
    l.sh.type('echo hello   "big  world"');
    expect(l.take()).toContain('\r\nhello big  world\r\nroot@node-1:~# ');
    expect(l.sh.exitCode).toBe(0);
  });

  it('answers an unknown command like bash, and a node tool inside a pod like sh, with status 127', () => {
    const l = lab();
    l.sh.type('frobnicate --now');
    expect(l.take()).toContain('bash: frobnicate: command not found\r\n');
    expect(l.sh.exitCode).toBe(127);
    l.sh.type('enterpod web/frontend');
    expect(l.take()).toContain('root@frontend:/# ');
    l.sh.type('nodetool');
    expect(l.take()).toContain('sh: 1: nodetool: not found\r\n(podlock: nodetool runs on the nodes (type exit to leave the pod))');
  });

  it('reports syntax errors as sh does and runs nothing', () => {
    const l = lab();
    l.sh.type('echo a | | echo b');
    expect(l.take()).toContain("sh: syntax error near unexpected token '|'");
    expect(l.sh.exitCode).toBe(2);
    l.sh.type('echo x &');
    expect(l.take()).toContain('background jobs (&) are not supported');
  });
});

describe('lists and pipelines', () => {
  it('honours &&, || and ;', () => {
    const l = lab();
    l.take();
    l.sh.type('echo a | grep b && echo yes || echo no; echo end');
    const out = l.output();
    expect(out).toContain('no\r\nend\r\n');
    expect(out).not.toContain('yes');
  });

  it('streams a live command through grep and stops it with head (SIGPIPE, no Ctrl-C summary)', () => {
    const l = lab();
    l.take();
    l.sh.type('ticks | grep "tick [0-9]*[02468]$" | head -n 3');
    expect(l.sh.busy).toBe(true);
    l.engine.runToIdle();
    expect(l.sh.busy).toBe(false);
    const out = l.take();
    expect(out).toContain('tick 2\r\ntick 4\r\ntick 6\r\nroot@node-1:~# ');
    expect(out).not.toContain('ticks\r\n');
    expect(out).not.toContain('tick 8');
  });

  it('Ctrl-C stops the pipeline, abandons the rest of the list, and shows ^C', () => {
    const l = lab();
    l.take();
    l.sh.type('ticks | cat; echo after');
    l.engine.runFor(200_300); // the scenario's first frames at +200 ms
    expect(l.sh.busy).toBe(true);
    l.sh.key('\x03');
    expect(l.sh.busy).toBe(false);
    const out = l.output();
    expect(out).toMatch(/tick 1\r\n[\s\S]*\^C\d+ ticks\r\n\r\nroot@node-1:~# $/);
    expect(out).not.toContain('after');
    expect(l.sh.exitCode).toBe(130);
  });

  it('drops type-ahead while a command runs', () => {
    const l = lab();
    l.sh.type('ticks 1');
    l.sh.key('echo lost\r');
    l.engine.runFor(SECOND);
    expect(l.take()).not.toContain('lost');
  });
});

describe('files, redirections and here-documents', () => {
  it('writes with > and >>, reads back with cat and <, discards 2>/dev/null', () => {
    const l = lab();
    l.sh.type('echo one > f.txt; echo two >> f.txt; cat f.txt; grep two < f.txt; cat nope 2>/dev/null; echo $?');
    const out = l.take();
    expect(out).toContain('one\r\ntwo\r\ntwo\r\n');
    expect(out).not.toContain('No such file');
    expect(new TextDecoder().decode(l.sh.files.read('f.txt'))).toBe('one\ntwo\n');
  });

  it('2>&1 sends errors down the pipe', () => {
    const l = lab();
    l.sh.type('cat missing 2>&1 | wc -l');
    expect(l.take()).toContain('\r\n1\r\n');
  });

  it('asks for more lines (PS2) for a here-document and an open quote, and Ctrl-C abandons them', () => {
    const l = lab();
    l.take();
    l.sh.type('grep b <<EOF');
    expect(l.take()).toContain('\r\n> ');
    l.sh.type('abc');
    l.sh.type('xyz');
    l.sh.type('EOF');
    expect(l.take()).toContain('abc\r\nroot@node-1:~# ');
    l.sh.type("echo 'open");
    expect(l.take()).toContain('> ');
    l.sh.key('\x03');
    l.sh.type('echo fresh');
    expect(l.take()).toContain('fresh\r\nroot@node-1:~# ');
  });
});

describe('places, history and completion', () => {
  it('enters a pod, changes the prompt, and exit returns to the node', () => {
    const l = lab();
    l.sh.type('enterpod bank/backend');
    expect(l.sh.host).toBe('bank/backend');
    expect(l.take()).toMatch(/root@backend:\/# $/);
    l.sh.type('exit');
    expect(l.sh.host).toBe('node-1');
    expect(l.take()).toMatch(/root@node-1:~# $/);
    l.sh.type('exit');
    expect(l.take()).toContain("the node's login shell");
  });

  it('Ctrl-D leaves a pod shell', () => {
    const l = lab();
    l.sh.type('enterpod web/frontend');
    l.sh.key('\x04');
    expect(l.sh.host).toBe('node-1');
  });

  it('recalls history with the arrow keys and lists it', () => {
    const l = lab();
    l.sh.type('echo first');
    l.sh.type('echo second');
    l.take();
    l.sh.key('\x1b[A\x1b[A\r');
    expect(l.take()).toContain('first\r\n');
    l.sh.type('history');
    expect(l.take()).toContain('    1  echo first\r\n    2  echo second\r\n    3  echo first\r\n    4  history');
  });

  it('completes command names and arguments with Tab', () => {
    const l = lab();
    l.sh.key('ent\t');
    expect(l.sh.editor.buf).toBe('enterpod ');
    l.sh.key('web\t');
    expect(l.sh.editor.buf).toBe('enterpod web/frontend ');
    l.sh.key('\x15he\t');
    expect(l.sh.editor.buf).toBe('he'); // head, help: ambiguous, no common extension
    l.take();
    l.sh.key('\t');
    expect(l.take()).toContain('head  help');
  });
});
