/** ICMP arriving at a host (RFC 792): echo requests are answered by the kernel; echo replies go to the ping that owns the id. */
import type { Sim } from '../sim/sim';
import type { Host, Iface } from '../sim/state';
import { buildIcmpEcho, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, parseIcmp } from './packet/icmp';
import { buildIpv4, PROTO_ICMP, type Ipv4Packet } from './packet/ipv4';
import { drop, sendIp } from './host';
import { newTrace } from './link';
import { appEvent } from './apps/app';

export function icmpInput(sim: Sim, host: Host, iface: Iface, ip: Ipv4Packet, frame: Uint8Array, trace: number): void {
  const m = parseIcmp(ip.payload);
  if (!m) return drop(sim, iface, 'malformed ICMP message', frame, trace);
  if (!m.checksumOk) return drop(sim, iface, 'bad ICMP checksum', frame, trace);
  if (m.type === ICMP_ECHO_REQUEST) {
    host.ipId = (host.ipId + 1) & 0xffff;
    const reply = buildIcmpEcho(ICMP_ECHO_REPLY, m.id, m.seq, m.data);
    sendIp(sim, host, buildIpv4({ src: ip.dst, dst: ip.src, proto: PROTO_ICMP, ttl: 64, id: host.ipId, df: false }, reply), newTrace(sim), 6);
    return;
  }
  if (m.type === ICMP_ECHO_REPLY) {
    const app = host.icmpIds[m.id];
    if (app) appEvent(sim, app, { type: 'icmp-reply', src: ip.src, ttl: ip.ttl, seq: m.seq, bytes: ip.payload.length });
  }
}
