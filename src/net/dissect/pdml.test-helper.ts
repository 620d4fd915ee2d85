/**
 * The judge for the dissector: tshark's PDML (`tshark -T pdml`, Wireshark's XML field dump) for the same capture.
 * For every packet, every field we emit whose name tshark also shows (eth., arp., ip., icmp., udp., tcp., http.,
 * vxlan., vlan., sll., wg., esp., tls.; hidden PDML fields skipped) must have the same `pos` and `size`, occurrence
 * by occurrence in tree order, and the same number of occurrences; key fields must also have the same value.
 *
 * tshark runs with checksum verification on (so checksum statuses compare as Good/Bad), TCP reassembly off and
 * absolute sequence numbers (so it dissects each segment alone, as we do), VXLAN decoded on UDP 8472 too, and
 * decrypted WireGuard payloads not dissected (their offsets are in another data source than the frame). TLS
 * secrets in a pcapng make tshark dissect decrypted records too; their fields only count if we emit the same names.
 * Link types we do not dissect (NULL/loopback, ...) are reported once per packet as kind 'linktype'.
 *
 * This file is engine code by location (tsconfig.engine.json and the ESLint engine rules cover src/net), so it
 * cannot import node: modules; the caller passes the two Node operations in `io`, e.g. in a test:
 *   compareWithPdml(path, { readFile: (p) => new Uint8Array(readFileSync(p)), tshark: (args) => tshark(args) })
 * with `tshark` from src/testing/tools.ts. No vitest imports: the lead can run it on the simulator's captures.
 */
import { readCapture } from '../../capture/pcapRead';
import { dissect } from './index';
import { LinkType, type Field } from './tree';

export interface PdmlIo {
  readFile(path: string): Uint8Array;
  /** Runs tshark with these arguments and returns its stdout. */
  tshark(args: string[]): string;
}

export interface PdmlMismatch {
  /** 1-based packet number, as tshark counts. */
  packet: number;
  name: string;
  /** Which occurrence of the name in the packet (0-based). */
  index: number;
  kind: 'range' | 'value' | 'count' | 'linktype';
  ours: string;
  tshark: string;
}

export interface PdmlItem {
  name: string;
  pos?: number;
  size?: number;
  show?: string;
  hidden: boolean;
}

export const COMPARED_PROTOCOLS = ['eth', 'arp', 'ip', 'icmp', 'udp', 'tcp', 'http', 'vxlan', 'vlan', 'sll', 'wg', 'esp', 'tls'];

/**
 * Names judged as one: tshark calls an application-data record's type byte `opaque_type` once it knows the session
 * is TLS 1.3, which it may have learnt from a ServerHello in an earlier packet; a single packet cannot know that.
 */
const SAME_NAME: Record<string, string> = { 'tls.record.opaque_type': 'tls.record.content_type' };
const judgedName = (name: string): string => SAME_NAME[name] ?? name;

/**
 * `extra` goes last (e.g. another `-d` decode-as). Avoid decryption options (ESP SAs, TLS keys): decrypted inner
 * headers carry positions in the decrypted data, not the frame, and would be judged against our outer fields.
 */
export function tsharkPdmlArgs(pcapPath: string, extra: string[] = []): string[] {
  return [
    '-r', pcapPath, '-T', 'pdml',
    '-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE',
    '-o', 'tcp.desegment_tcp_streams:FALSE', '-o', 'tcp.relative_sequence_numbers:FALSE', '-o', 'tcp.analyze_sequence_numbers:FALSE',
    '-d', 'udp.port==8472,vxlan',
    // decrypted WireGuard/TLS payloads (pcapng secrets blocks) live in other data sources, whose offsets are not the frame's
    '-o', 'wg.dissect_packet:FALSE',
    // tunnels we do not dissect would carry Ethernet and IP layers whose names are ours: they stay data on both sides
    '--disable-protocol', 'etherip', '--disable-protocol', 'gre',
    ...extra,
  ];
}

/** The shared interop captures with the decode-as tshark needs (TLS on a port of its own is also found heuristically). */
export const INTEROP_CAPTURES: [string, string[]][] = [
  ['wireguard/wireguard-ping-tcp.pcap', []], ['wireguard/derived/wg-51871-eth.pcap', []], ['wireguard/derived/wg-51871-rawip.pcap', []],
  ['wireguard/wireguard-ping-tcp-dsb.pcapng', []], ['tls13/rfc8448/rfc8448-simple-1rtt-port9080.pcap', ['-d', 'tcp.port==9080,tls']],
  ['tls13/botan-mtls/tls13-mtls-botan-port15443.pcap', ['-d', 'tcp.port==15443,tls']],
  ['tls13/wireshark-tls13-rfc8446/tls13-rfc8446.pcap', []], ['esp/draft-mcgrew-gcm-test-01.esp-rawip.pcap', []],
];

/** What a comparison judged: the mismatches, how many field occurrences were compared, and which names. */
export interface PdmlReport {
  mismatches: PdmlMismatch[];
  packets: number;
  compared: number;
  names: Set<string>;
}

/** Compares our dissection of every packet in the capture with tshark's; an empty list means we agree. */
export function compareWithPdml(pcapPath: string, io: PdmlIo, extraTsharkArgs: string[] = []): PdmlMismatch[] {
  return compareWithPdmlReport(pcapPath, io, extraTsharkArgs).mismatches;
}

export function compareWithPdmlReport(pcapPath: string, io: PdmlIo, extraTsharkArgs: string[] = []): PdmlReport {
  const cap = readCapture(io.readFile(pcapPath));
  const frames = cap.packets.map((p) => ({ data: p.data, linkType: cap.interfaces[p.ifIndex]?.linkType ?? -1 }));
  return comparePdml(io.tshark(tsharkPdmlArgs(pcapPath, extraTsharkArgs)), frames);
}

const SUPPORTED = new Set<number>(Object.values(LinkType));

export function comparePdml(pdml: string, frames: { data: Uint8Array; linkType: number }[]): PdmlReport {
  const packets = parsePdml(pdml);
  const out: PdmlMismatch[] = [];
  const report: PdmlReport = { mismatches: out, packets: packets.length, compared: 0, names: new Set() };
  if (packets.length !== frames.length) {
    out.push({ packet: 0, name: 'packets', index: 0, kind: 'count', ours: String(frames.length), tshark: String(packets.length) });
  }
  for (let i = 0; i < Math.min(packets.length, frames.length); i++) {
    const { data, linkType } = frames[i];
    if (!SUPPORTED.has(linkType)) {
      out.push({ packet: i + 1, name: 'linktype', index: 0, kind: 'linktype', ours: 'unsupported', tshark: String(linkType) });
      continue;
    }
    out.push(...comparePacket(i + 1, dissect(data, linkType as LinkType).layers, packets[i], report));
  }
  return report;
}

const compared = (name: string): boolean => COMPARED_PROTOCOLS.some((p) => name === p || name.startsWith(`${p}.`));

function comparePacket(packet: number, layers: Field[], pdml: PdmlItem[], report: PdmlReport): PdmlMismatch[] {
  const ours = new Map<string, Field[]>();
  const walk = (fs: Field[] | undefined): void => {
    for (const f of fs ?? []) {
      const n = judgedName(f.name);
      if (compared(n)) ours.set(n, [...(ours.get(n) ?? []), f]);
      walk(f.children);
    }
  };
  walk(layers);
  const theirs = new Map<string, PdmlItem[]>();
  for (const it of pdml) {
    const n = judgedName(it.name);
    if (!it.hidden && it.pos !== undefined && ours.has(n)) theirs.set(n, [...(theirs.get(n) ?? []), it]);
  }
  const out: PdmlMismatch[] = [];
  for (const [name, list] of ours) {
    const other = theirs.get(name) ?? [];
    if (other.length === 0) continue; // a name tshark does not show here is not judged
    report.names.add(name);
    report.compared += Math.min(list.length, other.length);
    if (list.length !== other.length) out.push({ packet, name, index: 0, kind: 'count', ours: String(list.length), tshark: String(other.length) });
    for (let k = 0; k < Math.min(list.length, other.length); k++) {
      const f = list[k];
      const t = other[k];
      if (f.start !== t.pos || f.length !== t.size) {
        out.push({ packet, name, index: k, kind: 'range', ours: `${f.start}+${f.length}`, tshark: `${t.pos}+${t.size}` });
      }
      const norm = VALUES[name] ?? (name.endsWith('.checksum.status') ? statusCode : undefined);
      let show = t.show;
      if (name === 'tcp.seq') show = pdml.find((p) => p.name === 'tcp.seq_raw' && p.pos === t.pos)?.show ?? show;
      if (norm && norm(f.value) !== show) out.push({ packet, name, index: k, kind: 'value', ours: norm(f.value), tshark: show ?? '' });
    }
  }
  return out;
}

const asText = (v: Field['value']): string => String(v);
const asHex4 = (v: Field['value']): string => `0x${Number(v).toString(16).padStart(4, '0')}`;
const asHex8 = (v: Field['value']): string => `0x${Number(v).toString(16).padStart(8, '0')}`;
const statusCode = (v: Field['value']): string => ({ Bad: '0', Good: '1', Unverified: '2', 'Not present': '3' } as Record<string, string>)[String(v)] ?? String(v);

/** How our value is written to compare with PDML's `show` for the key fields. */
const VALUES: Record<string, (v: Field['value']) => string> = {
  'eth.src': asText, 'eth.dst': asText, 'ip.src': asText, 'ip.dst': asText, 'ip.ttl': asText, 'ip.len': asText, 'ip.hdr_len': asText,
  'ip.proto': asText, 'ip.checksum': asHex4, 'tcp.srcport': asText, 'tcp.dstport': asText, 'tcp.seq': asText, 'tcp.ack': asText,
  'tcp.hdr_len': asText, 'tcp.len': asText, 'tcp.checksum': asHex4, 'udp.srcport': asText, 'udp.dstport': asText,
  'udp.length': asText, 'udp.checksum': asHex4, 'icmp.type': asText, 'icmp.code': asText, 'icmp.checksum': asHex4,
  'arp.opcode': asText, 'arp.src.proto_ipv4': asText, 'arp.dst.proto_ipv4': asText, 'vxlan.vni': asText,
  'http.request.method': asText, 'http.request.uri': asText, 'http.host': asText, 'http.response.code': asText,
  'wg.type': asText, 'wg.sender': asHex8, 'wg.receiver': asHex8, 'wg.counter': asText, 'wg.ephemeral': asText,
  'esp.spi': asHex8, 'esp.sequence': asText, 'tls.record.content_type': asText, 'tls.record.version': asHex4,
  'tls.record.length': asText, 'tls.handshake.type': asText, 'tls.handshake.length': asText, 'tls.handshake.ciphersuite': asHex4,
  'tls.handshake.extension.type': asText, 'tls.handshake.extensions_server_name': asText,
  'tls.handshake.extensions_alpn_str': asText, 'tls.handshake.extensions.supported_version': asHex4,
  'tls.handshake.extensions_supported_group': asHex4, 'tls.handshake.sig_hash_alg': asHex4,
  'tls.handshake.extensions_key_share_group': asText,
};

const TAG = /<(\/?)(packet|proto|field)\b((?:\s+[\w.:-]+="[^"]*")*)\s*(\/?)>/g;
const ATTR = /([\w.:-]+)="([^"]*)"/g;

/** The `proto` and `field` elements of each packet, in document (tree) order. */
export function parsePdml(xml: string): PdmlItem[][] {
  const packets: PdmlItem[][] = [];
  let current: PdmlItem[] | undefined;
  for (const m of xml.matchAll(TAG)) {
    const [, closing, tag, attrText] = m;
    if (tag === 'packet') {
      if (closing) current = undefined;
      else packets.push((current = []));
      continue;
    }
    if (closing || !current) continue;
    const a: Record<string, string> = {};
    for (const [, k, v] of attrText.matchAll(ATTR)) a[k] = unescapeXml(v);
    current.push({
      name: a.name ?? '',
      ...(a.pos !== undefined && { pos: Number(a.pos) }),
      ...(a.size !== undefined && { size: Number(a.size) }),
      ...(a.show !== undefined && { show: a.show }),
      hidden: a.hide === 'yes',
    });
  }
  return packets;
}

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|quot|apos|lt|gt|amp);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' } as Record<string, string>)[e];
  });
}

export function formatMismatches(list: PdmlMismatch[], max = 40): string {
  const lines = list.slice(0, max).map((m) => `#${m.packet} ${m.name}[${m.index}] ${m.kind}: ours ${m.ours}, tshark ${m.tshark}`);
  if (list.length > max) lines.push(`... and ${list.length - max} more`);
  return lines.join('\n');
}
