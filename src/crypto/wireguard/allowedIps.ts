/**
 * Cryptokey routing (whitepaper §2): each peer owns a set of allowed IPs. Sending, the destination picks the peer
 * by longest-prefix match; receiving, the decrypted packet's source must route back to the peer it came from.
 * An allowed IP belongs to one peer only: giving it to a peer takes it from any other (as `wg set` does).
 * IPv4 only in the lab.
 */
import { prefixMask } from './bytes';
import type { AllowedIp, WgDevice, WgPeer } from './types';

/** The network with host bits cleared and bits clamped to 0..32. */
export function normalizeAllowedIp(a: AllowedIp): AllowedIp {
  const bits = Math.max(0, Math.min(32, Math.floor(a.bits)));
  return { net: (a.net & prefixMask(bits)) >>> 0, bits };
}

export function allowedIpContains(a: AllowedIp, ip: number): boolean {
  return ((ip & prefixMask(a.bits)) >>> 0) === a.net;
}

/** The peer whose allowed IPs hold `ip` with the longest prefix, or undefined. */
export function lookupPeer(dev: WgDevice, ip: number): WgPeer | undefined {
  let best: WgPeer | undefined;
  let bestBits = -1;
  for (const p of dev.peers) {
    if (p.removed) continue;
    for (const a of p.allowedIps) {
      if (a.bits > bestBits && allowedIpContains(a, ip)) {
        best = p;
        bestBits = a.bits;
      }
    }
  }
  return best;
}

/** Sets a peer's allowed IPs, removing each from whichever other peer held it. */
export function assignAllowedIps(dev: WgDevice, peer: WgPeer, list: AllowedIp[]): void {
  const mine = list.map(normalizeAllowedIp);
  const key = (a: AllowedIp): string => `${a.net}/${a.bits}`;
  const taken = new Set(mine.map(key));
  for (const p of dev.peers) {
    if (p !== peer) p.allowedIps = p.allowedIps.filter((a) => !taken.has(key(a)));
  }
  peer.allowedIps = mine.filter((a, i) => mine.findIndex((b) => key(b) === key(a)) === i);
}
