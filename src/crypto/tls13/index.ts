/**
 * TLS 1.3 (RFC 8446) with mutual X.509 authentication, sans-IO: the engine feeds TCP bytes and virtual time in and
 * writes the returned bytes out. Connection state is plain data (structuredClone-safe).
 */
export { close, createConnection, keyUpdate, receiveBytes, sendApplicationData, start } from './connection';
export type { PeerCheck, PeerIdentity, Phase, Rand, TlsConfig, TlsConn, TlsEvent, TlsOutput } from './types';
export { ALERT_CODES, alertName, type AlertName } from './alerts';
export {
  DEFAULT_CIPHER_SUITES, TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256,
} from './constants';
export { suiteName } from './suites';
