/**
 * Terminal streams between the worker and the xterm views, kept out of React state (they are streams, not
 * snapshots). Output is kept per terminal as a bounded transcript, so a view that mounts late (the shell's first
 * prompt arrives before the page knows the terminal's number) or mounts again replays what it missed. Keystrokes
 * and sizes go straight to the worker, never queued behind a slow load.
 */
import type { LabClient } from '../worker/client';

/** What the test hook and focus handling need from a mounted terminal view. */
export interface TerminalViewHandle {
  bufferText(): string;
  focus(): void;
}

/** Characters of output kept per terminal for replay; about ten screens' worth more than xterm's scrollback. */
export const TRANSCRIPT_LIMIT = 1 << 20;

export class TerminalIO {
  private readonly transcripts = new Map<number, { chunks: string[]; size: number }>();
  private readonly sinks = new Map<number, Set<(data: string) => void>>();
  private readonly views = new Map<number, TerminalViewHandle>();

  constructor(private readonly client: LabClient, private readonly limit = TRANSCRIPT_LIMIT) {
    client.on('term-output', ({ term, data }) => this.deliver(term, data));
  }

  /** Output from the worker: kept, and written to the terminal's views. */
  deliver(term: number, data: string): void {
    let t = this.transcripts.get(term);
    if (!t) this.transcripts.set(term, (t = { chunks: [], size: 0 }));
    t.chunks.push(data);
    t.size += data.length;
    // Drop whole chunks from the front: a chunk is one flush, so escape sequences are never cut in half.
    while (t.size > this.limit && t.chunks.length > 1) t.size -= t.chunks.shift()!.length;
    for (const sink of [...(this.sinks.get(term) ?? [])]) sink(data);
  }

  /** Replays the transcript into `sink`, then streams new output to it until the returned function is called. */
  subscribe(term: number, sink: (data: string) => void): () => void {
    const t = this.transcripts.get(term);
    if (t?.chunks.length) sink(t.chunks.join(''));
    let set = this.sinks.get(term);
    if (!set) this.sinks.set(term, (set = new Set()));
    set.add(sink);
    return () => void set.delete(sink);
  }

  /** Everything kept for a terminal (tests, and views that need the raw stream). */
  transcript(term: number): string {
    return this.transcripts.get(term)?.chunks.join('') ?? '';
  }

  send(term: number, data: string): void {
    this.client.request({ type: 'term-key', term, data }).catch(() => {
      // The terminal was closed (or the worker stopped) while the key was on its way: nothing to do.
    });
  }

  resize(term: number, cols: number, rows: number): void {
    this.client.request({ type: 'term-resize', term, cols, rows }).catch(() => {});
  }

  attachView(term: number, view: TerminalViewHandle): () => void {
    this.views.set(term, view);
    return () => {
      if (this.views.get(term) === view) this.views.delete(term);
    };
  }

  view(term: number): TerminalViewHandle | undefined {
    return this.views.get(term);
  }

  forget(term: number): void {
    this.transcripts.delete(term);
    this.sinks.delete(term);
    this.views.delete(term);
  }
}
