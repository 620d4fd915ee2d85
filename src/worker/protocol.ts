/**
 * The one message boundary between the page and the engine's Web Worker. Requests carry an id; the worker answers
 * each with a response of the same id, and pushes `events` messages as the simulation runs.
 */
import type { Input } from '../sim/inputs';

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

export type Request =
  | { id: number; type: 'load'; scenario: string; seed: string; routing?: 'native' | 'tunnel' }
  | { id: number; type: 'run'; until: 'idle' | number }
  | { id: number; type: 'input'; input: Input }
  | { id: number; type: 'capture'; point: string }
  | { id: number; type: 'packets'; point: string };

export interface LoadedInfo {
  scenario: string;
  seed: string;
  points: string[];
  nodes: string[];
  pods: { key: string; node: string; ip: string }[];
  now: number;
}

export type Response =
  | { id: number; type: 'loaded'; info: LoadedInfo }
  | { id: number; type: 'ran'; now: number; eventsProcessed: number; idle: boolean }
  | { id: number; type: 'input'; error: string | null }
  | { id: number; type: 'capture'; point: string; pcapng: Uint8Array; frames: number }
  | { id: number; type: 'packets'; point: string; rows: PacketRow[] }
  | { id: number; type: 'error'; message: string };
