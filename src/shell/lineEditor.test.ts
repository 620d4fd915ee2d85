/** Readline-style editing over raw terminal input: cursor movement, deletion, history, completion, paste. */
import { describe, expect, it } from 'vitest';
import { LineEditor, type Completion } from './lineEditor';

function editor(candidates: string[] = []) {
  const submitted: string[] = [];
  let screen = '';
  let eofs = 0;
  const ed = new LineEditor({
    write: (t) => (screen += t),
    prompt: () => '$ ',
    complete: (line, cursor): Completion => {
      const start = line.lastIndexOf(' ', cursor - 1) + 1;
      return { start, end: cursor, candidates };
    },
    submit: (l) => submitted.push(l),
    eof: () => eofs++,
  });
  ed.start();
  return { ed, submitted, screen: () => screen, eofs: () => eofs };
}

describe('line editing', () => {
  it('inserts at the cursor after moving left, deletes with Backspace and Delete', () => {
    const e = editor();
    e.ed.feed('helo\x1b[Dl\x1b[H\x1b[3~H\x1b[F!\x7f?\r');
    expect(e.submitted).toEqual(['Hello?']);
  });

  it('Ctrl-A/E move, Ctrl-K/U/W cut', () => {
    const e = editor();
    e.ed.feed('one two three\x17\r');
    e.ed.feed('one two\x01\x0b\r');
    e.ed.feed('one two\x1b[D\x1b[D\x1b[D\x15\r');
    expect(e.submitted).toEqual(['one two ', '', 'two']);
  });

  it('Up and Down walk the history and come back to the draft', () => {
    const e = editor();
    e.ed.feed('a\rb\rdraft\x1b[A\x1b[A\x1b[B\x1b[B');
    expect(e.ed.buf).toBe('draft');
    e.ed.feed('\x1b[A\r');
    expect(e.submitted).toEqual(['a', 'b', 'b']);
    expect(e.ed.history).toEqual(['a', 'b']); // a repeated line is stored once
  });

  it('Ctrl-C abandons the line, Ctrl-D on an empty line is end of input', () => {
    const e = editor();
    e.ed.feed('half\x03');
    expect(e.screen()).toContain('half^C\r\n$ ');
    expect(e.ed.buf).toBe('');
    e.ed.feed('\x04');
    expect(e.eofs()).toBe(1);
  });

  it('a pasted block runs line by line, CRLF counted once', () => {
    const e = editor();
    e.ed.feed('echo 1\r\necho 2\necho 3\r');
    expect(e.submitted).toEqual(['echo 1', 'echo 2', 'echo 3']);
  });

  it('Tab completes a unique candidate, extends a common prefix, and lists on the second Tab', () => {
    const e = editor(['kubectl', 'kube-proxy', 'curl']);
    e.ed.feed('cu\t');
    expect(e.ed.buf).toBe('curl ');
    e.ed.feed('\x15ku\t');
    expect(e.ed.buf).toBe('kube');
    e.ed.feed('\t');
    expect(e.screen()).toContain('\r\nkube-proxy  kubectl\r\n');
  });

  it('ignores other control characters and unknown escape sequences', () => {
    const e = editor();
    e.ed.feed('a\x00\x1b[15~\x1b[200~b\x1b[201~\x07c\r');
    expect(e.submitted).toEqual(['abc']);
  });
});
