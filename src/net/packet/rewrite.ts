/**
 * Rewrites addresses, ports and TTL of an IPv4 packet (NAT, forwarding) and recomputes every checksum it touches.
 * Always works on a copy: frames already emitted to listeners stay as they were on the wire.
 */
import { put16, put32, u16 } from '../bytes';
import { inetChecksum, pseudoHeaderSum } from '../checksum';
import { PROTO_TCP, PROTO_UDP, refreshIpv4Checksum } from './ipv4';

export interface Rewrite {
  src?: number;
  dst?: number;
  sport?: number;
  dport?: number;
  ttlDelta?: number;
}

export function rewriteIpv4(pkt: Uint8Array, r: Rewrite): Uint8Array {
  const p = pkt.slice();
  const hl = (p[0] & 0x0f) * 4;
  const total = u16(p, 2);
  if (r.src !== undefined) put32(p, 12, r.src);
  if (r.dst !== undefined) put32(p, 16, r.dst);
  if (r.ttlDelta) p[8] = Math.max(0, p[8] + r.ttlDelta);
  refreshIpv4Checksum(p);
  const proto = p[9];
  const touchesL4 = r.src !== undefined || r.dst !== undefined || r.sport !== undefined || r.dport !== undefined;
  if (touchesL4 && (proto === PROTO_TCP || proto === PROTO_UDP)) {
    const l4 = p.subarray(hl, total);
    if (r.sport !== undefined) put16(l4, 0, r.sport);
    if (r.dport !== undefined) put16(l4, 2, r.dport);
    const off = proto === PROTO_TCP ? 16 : 6;
    if (proto === PROTO_UDP && u16(l4, 6) === 0) return p; // no UDP checksum in use
    put16(l4, off, 0);
    const src = ((p[12] << 24) | (p[13] << 16) | (p[14] << 8) | p[15]) >>> 0;
    const dst = ((p[16] << 24) | (p[17] << 16) | (p[18] << 8) | p[19]) >>> 0;
    let c = inetChecksum(l4, 0, l4.length, pseudoHeaderSum(src, dst, proto, l4.length));
    if (proto === PROTO_UDP && c === 0) c = 0xffff;
    put16(l4, off, c);
  }
  return p;
}
