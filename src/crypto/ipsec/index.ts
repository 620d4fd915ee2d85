/**
 * IPsec ESP (RFC 4303) with AES-GCM (RFC 4106, rfc4106(gcm(aes))) in tunnel mode, sans-IO: xfrm states, sealing and
 * opening ESP payloads, anti-replay with ESN (RFC 4303 §3.4.3, Appendix A), Cilium key lines and per-tunnel keys,
 * and tshark `esp_sa` UAT lines.
 */
export type { Rand, ReplayState, XfrmCounter, XfrmFailure, XfrmMark, XfrmState } from './types';
export { createState, espDecrypt, espEncrypt, ivFor, keyMaterialOf, spiHex, type CreateStateOptions } from './sa';
export {
  addTrailer, espAad, espLength, espNonce, openEsp, padLengthFor, parseEspHeader, parseTrailer, sealEsp,
  ESP_HEADER_LEN, ESP_IV_LEN, ESP_SALT_LEN, ESP_TRAILER_LEN,
  type IcvBits, type OpenEspInput, type OpenedEsp, type SealEspInput, type SealedEsp, type Trailer,
} from './esp';
export { formatSeq, inferSeqHi, newReplayState, replayCheck, replayUpdate, type ReplaySa, type ReplayVerdict } from './replay';
export { deriveTunnelKey, formatKeySpec, parseKeySpec, KEY_ALGORITHM, MAX_KEY_ID, type KeySpec } from './keys';
export { formatEspSaUat } from './uat';
