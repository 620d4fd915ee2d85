/**
 * Shared types of the IPsec ESP library: the xfrm state (SA) as the Linux kernel keeps it, and the kernel's
 * /proc/net/xfrm_stat counter names that a dropped packet is counted under.
 *
 * RFC 4301 §4.4.2 (the SA database: SPI, sequence counter, anti-replay window, lifetime),
 * RFC 4303 §2.2 / §3.3.3 (sequence numbers, ESN), §3.4.3 (anti-replay), RFC 4106 §8.1 (KEYMAT = key || salt).
 * Counter names: Linux Documentation/networking/xfrm_proc.rst.
 */

/** Randomness source (the simulator's seeded RNG): returns n fresh bytes. */
export type Rand = (n: number) => Uint8Array;

/** /proc/net/xfrm_stat counters that ESP processing in this library can increment. */
export type XfrmCounter =
  | 'XfrmInStateProtoError' // ICV check failed, malformed ESP payload or trailer (transformation protocol error)
  | 'XfrmInStateSeqError' //   anti-replay: replayed, left of the window, or sequence number 0
  | 'XfrmInNoStates' //        no state matches the SPI
  | 'XfrmInHdrError' //        the ESP header (SPI, sequence number) cannot be read
  | 'XfrmInStateInvalid' //    the state cannot be used (bad key)
  | 'XfrmOutStateSeqError' //  outbound sequence number space exhausted
  | 'XfrmInBufferError'; //    (not raised here; the datapath may use it)

export interface XfrmMark {
  value: number;
  mask: number;
}

/** Inbound anti-replay state: highest authenticated sequence number (seq, seqHi with ESN) and the window bitmap. */
export interface ReplayState {
  seq: number;
  seqHi: number;
  /**
   * Bit d (word d >> 5, bit d & 31) is set when sequence number (top - d) was received; bit 0 is the top itself.
   * max(1, ceil(replayWindow / 32)) words.
   */
  bitmap: number[];
}

/** One xfrm state (SA), PLAIN DATA ONLY: the engine snapshots it with structuredClone. */
export interface XfrmState {
  src: number; // outer IPv4 addresses as unsigned 32-bit numbers
  dst: number;
  spi: number;
  reqid: number;
  mode: 'tunnel';
  key: Uint8Array; // AES key (16/24/32 bytes)
  salt: Uint8Array; // 4-byte salt (RFC 4106 §8.1: KEYMAT = key || salt)
  icvBits: 64 | 96 | 128;
  esn: boolean;
  replayWindow: number; // 0 = no replay check (Cilium global-key mode)
  oseq: number; // last sequence number sent (0 = none yet)
  oseqHi: number; // its high 32 bits with ESN
  replay: ReplayState;
  ivSalt: Uint8Array; // 8 random bytes per SA: IV = 64-bit sequence number XOR ivSalt (Linux seqiv)
  mark?: XfrmMark;
  outputMark?: XfrmMark;
  /** As `ip -s xfrm state` prints them: `stats: replay-window N replay N failed N`. */
  stats: { replayWindow: number; replay: number; integrityFailed: number };
  /** Current lifetime: bytes/packets are inner (plaintext) packet bytes/packets; times in the caller's clock units. */
  lifetime: { bytes: number; packets: number; addTime: number; useTime: number };
}

/** A dropped packet: the kernel counter it is counted under and a specific reason for the learner. */
export interface XfrmFailure {
  ok: false;
  counter: XfrmCounter;
  reason: string;
}
