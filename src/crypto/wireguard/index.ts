/**
 * Public API of the sans-IO WireGuard library (whitepaper "WireGuard: Next Generation Kernel Network Tunnel",
 * FIDELITY.md §7): no sockets and no timers of its own. The caller feeds packets, the virtual time (µs) and an RNG,
 * and carries out the returned actions (send, deliver, drop, arm/cancel timers) and shows the events
 * (handshake traces, keypair lifecycle). Device state is plain data: structuredClone snapshots it.
 */
export type {
  AllowedIp, HandshakeEvent, NoiseStep, Rand, SendKind, TimerKind, WgAction, WgDevice, WgEndpoint, WgHandshakeState, WgKeylogEntry,
  WgKeypair, WgPeer, WgPeerConfig,
} from './types';
export * from './constants';
export { createDevice, findPeer, generatePrivateKey, publicKeyOf, removePeer, setPeer } from './device';
export { send } from './send';
export { receive } from './receive';
export { keepalive, timer } from './timerHandlers';
export { parseTimerName, timerName, TIMER_KINDS } from './timers';
export { formatKeylog } from './keylog';
export { lookupPeer, normalizeAllowedIp } from './allowedIps';
// Lower-level pieces for tests, the inspector and the benchmark.
export {
  type ConsumedInitiation, type ConsumedResponse, type CreatedInitiation, type CreatedResponse, type TransportKeys,
  consumeInitiation, consumeResponse, createInitiation, createResponse,
} from './handshake';
export { type IKpsk2Options, type IKpsk2State, initIKpsk2, readMessageA, readMessageB, splitKeys, writeMessageA, writeMessageB } from './ikpsk2';
export { aeadOpen, aeadSeal, dh, hash, hmacBlake2s, kdf, mac, xaeadOpen, xaeadSeal } from './noise';
export { decryptTransport, encryptTransport, paddedLength, transportHeader } from './transport';
export {
  checkMac1, checkMac2, computeMac1, computeMac2, consumeCookieReply, cookieKeyFor, createCookieReply, mac1KeyFor, makeCookie, sealMacs,
} from './cookie';
export { compareTai64n, tai64n, tai64nToUs } from './tai64n';
export { type ReplayVerdict, type ReplayWindow, createReplayWindow, replayAccept, replayCheck } from './replay';
export { COOKIE_REPLY, INITIATION, RESPONSE, TRANSPORT, messageName, messageType, receiverIndex } from './messages';
export {
  type LoopHost, type Loopback, type Tap, type WirePacket, applyActions, createLoopback, createPair, hostReceive, hostSend, loopRand, runUntil, step,
} from './loopback';
