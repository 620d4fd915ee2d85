/**
 * Cilium IPsec in the lab's datapath: ESP between the cilium_host addresses with SPI = key id, the two key formats
 * (global: replay window 0, so a replayed packet is decrypted and TCP drops the duplicate; per-tunnel: ESN, a
 * window, replays counted as XfrmInStateSeqError), key rotation without a single drop, a key changed without a new
 * id breaking traffic with XfrmInStateProtoError until every agent has it, and bad Secrets changing nothing.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../sim/engine';
import { SECOND } from '../sim/clock';
import { textToBase64 } from '../sim/base64';
import { parseEthernet } from '../net/packet/ethernet';
import { parseIpv4, PROTO_ESP } from '../net/packet/ipv4';
import type { DropEvent, FrameEvent } from '../sim/events';
import type { SimEvent } from '../sim/state';
import { formatKeySpec } from '../crypto/ipsec';
import { IPSEC_SECRET } from './encryptionConfig';
import { IPSEC_SPREAD } from './ipsecAgent';
import { IPSEC_ROTATION_DURATION } from './ipsec';

const CURL = ['curl', '-s', '-m', '120', 'http://backend.bank.svc.cluster.local:8080/api/accounts/1042/transactions'];

function watch(e: Engine) {
  const frames: FrameEvent[] = [];
  const drops: DropEvent[] = [];
  const exits: number[] = [];
  const curls = new Set<string>();
  e.events.on('frame', (f) => frames.push(f));
  e.events.on('drop', (d) => drops.push(d));
  e.events.on('output', (o) => e.st.apps[o.app]?.kind === 'curl' && o.host === 'web/frontend' && curls.add(o.app));
  e.events.on('exit', (x) => (curls.has(x.app) || (x.host === 'web/frontend' && x.code !== 0)) && exits.push(x.code));
  return { frames, drops, exits };
}

const ipOf = (frame: Uint8Array) => {
  const eth = parseEthernet(frame);
  return eth && eth.ethertype === 0x0800 ? parseIpv4(eth.payload) ?? undefined : undefined;
};
const spiOf = (ip: { payload: Uint8Array }): number => ((ip.payload[0] << 24) | (ip.payload[1] << 16) | (ip.payload[2] << 8) | ip.payload[3]) >>> 0;
const setKey = (e: Engine, id: number, fill: number, plus = false) =>
  e.input({ kind: 'patch', ...IPSEC_SECRET, patchType: 'merge', patch: { data: { keys: textToBase64(formatKeySpec({ id, perTunnel: plus, keyMaterial: new Uint8Array(20).fill(fill), icvBits: 128 })) } } });

describe('cilium-ipsec datapath', () => {
  it('sends pod traffic between nodes as ESP SPI 3 between the cilium_host addresses, and nothing else', () => {
    const e = Engine.create('cilium-ipsec', 7);
    const w = watch(e);
    e.runToIdle();
    expect(w.exits).toEqual([0]);
    const n1 = e.st.cluster.nodes[0], n2 = e.st.cluster.nodes[1];
    const ips = w.frames.filter((f) => f.point.endsWith(':eth0') && f.point.startsWith('node-')).map((f) => ipOf(f.frame)).filter((x) => x);
    expect(ips.length).toBeGreaterThan(10);
    for (const ip of ips) {
      expect(ip!.proto).toBe(PROTO_ESP);
      expect(spiOf(ip!)).toBe(3);
    }
    expect(ips.some((ip) => ip!.src === ipNum(n1.routerIp) && ip!.dst === ipNum(n2.routerIp))).toBe(true);
    expect(w.drops).toEqual([]);
    const out = e.st.ipsec!['node-1'].states.filter((s) => s.src === ipNum(n1.routerIp));
    expect(out.length).toBe(2);
    expect(out.every((s) => s.replayWindow === 0 && !s.esn)).toBe(true);
    expect(Math.max(...out.map((s) => s.oseq))).toBeGreaterThan(5);
  });

  it('global key: a replayed ESP packet is decrypted again (replay-window 0) and TCP drops the duplicate', () => {
    const { drops, replayed } = replayOne('cilium-ipsec');
    expect(replayed).toBe(true);
    expect(drops.filter((d) => /ESP|IPsec/.test(d.reason))).toEqual([]);
  });

  it('per-tunnel keys: ESN and a 1024 window; a replay is dropped and counted as XfrmInStateSeqError', () => {
    const { drops, replayed, e } = replayOne('cilium-ipsec-pertunnel');
    expect(replayed).toBe(true);
    expect(drops.map((d) => d.reason)).toEqual([expect.stringMatching(/^ESP: replayed sequence number 0x[0-9a-f]+ \(XfrmInStateSeqError\)$/)]);
    expect(e.st.ipsec!['node-2'].errors.XfrmInStateSeqError).toBe(1);
    const s = e.st.ipsec!['node-2'].states;
    expect(s.every((x) => x.esn && x.replayWindow === 1024)).toBe(true);
    expect(new Set(s.map((x) => Array.from(x.key).join())).size).toBe(s.length);
  });

  it('a key rotation (id 3 -> 4) drops nothing, moves traffic to SPI 4 with sequence numbers from 1, and retires SPI 3', () => {
    const e = Engine.create('cilium-ipsec', 3);
    e.runToIdle();
    const w = watch(e);
    expect(setKey(e, 4, 0x11)).toBeNull();
    // Requests while the agents pick the new key up one after the other.
    for (let i = 0; i < 4; i++) {
      e.input({ kind: 'exec', target: 'web/frontend', argv: CURL });
      e.runFor(IPSEC_SPREAD / 2);
    }
    e.runFor(3 * IPSEC_SPREAD);
    expect(e.st.ipsec!['node-1'].keys.map((k) => k.spi)).toEqual([4, 3]);
    e.input({ kind: 'exec', target: 'web/frontend', argv: CURL });
    e.runFor(10 * SECOND);
    expect(w.drops.map((d) => d.reason)).toEqual([]);
    expect(w.exits).toEqual([0, 0, 0, 0, 0]);
    const last = w.frames.filter((f) => f.point === 'node-1:eth0' && f.dir === 'out').map((f) => ipOf(f.frame)).filter((x) => x?.proto === PROTO_ESP).at(-1)!;
    expect(spiOf(last)).toBe(4);
    const s4 = e.st.ipsec!['node-1'].states.find((s) => s.spi === 4 && s.oseq > 0)!;
    expect(s4.oseq).toBeLessThan(60);
    e.runFor(IPSEC_ROTATION_DURATION);
    expect(e.st.ipsec!['node-1'].keys.map((k) => k.spi)).toEqual([4]);
    expect(e.st.ipsec!['node-1'].states.every((s) => s.spi === 4)).toBe(true);
  });

  it('a new key under the same id breaks traffic with XfrmInStateProtoError until every agent has it', () => {
    const e = Engine.create('cilium-ipsec', 3);
    e.runToIdle();
    const w = watch(e);
    expect(setKey(e, 3, 0x22)).toBeNull();
    e.runFor(5 * SECOND); // node-1's agent has the new key; node-2's has not
    e.input({ kind: 'exec', target: 'web/frontend', argv: ['curl', '-s', '-m', '5', 'http://backend.bank.svc.cluster.local:8080/api/accounts/1042'] });
    e.runFor(10 * SECOND);
    expect(w.exits).toEqual([28]);
    expect(w.drops.length).toBeGreaterThan(0);
    expect(w.drops.every((d) => /ICV check failed.*XfrmInStateProtoError/.test(d.reason))).toBe(true);
    expect(e.st.ipsec!['node-2'].errors.XfrmInStateProtoError).toBeGreaterThan(0);
    e.runFor(3 * IPSEC_SPREAD);
    e.input({ kind: 'exec', target: 'web/frontend', argv: CURL });
    e.runFor(10 * SECOND);
    expect(w.exits).toEqual([28, 0]);
  });

  it('a Secret it cannot parse leaves the states as they were and is reported per node', () => {
    const e = Engine.create('cilium-ipsec', 3);
    e.runToIdle();
    const before = structuredClone(e.st.ipsec);
    e.input({ kind: 'patch', ...IPSEC_SECRET, patchType: 'merge', patch: { data: { keys: textToBase64('3 rfc4106(gcm(aes)) nothex 128') } } });
    e.runFor(4 * IPSEC_SPREAD);
    expect(e.st.ipsec).toEqual(before);
    expect(e.st.ipsecAgentErrors?.['node-1']).toMatch(/unable to load IPsec key: .*hex/);
  });

  it('refuses tunnel routing while IPsec runs, and so does a capture asked for it', () => {
    const e = Engine.create('cilium-ipsec', 3);
    expect(e.input({ kind: 'set-routing', routing: 'tunnel' })).toMatch(/native routing only/);
    expect(() => Engine.create('cilium-ipsec', 3, { routing: 'tunnel' })).toThrow(/native routing only/);
  });
});

function ipNum(s: string): number {
  return s.split('.').reduce((a, b) => (a << 8) + Number(b), 0) >>> 0;
}

/** Runs the scenario and delivers one ESP data packet to node-2 a second time. */
function replayOne(scenario: string) {
  const e = Engine.create(scenario, 11);
  const w = watch(e);
  let replayed = false;
  const isEsp = (ev: SimEvent): ev is Extract<SimEvent, { k: 'deliver' }> => ev.k === 'deliver' && ev.iface === 'node-2:eth0' && ipOf(ev.frame)?.proto === PROTO_ESP;
  while (e.step()) {
    if (replayed) continue;
    const item = e.st.queue.heap.find((i) => isEsp(i.ev));
    if (item && isEsp(item.ev) && item.ev.frame.length > 200) {
      e.schedule(3000, { k: 'deliver', iface: 'node-2:eth0', frame: item.ev.frame.slice(), trace: item.ev.trace });
      replayed = true;
    }
  }
  expect(w.exits).toEqual([0]);
  return { drops: w.drops, replayed, e };
}
