/**
 * The server side of the TLS 1.3 full handshake (RFC 8446 §2, §4): on ClientHello, negotiate version (§4.2.1),
 * cipher suite, x25519 key share (§4.2.8), signature scheme (§4.2.3) and ALPN (RFC 7301 §3.2), then send
 * ServerHello, a middlebox-compat ChangeCipherSpec (§D.4) and EncryptedExtensions, [CertificateRequest],
 * Certificate, CertificateVerify, Finished; then read the client's [Certificate, CertificateVerify] and Finished.
 * A client whose key share would need a HelloRetryRequest gets handshake_failure (HRR is not implemented).
 *
 * Randomness consumed on ClientHello, in order: server random (32), x25519 private key (32).
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { TlsAlertError } from './alerts';
import { signCertificateVerify, verifyCertificateVerify } from './certificateVerify';
import {
  DEFAULT_CIPHER_SUITES, EXT_ALPN, EXT_KEY_SHARE, EXT_PRE_SHARED_KEY, EXT_SERVER_NAME, EXT_SIGNATURE_ALGORITHMS,
  EXT_SUPPORTED_GROUPS, EXT_SUPPORTED_VERSIONS, GROUP_X25519, HS_CERTIFICATE, HS_CERTIFICATE_VERIFY, HS_CLIENT_HELLO,
  HS_FINISHED, SIG_ECDSA_SECP256R1_SHA256, TLS13,
} from './constants';
import {
  alpnExt, findExt, keyShareServerExt, parseAlpn, parseKeyShareClient, parseServerName, parseSupportedVersionsClient,
  parseU16Vector, signatureAlgorithmsExt, supportedVersionsServerExt, type Extension,
} from './extensions';
import {
  encodeCertificate, encodeCertificateRequest, encodeCertificateVerify, encodeEncryptedExtensions, encodeFinished,
  parseCertificate, parseCertificateVerify, parseFinished,
} from './messagesAuth';
import { encodeServerHello, handshakeName, newServerHello, parseClientHello, type ClientHello, type HandshakeMessage } from './messagesHello';
import { authenticatePeer } from './peerAuth';
import { cipherState } from './record';
import { appendTranscript, sendChangeCipherSpec, sendHandshake, type Out } from './state';
import { isSupportedSuite, suiteInfo, suiteName } from './suites';
import { becomeConnected, checkFinished, deriveApplicationSecrets, finishedData, installHandshakeKeys, traceResumption } from './transitions';
import type { Rand, TlsConn } from './types';

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

interface Negotiated { suite: number; clientShare: Uint8Array; alpn: string | null; serverName: string | null }

/** Everything the server decides from the ClientHello; throws the alert §4.1.1/§9.2 prescribe. */
function negotiate(conn: TlsConn, ch: ClientHello): Negotiated {
  const cfg = conn.cfg;
  const sv = findExt(ch.extensions, EXT_SUPPORTED_VERSIONS);
  if (!sv) throw new TlsAlertError('protocol_version', 'TLS: client does not offer TLS 1.3 (no supported_versions extension)');
  const versions = parseSupportedVersionsClient(sv);
  if (!versions.includes(TLS13)) throw new TlsAlertError('protocol_version', `TLS: client offers versions [${versions.map(hex4).join(', ')}] but not TLS 1.3`);
  if (ch.legacyVersion < 0x0303) throw new TlsAlertError('protocol_version', `TLS: ClientHello legacy_version ${hex4(ch.legacyVersion)} is below 0x0303`);
  if (ch.compressionMethods.length !== 1 || ch.compressionMethods[0] !== 0) {
    throw new TlsAlertError('illegal_parameter', 'TLS: ClientHello legacy_compression_methods is not exactly [null]');
  }
  const psk = ch.extensions.findIndex((e) => e.type === EXT_PRE_SHARED_KEY);
  if (psk !== -1 && psk !== ch.extensions.length - 1) throw new TlsAlertError('illegal_parameter', 'TLS: pre_shared_key is not the last ClientHello extension');
  const ours = cfg.cipherSuites ?? DEFAULT_CIPHER_SUITES;
  const suite = ours.find((s) => isSupportedSuite(s) && ch.cipherSuites.includes(s));
  if (suite === undefined) {
    throw new TlsAlertError('handshake_failure', `TLS: no cipher suite in common (client offers [${ch.cipherSuites.map(hex4).join(', ')}]; we accept [${ours.map(suiteName).join(', ')}])`);
  }
  const sa = findExt(ch.extensions, EXT_SIGNATURE_ALGORITHMS);
  if (!sa) throw new TlsAlertError('missing_extension', 'TLS: ClientHello has no signature_algorithms (certificate authentication needs it)');
  if (!parseU16Vector(sa, 'signature_algorithms').includes(SIG_ECDSA_SECP256R1_SHA256)) {
    throw new TlsAlertError('handshake_failure', 'TLS: client does not accept ecdsa_secp256r1_sha256, the only scheme our certificate can sign');
  }
  const sg = findExt(ch.extensions, EXT_SUPPORTED_GROUPS);
  const ks = findExt(ch.extensions, EXT_KEY_SHARE);
  if (!sg) throw new TlsAlertError('missing_extension', 'TLS: ClientHello has no supported_groups');
  if (!ks) throw new TlsAlertError('missing_extension', 'TLS: ClientHello has supported_groups but no key_share');
  const groups = parseU16Vector(sg, 'supported_groups');
  const shares = parseKeyShareClient(ks);
  if (shares.some((s) => !groups.includes(s.group))) throw new TlsAlertError('illegal_parameter', 'TLS: key_share offers a group missing from supported_groups');
  const share = shares.find((s) => s.group === GROUP_X25519);
  if (!share) {
    if (groups.includes(GROUP_X25519)) {
      throw new TlsAlertError('handshake_failure', 'TLS: client sent no x25519 key share; a HelloRetryRequest would be needed, which is not supported');
    }
    throw new TlsAlertError('handshake_failure', `TLS: no key exchange group in common (client supports [${groups.map(hex4).join(', ')}]; we support x25519)`);
  }
  if (share.key.length !== 32) throw new TlsAlertError('illegal_parameter', `TLS: client x25519 key share has ${share.key.length} bytes, expected 32`);
  const sni = findExt(ch.extensions, EXT_SERVER_NAME);
  const serverName = sni ? parseServerName(sni) : null;
  let alpn: string | null = null;
  const alpnData = findExt(ch.extensions, EXT_ALPN);
  if (alpnData && cfg.alpn?.length) {
    const offered = parseAlpn(alpnData);
    alpn = cfg.alpn.find((p) => offered.includes(p)) ?? null;
    if (alpn === null) {
      throw new TlsAlertError('no_application_protocol', `TLS: no ALPN protocol in common (client offers [${offered.join(', ')}]; we accept [${cfg.alpn.join(', ')}])`);
    }
  }
  return { suite, clientShare: share.key, alpn, serverName };
}

function onClientHello(conn: TlsConn, msg: HandshakeMessage, out: Out, rand: Rand): void {
  const cfg = conn.cfg;
  if (!cfg.certChain.length) throw new TlsAlertError('internal_error', 'TLS: server has no certificate configured');
  const ch = parseClientHello(msg.body);
  const n = negotiate(conn, ch);
  conn.suite = n.suite;
  conn.clientRandom = ch.random;
  conn.sessionId = ch.sessionId;
  conn.alpn = n.alpn;
  conn.serverName = n.serverName;
  conn.serverRandom = rand(32);
  conn.ecdhPrivate = rand(32);
  let ecdhe: Uint8Array;
  try {
    ecdhe = x25519.getSharedSecret(conn.ecdhPrivate, n.clientShare);
  } catch {
    throw new TlsAlertError('illegal_parameter', 'TLS: client x25519 key share is invalid (low-order point)');
  }
  const sh = encodeServerHello(newServerHello(conn.serverRandom, ch.sessionId, n.suite, [
    keyShareServerExt({ group: GROUP_X25519, key: x25519.getPublicKey(conn.ecdhPrivate) }),
    supportedVersionsServerExt(TLS13),
  ]));
  appendTranscript(conn, msg.raw);
  appendTranscript(conn, sh);
  sendHandshake(conn, out, [sh]);
  if (ch.sessionId.length) sendChangeCipherSpec(out);
  installHandshakeKeys(conn, out, ecdhe);

  const flight: Uint8Array[] = [];
  const add = (m: Uint8Array) => { appendTranscript(conn, m); flight.push(m); };
  const ee: Extension[] = [];
  if (n.serverName !== null) ee.push({ type: EXT_SERVER_NAME, data: new Uint8Array(0) }); // RFC 6066 §3: empty acknowledgement
  if (n.alpn) ee.push(alpnExt([n.alpn]));
  add(encodeEncryptedExtensions(ee));
  if (cfg.requireClientCert) {
    conn.certRequested = true;
    add(encodeCertificateRequest({ context: new Uint8Array(0), extensions: [signatureAlgorithmsExt([SIG_ECDSA_SECP256R1_SHA256])] }));
  }
  add(encodeCertificate({ context: new Uint8Array(0), entries: cfg.certChain.map((cert) => ({ cert, extensions: [] })) }));
  add(encodeCertificateVerify({ scheme: SIG_ECDSA_SECP256R1_SHA256, signature: signCertificateVerify(conn.suite, 'server', conn.transcript, cfg.privateKey) }));
  add(encodeFinished(finishedData(conn, out, 'server')));
  sendHandshake(conn, out, flight);
  const app = deriveApplicationSecrets(conn, out);
  conn.write = cipherState(conn.suite, app.server);
  conn.nextReadSecret = app.client;
  conn.phase = conn.certRequested ? 'wait-client-cert' : 'wait-client-finished';
}

function onClientCertificate(conn: TlsConn, msg: HandshakeMessage, now: number): void {
  const c = parseCertificate(msg.body);
  if (c.context.length) throw new TlsAlertError('illegal_parameter', 'TLS: client Certificate context does not match our CertificateRequest');
  if (!c.entries.length) throw new TlsAlertError('certificate_required', 'TLS: client sent no certificate, but mutual TLS requires one');
  authenticatePeer(conn, c.entries, now);
  appendTranscript(conn, msg.raw);
  conn.phase = 'wait-client-cv';
}

function onClientCertificateVerify(conn: TlsConn, msg: HandshakeMessage): void {
  const cv = parseCertificateVerify(msg.body);
  verifyCertificateVerify(conn.suite, 'client', conn.transcript, cv.scheme, cv.signature, conn.peerPublicKey);
  appendTranscript(conn, msg.raw);
  conn.phase = 'wait-client-finished';
}

function onClientFinished(conn: TlsConn, msg: HandshakeMessage, out: Out): void {
  checkFinished(conn, out, 'client', parseFinished(msg.body, suiteInfo(conn.suite).hashLen));
  appendTranscript(conn, msg.raw);
  traceResumption(conn, out);
  conn.read = cipherState(conn.suite, conn.nextReadSecret);
  conn.nextReadSecret = new Uint8Array(0);
  becomeConnected(conn, out);
}

/** One handshake message during the server handshake; anything out of order is unexpected_message. */
export function serverHandshake(conn: TlsConn, msg: HandshakeMessage, out: Out, now: number, rand: Rand): void {
  const p = conn.phase;
  if (p === 'wait-ch' && msg.type === HS_CLIENT_HELLO) return onClientHello(conn, msg, out, rand);
  if (p === 'wait-client-cert' && msg.type === HS_CERTIFICATE) return onClientCertificate(conn, msg, now);
  if (p === 'wait-client-cv' && msg.type === HS_CERTIFICATE_VERIFY) return onClientCertificateVerify(conn, msg);
  if (p === 'wait-client-finished' && msg.type === HS_FINISHED) return onClientFinished(conn, msg, out);
  if (p === 'wait-client-cert' && msg.type === HS_FINISHED) {
    throw new TlsAlertError('certificate_required', 'TLS: client sent Finished without a Certificate, but mutual TLS requires one');
  }
  throw new TlsAlertError('unexpected_message', `TLS: unexpected ${handshakeName(msg.type)} while the server is in state ${p}`);
}
