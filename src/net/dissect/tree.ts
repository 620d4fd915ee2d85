/**
 * The field tree every view of a packet reads: tcpdump's lines, the inspector's tree and hex highlighting,
 * the attacker's view and the lesson checks. Field names are Wireshark's display-filter names (`ip.src`,
 * `tcp.flags.syn`), and byte ranges are relative to the start of the frame, as in tshark's PDML `pos`/`size`.
 */

/** pcap/pcapng link types (https://www.tcpdump.org/linktypes.html). */
export const LinkType = {
  ETHERNET: 1,
  RAW: 101,
  LINUX_SLL2: 276,
} as const;
export type LinkType = (typeof LinkType)[keyof typeof LinkType];

export interface Field {
  /** Wireshark display-filter name of the field or protocol (`eth`, `ip.ttl`, `http.request.method`). */
  name: string;
  /** The line shown in a details tree, Wireshark-style (`Time to Live: 64`). */
  label: string;
  /** The field's value for filters and checks (numbers for integers, strings for addresses and text). */
  value?: string | number | boolean;
  /** Offset of the field's first byte in the frame. */
  start: number;
  /** Number of bytes the field covers (0 for generated fields that have no bytes on the wire). */
  length: number;
  children?: Field[];
  /** Set on the field or layer where the bytes stopped making sense: why. */
  malformed?: string;
  /** True for fields computed rather than read (Wireshark's `[...]` fields, such as a checksum status). */
  generated?: boolean;
}

/** One packet, dissected. */
export interface Dissection {
  linkType: LinkType;
  length: number;
  /** Top-level protocol layers in order (`eth`, `ip`, `tcp`, `http`), each with its fields as children. */
  layers: Field[];
  /** Packet-list columns, as Wireshark shows them. */
  summary: { protocol: string; src: string; dst: string; info: string };
  /** The first malformed spot, if any. */
  malformed?: { layer: string; at: number; reason: string };
}
