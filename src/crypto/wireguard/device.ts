/**
 * The device and its peers as plain data (whitepaper §2-§3; `wg set` semantics from wg(8)): create a device, add,
 * update or remove peers. Peer indexes are positions in dev.peers and never change; a removed peer stays as a
 * tombstone and is revived (with fresh session state) if the same public key is set again.
 */
import { assignAllowedIps } from './allowedIps';
import { bytesEqual, u32le } from './bytes';
import { DEFAULT_LOAD_THRESHOLD, DEFAULT_MTU, KEY_LEN, TAI64N_LEN } from './constants';
import { cookieKeyFor, mac1KeyFor } from './cookie';
import { allocateIndex, emptyHandshake, zeroKeyMaterial } from './keypairs';
import { publicKeyOf } from './keys';
import { cancelAllTimers, noTimers } from './timers';
import type { Rand, WgAction, WgDevice, WgPeer, WgPeerConfig } from './types';

export { generatePrivateKey, publicKeyOf } from './keys';

export function createDevice(o: { privateKey: Uint8Array; listenPort: number; fwmark?: number; mtu?: number; loadThreshold?: number }): WgDevice {
  if (o.privateKey.length !== KEY_LEN) throw new Error('WireGuard: a private key is 32 bytes');
  const publicKey = publicKeyOf(o.privateKey);
  return {
    privateKey: new Uint8Array(o.privateKey), publicKey, listenPort: o.listenPort, fwmark: o.fwmark ?? 0, mtu: o.mtu ?? DEFAULT_MTU,
    loadThreshold: o.loadThreshold ?? DEFAULT_LOAD_THRESHOLD, peers: [], mac1Key: mac1KeyFor(publicKey), cookieKey: cookieKeyFor(publicKey),
    cookieSecret: new Uint8Array(KEY_LEN), cookieSecretBirth: -1, handshakeArrivals: [], underLoadUntil: 0, indexes: {},
  };
}

function freshPeer(index: number, publicKey: Uint8Array): WgPeer {
  return {
    index, removed: false, publicKey: new Uint8Array(publicKey), presharedKey: new Uint8Array(KEY_LEN), allowedIps: [],
    persistentKeepalive: 0, lastHandshake: 0, rxBytes: 0, txBytes: 0, mac1Key: mac1KeyFor(publicKey), cookieKey: cookieKeyFor(publicKey),
    handshake: emptyHandshake(), previous: null, current: null, next: null, staged: [], cookie: null, cookieReceived: -1,
    lastSentMac1: null, lastInitiationSent: -1, handshakeAttempts: 0, latestTimestamp: new Uint8Array(TAI64N_LEN),
    lastInitiationConsumed: -1, timers: noTimers(), lastSent: -1, lastReceived: -1,
  };
}

/** The live peer with this static public key. */
export function findPeer(dev: WgDevice, publicKey: Uint8Array): WgPeer | undefined {
  return dev.peers.find((p) => !p.removed && bytesEqual(p.publicKey, publicKey));
}

/**
 * Adds or updates a peer (like `wg set <dev> peer <key> ...`): allowed IPs are replaced (and taken from other
 * peers); preshared key, endpoint and persistent keepalive change only when given. Returns the peer index.
 */
export function setPeer(dev: WgDevice, cfg: WgPeerConfig): number {
  if (cfg.publicKey.length !== KEY_LEN) throw new Error('WireGuard: a public key is 32 bytes');
  if (bytesEqual(cfg.publicKey, dev.publicKey)) throw new Error("WireGuard: a peer cannot have the device's own public key");
  let peer = findPeer(dev, cfg.publicKey);
  if (!peer) {
    const tomb = dev.peers.find((p) => p.removed && bytesEqual(p.publicKey, cfg.publicKey));
    peer = freshPeer(tomb ? tomb.index : dev.peers.length, cfg.publicKey);
    dev.peers[peer.index] = peer;
  }
  if (cfg.presharedKey) {
    if (cfg.presharedKey.length !== KEY_LEN) throw new Error('WireGuard: a preshared key is 32 bytes');
    peer.presharedKey = new Uint8Array(cfg.presharedKey);
  }
  if (cfg.endpoint) peer.endpoint = { ip: cfg.endpoint.ip >>> 0, port: cfg.endpoint.port };
  if (cfg.persistentKeepalive !== undefined) peer.persistentKeepalive = Math.max(0, Math.floor(cfg.persistentKeepalive));
  assignAllowedIps(dev, peer, cfg.allowedIps);
  return peer.index;
}

/** Removes a peer: its keys are zeroed, its indexes freed and its timers cancelled. */
export function removePeer(dev: WgDevice, publicKey: Uint8Array): WgAction[] {
  const out: WgAction[] = [];
  const peer = findPeer(dev, publicKey);
  if (!peer) return out;
  zeroKeyMaterial(dev, peer, out);
  cancelAllTimers(peer, out);
  for (const [idx, p] of Object.entries(dev.indexes)) if (p === peer.index) delete dev.indexes[idx];
  const tomb = freshPeer(peer.index, peer.publicKey);
  tomb.removed = true;
  dev.peers[peer.index] = tomb;
  return out;
}

/** A new local index drawn from the caller's RNG. */
export function newLocalIndex(dev: WgDevice, rand: Rand): number {
  return allocateIndex(dev, () => u32le(rand(4), 0));
}
