/**
 * WireGuard transparent encryption on the nodes, as Cilium and Calico run it: one kernel WireGuard device per node
 * (`cilium_wg0` on UDP 51871, or `wireguard.cali` on UDP 51820), every other node a peer at `<node IP>:<port>`.
 * The protocol itself is src/crypto/wireguard (a sans-IO device); this file is its I/O: packets the node routes to
 * a remote pod go in (the device shows them plaintext, link type RAW, as `tcpdump -i cilium_wg0` does), the UDP
 * datagrams it makes go out on eth0, datagrams arriving on the port come back decrypted, and its timers run on the
 * virtual clock.
 */
import type { Sim } from '../sim/sim';
import type { Host, Iface } from '../sim/state';
import type { WireguardWanted } from './encryptionConfig';
import * as wg from '../crypto/wireguard';
import { drop, receiveIp, sendIpRaw } from '../net/host';
import { tap, newTrace } from '../net/link';
import { buildIpv4, PROTO_UDP } from '../net/packet/ipv4';
import { buildUdp } from '../net/packet/udp';
import { inCidr, parseCidr, parseIp } from '../net/addr';
import { LinkType } from '../net/dissect/tree';
import { addIface, removeIface } from '../sim/topology';
import { toHex, u32 } from '../net/bytes';

export type WgFlavor = 'cilium' | 'calico';

/** One node's WireGuard: its device (plain data, snapshotted with the rest of the state) and how it is used. */
export interface WgNode {
  flavor: WgFlavor;
  /** The capture point of the device: `node-1:cilium_wg0`. */
  iface: string;
  nodeEncryption: boolean;
  device: wg.WgDevice;
}

/** Device name, port, firewall mark and MTU of each flavour (FIDELITY.md §1 and §3). */
export const WG_FLAVOR = {
  cilium: { dev: 'cilium_wg0', port: 51871, fwmark: 0x1e00 },
  calico: { dev: 'wireguard.cali', port: 51820, fwmark: 0x100000 },
} as const;
/** IPv4 + UDP + WireGuard data header and tag: what the device costs in MTU. */
export const WG_OVERHEAD = 20 + 8 + 32;
/** Time the kernel takes to encrypt and send, or to receive and decrypt (µs). */
const CRYPTO_DELAY = 6;

const timerKey = (node: string, name: string): string => `wg:${node}:${name}`;

/** Calico gives `wireguard.cali` an address from the node's pod block (here its first host address). */
export function calicoDeviceIp(podCidr: string): number {
  return parseCidr(podCidr).net + 1;
}

/** Brings a node's device up (key kept across restarts, as the key file on disk is). */
export function wireguardUp(sim: Sim, node: string, want: WireguardWanted): WgNode {
  const f = WG_FLAVOR[want.flavor];
  const files = (sim.st.keyFiles ??= {});
  const privateKey = (files[`${f.dev}@${node}`] ??= wg.generatePrivateKey((n) => sim.bytes(n)));
  const n = sim.st.cluster.nodes.find((x) => x.name === node)!;
  const mtu = want.flavor === 'calico' ? 1440 : sim.st.config.underlayMtu - WG_OVERHEAD - 20;
  const iface = addIface(sim, sim.st.hosts[node], f.dev, {
    mac: new Uint8Array(6), mtu, linkType: LinkType.RAW, link: { kind: 'none' },
    addrs: want.flavor === 'calico' ? [{ ip: calicoDeviceIp(n.podCidr), prefix: 32 }] : [],
  });
  const device = wg.createDevice({ privateKey, listenPort: f.port, fwmark: f.fwmark, mtu });
  const w: WgNode = { flavor: want.flavor, iface: iface.id, nodeEncryption: want.nodeEncryption, device };
  (sim.st.wg ??= {})[node] = w;
  return w;
}

/** Deletes a node's device: its sessions, staged packets and timers go with it. */
export function wireguardDown(sim: Sim, node: string): void {
  const w = sim.st.wg?.[node];
  if (!w) return;
  for (const key of Object.keys(sim.st.queue.timers)) if (key.startsWith(`wg:${node}:`)) sim.cancel(key);
  removeIface(sim, w.iface);
  delete sim.st.wg![node];
  if (Object.keys(sim.st.wg!).length === 0) delete sim.st.wg;
}

/**
 * The peer's allowed IPs: Cilium in native routing lists the remote pods (/32) and the node, in tunnel mode only
 * the node (VXLAN rides inside WireGuard); Calico lists the remote pod block and the peer's device address.
 */
export function allowedIpsFor(sim: Sim, flavor: WgFlavor, peerNode: string): wg.AllowedIp[] {
  const n = sim.st.cluster.nodes.find((x) => x.name === peerNode)!;
  if (flavor === 'calico') return [parseCidr(n.podCidr), { net: calicoDeviceIp(n.podCidr), bits: 32 }];
  const node = { net: parseIp(n.ip), bits: 32 };
  if (sim.st.config.routing === 'tunnel') return [node];
  const pods = sim.st.cluster.pods.filter((p) => p.node === peerNode).map((p) => ({ net: parseIp(p.ip), bits: 32 }));
  return [...pods.sort((a, b) => a.net - b.net), node];
}

/** Makes every running device's peer list match the other running devices (keys, endpoints, allowed IPs). */
export function syncPeers(sim: Sim): void {
  const nodes = sim.st.wg ?? {};
  for (const [name, w] of Object.entries(nodes)) {
    const want = new Set<string>();
    for (const [other, ow] of Object.entries(nodes)) {
      if (other === name || ow.flavor !== w.flavor) continue;
      const ip = parseIp(sim.st.cluster.nodes.find((x) => x.name === other)!.ip);
      wg.setPeer(w.device, { publicKey: ow.device.publicKey, endpoint: { ip, port: ow.device.listenPort }, allowedIps: allowedIpsFor(sim, w.flavor, other) });
      want.add(toHex(ow.device.publicKey));
    }
    for (const p of [...w.device.peers]) {
      if (!want.has(toHex(p.publicKey))) run(sim, name, wg.removePeer(w.device, p.publicKey), 0, 0);
    }
  }
}


/** Whether `ip` is inside one of the device's peers' allowed IPs. */
export function hasPeerFor(w: WgNode, ip: number): boolean {
  return w.device.peers.some((p) => p.allowedIps.some((a) => inCidr(ip, a)));
}

/** Encrypts and sends a packet the node routes through its device. */
export function wireguardSend(sim: Sim, node: Host, w: WgNode, pkt: Uint8Array, trace: number, delay: number): void {
  tap(sim, sim.st.ifaces[w.iface], 'out', pkt, trace);
  run(sim, node.id, wg.send(w.device, pkt, sim.now, (n) => sim.bytes(n)), trace, delay + CRYPTO_DELAY);
}

/** A datagram for the device's port arrived on `iface` from `src:sport`. */
export function wireguardReceive(sim: Sim, node: Host, iface: Iface, src: number, sport: number, payload: Uint8Array, frame: Uint8Array, trace: number): void {
  const w = sim.st.wg?.[node.id];
  if (!w) return drop(sim, iface, `UDP port ${sport} unreachable`, frame, trace);
  run(sim, node.id, wg.receive(w.device, { ip: src, port: sport }, payload.slice(), sim.now, (n) => sim.bytes(n)), trace, CRYPTO_DELAY, iface, frame);
}

/** A device timer fired (`wg:<node>:<name>`). */
export function wireguardTimer(sim: Sim, node: string, name: string): void {
  const w = sim.st.wg?.[node];
  if (w) run(sim, node, wg.timer(w.device, name, sim.now, (n) => sim.bytes(n)), newTrace(sim), CRYPTO_DELAY);
}

/** The UDP port a node's device listens on, if it has one. */
export function wireguardPort(sim: Sim, node: string): number | undefined {
  return sim.st.wg?.[node]?.device.listenPort;
}

/** Carries out what the device asked for. Data keeps the packet's trace; handshakes and keepalives get their own. */
function run(sim: Sim, node: string, actions: wg.WgAction[], trace: number, delay: number, inIface?: Iface, frame?: Uint8Array): void {
  const host = sim.st.hosts[node];
  const w = sim.st.wg?.[node];
  const dev = w ? sim.st.ifaces[w.iface] : undefined;
  const eth0 = sim.st.ifaces[`${node}:eth0`];
  for (const a of actions) {
    switch (a.kind) {
      case 'send': {
        const src = eth0.addrs[0].ip;
        const udp = buildUdp(src, a.to.ip, w!.device.listenPort, a.to.port, a.bytes);
        host.ipId = (host.ipId + 1) & 0xffff;
        const pkt = buildIpv4({ src, dst: a.to.ip, proto: PROTO_UDP, ttl: 64, id: host.ipId, df: false }, udp);
        sendIpRaw(sim, host, pkt, a.message === 'data' ? trace : newTrace(sim), delay);
        break;
      }
      case 'deliver':
        if (!dev) break;
        tap(sim, dev, 'in', a.packet, trace);
        receiveIp(sim, dev, a.packet, a.packet, trace);
        break;
      case 'drop':
        drop(sim, inIface ?? dev ?? eth0, a.reason, frame ?? a.bytes ?? new Uint8Array(0), trace);
        break;
      case 'arm':
        sim.arm(timerKey(node, a.timer), a.at - sim.now);
        break;
      case 'cancel':
        sim.cancel(timerKey(node, a.timer));
        break;
      case 'handshake':
        if (a.keylog) (sim.st.keylog ??= { wg: [], tls: [] }).wg.push(...wg.formatKeylog([a.keylog]).trimEnd().split('\n'));
        sim.emit('crypto', { t: sim.now, host: node, protocol: 'wireguard', what: a.event, peer: a.peer, steps: a.trace.map((s) => ({ name: s.token, values: { C: s.ck, H: s.h } })) });
        break;
      case 'keypair':
        sim.emit('crypto', { t: sim.now, host: node, protocol: 'wireguard', what: `keypair-${a.event}`, peer: a.peer, steps: [] });
        break;
    }
  }
}

/** The source and destination a packet is judged by: a VXLAN packet's inner ones, else its own. */
export function flowEnds(pkt: Uint8Array): { src: number; dst: number } {
  const ihl = (pkt[0] & 0x0f) * 4;
  if (pkt[9] === PROTO_UDP && pkt.length >= ihl + 8 + 8 + 14 + 20 && ((pkt[ihl + 2] << 8) | pkt[ihl + 3]) === 8472) {
    const inner = ihl + 8 + 8 + 14;
    return { src: u32(pkt, inner + 12), dst: u32(pkt, inner + 16) };
  }
  return { src: u32(pkt, 12), dst: u32(pkt, 16) };
}
