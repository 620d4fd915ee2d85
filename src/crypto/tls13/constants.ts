/**
 * TLS 1.3 code points: RFC 8446 §4 (HandshakeType), §4.2 (ExtensionType), §4.2.3 (SignatureScheme),
 * §4.2.7 (NamedGroup), §5.1 (ContentType), §B.4 (cipher suites); RFC 6066 §3 (server_name) and RFC 7301 §3.1 (ALPN).
 */

export const TLS13 = 0x0304;
export const LEGACY_VERSION = 0x0303;
/** legacy_record_version of the first ClientHello (RFC 8446 §5.1 allows 0x0301 there). */
export const LEGACY_RECORD_VERSION_CH = 0x0301;

export const CT_CHANGE_CIPHER_SPEC = 20;
export const CT_ALERT = 21;
export const CT_HANDSHAKE = 22;
export const CT_APPLICATION_DATA = 23;

export const CONTENT_TYPE_NAMES: Record<number, string> = {
  20: 'change_cipher_spec', 21: 'alert', 22: 'handshake', 23: 'application_data',
};

export const HS_CLIENT_HELLO = 1;
export const HS_SERVER_HELLO = 2;
export const HS_NEW_SESSION_TICKET = 4;
export const HS_END_OF_EARLY_DATA = 5;
export const HS_ENCRYPTED_EXTENSIONS = 8;
export const HS_CERTIFICATE = 11;
export const HS_CERTIFICATE_REQUEST = 13;
export const HS_CERTIFICATE_VERIFY = 15;
export const HS_FINISHED = 20;
export const HS_KEY_UPDATE = 24;

export const HANDSHAKE_NAMES: Record<number, string> = {
  1: 'ClientHello', 2: 'ServerHello', 4: 'NewSessionTicket', 5: 'EndOfEarlyData', 8: 'EncryptedExtensions',
  11: 'Certificate', 13: 'CertificateRequest', 15: 'CertificateVerify', 20: 'Finished', 24: 'KeyUpdate',
};

export const EXT_SERVER_NAME = 0;
export const EXT_SUPPORTED_GROUPS = 10;
export const EXT_SIGNATURE_ALGORITHMS = 13;
export const EXT_ALPN = 16;
export const EXT_PRE_SHARED_KEY = 41;
export const EXT_EARLY_DATA = 42;
export const EXT_SUPPORTED_VERSIONS = 43;
export const EXT_COOKIE = 44;
export const EXT_PSK_KEY_EXCHANGE_MODES = 45;
export const EXT_CERTIFICATE_AUTHORITIES = 47;
export const EXT_POST_HANDSHAKE_AUTH = 49;
export const EXT_SIGNATURE_ALGORITHMS_CERT = 50;
export const EXT_KEY_SHARE = 51;

export const GROUP_SECP256R1 = 0x0017;
export const GROUP_X25519 = 0x001d;

export const SIG_ECDSA_SECP256R1_SHA256 = 0x0403;
export const SIG_RSA_PSS_RSAE_SHA256 = 0x0804;

export const SIG_NAMES: Record<number, string> = {
  0x0401: 'rsa_pkcs1_sha256', 0x0501: 'rsa_pkcs1_sha384', 0x0601: 'rsa_pkcs1_sha512',
  0x0403: 'ecdsa_secp256r1_sha256', 0x0503: 'ecdsa_secp384r1_sha384', 0x0603: 'ecdsa_secp521r1_sha512',
  0x0804: 'rsa_pss_rsae_sha256', 0x0805: 'rsa_pss_rsae_sha384', 0x0806: 'rsa_pss_rsae_sha512',
  0x0807: 'ed25519', 0x0808: 'ed448',
};

export const TLS_AES_128_GCM_SHA256 = 0x1301;
export const TLS_AES_256_GCM_SHA384 = 0x1302;
export const TLS_CHACHA20_POLY1305_SHA256 = 0x1303;

/** Client offer order and server preference order when the config names none. */
export const DEFAULT_CIPHER_SUITES = [TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_256_GCM_SHA384];

/** RFC 8446 §4.1.3: the ServerHello.random of a HelloRetryRequest is SHA-256("HelloRetryRequest"). */
export const HRR_RANDOM_HEX = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

/** RFC 8446 §5.1: TLSPlaintext.length MUST NOT exceed 2^14; §5.2: TLSCiphertext.length MUST NOT exceed 2^14 + 256. */
export const MAX_PLAINTEXT = 16384;
export const MAX_CIPHERTEXT = 16384 + 256;
