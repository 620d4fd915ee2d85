/**
 * The timeline's part of the worker protocol (./protocol.ts adds these to its Request and Response unions): stepping
 * the engine one event forward or back, resetting the lab to its start, and reading the engine's recent events as
 * pages of one-line rows, with what is worth narrating.
 *
 * A position on the timeline is an engine step: `step` counts the events the engine processed (its
 * `eventsProcessed`). Every row carries the step it happened at, so the page can mark the rows of the current one.
 */
import type { PlaybackMode } from './protocol';

/** The kinds of engine events the list shows (src/sim/events.ts), in the order the filters offer them. */
export const TIMELINE_KINDS = ['frame', 'drop', 'tcp', 'crypto', 'output', 'exit', 'input'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** What protects a frame on the hop it was seen at, when something does. */
export type Protection = 'wireguard' | 'esp' | 'tls';

/** One engine event, summarised for the list. */
export interface TimelineRow {
  /** Order in the worker's log (counts from 1; a rewind drops the rows after it and reuses their numbers). */
  seq: number;
  /** The engine step it happened at: its position on the timeline. */
  step: number;
  /** Virtual time, µs. */
  t: number;
  kind: TimelineKind;
  /** Where: a capture point and direction (`node-1:eth0 out`), a pod or a node. */
  where: string;
  /** What: the dissector's one-line summary for a frame, the reason for a drop, a sentence otherwise. */
  text: string;
  /** Frames: the capture point and the frame's number there (as in the packet table), and its top protocol. */
  point?: string;
  no?: number;
  protocol?: string;
  protection?: Protection;
}

/** Something worth saying aloud, with how much it matters (higher first): drops 4, handshakes 3, wire crossings 2. */
export interface Notable {
  seq: number;
  step: number;
  weight: number;
  text: string;
}

export interface TimelinePosition {
  step: number;
  /** Virtual time, µs. */
  now: number;
  atStart: boolean;
  /** Nothing left to do (background timers aside): stepping forward would not change anything. */
  atEnd: boolean;
  /** The rows of the step the timeline stands on (what a step just landed on). */
  here: TimelineRow[];
  /** How many logged inputs (commands typed, objects applied) the last move undid; 0 for a forward step. */
  undone: number;
  /** The newest row's seq (0 when the log is empty). */
  lastSeq: number;
}

export interface TimelinePage {
  /** Oldest first. */
  rows: TimelineRow[];
  /** Rows of the chosen kinds the log still holds. */
  total: number;
  /** The first row's index among them (0-based). */
  from: number;
  /** Whether rows of the chosen kinds exist before and after this page. */
  older: boolean;
  newer: boolean;
  /** What happened after `notableSince` worth narrating (the latest few, oldest first). */
  notable: Notable[];
  lastSeq: number;
  /** Nothing left to do (background timers aside): stepping forward would not change anything. */
  atEnd: boolean;
}

export type TimelineOp = 'forward' | 'back' | 'reset';

export type TimelineRequest =
  /** Moves the timeline (and pauses the clock): one event forward or back, or back to the lab's start. */
  | { id: number; type: 'timeline'; op: TimelineOp }
  /**
   * A page of rows of the given kinds: the newest `limit` (default 50) before seq `before`, the oldest after seq
   * `after`, or the newest of all; and the notable events after seq `notableSince`, when given.
   */
  | { id: number; type: 'timeline-events'; kinds: TimelineKind[]; before?: number; after?: number; limit?: number; notableSince?: number };

export type TimelineResponse =
  | { id: number; type: 'timeline'; position: TimelinePosition; mode: PlaybackMode }
  | { id: number; type: 'timeline-events'; page: TimelinePage };
