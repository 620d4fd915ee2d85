/**
 * The timeline's record of what the engine did: its events as compact entries stamped with the step they happened
 * at (a bounded ring, newest last), which steps did something visible (so "step back one event" knows where the
 * previous event was), how many frames each capture point has seen (a frame's number in the packet table), and the
 * first frame of each packet trace (so a narration can say what an encrypted frame carries).
 *
 * Entries are summarised lazily (./timelineSummary.ts) when the page asks for them: a frame entry keeps only its
 * point and number, and the dissection comes from the inspector's cache. `mark()` and `truncate(mark)` cut the record
 * back to an earlier moment when the timeline rewinds.
 */
import type { Sim } from '../sim/sim';
import type { Input } from '../sim/inputs';
import type { Direction } from '../sim/events';
import type { TimelineKind } from './timelineProtocol';

interface Base {
  seq: number;
  step: number;
  t: number;
  kind: TimelineKind;
}

export type Entry = Base & (
  | { kind: 'frame'; point: string; dir: Direction; no: number; trace: number }
  | { kind: 'drop'; point: string; reason: string; trace: number }
  | { kind: 'tcp'; host: string; local: string; remote: string; from: string; to: string }
  | { kind: 'crypto'; host: string; protocol: 'wireguard' | 'ipsec' | 'tls'; what: string; peerNode?: string }
  | { kind: 'output'; host: string; program: string; stream: 'stdout' | 'stderr'; text: string }
  | { kind: 'exit'; host: string; program: string; code: number }
  | { kind: 'input'; input: Input }
);

/** Where the record stood at one moment: what truncate() cuts back to. */
export interface LogMark {
  seq: number;
  counts: Record<string, number>;
}

/** Entries kept (at least; up to TRIM_CHUNK more between trims). */
export const LOG_CAPACITY = 5000;
const TRIM_CHUNK = 500;
const STEPS_CAPACITY = 100_000;
const TRACE_CAPACITY = 4000;
const OUTPUT_CHARS = 160;

type Omit2<T, K extends keyof Base> = T extends unknown ? Omit<T, K> : never;

export class TimelineLog {
  /** Newest last; about LOG_CAPACITY. */
  readonly entries: Entry[] = [];
  /** Steps that logged something, ascending, each with the seq of its first entry. */
  private readonly steps: { step: number; seq: number }[] = [];
  private counts: Record<string, number> = {};
  /** Trace → seq of its first frame entry. */
  private readonly traces = new Map<number, number>();
  private nextSeq = 1;
  /** Set once the oldest steps were dropped to bound memory: before them, the previous step is not known. */
  private droppedSteps = false;
  private detach?: () => void;
  private readonly programs = new Map<string, string>();
  private idsSeen = -1;

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Starts recording a freshly created engine (and forgets the previous one). */
  attach(sim: Sim): void {
    this.detach?.();
    this.entries.length = 0;
    this.steps.length = 0;
    this.traces.clear();
    this.counts = {};
    this.nextSeq = 1;
    this.droppedSteps = false;
    this.programs.clear();
    this.idsSeen = -1;
    const ev = sim.events;
    const offs = [
      ev.on('frame', (e) => {
        const no = (this.counts[e.point] = (this.counts[e.point] ?? 0) + 1);
        if (!this.traces.has(e.trace)) this.rememberTrace(e.trace);
        this.add(sim, { kind: 'frame', t: e.t, point: e.point, dir: e.dir, no, trace: e.trace });
      }),
      ev.on('drop', (e) => this.add(sim, { kind: 'drop', t: e.t, point: e.point, reason: e.reason, trace: e.trace })),
      ev.on('tcp', (e) => this.add(sim, { kind: 'tcp', t: e.t, host: e.host, local: e.local, remote: e.remote, from: e.from, to: e.to })),
      ev.on('crypto', (e) => {
        // A TLS key schedule reports each derivation step: the inspector's trace, too fine-grained for the list.
        if (e.protocol === 'tls' && e.steps.length > 0) return;
        this.add(sim, { kind: 'crypto', t: e.t, host: e.host, protocol: e.protocol, what: e.what, peerNode: peerNode(sim, e.host, e.peer) });
      }),
      ev.on('output', (e) => {
        const text = e.text.length > OUTPUT_CHARS ? `${e.text.slice(0, OUTPUT_CHARS)}…` : e.text;
        this.add(sim, { kind: 'output', t: e.t, host: e.host, program: this.program(sim, e.app), stream: e.stream, text });
      }),
      ev.on('exit', (e) => this.add(sim, { kind: 'exit', t: e.t, host: e.host, program: this.program(sim, e.app), code: e.code })),
      ev.on('input', (e) => this.add(sim, { kind: 'input', t: e.t, input: e.input })),
    ];
    this.detach = () => offs.forEach((off) => off());
  }

  mark(): LogMark {
    return { seq: this.nextSeq, counts: { ...this.counts } };
  }

  /** Forgets everything logged since `mark`. */
  truncate(mark: LogMark): void {
    const keep = this.entries.findIndex((e) => e.seq >= mark.seq);
    if (keep >= 0) this.entries.length = keep;
    while (this.steps.length && this.steps[this.steps.length - 1].seq >= mark.seq) this.steps.pop();
    for (const [trace, seq] of this.traces) if (seq >= mark.seq) this.traces.delete(trace);
    this.counts = { ...mark.counts };
    this.nextSeq = mark.seq;
  }

  /** The latest step before `step` that logged something; undefined when none is known (none, or forgotten). */
  stepBefore(step: number): number | undefined {
    let lo = 0, hi = this.steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.steps[mid].step < step) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) return this.steps[lo - 1].step;
    // Nothing older is known: either nothing happened before, or the record of it was dropped to bound memory.
    return this.droppedSteps ? undefined : 0;
  }

  /** The seq of the first frame of `trace`, if it is still known. */
  traceOrigin(trace: number): number | undefined {
    return this.traces.get(trace);
  }

  /** The entry with this seq, if the ring still holds it. */
  bySeq(seq: number): Entry | undefined {
    const first = this.entries[0]?.seq ?? 0;
    const e = this.entries[seq - first];
    return e?.seq === seq ? e : undefined;
  }

  private add(sim: Sim, e: Omit2<Entry, 'seq' | 'step'>): void {
    this.notePrograms(sim);
    const step = sim.st.eventsProcessed;
    const entry = { ...e, seq: this.nextSeq++, step } as Entry;
    this.entries.push(entry);
    // Trimmed in chunks, so a long run does not shift the whole ring on every event.
    if (this.entries.length > LOG_CAPACITY + TRIM_CHUNK) this.entries.splice(0, this.entries.length - LOG_CAPACITY);
    const last = this.steps[this.steps.length - 1];
    if (!last || last.step !== step) {
      this.steps.push({ step, seq: entry.seq });
      if (this.steps.length > STEPS_CAPACITY + TRIM_CHUNK) {
        this.steps.splice(0, this.steps.length - STEPS_CAPACITY);
        this.droppedSteps = true;
      }
    }
  }

  /**
   * Remembers which program each app id runs (`curl`, `ping`): an app is gone from the state by the time its exit
   * is reported. Looked at whenever the engine handed out new ids, so a program is known from its first event on.
   */
  private notePrograms(sim: Sim): void {
    if (sim.st.nextId === this.idsSeen) return;
    this.idsSeen = sim.st.nextId;
    for (const [id, app] of Object.entries(sim.st.apps)) this.programs.set(id, app.kind);
  }

  private program(sim: Sim, app: string): string {
    this.notePrograms(sim);
    return this.programs.get(app) ?? 'program';
  }

  private rememberTrace(trace: number): void {
    this.traces.set(trace, this.nextSeq);
    if (this.traces.size > TRACE_CAPACITY) this.traces.delete(this.traces.keys().next().value as number);
  }
}


/** The node at the other end of a WireGuard peer index, from the peers' public keys. */
function peerNode(sim: Sim, node: string, peer: number | undefined): string | undefined {
  const wg = sim.st.wg;
  const key = peer === undefined ? undefined : wg?.[node]?.device.peers[peer]?.publicKey;
  if (!wg || !key) return undefined;
  return Object.entries(wg).find(([, w]) => equal(w.device.publicKey, key))?.[0];
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
