/**
 * The typed event stream the engine emits, with sim time on every event. Listeners (store, captures, tests) read
 * packets as bytes: an event carries the frame, never a decoded summary the wire would not carry. `trace` ties the
 * hops of one packet together for the path view; it is the engine's bookkeeping, not something shown as a field.
 */
import type { Input } from './inputs';

export type Direction = 'in' | 'out';

export interface FrameEvent {
  t: number;
  /** Capture point name: `node-1:eth0`, `web/frontend:eth0`. */
  point: string;
  dir: Direction;
  linkType: number;
  frame: Uint8Array;
  trace: number;
}

export interface DropEvent {
  t: number;
  point: string;
  /** A short, specific name: `no route to host`, `bad TCP checksum`, `TTL exceeded`. */
  reason: string;
  frame: Uint8Array;
  linkType: number;
  trace: number;
}

export interface TcpStateEvent {
  t: number;
  host: string;
  conn: string;
  local: string;
  remote: string;
  from: string;
  to: string;
}

export interface AppOutputEvent {
  t: number;
  host: string;
  app: string;
  /** The job tag of the exec that started the program, if any (how a terminal finds its own output). */
  job?: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface AppExitEvent {
  t: number;
  host: string;
  app: string;
  job?: string;
  code: number;
}

export interface InputEvent {
  t: number;
  input: Input;
}

/** A step of a security protocol (a WireGuard handshake message, a new keypair, an SA change, a TLS secret). */
export interface CryptoEvent {
  t: number;
  host: string;
  protocol: 'wireguard' | 'ipsec' | 'tls';
  /** What happened: `initiation-sent`, `response-received`, `keypair-new`, `sa-added`, ... */
  what: string;
  peer?: number;
  /** The protocol's trace, for the inspector (WireGuard: chaining key C and hash H after each Noise token). */
  steps: { name: string; values: Record<string, Uint8Array> }[];
}

export interface SimEvents {
  frame: FrameEvent;
  drop: DropEvent;
  tcp: TcpStateEvent;
  output: AppOutputEvent;
  exit: AppExitEvent;
  input: InputEvent;
  crypto: CryptoEvent;
}
