/** UDP arriving at a host (RFC 768): VXLAN and WireGuard on a node go to their devices; nothing else listens on UDP yet. */
import type { Sim } from '../sim/sim';
import type { Host, Iface } from '../sim/state';
import { parseUdp } from './packet/udp';
import type { Ipv4Packet } from './packet/ipv4';
import { CILIUM_VXLAN_PORT } from './packet/vxlan';
import { drop } from './host';
import { vxlanInput } from '../datapath/tunnel';
import { wireguardPort, wireguardReceive } from '../datapath/wireguard';

export function udpInput(sim: Sim, host: Host, iface: Iface, ip: Ipv4Packet, frame: Uint8Array, trace: number): void {
  const u = parseUdp(ip.src, ip.dst, ip.payload);
  if (!u) return drop(sim, iface, 'malformed UDP datagram', frame, trace);
  if (!u.checksumOk) return drop(sim, iface, 'bad UDP checksum', frame, trace);
  if (host.kind === 'node' && u.dport === CILIUM_VXLAN_PORT && sim.st.config.routing === 'tunnel') {
    return vxlanInput(sim, host, iface, u.payload, frame, trace);
  }
  if (host.kind === 'node' && u.dport === wireguardPort(sim, host.id)) {
    return wireguardReceive(sim, host, iface, ip.src, u.sport, u.payload, frame, trace);
  }
  drop(sim, iface, `UDP port ${u.dport} unreachable`, frame, trace);
}
