/**
 * The one packet dissector: bytes in, a Wireshark-shaped field tree out (see tree.ts). tcpdump's lines, the
 * inspector, the attacker's view and the lesson checks all read what `dissect` returns.
 *
 * Protocols plug in through the registry, never by editing this file or the dissectors they sit on. An extension
 * module registers itself when it is imported (import it once where the engine is put together; a module inside
 * this folder imports from './registry' and './context' rather than from here), e.g. a UDP protocol on its port:
 *
 *   import { registerUdpPort } from './registry';
 *   import { field, type Dissector } from './context';
 *   const dissectFoo: Dissector = (ctx, start, end) => {
 *     if (end - start < 4 || ctx.frame[start] !== 1) return false; // not ours: next candidate
 *     ctx.layers.push(field('foo', 'Foo Protocol', start, end - start, undefined, [...]));
 *     ctx.summary.protocol = 'Foo';
 *     ctx.summary.info = 'Hello';
 *   };
 *   registerUdpPort(7777, dissectFoo);
 *
 * The protocols below are registered here, as tshark 4.0 registers them by default; WireGuard (wireguard.ts) has
 * only its UDP heuristic, TLS (tls.ts) TCP 443 and its heuristic, ESP (esp.ts) IP protocol 50.
 *
 * Dissection never throws: bytes that stop making sense mark the field and layer where they do (`malformed`),
 * `Dissection.malformed` names the first such spot, and a `_ws.malformed` item closes the tree as in Wireshark.
 */
import { dissectArp } from './arp';
import { MAX_DEPTH, dissectData, field, generated, malformed, shortName, type DissectCtx, type Dissector } from './context';
import { dissectEsp } from './esp';
import { dissectEthernet } from './ethernet';
import { dissectHttp } from './http';
import { dissectIcmp } from './icmp';
import { dissectIp, dissectIpv4 } from './ipv4';
import { registerEthertype, registerIpProto, registerTcpHeuristic, registerTcpPort, registerUdpHeuristic, registerUdpPort } from './registry';
import { dissectSll2 } from './sll2';
import { dissectTcp } from './tcp';
import { TLS_PORT, dissectTls, tlsHeuristic } from './tls';
import { LinkType, type Dissection, type Field } from './tree';
import { dissectUdp } from './udp';
import { dissectVlan } from './vlan';
import { VXLAN_LINUX_PORT, VXLAN_PORT, dissectVxlan } from './vxlan';
import { wireGuardHeuristic } from './wireguard';

export { LinkType } from './tree';
export type { Dissection, Field } from './tree';
export type { DissectCtx, Dissector, IpInfo, Summary } from './context';
export { add, bits, clip, container, dataField, dissectData, field, generated, hex, hexOf, malformed, view } from './context';
export {
  registerEthertype, registerIpProto, registerTcpHeuristic, registerTcpPort, registerUdpHeuristic, registerUdpPort,
} from './registry';

registerEthertype(0x0800, dissectIpv4);
registerEthertype(0x0806, dissectArp);
registerEthertype(0x8100, dissectVlan);
registerIpProto(1, dissectIcmp);
registerIpProto(4, nested(dissectIp)); // IP in IP (RFC 2003), Calico's IPIP mode
registerIpProto(143, nested(dissectEthernet)); // Ethernet over IP (RFC 8986), as tshark decodes it
registerIpProto(6, dissectTcp);
registerIpProto(17, dissectUdp);
registerUdpPort(VXLAN_PORT, dissectVxlan);
registerUdpPort(VXLAN_LINUX_PORT, dissectVxlan);
registerTcpPort(80, dissectHttp);
registerTcpPort(8080, dissectHttp);
registerIpProto(50, dissectEsp);
// as in tshark's defaults: WireGuard has no port of its own, only its heuristic (on by default), so it is found
// on Calico's 51820, Cilium's 51871 or any other port; TLS has 443 plus its record-header heuristic (tls_tcp)
registerUdpHeuristic(wireGuardHeuristic);
registerTcpPort(TLS_PORT, dissectTls);
registerTcpHeuristic(tlsHeuristic);

/** A dissector for an encapsulated packet, refused past MAX_DEPTH levels so hostile nesting stays bounded. */
function nested(d: Dissector): Dissector {
  return (ctx, start, end) => {
    if (ctx.depth >= MAX_DEPTH) return false;
    ctx.depth++;
    try {
      return d(ctx, start, end);
    } finally {
      ctx.depth--;
    }
  };
}

export function dissect(frame: Uint8Array, linkType: LinkType): Dissection {
  const ctx: DissectCtx = {
    frame, linkType, layers: [], summary: { protocol: '', src: '', dst: '', info: '' }, quoted: false, depth: 0,
  };
  try {
    if (linkType === LinkType.ETHERNET) {
      dissectEthernet(ctx, 0, frame.length);
    } else if (linkType === LinkType.RAW) {
      dissectRaw(ctx);
    } else if (linkType === LinkType.LINUX_SLL2) {
      dissectSll2(ctx, 0, frame.length);
    } else {
      ctx.summary.protocol = 'Unknown';
      ctx.summary.info = `Unsupported link type ${String(linkType)}`;
      dissectData(ctx, 0, frame.length);
    }
  } catch (e) {
    // a dissector bug must not take the lab down: say where it happened (the fuzz tests fail on this reason)
    const last = ctx.layers[ctx.layers.length - 1] ?? field('frame', 'Frame', 0, frame.length);
    if (!ctx.layers.includes(last)) ctx.layers.push(last);
    ctx.malformed = undefined;
    malformed(ctx, last, `dissector error: ${e instanceof Error ? e.message : String(e)}`, last.start);
  }
  if (ctx.malformed) {
    const where = shortName(ctx.malformed.layer);
    ctx.layers.push({ ...generated('_ws.malformed', `[Malformed Packet: ${where}]`, ctx.malformed.at), malformed: ctx.malformed.reason });
    ctx.summary.info = `${ctx.summary.info}[Malformed Packet]`; // appended without a space, as Wireshark does
  }
  return {
    linkType, length: frame.length, layers: ctx.layers, summary: ctx.summary,
    ...(ctx.malformed && { malformed: ctx.malformed }),
  };
}

/** LINKTYPE_RAW: the frame starts with an IP header; Wireshark shows a `raw` item first. */
function dissectRaw(ctx: DissectCtx): void {
  const { frame } = ctx;
  const raw = field('raw', 'Raw packet data', 0, frame.length);
  ctx.layers.push(raw);
  ctx.summary.protocol = 'Raw';
  ctx.summary.info = 'Raw packet data';
  if (frame.length === 0) {
    malformed(ctx, raw, 'empty packet: no IP header', 0);
    return;
  }
  if (frame[0] >> 4 === 4) {
    dissectIpv4(ctx, 0, frame.length);
    return;
  }
  ctx.summary.info = `IP version ${frame[0] >> 4} is not dissected`;
  dissectData(ctx, 0, frame.length);
}

/** Every field named `name`, depth first, in tree order (several occurrences: outer before inner). */
export function findFields(d: Dissection, name: string): Field[] {
  const out: Field[] = [];
  const walk = (fs: Field[] | undefined): void => {
    for (const f of fs ?? []) {
      if (f.name === name) out.push(f);
      walk(f.children);
    }
  };
  walk(d.layers);
  return out;
}

/** The first field named `name`, if any. */
export function findField(d: Dissection, name: string): Field | undefined {
  return findFields(d, name)[0];
}
