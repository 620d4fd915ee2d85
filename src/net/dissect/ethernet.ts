/**
 * Ethernet II framing (DIX Ethernet v2; IEEE 802.3 clause 3.2.6 for the Length/Type field): destination MAC,
 * source MAC, Ethertype, payload dispatched by Ethertype through the registry, then Wireshark's padding/trailer
 * rule (packet-eth.c `add_ethernet_trailer`: zero bytes that pad a short frame up to 60 bytes are `eth.padding`,
 * anything else after the payload is `eth.trailer`). No FCS: Linux captures do not carry it.
 */
import { u16, u32 } from '../bytes';
import { fmtMac } from '../addr';
import { bits, clip, dissectData, field, generated, hex, hexOf, view, type DissectCtx, type Dissector } from './context';
import { dispatchEthertype } from './registry';
import type { Field } from './tree';

export const ETH_HEADER_LEN = 14;
const ETH_MIN_FRAME = 60;

const ETHERTYPES: Record<number, string> = {
  0x0800: 'IPv4', 0x0806: 'ARP', 0x86dd: 'IPv6', 0x8100: '802.1Q Virtual LAN', 0x88a8: '802.1ad Provider Bridge (Q-in-Q)',
  0x8847: 'MPLS label switched packet', 0x88cc: '802.1 Link Layer Discovery Protocol (LLDP)',
  0x88b5: 'Local Experimental Ethertype 1', 0x88b6: 'Local Experimental Ethertype 2', 0x6558: 'Transparent Ethernet bridging',
};

export function ethertypeName(type: number): string {
  return ETHERTYPES[type] ?? 'Unknown';
}

/** The few OUIs a lab is likely to meet (Wireshark's manuf file has the rest). */
const OUIS: Record<string, string> = { '52:54:00': 'RealtekU', '00:00:00': '00:00:00' };

/** Wireshark's resolved name of a MAC: `Broadcast`, `IPv4mcast_01:02:03`, `RealtekU_12:34:56`, or the address. */
export function macName(b: Uint8Array, off: number): string {
  const mac = fmtMac(b, off);
  if (mac === 'ff:ff:ff:ff:ff:ff') return 'Broadcast';
  const oui = mac.slice(0, 8);
  const tail = mac.slice(9);
  if (oui === '01:00:5e') return `IPv4mcast_${tail}`;
  if (mac.startsWith('33:33:')) return `IPv6mcast_${mac.slice(6)}`;
  return OUIS[oui] ? `${OUIS[oui]}_${tail}` : mac;
}

/** `Destination: Broadcast (ff:ff:ff:ff:ff:ff)` and its LG/IG bit children. */
export function macField(name: string, title: string, b: Uint8Array, off: number, withBits = true): Field {
  const mac = fmtMac(b, off);
  const f = field(name, `${title}: ${macName(b, off)} (${mac})`, off, 6, mac);
  if (!withBits) return f;
  const first = b[off] << 16;
  const lg = (b[off] & 0x02) !== 0;
  const ig = (b[off] & 0x01) !== 0;
  f.children = [
    field(`${name}.lg`, `${bits(first, 0x020000, 24)}LG bit: ${lg ? 'Locally administered address (this is NOT the factory default)' : 'Globally unique address (factory default)'}`, off, 3, lg),
    field(`${name}.ig`, `${bits(first, 0x010000, 24)}IG bit: ${ig ? 'Group address (multicast/broadcast)' : 'Individual address (unicast)'}`, off, 3, ig),
  ];
  return f;
}

export const dissectEthernet: Dissector = (ctx, start, end) => {
  const { b, short } = view(ctx.frame, start, end, ETH_HEADER_LEN);
  const type = u16(b, start + 12);
  const src = `${macName(b, start + 6)} (${fmtMac(b, start + 6)})`;
  const dst = `${macName(b, start)} (${fmtMac(b, start)})`;
  const isLength = type <= 1500 && type !== 0; // IEEE 802.3 length; Wireshark treats 0 as an unknown Ethertype
  const layer = field('eth', isLength ? `IEEE 802.3 Ethernet` : `Ethernet II, Src: ${src}, Dst: ${dst}`, start, ETH_HEADER_LEN, undefined, [
    macField('eth.dst', 'Destination', b, start),
    macField('eth.src', 'Source', b, start + 6),
    isLength
      ? field('eth.len', `Length: ${type}`, start + 12, 2, type)
      : field('eth.type', `Type: ${ethertypeName(type)} (${hex(type, 4)})`, start + 12, 2, type),
  ]);
  if (short) {
    // Wireshark reads the whole header before it adds the layer: a cut header leaves no Ethernet item, only the
    // malformed mark (naming eth and where the bytes ran out)
    clip(ctx, layer, end);
    ctx.summary = { protocol: 'Ethernet', src: '', dst: '', info: '' };
    return;
  }
  ctx.layers.push(layer);
  ctx.summary = {
    protocol: 'Ethernet',
    src: macName(b, start + 6),
    dst: macName(b, start),
    info: 'Ethernet II',
  };
  const payload = start + ETH_HEADER_LEN;
  const payloadEnd = isLength ? Math.min(end, payload + type) : end;
  const used = isLength ? undefined : dispatchEthertype(type, ctx, payload, end);
  if (used === undefined) {
    ctx.summary.protocol = isLength ? 'LLC' : hex(type, 4);
    if (!isLength && ETHERTYPES[type]) ctx.summary.info = ETHERTYPES[type];
    dissectData(ctx, payload, payloadEnd);
    addTrailer(ctx, layer, start, payloadEnd, end);
    return;
  }
  addTrailer(ctx, layer, start, payload + used, end);
};

/**
 * Bytes after the payload: padding (zeros up to the 60-byte minimum frame), then trailer, and, in an outer frame of
 * 64 bytes or more with 4 trailer bytes to spare, an assumed FCS (Wireshark's guess when the capture does not say).
 */
function addTrailer(ctx: DissectCtx, layer: Field, start: number, from: number, end: number): void {
  if (from >= end) return;
  const pktLen = ctx.frame.length; // Wireshark uses the whole frame's length here, also for an inner (VXLAN) frame
  let trailerLen = end - from;
  let padding = 0;
  if (pktLen >= ETH_MIN_FRAME && pktLen - trailerLen < ETH_MIN_FRAME) {
    padding = ETH_MIN_FRAME - (pktLen - trailerLen);
    for (let i = 0; i < padding; i++) {
      if (ctx.frame[from + i] !== 0) {
        padding = 0;
        break;
      }
    }
  }
  const kids = (layer.children ??= []);
  if (padding > 0) kids.push(field('eth.padding', `Padding: ${hexOf(ctx.frame, from, from + padding)}`, from, padding, hexOf(ctx.frame, from, from + padding)));
  trailerLen -= padding;
  const fcs = start === 0 && end - start >= 64 && trailerLen >= 4;
  if (fcs) trailerLen -= 4;
  const t = from + padding;
  if (trailerLen > 0) kids.push(field('eth.trailer', `Trailer: ${hexOf(ctx.frame, t, t + trailerLen)}`, t, trailerLen, hexOf(ctx.frame, t, t + trailerLen)));
  if (fcs) {
    const at = t + trailerLen;
    const v = u32(ctx.frame, at);
    kids.push(field('eth.fcs', `Frame check sequence: ${hex(v, 8)} [unverified]`, at, 4, v, [
      generated('eth.fcs.status', 'FCS Status: Unverified', at, 'Unverified'),
    ]));
  }
}
