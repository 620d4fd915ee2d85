/**
 * WireGuard constants in one place: the Noise construction and labels and the message types and sizes
 * (whitepaper §5.4, FIDELITY.md §7), and the timer and limit constants of whitepaper §6.1.
 * Times are microseconds, the unit of the lab's virtual clock.
 */

export const CONSTRUCTION = 'Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s';
export const IDENTIFIER = 'WireGuard v1 zx2c4 Jason@zx2c4.com';
export const LABEL_MAC1 = 'mac1----';
export const LABEL_COOKIE = 'cookie--';

// Message types (first byte of the little-endian u32 header; the other three bytes are reserved zeros).
export const MSG_INITIATION = 1;
export const MSG_RESPONSE = 2;
export const MSG_COOKIE_REPLY = 3;
export const MSG_TRANSPORT = 4;

// Sizes in bytes.
export const KEY_LEN = 32;
export const AEAD_TAG_LEN = 16;
export const MAC_LEN = 16;
export const COOKIE_LEN = 16;
export const COOKIE_NONCE_LEN = 24;
export const TAI64N_LEN = 12;
export const INITIATION_SIZE = 148;
export const RESPONSE_SIZE = 92;
export const COOKIE_REPLY_SIZE = 64;
export const TRANSPORT_HEADER_SIZE = 16;
export const KEEPALIVE_SIZE = TRANSPORT_HEADER_SIZE + AEAD_TAG_LEN; // 32
export const DEFAULT_MTU = 1420;

const SECOND = 1_000_000;
const MS = 1_000;

// Whitepaper §6.1.
export const REKEY_AFTER_MESSAGES = 2 ** 60;
/** 2^64 - 2^13 - 1; as a JS number this rounds to 2^64 - 2^13, far beyond any counter the lab reaches (< 2^53). */
export const REJECT_AFTER_MESSAGES = 2 ** 64 - 2 ** 13 - 1;
export const REKEY_AFTER_TIME = 120 * SECOND;
export const REJECT_AFTER_TIME = 180 * SECOND;
export const REKEY_ATTEMPT_TIME = 90 * SECOND;
export const REKEY_TIMEOUT = 5 * SECOND;
/** Retransmitted initiations wait REKEY_TIMEOUT plus a random 0..333 ms (µs resolution). */
export const REKEY_TIMEOUT_JITTER_MAX = 333 * MS + 333;
export const KEEPALIVE_TIMEOUT = 10 * SECOND;
/** REKEY_ATTEMPT_TIME / REKEY_TIMEOUT: initiations sent for one handshake before giving up. */
export const MAX_TIMER_HANDSHAKES = REKEY_ATTEMPT_TIME / REKEY_TIMEOUT;
/** Ephemeral keys, session keys and cookies are zeroed this long after the last session was derived. */
export const ZERO_KEYS_AFTER = 3 * REJECT_AFTER_TIME;
/** The initiator rekeys on receive when its keypair is this old (whitepaper §6.2). */
export const REKEY_ON_RECEIVE_AGE = REJECT_AFTER_TIME - KEEPALIVE_TIMEOUT - REKEY_TIMEOUT;

// Cookies and load (whitepaper §5.4.7, §6.6).
/** The responder's cookie secret changes every two minutes. */
export const COOKIE_SECRET_MAX_AGE = 120 * SECOND;
/** The initiator stops using a cookie this long after receiving it (120 s minus a 5 s safety margin). */
export const COOKIE_VALIDITY = 120 * SECOND - 5 * SECOND;
/** "Under load": at least loadThreshold handshake messages within LOAD_WINDOW; the state holds LOAD_WINDOW longer. */
export const LOAD_WINDOW = 1 * SECOND;
export const DEFAULT_LOAD_THRESHOLD = 64;
/** A responder accepts at most this many initiations per second from one peer. */
export const INITIATIONS_PER_SECOND = 50;

// Queues and windows.
/** Packets waiting for a handshake, per peer; the oldest is dropped when full. */
export const MAX_STAGED_PACKETS = 128;
/** Replay bitmap as the Linux kernel sizes it: 8192 bits, of which one 64-bit word is not window. */
export const REPLAY_BITMAP_BITS = 8192;
export const REPLAY_WINDOW = REPLAY_BITMAP_BITS - 64; // 8128 counters
