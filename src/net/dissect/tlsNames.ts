/**
 * TLS code-point names as tshark 4.0 prints them: protocol versions (RFC 8446 §4.2.1 and the record layer's),
 * content types (§5.1), handshake types (§4), alerts (§6), cipher suites (the IANA registry, B.4 for TLS 1.3),
 * named groups (§4.2.7), signature schemes (§4.2.3 and TLS 1.2's hash/signature pairs), extension types (the IANA
 * registry), PSK modes (§4.2.9), EC point formats (RFC 8422 §5.1.2). The spelling of each name was checked against
 * tshark's output on crafted hellos; values without a name print as `Unknown`.
 */

/** RFC 8701: GREASE values look like 0x?a?a with equal bytes. */
export const isGrease = (v: number): boolean => (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);

const named = (table: Record<number, string>, v: number, grease = false): string =>
  table[v] ?? (grease && isGrease(v) ? 'Reserved (GREASE)' : 'Unknown');

const VERSIONS: Record<number, string> = {
  0x0002: 'SSL 2.0', 0x0100: 'DTLS 1.0 (OpenSSL pre 0.9.8f)', 0x0300: 'SSL 3.0', 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1',
  0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3', 0xfb17: 'TLS 1.3 (Facebook draft 23)', 0xfb1a: 'TLS 1.3 (Facebook draft 26)',
  0xfeff: 'DTLS 1.0', 0xfefd: 'DTLS 1.2',
};
/** `TLS 1.2`, `TLS 1.3 (draft 23)`, `Reserved (GREASE)`. */
export function versionName(v: number): string {
  if (v >= 0x7f0e && v <= 0x7f1c) return `TLS 1.3 (draft ${v & 0xff})`;
  return named(VERSIONS, v, true);
}

const SHORT_VERSIONS: Record<number, string> = { 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' };
/** The packet-list protocol and the record label prefix: `TLSv1`, `TLSv1.3`, `SSLv3`. */
export const shortVersion = (v: number): string => SHORT_VERSIONS[v] ?? 'SSL';
/** Record versions a record header may carry (TLS 1.3 keeps 0x0303 on the wire, RFC 8446 §5.1). */
export const isRecordVersion = (v: number): boolean => v >= 0x0300 && v <= 0x0303;

export const CONTENT_TYPES: Record<number, string> = {
  20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data', 24: 'Heartbeat', 25: 'Connection ID',
};

export const HANDSHAKE_TYPES: Record<number, string> = {
  0: 'Hello Request', 1: 'Client Hello', 2: 'Server Hello', 3: 'Hello Verify Request', 4: 'New Session Ticket',
  5: 'End of Early Data', 6: 'Hello Retry Request', 8: 'Encrypted Extensions', 11: 'Certificate', 12: 'Server Key Exchange',
  13: 'Certificate Request', 14: 'Server Hello Done', 15: 'Certificate Verify', 16: 'Client Key Exchange', 20: 'Finished',
  21: 'Client Certificate URL', 22: 'Certificate Status', 23: 'Supplemental Data', 24: 'Key Update', 25: 'Compressed Certificate',
  67: 'Encrypted Extensions',
};

export const ALERT_LEVELS: Record<number, string> = { 1: 'Warning', 2: 'Fatal' };
const ALERTS: Record<number, string> = {
  0: 'Close Notify', 10: 'Unexpected Message', 20: 'Bad Record MAC', 21: 'Decryption Failed', 22: 'Record Overflow',
  30: 'Decompression Failure', 40: 'Handshake Failure', 41: 'No Certificate', 42: 'Bad Certificate', 43: 'Unsupported Certificate',
  44: 'Certificate Revoked', 45: 'Certificate Expired', 46: 'Certificate Unknown', 47: 'Illegal Parameter', 48: 'Unknown CA',
  49: 'Access Denied', 50: 'Decode Error', 51: 'Decrypt Error', 60: 'Export Restriction', 70: 'Protocol Version',
  71: 'Insufficient Security', 80: 'Internal Error', 86: 'Inappropriate Fallback', 90: 'User Canceled', 100: 'No Renegotiation',
  109: 'Missing Extension', 110: 'Unsupported Extension', 111: 'Certificate Unobtainable', 112: 'Unrecognized Name',
  113: 'Bad Certificate Status Response', 114: 'Bad Certificate Hash Value', 115: 'Unknown PSK Identity',
  116: 'Certificate Required', 120: 'No application Protocol',
};
export const alertName = (v: number): string => named(ALERTS, v);

const SUITES: Record<number, string> = {
  0x0000: 'TLS_NULL_WITH_NULL_NULL', 0x0004: 'TLS_RSA_WITH_RC4_128_MD5', 0x0005: 'TLS_RSA_WITH_RC4_128_SHA',
  0x000a: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 0x002f: 'TLS_RSA_WITH_AES_128_CBC_SHA', 0x0033: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
  0x0035: 'TLS_RSA_WITH_AES_256_CBC_SHA', 0x0039: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA', 0x003c: 'TLS_RSA_WITH_AES_128_CBC_SHA256',
  0x003d: 'TLS_RSA_WITH_AES_256_CBC_SHA256', 0x0067: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 0x006b: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',
  0x009c: 'TLS_RSA_WITH_AES_128_GCM_SHA256', 0x009d: 'TLS_RSA_WITH_AES_256_GCM_SHA384', 0x009e: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  0x009f: 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 0x00ff: 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV', 0x1301: 'TLS_AES_128_GCM_SHA256',
  0x1302: 'TLS_AES_256_GCM_SHA384', 0x1303: 'TLS_CHACHA20_POLY1305_SHA256', 0x1304: 'TLS_AES_128_CCM_SHA256',
  0x1305: 'TLS_AES_128_CCM_8_SHA256', 0x5600: 'TLS_FALLBACK_SCSV', 0xc009: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  0xc00a: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 0xc013: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 0xc014: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  0xc023: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 0xc024: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  0xc027: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 0xc028: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  0xc02b: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 0xc02c: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  0xc02f: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 0xc030: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  0xc0ac: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM', 0xc0ad: 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM',
  0xcca8: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 0xcca9: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  0xccaa: 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
};
export const suiteName = (v: number): string => named(SUITES, v, true);

const GROUPS: Record<number, string> = {
  1: 'sect163k1', 14: 'sect571r1', 15: 'secp160k1', 16: 'secp160r1', 17: 'secp160r2', 18: 'secp192k1', 19: 'secp192r1',
  20: 'secp224k1', 21: 'secp224r1', 22: 'secp256k1', 23: 'secp256r1', 24: 'secp384r1', 25: 'secp521r1', 26: 'brainpoolP256r1',
  27: 'brainpoolP384r1', 28: 'brainpoolP512r1', 29: 'x25519', 30: 'x448', 256: 'ffdhe2048', 257: 'ffdhe3072', 258: 'ffdhe4096',
  259: 'ffdhe6144', 260: 'ffdhe8192', 0xff01: 'arbitrary_explicit_prime_curves', 0xff02: 'arbitrary_explicit_char2_curves',
};
export const groupName = (v: number): string => named(GROUPS, v, true);

const SCHEMES: Record<number, string> = {
  0x0201: 'rsa_pkcs1_sha1', 0x0203: 'ecdsa_sha1', 0x0401: 'rsa_pkcs1_sha256', 0x0403: 'ecdsa_secp256r1_sha256',
  0x0501: 'rsa_pkcs1_sha384', 0x0503: 'ecdsa_secp384r1_sha384', 0x0601: 'rsa_pkcs1_sha512', 0x0603: 'ecdsa_secp521r1_sha512',
  0x0804: 'rsa_pss_rsae_sha256', 0x0805: 'rsa_pss_rsae_sha384', 0x0806: 'rsa_pss_rsae_sha512', 0x0807: 'ed25519', 0x0808: 'ed448',
  0x0809: 'rsa_pss_pss_sha256', 0x080a: 'rsa_pss_pss_sha384', 0x080b: 'rsa_pss_pss_sha512',
};
/** TLS 1.2's SignatureAndHashAlgorithm halves (RFC 5246 §7.4.1.4.1), which tshark still shows for every scheme. */
export const HASHES: Record<number, string> = { 1: 'MD5', 2: 'SHA1', 3: 'SHA224', 4: 'SHA256', 5: 'SHA384', 6: 'SHA512' };
export const SIGNATURES: Record<number, string> = { 1: 'RSA', 2: 'DSA', 3: 'ECDSA', 4: 'SM2' };
/** `ecdsa_secp256r1_sha256`, or for a pair without a TLS 1.3 name `SHA256 DSA`. */
export function schemeName(v: number): string {
  return SCHEMES[v] ?? (isGrease(v) ? 'Reserved (GREASE)' : `${HASHES[v >> 8] ?? 'Unknown'} ${SIGNATURES[v & 0xff] ?? 'Unknown'}`);
}

const EXTENSIONS: Record<number, string> = {
  0: 'server_name', 1: 'max_fragment_length', 2: 'client_certificate_url', 3: 'trusted_ca_keys', 4: 'truncated_hmac',
  5: 'status_request', 6: 'user_mapping', 7: 'client_authz', 8: 'server_authz', 9: 'cert_type', 10: 'supported_groups',
  11: 'ec_point_formats', 12: 'srp', 13: 'signature_algorithms', 14: 'use_srtp', 15: 'heartbeat',
  16: 'application_layer_protocol_negotiation', 17: 'status_request_v2', 18: 'signed_certificate_timestamp',
  19: 'client_certificate_type', 20: 'server_certificate_type', 21: 'padding', 22: 'encrypt_then_mac',
  23: 'extended_master_secret', 24: 'token_binding', 25: 'cached_info', 27: 'compress_certificate', 28: 'record_size_limit',
  34: 'delegated_credentials', 35: 'session_ticket', 40: 'Reserved (key_share)', 41: 'pre_shared_key', 42: 'early_data',
  43: 'supported_versions', 44: 'cookie', 45: 'psk_key_exchange_modes', 46: 'Reserved (ticket_early_data_info)',
  47: 'certificate_authorities', 48: 'oid_filters', 49: 'post_handshake_auth', 50: 'signature_algorithms_cert', 51: 'key_share',
  52: 'transparency_info', 53: 'connection_id (deprecated)', 54: 'connection_id', 55: 'external_id_hash',
  56: 'external_session_id', 57: 'quic_transport_parameters', 58: 'ticket_request', 59: 'dnssec_chain',
  13172: 'next_protocol_negotiation', 17513: 'application_settings', 30031: 'channel_id_old', 30032: 'channel_id',
  65281: 'renegotiation_info', 65486: 'encrypted_server_name',
};
/** The `Type:` line's name (`Unknown` for an unnamed type). */
export const extensionName = (v: number): string => named(EXTENSIONS, v, true);
/** The extension item's name, where an unnamed type reads `Unknown type 4660`. */
export const extensionTitle = (v: number): string => (extensionName(v) === 'Unknown' ? `Unknown type ${v}` : extensionName(v));

export const PSK_MODES: Record<number, string> = {
  0: 'PSK-only key establishment (psk_ke)', 1: 'PSK with (EC)DHE key establishment (psk_dhe_ke)',
};
export const EC_POINT_FORMATS: Record<number, string> = {
  0: 'uncompressed', 1: 'ansiX962_compressed_prime', 2: 'ansiX962_compressed_char2',
};
export const COMPRESSION: Record<number, string> = { 0: 'null', 1: 'DEFLATE' };
export const CERT_COMPRESSION: Record<number, string> = { 1: 'zlib', 2: 'brotli', 3: 'zstd' };
