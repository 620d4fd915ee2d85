/**
 * A network namespace's IPv4 stack: receives frames (ARP, IPv4), delivers packets addressed to it (TCP, UDP, ICMP),
 * hands others to the node datapath when it forwards, and sends packets by longest-prefix route and ARP-resolved
 * next hop. Drops are emitted with a specific reason at the interface where they happen.
 */
import type { Sim } from '../sim/sim';
import type { Host, Iface, Route } from '../sim/state';
import { equalBytes } from './bytes';
import { fmtIp, maskOf } from './addr';
import { ARP_REPLY, ARP_REQUEST, buildArp, parseArp } from './packet/arp';
import { buildEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4, isBroadcast, parseEthernet } from './packet/ethernet';
import { parseIpv4, PROTO_ESP, PROTO_ICMP, PROTO_TCP, PROTO_UDP } from './packet/ipv4';
import { newTrace, transmit } from './link';
import { tcpInput } from './tcp/input';
import { icmpInput } from './icmpInput';
import { udpInput } from './udpInput';
import { forward } from '../datapath/forward';
import { encryptOut } from '../datapath/encrypt';
import { ipsecReceive } from '../datapath/ipsec';
import { meshInput, meshOutput } from '../datapath/meshRedirect';

const BROADCAST = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
const ZERO_MAC = new Uint8Array(6);
const ARP_RETRY = 1_000_000;
const ARP_TRIES = 3;

export function drop(sim: Sim, iface: Iface, reason: string, frame: Uint8Array, trace: number): void {
  sim.emit('drop', { t: sim.now, point: iface.id, reason, frame, linkType: iface.linkType, trace });
}

export function hostOf(sim: Sim, iface: Iface): Host {
  return sim.st.hosts[iface.host];
}

export function isLocalAddress(sim: Sim, host: Host, ip: number): boolean {
  return host.ifaces.some((id) => {
    const i = sim.st.ifaces[id];
    // The loopback device owns its whole prefix (127.0.0.0/8), as Linux's local route for lo does.
    return i.link.kind === 'loopback' ? i.addrs.some((a) => ((ip & maskOf(a.prefix)) >>> 0) === ((a.ip & maskOf(a.prefix)) >>> 0)) : i.addrs.some((a) => a.ip === ip);
  });
}

/** The host's loopback device, if it has one. */
const loopbackOf = (sim: Sim, host: Host): Iface | undefined =>
  host.ifaces.map((id) => sim.st.ifaces[id]).find((i) => i.link.kind === 'loopback');

/** The address a host uses as source on `dev` (its first address there, else its first anywhere). */
export function sourceAddress(sim: Sim, host: Host, dev?: string): number {
  const onDev = dev ? sim.st.ifaces[dev]?.addrs[0] : undefined;
  if (onDev) return onDev.ip;
  for (const id of host.ifaces) {
    const a = sim.st.ifaces[id].addrs[0];
    if (a) return a.ip;
  }
  return 0;
}

/** A frame arrived on `ifaceId` (the deliver event). */
export function receiveFrame(sim: Sim, ifaceId: string, frame: Uint8Array, trace: number): void {
  const iface = sim.st.ifaces[ifaceId];
  const eth = parseEthernet(frame);
  if (!eth) return drop(sim, iface, 'malformed Ethernet frame', frame, trace);
  if (!isBroadcast(eth.dst) && !equalBytes(eth.dst, iface.mac)) return; // not addressed to us: the NIC filters it
  if (eth.ethertype === ETHERTYPE_ARP) return arpInput(sim, iface, eth.payload, frame, trace);
  if (eth.ethertype !== ETHERTYPE_IPV4) return drop(sim, iface, `unsupported ethertype 0x${eth.ethertype.toString(16).padStart(4, '0')}`, frame, trace);
  receiveIp(sim, iface, eth.payload, frame, trace);
}

/** An IPv4 packet arrived on `iface` (from the wire, or decapsulated by a tunnel device). */
export function receiveIp(sim: Sim, iface: Iface, pkt: Uint8Array, frame: Uint8Array, trace: number): void {
  const host = hostOf(sim, iface);
  if (host.kind === 'pod' && sim.st.meshNat !== undefined && parseIpv4(pkt)?.checksumOk) pkt = meshInput(sim, host, iface.name, pkt);
  const ip = parseIpv4(pkt);
  if (!ip) return drop(sim, iface, 'malformed IPv4 packet', frame, trace);
  if (!ip.checksumOk) return drop(sim, iface, 'bad IPv4 header checksum', frame, trace);
  const datagram = pkt.subarray(0, ip.totalLength);
  if (isLocalAddress(sim, host, ip.dst)) {
    if (ip.proto === PROTO_ESP && host.kind === 'node') return ipsecReceive(sim, host, iface, ip, frame, trace);
    if (ip.proto === PROTO_TCP) return tcpInput(sim, host, iface, ip, frame, trace);
    if (ip.proto === PROTO_ICMP) return icmpInput(sim, host, iface, ip, frame, trace);
    if (ip.proto === PROTO_UDP) return udpInput(sim, host, iface, ip, frame, trace);
    return drop(sim, iface, `protocol ${ip.proto} unreachable`, frame, trace);
  }
  if (host.forwarding) return forward(sim, host, iface, datagram, frame, trace);
  drop(sim, iface, `not for this host (${fmtIp(ip.dst)})`, frame, trace);
}

export function lookupRoute(host: Host, dst: number): Route | undefined {
  let best: Route | undefined;
  for (const r of host.routes) {
    if (((dst & maskOf(r.bits)) >>> 0) === r.net && (!best || r.bits > best.bits)) best = r;
  }
  return best;
}

/**
 * Sends an IPv4 packet from `host` (its own or one it forwards). On a node, transparent encryption gets the
 * packet first (WireGuard, IPsec: src/datapath/encrypt.ts) and sends what it makes of it; everything else goes
 * out as it is. `delay` models the time the kernel takes before the frame leaves.
 */
export function sendIp(sim: Sim, host: Host, pkt: Uint8Array, trace: number, delay = 0): boolean {
  if (host.kind === 'node' && encryptOut(sim, host, pkt, trace, delay)) return true;
  if (host.kind === 'pod' && sim.st.meshNat !== undefined) pkt = meshOutput(sim, host, pkt);
  return sendIpRaw(sim, host, pkt, trace, delay);
}

/**
 * Sends an IPv4 packet as it is: route, resolve the next hop's MAC (ARP on the underlay), frame, transmit. What an
 * encryption device sends (and packets released after ARP) comes here, so nothing is encrypted twice.
 */
export function sendIpRaw(sim: Sim, host: Host, pkt: Uint8Array, trace: number, delay = 0): boolean {
  const dst = ((pkt[16] << 24) | (pkt[17] << 16) | (pkt[18] << 8) | pkt[19]) >>> 0;
  const lo = loopbackOf(sim, host);
  if (lo && isLocalAddress(sim, host, dst)) {
    // Linux's local routing table: traffic to one of the host's own addresses goes through lo.
    const frame = buildEthernet(lo.mac, lo.mac, ETHERTYPE_IPV4, pkt);
    if (delay > 0) sim.schedule(delay, { k: 'xmit', iface: lo.id, frame, trace });
    else transmit(sim, lo.id, frame, trace);
    return true;
  }
  const route = lookupRoute(host, dst);
  const firstIface = sim.st.ifaces[host.ifaces[0]];
  if (!route) {
    drop(sim, firstIface, `no route to host ${fmtIp(dst)}`, pkt, trace);
    return false;
  }
  const nextHop = route.via ?? dst;
  const neigh = host.neigh[nextHop];
  if (!neigh) {
    const pending = (host.pendingArp[nextHop] ??= { dev: route.dev, packets: [], traces: [], tries: 0 });
    pending.packets.push(pkt);
    pending.traces.push(trace);
    if (pending.tries === 0) sendArpRequest(sim, host, nextHop);
    return true;
  }
  const iface = sim.st.ifaces[route.dev];
  const frame = buildEthernet(neigh.mac, iface.mac, ETHERTYPE_IPV4, pkt);
  if (delay > 0) sim.schedule(delay, { k: 'xmit', iface: iface.id, frame, trace });
  else transmit(sim, iface.id, frame, trace);
  return true;
}

function sendArpRequest(sim: Sim, host: Host, target: number): void {
  const pending = host.pendingArp[target];
  const iface = sim.st.ifaces[pending.dev];
  pending.tries++;
  const arp = buildArp({ op: ARP_REQUEST, senderMac: iface.mac, senderIp: sourceAddress(sim, host, iface.id), targetMac: ZERO_MAC, targetIp: target });
  transmit(sim, iface.id, buildEthernet(BROADCAST, iface.mac, ETHERTYPE_ARP, arp), newTrace(sim));
  sim.arm(`arp:${host.id}:${target}`, ARP_RETRY);
}

/** ARP retry timer: ask again, or give up and drop what was waiting. */
export function arpTimer(sim: Sim, hostId: string, target: number): void {
  const host = sim.st.hosts[hostId];
  const pending = host?.pendingArp[target];
  if (!pending) return;
  if (pending.tries < ARP_TRIES) return sendArpRequest(sim, host, target);
  delete host.pendingArp[target];
  const iface = sim.st.ifaces[pending.dev];
  pending.packets.forEach((p, i) => drop(sim, iface, `ARP: no reply from ${fmtIp(target)}`, p, pending.traces[i]));
}

function arpInput(sim: Sim, iface: Iface, payload: Uint8Array, frame: Uint8Array, trace: number): void {
  const host = hostOf(sim, iface);
  const arp = parseArp(payload);
  if (!arp) return drop(sim, iface, 'malformed ARP packet', frame, trace);
  const forUs = iface.addrs.some((a) => a.ip === arp.targetIp);
  if (forUs || host.neigh[arp.senderIp]) host.neigh[arp.senderIp] = { mac: arp.senderMac.slice(), permanent: false };
  if (arp.op === ARP_REQUEST && forUs) {
    const reply = buildArp({ op: ARP_REPLY, senderMac: iface.mac, senderIp: arp.targetIp, targetMac: arp.senderMac, targetIp: arp.senderIp });
    sim.schedule(15, { k: 'xmit', iface: iface.id, frame: buildEthernet(arp.senderMac, iface.mac, ETHERTYPE_ARP, reply), trace: newTrace(sim) });
  }
  const pending = host.pendingArp[arp.senderIp];
  if (pending && host.neigh[arp.senderIp]) {
    delete host.pendingArp[arp.senderIp];
    sim.cancel(`arp:${host.id}:${arp.senderIp}`);
    pending.packets.forEach((p, i) => sendIpRaw(sim, host, p, pending.traces[i], 5 + i));
  }
}
