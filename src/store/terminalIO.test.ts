/** Terminal streams on the page side: bounded transcripts that replay to late views, and keys that never throw. */
import { describe, expect, it } from 'vitest';
import { TerminalIO } from './terminalIO';
import { PushListeners, type LabClient } from '../worker/client';

function fakeClient(fail = false) {
  const listeners = new PushListeners();
  const sent: unknown[] = [];
  const client = {
    request: (req: unknown) => {
      sent.push(req);
      return fail ? Promise.reject(new Error('no terminal 9')) : Promise.resolve({ type: 'term', term: 1 });
    },
    on: listeners.on.bind(listeners),
    dispose: () => {},
  } as unknown as LabClient;
  return { client, listeners, sent };
}

describe('terminal IO', () => {
  it('keeps output per terminal and replays it to a view that subscribes late', () => {
    const { client, listeners } = fakeClient();
    const io = new TerminalIO(client);
    listeners.emit({ type: 'term-output', term: 1, data: 'root@node-1:~# ' });
    listeners.emit({ type: 'term-output', term: 2, data: 'other' });
    const seen: string[] = [];
    io.subscribe(1, (d) => seen.push(d));
    listeners.emit({ type: 'term-output', term: 1, data: 'ls\r\n' });
    expect(seen).toEqual(['root@node-1:~# ', 'ls\r\n']);
    expect(io.transcript(1)).toBe('root@node-1:~# ls\r\n');
    io.forget(1);
    expect(io.transcript(1)).toBe('');
    expect(io.transcript(2)).toBe('other');
  });

  it('bounds a transcript by dropping whole chunks from the front', () => {
    const { client } = fakeClient();
    const io = new TerminalIO(client, 10);
    io.deliver(1, '\x1b[31mred');
    io.deliver(1, 'abcdef');
    io.deliver(1, 'ghij');
    expect(io.transcript(1)).toBe('abcdefghij');
    io.deliver(1, 'a very long chunk');
    expect(io.transcript(1)).toBe('a very long chunk'); // the newest chunk is always kept
  });

  it('sends keys and sizes, and swallows answers for terminals that are gone', async () => {
    const { client, sent } = fakeClient(true);
    const io = new TerminalIO(client);
    io.send(9, 'x');
    io.resize(9, 100, 30);
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([{ type: 'term-key', term: 9, data: 'x' }, { type: 'term-resize', term: 9, cols: 100, rows: 30 }]);
  });

  it('knows the mounted view of each terminal until it detaches', () => {
    const { client } = fakeClient();
    const io = new TerminalIO(client);
    const view = { bufferText: () => 'text', focus: () => {} };
    const detach = io.attachView(3, view);
    expect(io.view(3)).toBe(view);
    const newer = { bufferText: () => 'newer', focus: () => {} };
    const detachNewer = io.attachView(3, newer);
    detach(); // a stale detach (StrictMode's first mount) leaves the newer view in place
    expect(io.view(3)).toBe(newer);
    detachNewer();
    expect(io.view(3)).toBeUndefined();
  });
});
