/**
 * How each kind of hop looks on the topology map, never by colour alone: a shape per kind (circle for clear, hexagon
 * for WireGuard, diamond for ESP, rounded square for TLS, triangle for ARP), a closed lock inside the encrypted
 * ones and an open lock inside clear IP, and a word. Paths are centred on (0, 0) with a radius of about 10, so a
 * marker, a badge and the legend all draw the same glyph at their own scale. Colours are CSS variables (topology.css).
 */
import type { Hop, HopKind } from '../../worker/topologyProtocol';

export interface KindStyle {
  /** What the legend says. */
  legend: string;
  /** Encrypted on the wire (closed lock) or readable (open lock); `none` for link-layer frames. */
  lock: 'closed' | 'open' | 'none';
  /** The glyph's outline. */
  shape: string;
}

const hexagon = 'M0 -11 L9.5 -5.5 L9.5 5.5 L0 11 L-9.5 5.5 L-9.5 -5.5 Z';
const diamond = 'M0 -12 L12 0 L0 12 L-12 0 Z';
const rounded = 'M-7 -9.5 H7 Q9.5 -9.5 9.5 -7 V7 Q9.5 9.5 7 9.5 H-7 Q-9.5 9.5 -9.5 7 V-7 Q-9.5 -9.5 -7 -9.5 Z';
const circle = 'M10 0 A10 10 0 1 1 -10 0 A10 10 0 1 1 10 0 Z';
const triangle = 'M0 -10 L10 8 L-10 8 Z';
const dot = 'M6 0 A6 6 0 1 1 -6 0 A6 6 0 1 1 6 0 Z';

export const KIND_STYLES: Record<HopKind, KindStyle> = {
  plaintext: { legend: 'in clear (readable)', lock: 'open', shape: circle },
  wireguard: { legend: 'WireGuard (encrypted)', lock: 'closed', shape: hexagon },
  esp: { legend: 'IPsec ESP (encrypted)', lock: 'closed', shape: diamond },
  tls: { legend: 'mutual TLS (encrypted)', lock: 'closed', shape: rounded },
  arp: { legend: 'ARP', lock: 'none', shape: triangle },
  other: { legend: 'other', lock: 'none', shape: dot },
};

/** The lock's body and shackle: closed, or open with the shackle lifted and swung free. */
export const LOCK_BODY = 'M-4.2 -1 H4.2 V5.6 H-4.2 Z';
export const LOCK_SHACKLE = { closed: 'M-2.6 -1 V-3.4 A2.6 2.6 0 0 1 2.6 -3.4 V-1', open: 'M-2.6 -1 V-3.4 A2.6 2.6 0 0 1 2.6 -3.4 V-4.8' } as const;

/** The octagon of a dropped packet and its cross. */
export const DROP_SHAPE = 'M-4.6 -11 H4.6 L11 -4.6 V4.6 L4.6 11 H-4.6 L-11 4.6 V-4.6 Z';
export const DROP_CROSS = 'M-4.5 -4.5 L4.5 4.5 M4.5 -4.5 L-4.5 4.5';

/** The short word a badge shows for a hop: the encryption's name, or the clear protocol (HTTP, TCP, ICMP). */
export function badgeWord(h: Pick<Hop, 'kind' | 'proto'>): string {
  switch (h.kind) {
    case 'wireguard': return 'WireGuard';
    case 'esp': return 'ESP';
    case 'tls': return 'TLS';
    case 'arp': return 'ARP';
    default: return h.proto.length > 10 ? h.proto.slice(0, 9) + '…' : h.proto;
  }
}

/** A sentence for titles and accessible descriptions: `WireGuard, encrypted: Transport Data ...`. */
export function hopSentence(h: Pick<Hop, 'kind' | 'proto' | 'summary'>): string {
  const how = KIND_STYLES[h.kind].lock === 'closed' ? 'encrypted' : KIND_STYLES[h.kind].lock === 'open' ? 'readable' : 'link layer';
  return `${badgeWord(h)}, ${how}: ${h.summary}`;
}
