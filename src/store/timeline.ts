/**
 * The timeline's part of the lab store: moving the lab one event forward or back or to its start, the playback
 * speed, the event list (which kinds it shows, which page) and what the live region should narrate.
 *
 * The event list follows the lab: the lab store asks `fetch()` for the page whenever it refreshes the packet table
 * (after a load, a tick of the playback loop, a step). A page anchored by Older/Newer stays where it is until the
 * learner returns to the newest. Narration: each fetch hands over the notable events since the previous one (none
 * for a freshly loaded lab, whose whole run happened at once); a step announces where it landed.
 */
import type { LabClient } from '../worker/client';
import type { PlaybackMode } from '../worker/protocol';
import { TIMELINE_KINDS, type Notable, type TimelineKind, type TimelineOp, type TimelinePage, type TimelinePosition } from '../worker/timelineProtocol';
import { fmtTimeOfDay } from '../sim/clock';
import { USER_WEIGHT } from './timelineNarrator';

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;
export const EVENTS_PAGE = 50;

export type TimelineAnchor = { before: number } | { after: number } | null;

export interface TimelineState {
  /** Virtual seconds per wall-clock second while the clock runs. */
  speed: number;
  /** The kinds of events the list shows. */
  timelineKinds: TimelineKind[];
  /** null: the newest events (the list follows the lab); otherwise the page before or after a row. */
  timelineAnchor: TimelineAnchor;
  timelinePage?: TimelinePage;
  /** Whether the live region narrates (on by default; one announcement every 2 s at most). */
  narrate: boolean;
  /** The latest things worth narrating (a new array each time; the Narrator paces them). */
  narration: Notable[];
  /** Moves the lab: one event forward or back, or to its start. Pauses the clock. */
  timelineMove(op: TimelineOp): Promise<void>;
  setSpeed(speed: number): Promise<void>;
  setTimelineKinds(kinds: TimelineKind[]): Promise<void>;
  pageTimeline(to: 'older' | 'newer' | 'newest'): Promise<void>;
  setNarrate(on: boolean): void;
}

interface LabView extends TimelineState {
  point: string;
  packets: { no: number }[];
  selected: number | null;
  selectPacket(no: number | null): Promise<void>;
}

type Patch = Partial<TimelineState> & { now?: number; eventsProcessed?: number; clockMode?: PlaybackMode; error?: string };

export interface TimelineDeps {
  /** Runs `op` after every earlier store request has settled. */
  serial<T>(op: () => Promise<T>): Promise<T>;
  /** Refreshes the packet table (and, through fetch(), the event list). */
  refresh(point: string): Promise<void>;
  /** Makes the store ignore playback ticks sent before now (the timeline moved under them). */
  invalidateTicks(): void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What a step announces: where the timeline stands and what happened there. */
export function landedText(op: TimelineOp, p: TimelinePosition): string {
  if (p.atStart) return "At the lab's start: nothing has happened yet.";
  const where = `${op === 'back' ? 'Back to' : 'At'} event ${p.step.toLocaleString('en')}, ${fmtTimeOfDay(p.now).slice(0, 15)} UTC`;
  const first = p.here[0];
  if (!first) return `${where}.`;
  const more = p.here.length > 1 ? ` (and ${p.here.length - 1} more)` : '';
  return `${where}: ${first.where}, ${first.text}${more}.`;
}

export function createTimelineSlice(client: LabClient, set: (p: Patch) => void, get: () => LabView, deps: TimelineDeps) {
  /** The last seq the narration has seen; undefined: the next page only sets it (a fresh lab is not narrated). */
  let narrated: number | undefined;

  async function fetch(): Promise<Patch> {
    const { timelineKinds, timelineAnchor } = get();
    try {
      const { page } = await client.request({
        type: 'timeline-events', kinds: timelineKinds, limit: EVENTS_PAGE, ...(timelineAnchor ?? {}),
        ...(narrated !== undefined && { notableSince: narrated }),
      });
      const patch: Patch = { timelinePage: page };
      // Paged forward to the newest rows: follow the lab again.
      if (timelineAnchor && 'after' in timelineAnchor && !page.newer) patch.timelineAnchor = null;
      if (narrated !== undefined && page.notable.length && get().narrate) patch.narration = page.notable;
      narrated = page.lastSeq;
      return patch;
    } catch (e) {
      return { error: `could not read the event list: ${message(e)}` };
    }
  }

  const refetch = () => deps.serial(async () => set(await fetch()));

  const state: Omit<TimelineState, 'timelinePage'> = {
    speed: 1,
    timelineKinds: [...TIMELINE_KINDS],
    timelineAnchor: null,
    narrate: true,
    narration: [],
    timelineMove(op) {
      return deps.serial(async () => {
        try {
          const { position, mode } = await client.request({ type: 'timeline', op });
          deps.invalidateTicks();
          narrated = position.lastSeq;
          const said = get().narrate ? [{ seq: -1, step: position.step, weight: USER_WEIGHT, text: landedText(op, position) }] : [];
          set({ now: position.now, eventsProcessed: position.step, clockMode: mode, timelineAnchor: null, narration: said, error: undefined });
          await deps.refresh(get().point);
          // A frame the inspector showed that is no longer in the table (stepped back before it) is deselected.
          const { selected, packets } = get();
          if (selected !== null && !packets.some((p) => p.no === selected)) await get().selectPacket(null);
        } catch (e) {
          set({ error: message(e) });
        }
      });
    },
    async setSpeed(speed) {
      try {
        const res = await client.request({ type: 'clock', speed });
        set({ speed: res.speed, clockMode: res.mode });
      } catch (e) {
        set({ error: message(e) });
      }
    },
    setTimelineKinds(kinds) {
      set({ timelineKinds: TIMELINE_KINDS.filter((k) => kinds.includes(k)), timelineAnchor: null });
      return refetch();
    },
    pageTimeline(to) {
      const rows = get().timelinePage?.rows ?? [];
      if (to === 'newest' || rows.length === 0) set({ timelineAnchor: null });
      else if (to === 'older') set({ timelineAnchor: { before: rows[0].seq } });
      else set({ timelineAnchor: get().timelinePage?.newer ? { after: rows[rows.length - 1].seq } : null });
      return refetch();
    },
    setNarrate(on) {
      set({ narrate: on, narration: [] });
    },
  };

  return {
    state,
    fetch,
    /** A new lab: the list shows its newest events and the narration starts after its first run. */
    reset(): Patch {
      narrated = undefined;
      return { timelineAnchor: null, narration: [] };
    },
  };
}
