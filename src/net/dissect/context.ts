/**
 * The dissector's working state and the small helpers every protocol file shares: building fields, reading a
 * header that may be cut short, and recording where the bytes stopped making sense. Protocol files (one per RFC)
 * only import from here, from the registry and from ../bytes, ../addr, ../checksum.
 *
 * Conventions (Wireshark's, so tshark's PDML can judge us): offsets are absolute in the frame; a layer covers its
 * header (eth, ip, tcp, udp, vxlan) or its whole message (arp, icmp, http); generated fields (`[...]` in Wireshark)
 * carry `generated: true` and labels without the brackets, as PDML prints them.
 */
import type { Dissection, Field, LinkType } from './tree';

export interface Summary {
  protocol: string;
  src: string;
  dst: string;
  info: string;
}

/** What the IPv4 layer learned, for the layers above it (pseudo-header sums, ICMP's `ttl=` column). */
export interface IpInfo {
  src: number;
  dst: number;
  proto: number;
  ttl: number;
  /**
   * The payload length the layers above must work with: total length minus header, cut to the bytes captured
   * (as Wireshark does); only in an ICMP error's quoted datagram is it the uncut claim, which may exceed the data.
   */
  payloadLength: number;
}

export interface DissectCtx {
  readonly frame: Uint8Array;
  readonly linkType: LinkType;
  /** Top-level layers so far; a dissector pushes its own layer(s) here. */
  layers: Field[];
  /** Packet-list columns; each layer overwrites what it knows better (the innermost protocol wins, as in Wireshark). */
  summary: Summary;
  ip?: IpInfo;
  /** Ports of the TCP or UDP segment whose payload is being dissected. */
  ports?: { transport: 'tcp' | 'udp'; src: number; dst: number };
  /**
   * Set by IPv4 when it hands on the first fragment of a datagram it could not reassemble: the transport layer
   * then cannot know its length, so it checks neither length nor checksum (Wireshark's `pinfo->fragmented`).
   */
  fragmented?: boolean;
  /** Set inside an ICMP error: the quoted datagram is cut short on purpose, so running out of bytes is not malformed. */
  quoted: boolean;
  /** Encapsulation depth (VXLAN in VXLAN...), to bound recursion on hostile input. */
  depth: number;
  malformed?: NonNullable<Dissection['malformed']>;
}

/**
 * A protocol dissector for frame[start, end) (absolute offsets; `end` is already cut to what the lower layer
 * says belongs to this PDU). It pushes its layer(s) onto `ctx.layers` and may rewrite `ctx.summary`.
 * Returns false when the bytes are not this protocol (the caller then tries the next candidate and finally
 * shows them as data); otherwise the number of bytes its PDU used (nothing = all of them).
 */
export type Dissector = (ctx: DissectCtx, start: number, end: number) => number | false | void;

export const MAX_DEPTH = 8;

/** Protocol names as Wireshark prints them in `[Malformed Packet: X]`. */
const SHORT_NAMES: Record<string, string> = {
  eth: 'Ethernet', vlan: 'VLAN', sll: 'SLL', arp: 'ARP', ip: 'IPv4', icmp: 'ICMP', udp: 'UDP', tcp: 'TCP',
  http: 'HTTP', vxlan: 'VXLAN',
};

export function shortName(layer: string): string {
  return SHORT_NAMES[layer] ?? layer.toUpperCase();
}

export function field(name: string, label: string, start: number, length: number, value?: Field['value'], children?: Field[]): Field {
  const f: Field = { name, label, start, length };
  if (value !== undefined) f.value = value;
  if (children && children.length > 0) f.children = children;
  return f;
}

/** A computed field (Wireshark's `[...]`): no bytes of its own unless it points at the bytes it was computed from. */
export function generated(name: string, label: string, start: number, value?: Field['value'], length = 0): Field {
  return { ...field(name, label, start, length, value), generated: true };
}

export function add(parent: Field, ...children: Field[]): void {
  (parent.children ??= []).push(...children);
}

/**
 * Marks where the bytes stop making sense: on the field (if given) and its layer, and in the dissection when it is
 * the first such spot. Inside a quoted datagram (ICMP error) nothing is malformed.
 */
export function malformed(ctx: DissectCtx, layer: Field, reason: string, at: number, fieldHit?: Field): void {
  if (ctx.quoted) return;
  if (fieldHit) fieldHit.malformed ??= reason;
  layer.malformed ??= reason;
  ctx.malformed ??= { layer: layer.name, at, reason };
}

/**
 * The bytes to read a fixed-size header from: the frame itself when `need` bytes fit before `end`, otherwise a copy
 * padded with zeros, so field values can be computed without reading past the end. `short` says which; a
 * dissector that got a short view must call `clip` and stop.
 */
export function view(frame: Uint8Array, start: number, end: number, need: number): { b: Uint8Array; short: boolean } {
  if (start + need <= end) return { b: frame, short: false };
  const b = new Uint8Array(start + need);
  b.set(frame.subarray(0, Math.max(0, Math.min(end, frame.length))));
  return { b, short: true };
}

/**
 * Drops every field of `layer` that runs past `end` (recursively; a `container` that starts before `end` is cut
 * short instead, keeping what fits) and marks the layer malformed at the first dropped field. Returns true when something was dropped.
 */
/** Fields that only group other fields (option lists): cut short by `clip` rather than dropped. */
const containers = new WeakSet<Field>();

export function container(f: Field): Field {
  containers.add(f);
  return f;
}

export function clip(ctx: DissectCtx, layer: Field, end: number): boolean {
  let first: Field | undefined;
  const walk = (f: Field): void => {
    if (!f.children) return;
    f.children = f.children.filter((c) => {
      if ((c.length > 0 && c.start + c.length > end) || c.start > end) {
        // a subtree that starts inside the data keeps what is there (Wireshark clamps it); anything else goes
        if (!containers.has(c) || c.start >= end) {
          first ??= c;
          return false;
        }
        c.length = end - c.start;
      }
      walk(c);
      return true;
    });
    if (f.children.length === 0) delete f.children;
  };
  walk(layer);
  // the layer itself covers only the bytes that are there, as in Wireshark; with none at all it is not shown
  if (layer.start + layer.length > end) layer.length = Math.max(0, end - layer.start);
  if (layer.length === 0 && end <= layer.start) {
    const i = ctx.layers.indexOf(layer);
    if (i >= 0) ctx.layers.splice(i, 1);
  }
  if (!first) return false;
  malformed(ctx, layer, `truncated: ${first.name || 'field'} (${first.length} bytes at offset ${first.start}) runs past the end of the data at offset ${end}`, Math.min(first.start, end));
  return true;
}

/** Wireshark's generic `data` layer for bytes no dissector claimed. */
export function dissectData(ctx: DissectCtx, start: number, end: number): void {
  if (end > start) ctx.layers.push(dataField(ctx.frame, start, end));
}

/** `Data (n bytes)` with `data.data` (hex, cut after 36 bytes in the label, as Wireshark does) and `data.len`. */
export function dataField(b: Uint8Array, start: number, end: number): Field {
  const n = end - start;
  const shown = Math.min(end, start + 36);
  return field('data', `Data (${n} byte${n === 1 ? '' : 's'})`, start, n, undefined, [
    field('data.data', `Data: ${hexOf(b, start, shown)}${shown < end ? '…' : ''}`, start, n, hexOf(b, start, end)),
    generated('data.len', `Length: ${n}`, start, n),
  ]);
}

export function hexOf(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

/** `0x1a2b` with a fixed number of hex digits. */
export function hex(v: number, digits: number): string {
  return '0x' + v.toString(16).padStart(digits, '0');
}

/** A bit-field picture as Wireshark draws it: `.... ..1. = ` for `mask` within a field of `bits` bits. */
export function bits(value: number, mask: number, width: number): string {
  let s = '';
  for (let i = width - 1; i >= 0; i--) {
    const bit = 1 << i;
    s += mask & bit ? (value & bit ? '1' : '0') : '.';
    if (i > 0 && i % 4 === 0) s += ' ';
  }
  return s + ' = ';
}

export const setOrNot = (on: boolean): string => (on ? 'Set' : 'Not set');

/** Checksum status values as Wireshark names them; tshark's PDML shows them as 0 (Bad), 1 (Good), 2, 3. */
export type ChecksumStatus = 'Bad' | 'Good' | 'Unverified' | 'Not present';
