/**
 * Wires between interfaces: a veth pair joins a pod's eth0 to its node's lxc device; the underlay segment is a
 * switch joining the nodes' eth0. Every frame sent or received on an interface is emitted at that interface's
 * capture point. A link direction never reorders frames (each delivery waits for the previous one).
 */
import type { Sim } from '../sim/sim';
import type { Iface } from '../sim/state';
import type { Direction } from '../sim/events';
import { equalBytes } from './bytes';
import { ETH_HEADER, isBroadcast } from './packet/ethernet';

/** Ethernet's minimum frame without the 4-byte FCS. */
const ETH_MIN_FRAME = 60;
import { LinkType } from './dissect/tree';

const VETH_LATENCY = 4; // µs
const UNDERLAY_LATENCY = 70; // µs, plus serialization at 10 Gbit/s and jitter
const LOOPBACK_LATENCY = 2; // µs

/** Emits a frame at an interface's capture point without moving it anywhere (used for virtual devices too). */
export function tap(sim: Sim, iface: Iface, dir: Direction, frame: Uint8Array, trace: number): void {
  sim.emit('frame', { t: sim.now, point: iface.id, dir, linkType: iface.linkType, frame, trace });
}

export function newTrace(sim: Sim): number {
  return sim.st.nextTrace++;
}

/** Puts a frame on the wire of `iface`: captured there, then delivered to whoever is at the other end. */
export function transmit(sim: Sim, ifaceId: string, frame: Uint8Array, trace: number): void {
  const iface = sim.st.ifaces[ifaceId];
  if (!iface) return;
  // Nothing in the lab fragments: the pod MTU leaves room for every encapsulation, so an oversized frame is a bug
  // in a datapath, and it is dropped (and reported) rather than sent.
  const l3 = iface.linkType === LinkType.ETHERNET ? frame.length - ETH_HEADER : frame.length;
  if (l3 > iface.mtu) {
    sim.emit('drop', { t: sim.now, point: iface.id, reason: `${l3}-byte packet exceeds MTU ${iface.mtu}`, frame, linkType: iface.linkType, trace });
    return;
  }
  tap(sim, iface, 'out', frame, trace);
  const link = iface.link;
  if (link.kind === 'veth') {
    deliverLater(sim, iface.id, link.peer, VETH_LATENCY + sim.rand(0, 2), frame, trace);
  } else if (link.kind === 'loopback') {
    deliverLater(sim, iface.id, iface.id, LOOPBACK_LATENCY, frame, trace);
  } else if (link.kind === 'segment') {
    // A NIC pads a short frame to Ethernet's 60-byte minimum (plus FCS) on the wire: the sender's capture shows the
    // frame as the stack built it, every receiver sees it padded with zeros.
    if (frame.length < ETH_MIN_FRAME) {
      const padded = new Uint8Array(ETH_MIN_FRAME);
      padded.set(frame);
      frame = padded;
    }
    const dst = frame.subarray(0, 6);
    const bcast = isBroadcast(dst);
    const delay = UNDERLAY_LATENCY + Math.ceil((frame.length * 8) / 10_000) + sim.rand(0, 25);
    for (const other of Object.values(sim.st.ifaces)) {
      if (other.id === iface.id || other.link.kind !== 'segment' || other.link.segment !== link.segment) continue;
      if (bcast || equalBytes(other.mac, dst)) deliverLater(sim, iface.id, other.id, delay, frame, trace);
    }
  }
}

function deliverLater(sim: Sim, from: string, to: string, delay: number, frame: Uint8Array, trace: number): void {
  const key = `${from}>${to}`;
  const at = Math.max(sim.now + delay, (sim.st.linkBusyUntil[key] ?? 0) + 1);
  sim.st.linkBusyUntil[key] = at;
  sim.schedule(at - sim.now, { k: 'deliver', iface: to, frame, trace });
}
