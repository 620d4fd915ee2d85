/**
 * The engine as a whole: the same seed gives the same capture bytes, snapshots restore the exact run and are
 * independent of the live state, the input log replays a run frame for frame, tunnel routing wraps pod traffic
 * in VXLAN on the underlay, and same-node pod traffic never reaches the node's eth0.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine } from './engine';
import { Sim } from './sim';
import { EPOCH_US, MS, SECOND } from './clock';
import type { FrameEvent } from './events';
import { captureScenario } from '../capture/run';
import { readCapture } from '../capture/pcapRead';
import { record, type Recording } from '../capture/recorder';
import { parseIp } from '../net/addr';
import { toHex, u16 } from '../net/bytes';
import { ETHERTYPE_IPV4, parseEthernet } from '../net/packet/ethernet';
import { parseIpv4, PROTO_ICMP, PROTO_TCP, PROTO_UDP } from '../net/packet/ipv4';
import { parseTcp, SYN } from '../net/packet/tcp';
import { parseUdp } from '../net/packet/udp';
import { CILIUM_VXLAN_PORT, parseVxlan } from '../net/packet/vxlan';

const hex = (b: Uint8Array) => toHex(b);
const frameLine = (f: { t: number; point?: string; dir: string; frame: Uint8Array }) => `${f.t} ${f.point ?? ''} ${f.dir} ${hex(f.frame)}`;

/** Every frame at every capture point, as comparable lines. */
function allFrames(e: Engine): string[] {
  const out: string[] = [];
  e.events.on('frame', (f) => out.push(frameLine(f)));
  return out;
}

const ipv4Of = (frame: Uint8Array) => {
  const eth = parseEthernet(frame);
  return eth && eth.ethertype === ETHERTYPE_IPV4 ? parseIpv4(eth.payload) : null;
};
const podIp = (e: Engine, name: string) => parseIp(e.st.cluster.pods.find((p) => p.name === name)!.ip);

afterEach(() => vi.restoreAllMocks());

describe('determinism', () => {
  it('the same seed gives byte-identical pcapng; another seed gives different bytes', () => {
    const a = captureScenario({ scenario: 'plaintext', seed: 42 });
    const b = captureScenario({ scenario: 'plaintext', seed: 42 });
    const c = captureScenario({ scenario: 'plaintext', seed: 43 });
    expect(a.frames).toBeGreaterThan(10);
    expect(hex(a.pcapng)).toBe(hex(b.pcapng));
    expect(hex(a.pcapng)).not.toBe(hex(c.pcapng));
    const f = readCapture(a.pcapng);
    expect(f.packets).toHaveLength(a.frames);
    expect(f.packets[0].tsUs).toBeGreaterThanOrEqual(EPOCH_US);
  });

  it('is deterministic at every capture point, not only node-1:eth0', () => {
    const run = () => {
      const e = Engine.create('plaintext', 'abc');
      const lines = allFrames(e);
      e.runToIdle();
      return lines;
    };
    const first = run();
    expect(first.length).toBeGreaterThan(50);
    expect(run()).toEqual(first);
  });
});

describe('snapshots', () => {
  it('restoring a snapshot replays the exact same frames, times and events', () => {
    const e = Engine.create('plaintext', 5);
    const lines = allFrames(e);
    const tcp: string[] = [];
    e.events.on('tcp', (x) => tcp.push(`${x.t} ${x.conn} ${x.to}`));
    for (let i = 0; i < 40; i++) expect(e.step()).toBe(true);
    const snap = e.snapshot();
    const n0 = lines.length, t0 = tcp.length;
    for (let i = 0; i < 160; i++) e.step();
    const firstRun = lines.slice(n0), firstTcp = tcp.slice(t0), endNow = e.now, endSt = e.snapshot();
    expect(firstRun.length).toBeGreaterThan(20);
    e.restore(snap);
    expect(e.st.eventsProcessed).toBe(40);
    const n1 = lines.length, t1 = tcp.length;
    for (let i = 0; i < 160; i++) e.step();
    expect(lines.slice(n1)).toEqual(firstRun);
    expect(tcp.slice(t1)).toEqual(firstTcp);
    expect(e.now).toBe(endNow);
    expect(e.snapshot()).toEqual(endSt);
  });

  it('a snapshot is independent of the live state, and restoring does not tie them together', () => {
    const e = Engine.create('plaintext', 6);
    e.runUntil(EPOCH_US + 200 * MS + 300); // a connection is open, timers are armed
    const snap = e.snapshot();
    const copy = structuredClone(snap);
    expect(Object.keys(snap.conns).length).toBeGreaterThan(0);
    // Mutate the live state in every way the engine can: run it, and poke its data directly.
    e.runFor(2 * SECOND);
    e.st.hosts['bank/backend'].listeners = {};
    e.st.ifaces['node-1:eth0'].mac[5] ^= 0xff;
    e.st.rng.buf[0] ^= 0xff;
    expect(snap).toEqual(copy);
    expect(e.snapshot()).not.toEqual(copy);
    // Restore, then mutate the live state again: the snapshot still holds.
    e.restore(snap);
    expect(e.snapshot()).toEqual(copy);
    e.st.ifaces['node-1:eth0'].mac[0] ^= 0xff;
    e.runFor(SECOND);
    expect(snap).toEqual(copy);
    // And mutating the snapshot does not reach the engine.
    e.restore(snap);
    snap.hosts['bank/backend'].listeners = {};
    expect(Object.keys(e.st.hosts['bank/backend'].listeners)).toEqual(['tcp:8080']);
  });
});

describe('replay from the input log', () => {
  it('Engine.replay(scenario, seed, inputLog) reproduces every frame after exec and set-routing inputs', () => {
    const e = Engine.create('plaintext', 8);
    const original: string[] = [];
    e.events.on('frame', (f) => original.push(frameLine(f)));
    const eth0 = record(e, 'node-1:eth0');
    const backend = e.st.cluster.pods.find((p) => p.name === 'backend')!.ip;
    e.runUntil(EPOCH_US + 100 * MS);
    expect(e.input({ kind: 'exec', target: 'web/frontend', argv: ['curl', '-s', `http://${backend}:8080/healthz`] })).toBeNull();
    for (let i = 0; i < 25; i++) e.step(); // mid-exchange
    expect(e.input({ kind: 'set-routing', routing: 'tunnel' })).toBeNull();
    e.runUntil(EPOCH_US + 1100 * MS);
    expect(e.input({ kind: 'exec', target: 'default/app-a', argv: ['ping', '-c', '1', backend] })).toBeNull();
    e.runToIdle();
    expect(e.st.inputLog).toHaveLength(3);
    // Both routing modes were on the wire: plain TCP first, VXLAN after the switch.
    const protos = new Set(eth0.frames.map((f) => ipv4Of(f.frame)?.proto));
    expect(protos.has(PROTO_TCP) && protos.has(PROTO_UDP)).toBe(true);

    // Capture what the replay emits from its very first event (replay runs inside Engine.replay).
    const replayed: string[] = [];
    const emit = Sim.prototype.emit;
    vi.spyOn(Sim.prototype, 'emit').mockImplementation(function (this: Sim, type, ev) {
      if (type === 'frame') replayed.push(frameLine(ev as FrameEvent));
      return emit.call(this, type, ev);
    });
    const r = Engine.replay('plaintext', 8, e.st.inputLog);
    r.runToIdle();
    expect(replayed).toHaveLength(original.length);
    expect(replayed).toEqual(original);
    expect(r.st.inputLog).toEqual(e.st.inputLog);
    expect(r.snapshot()).toEqual(e.snapshot());
  });
});

describe('routing modes', () => {
  function run(routing: 'native' | 'tunnel') {
    const e = Engine.create('plaintext', 12);
    if (routing === 'tunnel') expect(e.input({ kind: 'set-routing', routing })).toBeNull();
    e.runUntil(EPOCH_US); // applies the input before any scripted traffic
    const eth0 = record(e, 'node-1:eth0');
    const exits: number[] = [];
    e.events.on('exit', (x) => {
      if (x.host === 'web/frontend') exits.push(x.code);
    });
    e.runToIdle();
    return { e, eth0, exits };
  }

  it('native routing: pod-to-pod TCP is plain on node-1:eth0, with no VXLAN', () => {
    const { e, eth0, exits } = run('native');
    const fe = podIp(e, 'frontend'), be = podIp(e, 'backend');
    const ips = eth0.frames.map((f) => ipv4Of(f.frame)).filter((p) => p !== null);
    expect(ips.some((p) => p.proto === PROTO_TCP && p.src === fe && p.dst === be)).toBe(true);
    expect(ips.some((p) => p.proto === PROTO_TCP && p.src === be && p.dst === fe)).toBe(true);
    expect(ips.filter((p) => p.proto === PROTO_UDP)).toEqual([]);
    expect(e.st.ifaces['node-1:cilium_vxlan']).toBeUndefined();
    expect(exits).toEqual([0, 0]); // curl and ping
  });

  it('tunnel routing: every IPv4 frame on node-1:eth0 is VXLAN on UDP 8472 between node IPs, carrying the pod packets', () => {
    const { e, eth0, exits } = run('tunnel');
    const fe = podIp(e, 'frontend'), be = podIp(e, 'backend');
    const n1 = parseIp('192.168.61.11'), n2 = parseIp('192.168.61.12');
    const identity = (name: string) => e.st.cluster.pods.find((p) => p.name === name)!.identity;
    const inner: { src: number; proto: number; flags?: number }[] = [];
    let ipFrames = 0;
    for (const f of eth0.frames) {
      expect(f.frame.length).toBeLessThanOrEqual(1514);
      const ip = ipv4Of(f.frame);
      if (!ip) continue;
      ipFrames++;
      expect(ip.proto).toBe(PROTO_UDP);
      expect([ip.src, ip.dst].sort()).toEqual([n1, n2].sort());
      const udp = parseUdp(ip.src, ip.dst, ip.payload)!;
      expect(udp.dport).toBe(CILIUM_VXLAN_PORT);
      expect(u16(ip.payload, 6)).toBe(0); // Linux sends VXLAN over IPv4 without a UDP checksum
      const vx = parseVxlan(udp.payload)!;
      const p = ipv4Of(vx.inner)!;
      expect([p.src, p.dst].sort()).toEqual([fe, be].sort());
      expect(vx.vni).toBe(identity(p.src === fe ? 'frontend' : 'backend'));
      inner.push({ src: p.src, proto: p.proto, flags: p.proto === PROTO_TCP ? parseTcp(p.src, p.dst, p.payload)!.flags : undefined });
    }
    expect(ipFrames).toBeGreaterThan(10);
    expect(inner.some((p) => p.proto === PROTO_TCP && p.flags === SYN && p.src === fe)).toBe(true);
    expect(inner.some((p) => p.proto === PROTO_ICMP && p.src === be)).toBe(true);
    expect(e.st.ifaces['node-1:cilium_vxlan']).toBeDefined();
    expect(exits).toEqual([0, 0]);
  });
});

describe('same-node traffic', () => {
  it('default/app-a -> app-b on node-3 shows on node-3:lxc-app-a but never on node-3:eth0', () => {
    const e = Engine.create('plaintext', 13);
    const eth0 = record(e, 'node-3:eth0');
    const lxc = record(e, 'node-3:lxc-app-a');
    e.runToIdle();
    const a = podIp(e, 'app-a'), b = podIp(e, 'app-b');
    const vip = parseIp(e.st.cluster.services.find((s) => s.name === 'app-b')!.clusterIP);
    const touches = (rec: Recording) => rec.frames.some((f) => {
      const ip = ipv4Of(f.frame);
      return ip !== null && [a, b, vip].some((x) => x === ip.src || x === ip.dst);
    });
    expect(eth0.frames.length).toBeGreaterThan(0); // the underlay is not silent (ARP broadcasts arrive)
    expect(touches(eth0)).toBe(false);
    expect(touches(lxc)).toBe(true);
    // The pod's own veth sees the service address: translation happens after the lxc device.
    const syn = lxc.frames.map((f) => ipv4Of(f.frame)).find((ip) => ip?.proto === PROTO_TCP && parseTcp(ip.src, ip.dst, ip.payload)!.flags === SYN)!;
    expect([syn.src, syn.dst, parseTcp(syn.src, syn.dst, syn.payload)!.dport]).toEqual([a, vip, 80]);
    expect(lxc.frames.filter((f) => f.dir === 'in').length).toBeGreaterThan(0);
    expect(lxc.frames.filter((f) => f.dir === 'out').length).toBeGreaterThan(0);
  });
});

describe('MTU', () => {
  // The largest IPv4 packet anywhere: a full pod segment (1370), in VXLAN (+50), in WireGuard (padded to 16, +60),
  // in ESP (+20 outer, 8 header, 8 IV, 2 trailer padded to 4, 16 ICV).
  it.each([
    ['plaintext', 'native', 1370], ['plaintext', 'tunnel', 1420],
    ['cilium-wireguard', 'native', 1436], ['cilium-wireguard', 'tunnel', 1480], ['calico-wireguard', 'native', 1436],
    ['cilium-ipsec', 'native', 1424], ['cilium-ipsec-pertunnel', 'native', 1424],
  ] as const)('%s, %s routing: every frame at every point fits its link MTU, nothing is dropped, nothing fragments', (scenario, routing, expected) => {
    const e = Engine.create(scenario, 21, { routing });
    const frames: FrameEvent[] = [];
    const drops: string[] = [];
    e.events.on('frame', (f) => frames.push(f));
    e.events.on('drop', (d) => drops.push(`${d.point}: ${d.reason}`));
    e.runToIdle();
    expect(drops).toEqual([]);
    let largest = 0;
    for (const f of frames) {
      const iface = e.st.ifaces[f.point];
      const l3 = f.linkType === 1 ? f.frame.length - 14 : f.frame.length;
      expect(l3, `${f.point} frame of ${f.frame.length} bytes`).toBeLessThanOrEqual(iface.mtu);
      largest = Math.max(largest, l3);
      const ipBytes = f.linkType === 1 ? f.frame.subarray(14) : f.frame;
      // More-fragments flag and fragment offset are both zero on every IPv4 packet.
      if ((f.linkType !== 1 || u16(f.frame, 12) === ETHERTYPE_IPV4)) expect(u16(ipBytes, 6) & 0x3fff, `${f.point} fragment bits`).toBe(0);
    }
    expect(largest).toBe(expected);
  });

  it('a frame larger than its interface MTU is dropped with a reason, not sent', () => {
    const e = Engine.create('plaintext', 21);
    e.st.ifaces['node-2:eth0'].mtu = 1000; // the node's NIC, not the pod: the pods still negotiate MSS 1330
    const drops: string[] = [];
    e.events.on('drop', (d) => drops.push(`${d.point}: ${d.reason}`));
    e.runToIdle();
    expect(drops).toContain('node-2:eth0: 1370-byte packet exceeds MTU 1000');
  });
});

describe('VXLAN outer source port', () => {
  it('is the same in both directions of a flow (a symmetric flow hash) and in the ephemeral range', () => {
    const e = Engine.create('plaintext', 9, { routing: 'tunnel' });
    const rec = record(e, 'node-1:eth0');
    e.runToIdle();
    const byInner = new Map<string, Set<number>>();
    for (const f of rec.frames) {
      const ip = ipv4Of(f.frame);
      if (!ip || ip.proto !== PROTO_UDP) continue;
      const udp = parseUdp(ip.src, ip.dst, ip.payload)!;
      const inner = parseIpv4(parseEthernet(parseVxlan(udp.payload)!.inner)!.payload)!;
      const key = [inner.src, inner.dst].sort().join('-') + `/${inner.proto}`;
      (byInner.get(key) ?? byInner.set(key, new Set()).get(key)!).add(udp.sport);
      expect(udp.sport).toBeGreaterThanOrEqual(32768);
      expect(udp.sport).toBeLessThanOrEqual(60999);
    }
    expect(byInner.size).toBeGreaterThanOrEqual(2); // the HTTP flow and the ping
    for (const [flow, ports] of byInner) expect([flow, ports.size]).toEqual([flow, 1]);
  });
});

describe('Ethernet minimum frame size', () => {
  it('the sender captures a 42-byte ARP request as built, receivers get it padded to 60 bytes', () => {
    const e = Engine.create('plaintext', 4);
    const sent = record(e, 'node-1:eth0');
    const got = record(e, 'node-2:eth0');
    e.runToIdle();
    const isArp = (f: { frame: Uint8Array }) => u16(f.frame, 12) === 0x0806;
    const out = sent.frames.filter((f) => f.dir === 'out' && isArp(f));
    const inn = got.frames.filter((f) => f.dir === 'in' && isArp(f));
    expect(out.map((f) => f.frame.length)).toContain(42);
    expect(inn.length).toBeGreaterThan(0);
    for (const f of inn) {
      expect(f.frame.length).toBe(60);
      expect(f.frame.subarray(42).every((b) => b === 0)).toBe(true);
    }
  });
});
