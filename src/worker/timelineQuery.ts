/**
 * Answers the page's timeline questions from the log: a page of rows of the chosen kinds (the newest, or the ones
 * before or after a row the page already shows), the notable events since the last narration, and where the
 * timeline stands. Rows are summarised here, only for what is sent.
 */
import type { Engine } from '../sim/engine';
import type { Entry, TimelineLog } from './timelineLog';
import type { Recording } from '../capture/recorder';
import { addressBook, notableOf, toRow, type FrameSummary, type SummaryContext } from './timelineSummary';
import { TIMELINE_KINDS, type Notable, type TimelineKind, type TimelinePage, type TimelinePosition } from './timelineProtocol';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;
/** How far back a narration looks, and how many sentences it returns at most. */
const NOTABLE_SCAN = 400;
const NOTABLE_MAX = 12;

export interface PageQuery {
  kinds: TimelineKind[];
  before?: number;
  after?: number;
  limit?: number;
  notableSince?: number;
}

export function checkQuery(q: PageQuery): void {
  if (!Array.isArray(q.kinds) || !q.kinds.every((k) => (TIMELINE_KINDS as readonly string[]).includes(k))) {
    throw new Error(`timeline-events: kinds must be a list of ${TIMELINE_KINDS.join(', ')}`);
  }
  for (const key of ['before', 'after', 'limit', 'notableSince'] as const) {
    const v = q[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new Error(`timeline-events: ${key} must be a whole number`);
  }
}

export function pageOf(engine: Engine, log: TimelineLog, ctx: SummaryContext, q: PageQuery): TimelinePage {
  checkQuery(q);
  const want = new Set(q.kinds);
  const limit = Math.min(Math.max(1, q.limit ?? DEFAULT_PAGE), MAX_PAGE);
  const matching = log.entries.filter((e) => want.has(e.kind));
  let from: number, to: number; // [from, to) in matching
  if (q.after !== undefined) {
    from = lowerBound(matching, q.after + 1);
    to = Math.min(matching.length, from + limit);
  } else {
    to = q.before !== undefined ? lowerBound(matching, q.before) : matching.length;
    from = Math.max(0, to - limit);
  }
  // A page past either end (its rows were cut by a rewind) falls back to the nearest full page.
  if (to - from < limit && matching.length > to - from) {
    if (from === 0) to = Math.min(matching.length, limit);
    else from = Math.max(0, to - limit);
  }
  return {
    rows: matching.slice(from, to).map((e) => toRow(e, ctx)),
    total: matching.length,
    from,
    older: from > 0,
    newer: to < matching.length,
    notable: q.notableSince === undefined ? [] : notables(log, ctx, q.notableSince),
    lastSeq: log.lastSeq,
    atEnd: engine.nextEventAt() === undefined,
  };
}

/** The notable events after seq `since` among the latest NOTABLE_SCAN entries, the newest NOTABLE_MAX of them. */
function notables(log: TimelineLog, ctx: SummaryContext, since: number): Notable[] {
  const out: Notable[] = [];
  const entries = log.entries;
  for (let i = Math.max(0, entries.length - NOTABLE_SCAN); i < entries.length; i++) {
    if (entries[i].seq <= since) continue;
    const n = notableOf(entries[i], ctx);
    if (n) out.push(n);
  }
  return out.slice(-NOTABLE_MAX);
}

export function positionOf(engine: Engine, log: TimelineLog, ctx: SummaryContext, undone: number): TimelinePosition {
  const step = engine.st.eventsProcessed;
  const here: Entry[] = [];
  for (let i = log.entries.length - 1; i >= 0 && log.entries[i].step >= step; i--) if (log.entries[i].step === step) here.unshift(log.entries[i]);
  return {
    step,
    now: engine.now,
    atStart: step === 0,
    atEnd: engine.nextEventAt() === undefined,
    here: here.map((e) => toRow(e, ctx)),
    undone,
    lastSeq: log.lastSeq,
  };
}

/** The first index in `list` (ascending by seq) whose seq is at least `seq`. */
function lowerBound(list: Entry[], seq: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The context summaries need, from the host's engine, recordings and the inspector's cached dissections. */
export function summaryContext(
  engine: Engine,
  log: TimelineLog,
  recordings: ReadonlyMap<string, Recording>,
  summary: (rec: Recording, index: number) => FrameSummary,
): SummaryContext {
  let names: ((ip: string) => string | undefined) | undefined;
  return {
    frame(point, no) {
      const rec = recordings.get(point);
      return rec && no >= 1 && no <= rec.frames.length ? summary(rec, no - 1) : undefined;
    },
    name: (ip) => (names ??= addressBook(engine.st.cluster))(ip),
    origin(trace) {
      const seq = log.traceOrigin(trace);
      return seq === undefined ? undefined : log.bySeq(seq);
    },
    nodes: engine.st.cluster.nodes.map((n) => n.name),
  };
}
