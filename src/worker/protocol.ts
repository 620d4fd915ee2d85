/**
 * The one message boundary between the page and the engine's Web Worker. Requests carry an id; the worker answers
 * each with a response of the same id. The worker also pushes messages without an id (`Push`): terminal output and
 * clock ticks, and notices that a terminal's files changed. Everything a request makes the worker push (a command's
 * output, a file it wrote) is posted before its response, so when the response arrives the page has seen it too.
 */
import type { Input } from '../sim/inputs';
import type { Place } from '../shell/types';
import type { Dissection, Field, LinkType } from '../net/dissect/tree';
import type { TopologyPush } from './topologyProtocol';
import type { TimelineRequest, TimelineResponse } from './timelineProtocol';

export type { Place };

export interface PacketRow {
  no: number;
  t: number;
  point: string;
  dir: 'in' | 'out';
  length: number;
  protocol: string;
  src: string;
  dst: string;
  info: string;
  malformed: boolean;
}

/** One named value of a decryption trace: bytes as lower-case hex (`hex: true`) or text. */
export interface TraceItem {
  name: string;
  value: string;
  hex?: boolean;
}

/** A titled list of trace values: the key and nonce used, or a handshake's Noise C and H per token. */
export interface TraceGroup {
  title: string;
  items: TraceItem[];
}

/** What the lab's keys made of an encrypted frame (worker-side decryption with the real keys and real crypto). */
export interface Decryption {
  protocol: 'wireguard' | 'esp' | 'tls';
  ok: boolean;
  /** One sentence: what was opened with which key, or why nothing could be. */
  summary: string;
  /** The packet inside (WireGuard transport data, ESP), dissected; byte ranges are relative to `bytes`. */
  inner?: { linkType: LinkType; bytes: Uint8Array; layers: Field[]; summary: Dissection['summary'] };
  trace: TraceGroup[];
}

/** One frame of a capture point, dissected, for the inspector's details tree and hex pane. */
export interface Inspection {
  point: string;
  no: number;
  t: number;
  dir: 'in' | 'out';
  linkType: number;
  bytes: Uint8Array;
  /** The field tree, a Wireshark-style `frame` item first; byte ranges are relative to `bytes` (PDML pos/size). */
  layers: Field[];
  summary: Dissection['summary'];
  malformed?: Dissection['malformed'];
  /** Set when the frame is something the lab holds keys for. */
  decryptable?: 'wireguard' | 'esp' | 'tls';
  /** Present when the request asked to decrypt and the frame is decryptable. */
  decryption?: Decryption;
}

/** `live`: virtual time follows the wall clock (× speed) while events are pending; `paused`: only `run` moves it. */
export type PlaybackMode = 'live' | 'paused';

export type Request =
  | { id: number; type: 'load'; scenario: string; seed: string; routing?: 'native' | 'tunnel' }
  | { id: number; type: 'run'; until: 'idle' | number }
  | { id: number; type: 'input'; input: Input }
  | { id: number; type: 'capture'; point: string }
  | { id: number; type: 'packets'; point: string }
  /** One frame (`no` counts from 1, as in the table) dissected; with `decrypt`, opened with the lab's keys too. */
  | { id: number; type: 'inspect'; point: string; no: number; decrypt?: boolean }
  /** The numbers of the frames at `point` that pass a display filter; a bad filter is answered with an error. */
  | { id: number; type: 'filter'; point: string; filter: string }
  /** Opens a shell (`tty<N>`) at a node or in a pod; answered with its terminal number. */
  | { id: number; type: 'term-open'; place: Place; cols: number; rows: number }
  /** Raw terminal input, as xterm's onData gives it (keys, escape sequences, pasted text). */
  | { id: number; type: 'term-key'; term: number; data: string }
  | { id: number; type: 'term-resize'; term: number; cols: number; rows: number }
  | { id: number; type: 'term-close'; term: number }
  /** Lists the files written in a terminal (`> notes.txt`, `tcpdump -w cap.pcapng`), by name. */
  | { id: number; type: 'term-files'; term: number }
  /** One of those files' bytes (a copy, transferred to the page). */
  | { id: number; type: 'term-file'; term: number; name: string }
  /** Sets the playback mode and/or speed (virtual seconds per wall-clock second); answers with both. */
  | { id: number; type: 'clock'; mode?: PlaybackMode; speed?: number }
  // --- timeline (./timelineProtocol.ts): step forward / back, reset, the event list ---
  | TimelineRequest;

export interface LoadedInfo {
  scenario: string;
  seed: string;
  points: string[];
  nodes: string[];
  pods: { key: string; node: string; ip: string }[];
  now: number;
}

/** A file a terminal's commands wrote: its name as typed (`notes.txt`, `/tmp/cap.pcapng`) and its size in bytes. */
export interface TermFile {
  name: string;
  size: number;
}

export type Response =
  | { id: number; type: 'loaded'; info: LoadedInfo }
  | { id: number; type: 'ran'; now: number; eventsProcessed: number; idle: boolean }
  | { id: number; type: 'input'; error: string | null }
  | { id: number; type: 'capture'; point: string; pcapng: Uint8Array; frames: number }
  | { id: number; type: 'packets'; point: string; rows: PacketRow[] }
  | { id: number; type: 'inspected'; inspection: Inspection }
  | { id: number; type: 'filtered'; point: string; filter: string; nos: number[] }
  | { id: number; type: 'term-opened'; term: number }
  /** term-key, term-resize and term-close are acknowledged with the terminal's number. */
  | { id: number; type: 'term'; term: number }
  | { id: number; type: 'term-files'; term: number; files: TermFile[] }
  | { id: number; type: 'term-file'; term: number; name: string; data: Uint8Array }
  | { id: number; type: 'clock'; mode: PlaybackMode; speed: number }
  // --- timeline (./timelineProtocol.ts) ---
  | TimelineResponse
  | { id: number; type: 'error'; message: string };

/** Messages the worker sends on its own (no id). */
export type Push =
  /** Terminal output: ANSI text with `\r\n` line ends, for xterm's write(). */
  | { type: 'term-output'; term: number; data: string }
  /** The terminal's shell is gone for good (its place no longer exists after a reload); the page closes the tab. */
  | { type: 'term-exit'; term: number; reason: string }
  /** A command wrote a file in the terminal (once per request or tick, however many writes); ask `term-files` for the list. */
  | { type: 'term-files-changed'; term: number }
  /** The playback loop advanced virtual time (µs); `idle`: nothing is scheduled any more, the loop stopped. */
  | { type: 'tick'; now: number; eventsProcessed: number; idle: boolean }
  // --- topology view (./topologyProtocol.ts): the lab's shape, and classified hops and drops per flush ---
  | TopologyPush;

export type PushType = Push['type'];
export type PushOf<T extends PushType> = Extract<Push, { type: T }>;

/** Anything the worker posts. Responses carry an id; pushes do not. */
export type WorkerMessage = Response | Push;

export const isPush = (m: WorkerMessage): m is Push => !('id' in m);
