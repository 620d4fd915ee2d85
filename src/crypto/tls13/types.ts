/**
 * Public types of the sans-IO TLS 1.3 engine (RFC 8446). A connection is plain data — numbers, strings, booleans,
 * arrays, records and Uint8Arrays — so the simulator can snapshot it with structuredClone; no classes, Maps,
 * closures or bigints are stored.
 */
import type { PeerCheck } from '../pki/identity';
import type { CipherState } from './record';

export type { PeerCheck };

/** The caller's randomness (the lab's seeded RNG): n fresh bytes per call. */
export type Rand = (n: number) => Uint8Array;

export interface TlsConfig {
  role: 'client' | 'server';
  /** DER certificates, leaf first. A client may leave this empty (it then answers a CertificateRequest with none). */
  certChain: Uint8Array[];
  /** P-256 private scalar (32 bytes) of the leaf certificate. */
  privateKey: Uint8Array;
  /** DER trust anchors (roots) for the peer's chain. */
  trustAnchors: Uint8Array[];
  /** Client: SNI host name to send (RFC 6066 §3). */
  serverName?: string;
  /** Client: protocols to offer; server: protocols it accepts, in preference order (RFC 7301). */
  alpn?: string[];
  /** Server: send a CertificateRequest and refuse a client without a certificate (mTLS). */
  requireClientCert?: boolean;
  /** Cipher suites to offer (client) or accept in preference order (server); default 0x1301, 0x1303, 0x1302. */
  cipherSuites?: number[];
  /** Identity the peer's leaf must carry. */
  verifyPeer: PeerCheck;
  /** Virtual time (µs since the Unix epoch) the connection was created; receiveBytes's `now` is used for checks. */
  now: number;
}

export interface PeerIdentity {
  uris: string[];
  dns: string[];
  spiffeId: string | null;
  subject: string;
  issuer: string;
  /** Serial number, lowercase hex without separators. */
  serial: string;
  /** Virtual-clock microseconds. */
  notBefore: number;
  notAfter: number;
}

export type TlsEvent =
  | { kind: 'handshake-done'; cipherSuite: string; cipherSuiteId: number; alpn: string | null; serverName: string | null; peerIdentity: PeerIdentity | null }
  | { kind: 'alert-sent' | 'alert-received'; level: 'warning' | 'fatal'; description: string; reason: string }
  | { kind: 'closed' }
  | { kind: 'keylog'; line: string }
  | { kind: 'trace'; step: string; values: Record<string, Uint8Array> }
  /** contentType: as on the wire; innerType: the real type inside a protected record; length: fragment bytes. */
  | { kind: 'record'; dir: 'in' | 'out'; contentType: number; innerType: number; length: number; encrypted: boolean }
  | { kind: 'handshake-message'; dir: 'in' | 'out'; type: number; name: string; length: number };

export interface TlsOutput {
  /** Bytes to write to the TCP stream (possibly empty). */
  send: Uint8Array;
  appData: Uint8Array[];
  events: TlsEvent[];
}

export type Phase =
  | 'start'
  // client
  | 'wait-sh' | 'wait-ee' | 'wait-cert-cr' | 'wait-cert' | 'wait-cv' | 'wait-finished'
  // server
  | 'wait-ch' | 'wait-client-cert' | 'wait-client-cv' | 'wait-client-finished'
  | 'connected' | 'closed' | 'failed';

export interface TlsConn {
  cfg: TlsConfig;
  phase: Phase;
  /** Negotiated cipher suite, 0 until ServerHello. */
  suite: number;
  /** TCP bytes received that do not yet form a whole record. */
  inBuf: Uint8Array;
  /** Handshake bytes that do not yet form a whole message. */
  hsBuf: Uint8Array;
  /** All handshake messages so far, in order (Transcript-Hash input, RFC 8446 §4.4.1). */
  transcript: Uint8Array;
  clientRandom: Uint8Array;
  serverRandom: Uint8Array;
  /** legacy_session_id sent (client) or echoed (server). */
  sessionId: Uint8Array;
  /** Client: the cipher suites and extension types its ClientHello offered. */
  offeredSuites: number[];
  offeredExtensions: number[];
  offeredAlpn: string[];
  /** Our x25519 private key, wiped once the shared secret is computed. */
  ecdhPrivate: Uint8Array;
  handshakeSecret: Uint8Array;
  clientHandshakeSecret: Uint8Array;
  serverHandshakeSecret: Uint8Array;
  masterSecret: Uint8Array;
  read: CipherState | null;
  write: CipherState | null;
  certRequested: boolean;
  certRequestContext: Uint8Array;
  /** Client: signature schemes the server's CertificateRequest accepts. */
  peerSigAlgs: number[];
  /** Server: the client application traffic secret, installed for reading once the client Finished verifies. */
  nextReadSecret: Uint8Array;
  peerChain: Uint8Array[];
  peerPublicKey: Uint8Array;
  peerIdentity: PeerIdentity | null;
  alpn: string | null;
  serverName: string | null;
  /** Application data handed to sendApplicationData before the handshake finished. */
  pending: Uint8Array[];
  closeSent: boolean;
  closeReceived: boolean;
  failure: { alert: string; reason: string; by: 'us' | 'peer' } | null;
}
