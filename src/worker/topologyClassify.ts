/**
 * Classifies a frame for the topology view from its bytes alone, with the one dissector (src/net/dissect): what an
 * eavesdropper at that capture point could read. The outermost protection wins: a WireGuard or ESP packet is
 * `wireguard` / `esp` whatever it carries; a TCP segment with a TLS record is `tls`; ARP is `arp`; any other IP
 * packet is `plaintext` (its headers, and its payload if any, are readable); what is not IP is `other`.
 *
 * TLS needs one piece of conversation state, as Wireshark's reassembly has: a record larger than a segment goes on
 * in segments that start mid-record, which the per-frame dissector shows as bare TCP payload. `TlsStreams`
 * remembers the TCP conversations (address and port pairs, read from the bytes) that carried a TLS record, so their
 * later payload segments count as `tls` too. Segments without payload (SYN, bare ACK, FIN) stay `plaintext`: their
 * headers are in clear, which is exactly what mTLS leaves visible.
 */
import { dissect, findFields } from '../net/dissect/index';
import type { Dissection, LinkType } from '../net/dissect/tree';
import type { HopKind } from './topologyProtocol';

export interface Classified {
  kind: HopKind;
  proto: string;
  summary: string;
  control?: true;
}

/** Longest summary sent to the page (the view shows one line). */
export const SUMMARY_MAX = 120;
/** Conversations remembered as TLS; the oldest is forgotten past this. */
export const TLS_STREAMS_MAX = 4096;

/** The TCP conversations seen carrying TLS, keyed by their two endpoints in a fixed order. */
export class TlsStreams {
  private readonly keys = new Set<string>();

  constructor(private readonly max = TLS_STREAMS_MAX) {}

  add(key: string): void {
    this.keys.delete(key);
    this.keys.add(key);
    if (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value as string);
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  get size(): number {
    return this.keys.size;
  }
}

const last = <T>(xs: T[]): T | undefined => xs[xs.length - 1];

/** The innermost TCP conversation of a dissection (`10.244.1.5:37778|10.244.2.7:8080`, endpoints sorted), if any. */
export function tcpConversation(d: Dissection): string | undefined {
  const src = last(findFields(d, 'ip.src'))?.value;
  const dst = last(findFields(d, 'ip.dst'))?.value;
  const sport = last(findFields(d, 'tcp.srcport'))?.value;
  const dport = last(findFields(d, 'tcp.dstport'))?.value;
  if (src === undefined || dst === undefined || sport === undefined || dport === undefined) return undefined;
  const a = `${String(src)}:${String(sport)}`;
  const b = `${String(dst)}:${String(dport)}`;
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function shorten(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > SUMMARY_MAX ? `${one.slice(0, SUMMARY_MAX - 1)}…` : one;
}

/** The kind of the outermost layer that decides what is readable, or undefined when none does. */
function layerKind(names: string[]): HopKind | undefined {
  for (const n of names) {
    if (n === 'wg') return 'wireguard';
    if (n === 'esp') return 'esp';
    if (n === 'tls') return 'tls';
    if (n === 'arp') return 'arp';
  }
  return undefined;
}

/** Classifies one frame; `streams` carries the TLS conversations across calls (one per lab). */
export function classifyFrame(frame: Uint8Array, linkType: number, streams: TlsStreams): Classified {
  const d = dissect(frame, linkType as LinkType);
  const names = d.layers.map((l) => l.name);
  const proto = d.summary.protocol || 'frame';
  const info = d.summary.info || proto;
  const kind = layerKind(names);
  const conv = names.includes('tcp') ? tcpConversation(d) : undefined;
  if (kind === 'tls') {
    if (conv) streams.add(conv);
    return { kind, proto, summary: shorten(info) };
  }
  if (kind) return { kind, proto, summary: shorten(info) };
  const hasPayload = last(findFields(d, 'tcp.payload')) !== undefined;
  if (conv && hasPayload && streams.has(conv)) {
    return { kind: 'tls', proto: 'TLS', summary: shorten(`TLS record continued · ${info}`) };
  }
  if (names.includes('ip')) return { kind: 'plaintext', proto, summary: shorten(info), ...(conv && !hasPayload && { control: true as const }) };
  return { kind: 'other', proto, summary: shorten(info) };
}
