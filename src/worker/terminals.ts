/**
 * The worker's terminal sessions: one ShellSession per open terminal, next to the engine (the shell is engine-side
 * code, so what a command prints is as deterministic as the packets it reads). Output is collected per terminal
 * and pushed to the page in one message per terminal when the host flushes (after each request and each tick).
 *
 * Stepping the timeline back (./timeline.ts) keeps every terminal's scrollback; `rewind` gives a fresh shell to a
 * terminal whose command was running, and to all of them when the rewind undid inputs.
 *
 * A new scenario replaces the engine, so every session is recreated on it: the old shell is disposed (a running
 * tcpdump stops listening), the terminal gets a line saying so, and a fresh shell starts at the tab's place.
 *
 * Files: each terminal has its own file store (what `> notes.txt` or `tcpdump -w cap.pcapng` write), which the page
 * lists and downloads. It belongs to the tab, not the shell, so a capture survives a reload of the lab. A write marks
 * the terminal, and the next flush pushes one `term-files-changed` for it (after its output).
 */
import type { Engine } from '../sim/engine';
import type { SimState } from '../sim/state';
import { ShellSession } from '../shell/session';
import { memoryFiles } from '../shell/runCommand';
import { defaultRegistry } from '../shell/commands/index';
import { placeHost, type FileStore, type Place } from '../shell/types';
import type { Push, TermFile } from './protocol';

interface Tty {
  /** Where the tab was opened (a `kubectl exec` inside it moves the shell, not the tab). */
  place: Place;
  cols: number;
  rows: number;
  session: ShellSession;
  /** The tab's files, shared by every shell it gets. */
  files: FileStore;
}

const MAX_COLS = 1000;
const MAX_ROWS = 500;

/** A specific message when `place` is not a node or pod of the lab; null when it is. */
export function placeError(st: SimState, place: Place): string | null {
  if (typeof place !== 'object' || place === null) return 'place must be a node or a pod';
  if (place.kind === 'node') {
    if (st.cluster.nodes.some((n) => n.name === place.node)) return null;
    return `no node '${String(place.node)}' (nodes: ${st.cluster.nodes.map((n) => n.name).join(', ')})`;
  }
  if (place.kind === 'pod') {
    if (st.cluster.pods.some((p) => p.namespace === place.namespace && p.name === place.pod)) return null;
    return `no pod '${String(place.namespace)}/${String(place.pod)}' (pods: ${st.cluster.pods.map((p) => `${p.namespace}/${p.name}`).join(', ')})`;
  }
  return "place.kind must be 'node' or 'pod'";
}

function checkSize(cols: unknown, rows: unknown): void {
  const ok = (n: unknown, max: number) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;
  if (!ok(cols, MAX_COLS) || !ok(rows, MAX_ROWS)) throw new Error(`terminal size must be 1..${MAX_COLS} columns by 1..${MAX_ROWS} rows, not ${String(cols)}x${String(rows)}`);
}

export class Terminals {
  private readonly ttys = new Map<number, Tty>();
  private readonly pending = new Map<number, string>();
  /** Terminals whose files changed since the last flush. */
  private readonly filesChanged = new Set<number>();
  private nextTerm = 1;

  constructor(private readonly push: (msg: Push) => void) {}

  get count(): number {
    return this.ttys.size;
  }

  open(engine: Engine, place: Place, cols: number, rows: number): number {
    const err = placeError(engine.st, place);
    if (err) throw new Error(err);
    checkSize(cols, rows);
    const term = this.nextTerm++;
    const copy: Place = place.kind === 'node' ? { kind: 'node', node: place.node } : { kind: 'pod', namespace: place.namespace, pod: place.pod };
    const files = this.fileStore(term);
    this.ttys.set(term, { place: copy, cols, rows, files, session: this.start(engine, term, copy, cols, files) });
    return term;
  }

  key(term: number, data: string): void {
    if (typeof data !== 'string') throw new Error('term-key: data must be a string');
    this.get(term).session.key(data);
  }

  resize(term: number, cols: number, rows: number): void {
    checkSize(cols, rows);
    const tty = this.get(term);
    tty.cols = cols;
    tty.rows = rows;
    tty.session.resize(cols);
  }

  close(term: number): void {
    this.get(term).session.dispose();
    this.ttys.delete(term);
    this.pending.delete(term);
    this.filesChanged.delete(term);
  }

  /** The files written in a terminal, by name, with their sizes. */
  files(term: number): TermFile[] {
    const { files } = this.get(term);
    return files.list().map((name) => ({ name, size: files.read(name)?.length ?? 0 }));
  }

  /** A copy of one file's bytes (the page takes the buffer over; the terminal keeps its own). */
  file(term: number, name: string): Uint8Array {
    if (typeof name !== 'string') throw new Error('term-file: name must be a string');
    const { files } = this.get(term);
    const data = files.read(name);
    if (!data) {
      const names = files.list();
      throw new Error(`terminal ${term} has no file '${name}' (${names.length ? `its files: ${names.join(', ')}` : 'it has no files yet'})`);
    }
    return data.slice();
  }

  /** Moves every terminal onto a freshly loaded engine. */
  reload(engine: Engine, what: string): void {
    for (const [term, tty] of this.ttys) {
      tty.session.dispose();
      const err = placeError(engine.st, tty.place);
      if (err) {
        this.write(term, `\r\n\x1b[33m[${what}: ${placeHost(tty.place)} is not part of it; this terminal is closed]\x1b[0m\r\n`);
        this.flush();
        this.ttys.delete(term);
        this.filesChanged.delete(term);
        this.push({ type: 'term-exit', term, reason: err });
        continue;
      }
      this.write(term, `\r\n\x1b[2m[${what}: new shell on ${placeHost(tty.place)}]\x1b[0m\r\n`);
      tty.session = this.start(engine, term, tty.place, tty.cols, tty.files);
    }
  }

  /**
   * The timeline went back to event `step` (./timeline.ts), undoing `undone` logged inputs. Scrollback stays. A shell
   * that was running something (its program's future is gone), and every shell when inputs were undone, gets a note
   * and a fresh shell at the tab's place; called before the engine replays, so a running tcpdump does not print
   * frames twice.
   */
  rewind(engine: Engine, step: number, undone: number): void {
    for (const [term, tty] of this.ttys) {
      if (!tty.session.busy && undone === 0) continue;
      const why = tty.session.busy ? 'the command running here was stopped' : `${undone} input${undone === 1 ? '' : 's'} typed after it ${undone === 1 ? 'is' : 'are'} undone in the lab`;
      tty.session.dispose();
      this.write(term, `\r\n\x1b[2m[timeline: back to event ${step}; ${why}; new shell on ${placeHost(tty.place)}]\x1b[0m\r\n`);
      tty.session = this.start(engine, term, tty.place, tty.cols, tty.files);
    }
  }

  /** Pushes what each terminal printed since the last flush, then which terminals' files changed. */
  flush(): void {
    for (const [term, data] of this.pending) this.push({ type: 'term-output', term, data });
    this.pending.clear();
    for (const term of this.filesChanged) if (this.ttys.has(term)) this.push({ type: 'term-files-changed', term });
    this.filesChanged.clear();
  }

  /** The shell's own in-memory file store, with writes marking the terminal for the next flush. */
  private fileStore(term: number): FileStore {
    const inner = memoryFiles();
    return {
      read: (path) => inner.read(path),
      list: () => inner.list(),
      write: (path, data) => {
        inner.write(path, data);
        this.filesChanged.add(term);
      },
    };
  }

  private start(engine: Engine, term: number, place: Place, cols: number, files: FileStore): ShellSession {
    const session = new ShellSession(engine, {
      place, cols, files, name: `tty${term}`, registry: defaultRegistry(),
      write: (text) => this.write(term, text),
    });
    session.start();
    return session;
  }

  private write(term: number, text: string): void {
    if (text) this.pending.set(term, (this.pending.get(term) ?? '') + text);
  }

  private get(term: number): Tty {
    const tty = this.ttys.get(term);
    if (!tty) throw new Error(`no terminal ${String(term)}`);
    return tty;
  }
}
