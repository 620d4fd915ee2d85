/**
 * Devices wired back to back on a fake network, for the tests and the benchmark: 'send' actions travel to the
 * device whose endpoint they name after `latency` µs, 'arm' timers fire in time order, everything else is recorded.
 * The whole loop (devices, timers, packets in flight, seeded RNG) is plain data, so structuredClone forks it.
 * Not the simulator's datapath: no IP/UDP framing, no loss unless a tap drops packets.
 */
import { createRng, randomBytes, type RngState } from '../../sim/rng';
import { createDevice, generatePrivateKey, setPeer } from './device';
import { receive } from './receive';
import { send } from './send';
import { timer } from './timerHandlers';
import type { Rand, SendKind, WgAction, WgDevice, WgEndpoint } from './types';

export interface WirePacket { at: number; seq: number; from: number; to: number; message: SendKind; bytes: Uint8Array }

export interface LoopHost {
  dev: WgDevice;
  ep: WgEndpoint;
  timers: Record<string, number>;
  delivered: { at: number; peer: number; packet: Uint8Array }[];
  drops: { at: number; reason: string; peer?: number; bytes?: Uint8Array }[];
  events: { at: number; action: WgAction }[];
}

export interface Loopback {
  now: number;
  latency: number;
  seq: number;
  rng: RngState;
  hosts: LoopHost[];
  inFlight: WirePacket[];
  /** Every packet put on the wire, in order (before any tap). */
  log: WirePacket[];
}

/** What a tap does with a packet about to arrive: pass it, drop it (null) or replace its bytes. */
export type Tap = (p: WirePacket, loop: Loopback) => Uint8Array | null;

export function createLoopback(o: { devices: WgDevice[]; endpoints: WgEndpoint[]; latency?: number; seed?: string | number; start?: number }): Loopback {
  return {
    now: o.start ?? 0, latency: o.latency ?? 100, seq: 0, rng: createRng(o.seed ?? 'wireguard-loopback'), inFlight: [], log: [],
    hosts: o.devices.map((dev, i) => ({ dev, ep: o.endpoints[i], timers: {}, delivered: [], drops: [], events: [] })),
  };
}

export function loopRand(loop: Loopback): Rand {
  return (n) => randomBytes(loop.rng, n);
}

export function applyActions(loop: Loopback, host: number, actions: WgAction[]): void {
  const h = loop.hosts[host];
  for (const a of actions) {
    h.events.push({ at: loop.now, action: a });
    if (a.kind === 'send') {
      const to = loop.hosts.findIndex((x) => x.ep.ip === a.to.ip && x.ep.port === a.to.port);
      const p: WirePacket = { at: loop.now + loop.latency, seq: loop.seq++, from: host, to, message: a.message, bytes: a.bytes };
      loop.log.push(p);
      if (to >= 0) loop.inFlight.push(p);
    } else if (a.kind === 'deliver') h.delivered.push({ at: loop.now, peer: a.peer, packet: a.packet });
    else if (a.kind === 'drop') h.drops.push({ at: loop.now, reason: a.reason, peer: a.peer, bytes: a.bytes });
    else if (a.kind === 'arm') h.timers[a.timer] = a.at;
    else if (a.kind === 'cancel') delete h.timers[a.timer];
  }
}

export function hostSend(loop: Loopback, host: number, packet: Uint8Array): WgAction[] {
  const acts = send(loop.hosts[host].dev, packet, loop.now, loopRand(loop));
  applyActions(loop, host, acts);
  return acts;
}

/** Receives bytes at a host as if they came from `from` (for injected or replayed packets). */
export function hostReceive(loop: Loopback, host: number, from: WgEndpoint, bytes: Uint8Array): WgAction[] {
  const acts = receive(loop.hosts[host].dev, from, bytes, loop.now, loopRand(loop));
  applyActions(loop, host, acts);
  return acts;
}

/** Processes the earliest event due by `until` (packets before timers at the same time); false when none. */
export function step(loop: Loopback, until: number, tap?: Tap): boolean {
  let pi = -1;
  for (let i = 0; i < loop.inFlight.length; i++) if (pi < 0 || loop.inFlight[i].at < loop.inFlight[pi].at) pi = i;
  let th = -1, tn = '', tat = Infinity;
  loop.hosts.forEach((h, i) => {
    for (const [name, at] of Object.entries(h.timers)) if (at < tat) [th, tn, tat] = [i, name, at];
  });
  const pat = pi >= 0 ? loop.inFlight[pi].at : Infinity;
  if (Math.min(pat, tat) > until) return false;
  if (pat <= tat) {
    const p = loop.inFlight.splice(pi, 1)[0];
    loop.now = Math.max(loop.now, p.at);
    const bytes = tap ? tap(p, loop) : p.bytes;
    if (bytes) hostReceive(loop, p.to, loop.hosts[p.from].ep, bytes);
  } else {
    loop.now = Math.max(loop.now, tat);
    delete loop.hosts[th].timers[tn];
    applyActions(loop, th, timer(loop.hosts[th].dev, tn, loop.now, loopRand(loop)));
  }
  return true;
}

export function runUntil(loop: Loopback, until: number, tap?: Tap): void {
  while (step(loop, until, tap));
  loop.now = Math.max(loop.now, until);
}

/**
 * Two configured devices (10.0.0.1 on 192.168.0.1:51820 and 10.0.0.2 on 192.168.0.2:51820, each allowing the
 * other's /32) in a loopback: the benchmark's and the tests' starting point.
 */
export function createPair(seed: string | number = 1, o: { loadThreshold?: number[]; psk?: Uint8Array; start?: number } = {}): Loopback {
  const rng = createRng(`wireguard-pair:${seed}`);
  const rand: Rand = (n) => randomBytes(rng, n);
  const eps = [{ ip: 0xc0a80001, port: 51820 }, { ip: 0xc0a80002, port: 51820 }];
  const devs = [0, 1].map((i) => createDevice({ privateKey: generatePrivateKey(rand), listenPort: 51820, loadThreshold: o.loadThreshold?.[i] }));
  setPeer(devs[0], { publicKey: devs[1].publicKey, endpoint: eps[1], allowedIps: [{ net: 0x0a000002, bits: 32 }], presharedKey: o.psk });
  setPeer(devs[1], { publicKey: devs[0].publicKey, endpoint: eps[0], allowedIps: [{ net: 0x0a000001, bits: 32 }], presharedKey: o.psk });
  return createLoopback({ devices: devs, endpoints: eps, seed, start: o.start });
}
