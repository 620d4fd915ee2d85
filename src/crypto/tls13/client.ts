/**
 * The client side of the TLS 1.3 full handshake (RFC 8446 §2, §4): ClientHello with x25519 key share, then
 * ServerHello → EncryptedExtensions → [CertificateRequest] → Certificate → CertificateVerify → Finished, answered
 * with [Certificate, CertificateVerify] and Finished. Middlebox compatibility mode (§D.4): a 32-byte
 * legacy_session_id and a ChangeCipherSpec before the second flight. No PSK, 0-RTT or HelloRetryRequest.
 *
 * Randomness consumed at `start`, in order: client random (32), legacy_session_id (32), x25519 private key (32).
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { equalBytes } from '../../net/bytes';
import { TlsAlertError } from './alerts';
import { verifyCertificateVerify, signCertificateVerify } from './certificateVerify';
import {
  DEFAULT_CIPHER_SUITES, EXT_ALPN, EXT_CERTIFICATE_AUTHORITIES, EXT_COOKIE, EXT_KEY_SHARE, EXT_POST_HANDSHAKE_AUTH,
  EXT_PRE_SHARED_KEY, EXT_PSK_KEY_EXCHANGE_MODES, EXT_SIGNATURE_ALGORITHMS, EXT_SIGNATURE_ALGORITHMS_CERT,
  EXT_SUPPORTED_VERSIONS, GROUP_X25519, HS_CERTIFICATE, HS_CERTIFICATE_REQUEST, HS_CERTIFICATE_VERIFY,
  HS_ENCRYPTED_EXTENSIONS, HS_FINISHED, HS_SERVER_HELLO, LEGACY_RECORD_VERSION_CH, LEGACY_VERSION,
  SIG_ECDSA_SECP256R1_SHA256, TLS13,
} from './constants';
import {
  alpnExt, findExt, keyShareClientExt, parseAlpn, parseKeyShareServer, parseSupportedVersionsServer, parseU16Vector,
  serverNameExt, signatureAlgorithmsExt, supportedGroupsExt, supportedVersionsClientExt,
} from './extensions';
import {
  encodeCertificate, encodeCertificateVerify, encodeFinished, parseCertificate, parseCertificateRequest,
  parseCertificateVerify, parseEncryptedExtensions, parseFinished,
} from './messagesAuth';
import { encodeClientHello, handshakeName, isHelloRetryRequest, parseServerHello, type HandshakeMessage } from './messagesHello';
import { authenticatePeer } from './peerAuth';
import { cipherState } from './record';
import { appendTranscript, sendChangeCipherSpec, sendHandshake, type Out } from './state';
import { isSupportedSuite, suiteInfo } from './suites';
import { becomeConnected, checkFinished, deriveApplicationSecrets, finishedData, installHandshakeKeys, traceResumption } from './transitions';
import type { Rand, TlsConn } from './types';

/** Extensions that may never appear in EncryptedExtensions (§4.2 table): receiving one is illegal_parameter. */
const NOT_IN_EE = new Set([
  EXT_KEY_SHARE, EXT_SUPPORTED_VERSIONS, EXT_PRE_SHARED_KEY, EXT_SIGNATURE_ALGORITHMS, EXT_COOKIE,
  EXT_PSK_KEY_EXCHANGE_MODES, EXT_CERTIFICATE_AUTHORITIES, EXT_POST_HANDSHAKE_AUTH, EXT_SIGNATURE_ALGORITHMS_CERT,
]);

export function clientStart(conn: TlsConn, out: Out, rand: Rand): void {
  const cfg = conn.cfg;
  const suites = cfg.cipherSuites ?? DEFAULT_CIPHER_SUITES;
  const bad = suites.find((s) => !isSupportedSuite(s));
  if (bad !== undefined || !suites.length) throw new TlsAlertError('internal_error', `TLS: configured cipher suite list [${suites.join(', ')}] is not usable`);
  conn.clientRandom = rand(32);
  conn.sessionId = rand(32);
  conn.ecdhPrivate = rand(32);
  const exts = [
    ...(cfg.serverName ? [serverNameExt(cfg.serverName)] : []),
    supportedGroupsExt([GROUP_X25519]),
    signatureAlgorithmsExt([SIG_ECDSA_SECP256R1_SHA256]),
    ...(cfg.alpn?.length ? [alpnExt(cfg.alpn)] : []),
    supportedVersionsClientExt([TLS13]),
    keyShareClientExt([{ group: GROUP_X25519, key: x25519.getPublicKey(conn.ecdhPrivate) }]),
  ];
  conn.offeredSuites = suites.slice();
  conn.offeredExtensions = exts.map((e) => e.type);
  conn.offeredAlpn = cfg.alpn?.slice() ?? [];
  conn.serverName = cfg.serverName ?? null;
  const ch = encodeClientHello({
    legacyVersion: LEGACY_VERSION, random: conn.clientRandom, sessionId: conn.sessionId, cipherSuites: suites,
    compressionMethods: new Uint8Array([0]), extensions: exts,
  });
  appendTranscript(conn, ch);
  sendHandshake(conn, out, [ch], LEGACY_RECORD_VERSION_CH);
  conn.phase = 'wait-sh';
}

function onServerHello(conn: TlsConn, msg: HandshakeMessage, out: Out): void {
  const sh = parseServerHello(msg.body);
  if (isHelloRetryRequest(sh)) {
    throw new TlsAlertError('handshake_failure', 'TLS: server sent a HelloRetryRequest (it wants another key share); HelloRetryRequest is not supported');
  }
  const sv = findExt(sh.extensions, EXT_SUPPORTED_VERSIONS);
  if (!sv) throw new TlsAlertError('protocol_version', 'TLS: server did not negotiate TLS 1.3 (no supported_versions in ServerHello)');
  const version = parseSupportedVersionsServer(sv);
  if (version !== TLS13) throw new TlsAlertError('illegal_parameter', `TLS: server selected version 0x${version.toString(16)}, which was not offered`);
  if (sh.legacyVersion !== LEGACY_VERSION) throw new TlsAlertError('protocol_version', `TLS: ServerHello legacy_version 0x${sh.legacyVersion.toString(16)} is not 0x0303`);
  if (!equalBytes(sh.sessionId, conn.sessionId)) throw new TlsAlertError('illegal_parameter', 'TLS: ServerHello does not echo our legacy_session_id');
  if (!conn.offeredSuites.includes(sh.cipherSuite)) {
    throw new TlsAlertError('illegal_parameter', `TLS: server selected cipher suite 0x${sh.cipherSuite.toString(16).padStart(4, '0')}, which was not offered`);
  }
  if (sh.compressionMethod !== 0) throw new TlsAlertError('illegal_parameter', 'TLS: ServerHello legacy_compression_method is not 0');
  for (const e of sh.extensions) {
    if (e.type === EXT_KEY_SHARE || e.type === EXT_SUPPORTED_VERSIONS) continue;
    if (!conn.offeredExtensions.includes(e.type)) throw new TlsAlertError('unsupported_extension', `TLS: ServerHello carries extension ${e.type}, which was not offered`);
    throw new TlsAlertError('illegal_parameter', `TLS: ServerHello carries extension ${e.type}, which does not belong there`);
  }
  const ks = findExt(sh.extensions, EXT_KEY_SHARE);
  if (!ks) throw new TlsAlertError('missing_extension', 'TLS: ServerHello has no key_share (PSK-only handshakes are not supported)');
  const share = parseKeyShareServer(ks);
  if (share.group !== GROUP_X25519) throw new TlsAlertError('illegal_parameter', `TLS: server key share uses group ${share.group}, which was not offered`);
  if (share.key.length !== 32) throw new TlsAlertError('illegal_parameter', `TLS: server x25519 key share has ${share.key.length} bytes, expected 32`);
  let ecdhe: Uint8Array;
  try {
    ecdhe = x25519.getSharedSecret(conn.ecdhPrivate, share.key);
  } catch {
    throw new TlsAlertError('illegal_parameter', 'TLS: server x25519 key share is invalid (low-order point)');
  }
  conn.suite = sh.cipherSuite;
  conn.serverRandom = sh.random;
  appendTranscript(conn, msg.raw);
  installHandshakeKeys(conn, out, ecdhe);
  conn.phase = 'wait-ee';
}

function onEncryptedExtensions(conn: TlsConn, msg: HandshakeMessage): void {
  for (const e of parseEncryptedExtensions(msg.body)) {
    if (NOT_IN_EE.has(e.type)) throw new TlsAlertError('illegal_parameter', `TLS: EncryptedExtensions carries extension ${e.type}, which does not belong there`);
    if (!conn.offeredExtensions.includes(e.type)) throw new TlsAlertError('unsupported_extension', `TLS: EncryptedExtensions carries extension ${e.type}, which was not offered`);
    if (e.type === EXT_ALPN) {
      const chosen = parseAlpn(e.data);
      if (chosen.length !== 1 || !conn.offeredAlpn.includes(chosen[0])) {
        throw new TlsAlertError('illegal_parameter', `TLS: server selected ALPN [${chosen.join(', ')}], which was not offered`);
      }
      conn.alpn = chosen[0];
    }
  }
  appendTranscript(conn, msg.raw);
  conn.phase = 'wait-cert-cr';
}

function onCertificateRequest(conn: TlsConn, msg: HandshakeMessage): void {
  const cr = parseCertificateRequest(msg.body);
  const sa = findExt(cr.extensions, EXT_SIGNATURE_ALGORITHMS);
  if (!sa) throw new TlsAlertError('missing_extension', 'TLS: CertificateRequest has no signature_algorithms');
  conn.peerSigAlgs = parseU16Vector(sa, 'signature_algorithms');
  conn.certRequested = true;
  conn.certRequestContext = cr.context;
  appendTranscript(conn, msg.raw);
  conn.phase = 'wait-cert';
}

function onCertificate(conn: TlsConn, msg: HandshakeMessage, now: number): void {
  const c = parseCertificate(msg.body);
  if (c.context.length) throw new TlsAlertError('illegal_parameter', 'TLS: server Certificate has a non-empty certificate_request_context');
  if (!c.entries.length) throw new TlsAlertError('decode_error', 'TLS: server sent an empty certificate list');
  authenticatePeer(conn, c.entries, now);
  appendTranscript(conn, msg.raw);
  conn.phase = 'wait-cv';
}

function onCertificateVerify(conn: TlsConn, msg: HandshakeMessage): void {
  const cv = parseCertificateVerify(msg.body);
  verifyCertificateVerify(conn.suite, 'server', conn.transcript, cv.scheme, cv.signature, conn.peerPublicKey);
  appendTranscript(conn, msg.raw);
  conn.phase = 'wait-finished';
}

function onFinished(conn: TlsConn, msg: HandshakeMessage, out: Out): void {
  checkFinished(conn, out, 'server', parseFinished(msg.body, suiteInfo(conn.suite).hashLen));
  appendTranscript(conn, msg.raw);
  const app = deriveApplicationSecrets(conn, out);
  conn.read = cipherState(conn.suite, app.server);
  if (conn.sessionId.length) sendChangeCipherSpec(out);
  const flight: Uint8Array[] = [];
  const add = (m: Uint8Array) => { appendTranscript(conn, m); flight.push(m); };
  if (conn.certRequested) {
    const usable = conn.cfg.certChain.length > 0 && conn.peerSigAlgs.includes(SIG_ECDSA_SECP256R1_SHA256);
    add(encodeCertificate({ context: conn.certRequestContext, entries: usable ? conn.cfg.certChain.map((cert) => ({ cert, extensions: [] })) : [] }));
    if (usable) {
      const signature = signCertificateVerify(conn.suite, 'client', conn.transcript, conn.cfg.privateKey);
      add(encodeCertificateVerify({ scheme: SIG_ECDSA_SECP256R1_SHA256, signature }));
    }
  }
  add(encodeFinished(finishedData(conn, out, 'client')));
  sendHandshake(conn, out, flight);
  traceResumption(conn, out);
  conn.write = cipherState(conn.suite, app.client);
  becomeConnected(conn, out);
}

/** One handshake message during the client handshake; anything out of order is unexpected_message. */
export function clientHandshake(conn: TlsConn, msg: HandshakeMessage, out: Out, now: number): void {
  const p = conn.phase;
  if (p === 'wait-sh' && msg.type === HS_SERVER_HELLO) return onServerHello(conn, msg, out);
  if (p === 'wait-ee' && msg.type === HS_ENCRYPTED_EXTENSIONS) return onEncryptedExtensions(conn, msg);
  if (p === 'wait-cert-cr' && msg.type === HS_CERTIFICATE_REQUEST) return onCertificateRequest(conn, msg);
  if ((p === 'wait-cert-cr' || p === 'wait-cert') && msg.type === HS_CERTIFICATE) return onCertificate(conn, msg, now);
  if (p === 'wait-cv' && msg.type === HS_CERTIFICATE_VERIFY) return onCertificateVerify(conn, msg);
  if (p === 'wait-finished' && msg.type === HS_FINISHED) return onFinished(conn, msg, out);
  throw new TlsAlertError('unexpected_message', `TLS: unexpected ${handshakeName(msg.type)} while the client is in state ${p}`);
}
