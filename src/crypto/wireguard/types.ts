/**
 * Public types of the sans-IO WireGuard library: the device and peer state (plain data only, so the engine can
 * snapshot it with structuredClone), the actions returned to the caller, and handshake traces.
 * The state mirrors the whitepaper: per-peer handshake state (§5.4), previous/current/next keypairs (§6.3),
 * staged packets and timer bookkeeping (§6.1-§6.6), and the responder's cookie secret and load state (§5.4.7).
 */
import type { ReplayWindow } from './replay';

export type Rand = (n: number) => Uint8Array;
export interface WgEndpoint { ip: number; port: number }
export interface AllowedIp { net: number; bits: number }

/** Chaining key C and hash H after one Noise step. */
export interface NoiseStep { token: string; ck: Uint8Array; h: Uint8Array }

export interface WgKeylogEntry {
  localStaticPrivate: Uint8Array;
  remoteStaticPublic: Uint8Array;
  localEphemeralPrivate: Uint8Array;
  presharedKey: Uint8Array;
}

export type HandshakeEvent = 'initiation-sent' | 'initiation-received' | 'response-sent' | 'response-received' | 'cookie-sent' | 'cookie-received';
export type SendKind = 'initiation' | 'response' | 'cookie' | 'data' | 'keepalive';

export type WgAction =
  | { kind: 'send'; to: WgEndpoint; bytes: Uint8Array; message: SendKind; peer?: number }
  | { kind: 'deliver'; peer: number; packet: Uint8Array }
  | { kind: 'drop'; reason: string; peer?: number; bytes?: Uint8Array }
  | { kind: 'arm'; timer: string; at: number }
  | { kind: 'cancel'; timer: string }
  /** peer is -1 for a cookie sent before the initiation was decrypted (the peer is not known yet). */
  | { kind: 'handshake'; peer: number; role: 'initiator' | 'responder'; event: HandshakeEvent; trace: NoiseStep[]; keylog?: WgKeylogEntry }
  | { kind: 'keypair'; peer: number; event: 'new' | 'confirmed' | 'retired' | 'expired'; localIndex: number };

export interface WgPeerConfig {
  publicKey: Uint8Array;
  presharedKey?: Uint8Array;
  endpoint?: WgEndpoint;
  allowedIps: AllowedIp[];
  /** Seconds; 0 or undefined = off. */
  persistentKeepalive?: number;
}

/** One session's transport keys (whitepaper §5.4.5) and its counters. */
export interface WgKeypair {
  localIndex: number;
  remoteIndex: number;
  sendKey: Uint8Array;
  recvKey: Uint8Array;
  /** µs when the keys were derived. */
  created: number;
  /** True when this side sent the initiation (only the initiator rekeys on age, §6.2). */
  isInitiator: boolean;
  /** Next counter to send. */
  sendCounter: number;
  replay: ReplayWindow;
  /** An 'expired' keypair event was already emitted. */
  expiredReported: boolean;
}

/** Initiator state between sending an initiation and receiving its response. */
export interface WgHandshakeState {
  state: 'none' | 'initiation-sent';
  localIndex: number;
  ck: Uint8Array;
  h: Uint8Array;
  ephemeralPrivate: Uint8Array;
}

export type TimerKind = 'retransmit-handshake' | 'send-keepalive' | 'new-handshake' | 'zero-key-material' | 'persistent-keepalive';

export interface WgPeer {
  /** Position in dev.peers; never changes. */
  index: number;
  /** Removed with removePeer: kept as a tombstone so that indexes stay stable. */
  removed: boolean;
  publicKey: Uint8Array;
  presharedKey: Uint8Array;
  endpoint?: WgEndpoint;
  allowedIps: AllowedIp[];
  persistentKeepalive: number;
  /** µs of the last completed handshake, 0 = never. */
  lastHandshake: number;
  /** UDP payload bytes of authenticated packets (handshake and transport) received from / sent to this peer. */
  rxBytes: number;
  txBytes: number;
  /** Keys for messages to this peer: HASH("mac1----" || peer public), HASH("cookie--" || peer public). */
  mac1Key: Uint8Array;
  cookieKey: Uint8Array;
  handshake: WgHandshakeState;
  previous: WgKeypair | null;
  current: WgKeypair | null;
  next: WgKeypair | null;
  /** Inner packets waiting for a session (oldest first); an empty packet is a keepalive. */
  staged: Uint8Array[];
  /** Cookie from this peer's cookie reply, and when it arrived (µs, -1 = none). */
  cookie: Uint8Array | null;
  cookieReceived: number;
  /** mac1 of the last handshake message sent to this peer, the AAD of a cookie reply that answers it. */
  lastSentMac1: Uint8Array | null;
  /** µs of the last initiation sent (-1 = never): a new handshake waits REKEY_TIMEOUT after it. */
  lastInitiationSent: number;
  /** Initiations sent in the current attempt (1 = the first one). */
  handshakeAttempts: number;
  /** Greatest TAI64N accepted from this peer (an initiation must carry a later one). */
  latestTimestamp: Uint8Array;
  /** µs when the last initiation from this peer was accepted (-1 = never): at most INITIATIONS_PER_SECOND. */
  lastInitiationConsumed: number;
  /** Deadline of each timer in µs; 0 = not armed. */
  timers: Record<TimerKind, number>;
  /** µs of the last authenticated packet sent / received (-1 = never). */
  lastSent: number;
  lastReceived: number;
}

export interface WgDevice {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  listenPort: number;
  fwmark: number;
  mtu: number;
  loadThreshold: number;
  peers: WgPeer[];
  /** HASH("mac1----" || our public key) checks incoming mac1; HASH("cookie--" || our public key) seals cookies. */
  mac1Key: Uint8Array;
  cookieKey: Uint8Array;
  /** Responder's cookie secret and when it was drawn (µs, -1 = never). */
  cookieSecret: Uint8Array;
  cookieSecretBirth: number;
  /** Arrival times of recent handshake messages (at most loadThreshold kept), and the end of the "under load" hold. */
  handshakeArrivals: number[];
  underLoadUntil: number;
  /** Local (receiver) index -> peer index, for pending handshakes and keypairs. */
  indexes: Record<string, number>;
}
