/**
 * WireGuard in the lab's datapath: what each capture point shows (only UDP 51871/51820 on the underlay, plaintext
 * on the device, same-node traffic untouched), keys published where the CNI publishes them, turning encryption on
 * and off at runtime through the configuration objects, and a tampered or replayed datagram on the wire dropped
 * with its reason while TCP recovers.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../sim/engine';
import { SECOND } from '../sim/clock';
import { storedObject, withModelMeta } from '../sim/objects';
import { toBase64 } from '../sim/base64';
import { parseEthernet } from '../net/packet/ethernet';
import { parseIpv4, PROTO_UDP } from '../net/packet/ipv4';
import { LinkType } from '../net/dissect/tree';
import type { SimEvent } from '../sim/state';
import type { DropEvent, FrameEvent } from '../sim/events';
import { CILIUM_CONFIG, FELIX_CONFIG } from './encryptionConfig';
import { CALICO_WG_ANNOTATION, CILIUM_WG_ANNOTATION } from './encryption';

const CURL = ['curl', '-s', 'http://backend.bank.svc.cluster.local:8080/api/accounts/1042/transactions'];

function watch(e: Engine) {
  const frames: FrameEvent[] = [];
  const drops: DropEvent[] = [];
  const exits: number[] = [];
  e.events.on('frame', (f) => frames.push(f));
  e.events.on('drop', (d) => drops.push(d));
  const curls = new Set<string>();
  e.events.on('output', (o) => e.st.apps[o.app]?.kind === 'curl' && o.host === 'web/frontend' && curls.add(o.app));
  e.events.on('exit', (x) => curls.has(x.app) && exits.push(x.code));
  return { frames, drops, exits, at: (point: string) => frames.filter((f) => f.point === point) };
}

/** IPv4 of an Ethernet frame (undefined for ARP). */
const ipOf = (frame: Uint8Array) => {
  const eth = parseEthernet(frame);
  return eth && eth.ethertype === 0x0800 ? parseIpv4(eth.payload) ?? undefined : undefined;
};
const udpDport = (ip: { proto: number; payload: Uint8Array }): number | undefined => (ip.proto === PROTO_UDP ? (ip.payload[2] << 8) | ip.payload[3] : undefined);

describe('cilium-wireguard datapath', () => {
  it('puts only WireGuard on the underlay, plaintext on cilium_wg0, and leaves same-node traffic alone', () => {
    const e = Engine.create('cilium-wireguard', 7);
    const w = watch(e);
    e.runToIdle();
    expect(w.exits).toEqual([0]);
    for (const point of ['node-1:eth0', 'node-2:eth0', 'node-3:eth0']) {
      for (const f of w.at(point)) {
        const ip = ipOf(f.frame);
        if (ip) expect(udpDport(ip), `${point}: ${ip.proto}`).toBe(51871);
      }
    }
    const sizes = w.at('node-1:eth0').map((f) => ipOf(f.frame)).filter((ip) => ip).map((ip) => ip!.payload.length - 8);
    expect(sizes).toContain(148); // initiation
    expect(sizes).toContain(92); // response
    expect(sizes.every((n) => n === 148 || n === 92 || n === 64 || (n >= 32 && n % 16 === 0))).toBe(true);
    // The device shows the inner packets in the clear, as raw IP.
    const wg0 = w.at('node-1:cilium_wg0');
    expect(wg0.length).toBeGreaterThan(10);
    expect(wg0.every((f) => f.linkType === LinkType.RAW)).toBe(true);
    const text = wg0.map((f) => new TextDecoder('latin1').decode(f.frame)).join('');
    expect(text).toContain('GET /api/accounts/1042/transactions HTTP/1.1');
    expect(text).toContain('HTTP/1.1 200 OK');
    // app-a -> app-b stays on node-3 in plaintext and never reaches the device or the wire.
    expect(w.at('node-3:eth0').filter((f) => ipOf(f.frame))).toEqual([]);
    expect(w.at('node-3:lxc-app-a').length).toBeGreaterThan(0);
    expect(w.at('node-3:cilium_wg0')).toEqual([]);
    expect(w.drops.filter((d) => !d.reason.startsWith('WireGuard')).map((d) => d.reason)).toEqual([]);
  });

  it('publishes each node key as the CiliumNode annotation and lists the other nodes as peers', () => {
    const e = Engine.create('cilium-wireguard', 3);
    for (const n of e.st.cluster.nodes) {
      const cn = storedObject(e.st, { apiVersion: 'cilium.io/v2', objKind: 'CiliumNode', name: n.name })!;
      const ann = (cn.metadata as { annotations: Record<string, string> }).annotations;
      expect(ann[CILIUM_WG_ANNOTATION]).toBe(toBase64(e.st.wg![n.name].device.publicKey));
      expect(e.st.wg![n.name].device.peers.length).toBe(2);
      expect(e.st.ifaces[`${n.name}:cilium_wg0`].mtu).toBe(1420);
    }
    const peerOfNode2 = e.st.wg!['node-1'].device.peers.find((p) => p.endpoint?.port === 51871 && p.allowedIps.some((a) => a.bits === 32))!;
    expect(peerOfNode2).toBeDefined();
  });

  it('a flipped bit and a replayed datagram are dropped with their reasons; TCP recovers', () => {
    const e = Engine.create('cilium-wireguard', 11);
    const w = watch(e);
    let tampered = false;
    let replayed = false;
    const isData = (ev: SimEvent): ev is Extract<SimEvent, { k: 'deliver' }> => {
      if (ev.k !== 'deliver' || ev.iface !== 'node-2:eth0') return false;
      const ip = ipOf(ev.frame);
      return !!ip && udpDport(ip) === 51871 && ip.payload[8] === 4 && ip.payload.length > 8 + 32;
    };
    while (e.step()) {
      for (const item of e.st.queue.heap) {
        if (!isData(item.ev)) continue;
        if (!tampered) {
          item.ev.frame = item.ev.frame.slice();
          item.ev.frame[item.ev.frame.length - 20] ^= 0x01;
          item.ev.frame.fill(0, 14 + 20 + 6, 14 + 20 + 8); // as an attacker would: no UDP checksum to give it away
          tampered = true;
        } else if (!replayed && w.drops.length > 0) {
          e.schedule(2000, { k: 'deliver', iface: 'node-2:eth0', frame: item.ev.frame.slice(), trace: item.ev.trace });
          replayed = true;
        }
      }
    }
    expect(tampered && replayed).toBe(true);
    const reasons = w.drops.map((d) => `${d.point}: ${d.reason}`);
    expect(reasons.some((r) => r.startsWith('node-2:') && /authenticat|tamper/i.test(r)), reasons.join('\n')).toBe(true);
    expect(reasons.some((r) => r.startsWith('node-2:') && /replay/i.test(r)), reasons.join('\n')).toBe(true);
    expect(w.exits).toEqual([0]);
  });
});

describe('turning WireGuard on and off at runtime', () => {
  it('cilium: patching cilium-config creates the devices a few seconds later; the next request is encrypted; off removes them', () => {
    const e = Engine.create('plaintext', 5);
    e.runToIdle();
    expect(e.st.wg).toBeUndefined();
    const patch = (v: string) => e.input({ kind: 'patch', ...CILIUM_CONFIG, patchType: 'merge', patch: { data: { 'enable-wireguard': v } } });
    expect(patch('true')).toBeNull();
    e.runFor(1 * SECOND);
    expect(e.st.wg).toBeUndefined(); // the agent has not reacted yet
    e.runFor(3 * SECOND);
    expect(Object.keys(e.st.wg!)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(e.st.ifaces['node-1:cilium_wg0']).toBeDefined();
    const key = toBase64(e.st.wg!['node-1'].device.publicKey);
    const w = watch(e);
    e.input({ kind: 'exec', target: 'web/frontend', argv: CURL });
    e.runToIdle();
    expect(w.exits).toEqual([0]);
    const underlay = w.at('node-1:eth0').map((f) => ipOf(f.frame)).filter((ip) => ip);
    expect(underlay.length).toBeGreaterThan(0);
    expect(underlay.every((ip) => udpDport(ip!) === 51871)).toBe(true);

    expect(patch('false')).toBeNull();
    e.runFor(4 * SECOND);
    expect(e.st.wg).toBeUndefined();
    expect(e.st.ifaces['node-1:cilium_wg0']).toBeUndefined();
    const cn = storedObject(e.st, { apiVersion: 'cilium.io/v2', objKind: 'CiliumNode', name: 'node-1' })!;
    expect((cn.metadata as { annotations?: Record<string, string> }).annotations?.[CILIUM_WG_ANNOTATION]).toBeUndefined();
    const w2 = watch(e);
    e.input({ kind: 'exec', target: 'web/frontend', argv: CURL });
    e.runToIdle();
    expect(w2.at('node-1:eth0').some((f) => ipOf(f.frame)?.proto === 6)).toBe(true);
    // On again: the key file survived, so the public key is the same.
    patch('true');
    e.runFor(4 * SECOND);
    expect(toBase64(e.st.wg!['node-1'].device.publicKey)).toBe(key);
  });

  it('calico: FelixConfiguration wireguardEnabled toggles wireguard.cali on UDP 51820 and the Node annotation', () => {
    const e = Engine.create('calico-wireguard', 5);
    expect(e.st.ifaces['node-1:wireguard.cali'].addrs.length).toBe(1);
    expect(e.st.hosts['node-1'].ifaces.some((i) => /^node-1:cali[0-9a-f]{11}$/.test(i))).toBe(true);
    const ann = withModelMeta(e.st, { apiVersion: 'v1', objKind: 'Node', name: 'node-2' }, {}, {}).annotations;
    expect(ann[CALICO_WG_ANNOTATION]).toBe(toBase64(e.st.wg!['node-2'].device.publicKey));
    const w = watch(e);
    e.runToIdle();
    expect(w.exits).toEqual([0]);
    expect(w.at('node-1:eth0').map((f) => ipOf(f.frame)).filter((ip) => ip).every((ip) => udpDport(ip!) === 51820)).toBe(true);
    e.input({ kind: 'patch', ...FELIX_CONFIG, patchType: 'merge', patch: { spec: { wireguardEnabled: false } } });
    e.runFor(2 * SECOND);
    expect(e.st.wg).toBeUndefined();
    expect(withModelMeta(e.st, { apiVersion: 'v1', objKind: 'Node', name: 'node-2' }, {}, {}).annotations[CALICO_WG_ANNOTATION]).toBeUndefined();
  });

  it('cilium encrypt-node: node-to-node traffic goes through WireGuard only once it is turned on', () => {
    const e = Engine.create('cilium-wireguard', 4);
    e.runToIdle();
    const node2 = e.st.cluster.nodes[1].ip;
    const pingProtos = () => {
      const w = watch(e);
      e.input({ kind: 'exec', target: 'node-1', argv: ['ping', '-c', '1', node2] });
      e.runToIdle();
      return w.frames.filter((f) => f.point === 'node-1:eth0').map((f) => ipOf(f.frame)).filter((ip) => ip).map((ip) => udpDport(ip!) ?? ip!.proto);
    };
    expect(pingProtos()).toEqual([1, 1]); // ICMP in clear: node encryption is off by default
    e.input({ kind: 'patch', ...CILIUM_CONFIG, patchType: 'merge', patch: { data: { 'encrypt-node': 'true' } } });
    e.runFor(4 * SECOND);
    expect(e.st.wg!['node-1'].nodeEncryption).toBe(true);
    const after = pingProtos();
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after.every((p) => p === 51871)).toBe(true);
  });

  it('a snapshot taken mid-conversation continues to the same bytes', () => {
    const a = Engine.create('cilium-wireguard', 9);
    a.runFor(300_000);
    const b = Engine.create('cilium-wireguard', 9);
    b.restore(a.snapshot());
    const fa: string[] = [], fb: string[] = [];
    a.events.on('frame', (f) => fa.push(`${f.t} ${f.point} ${toBase64(f.frame)}`));
    b.events.on('frame', (f) => fb.push(`${f.t} ${f.point} ${toBase64(f.frame)}`));
    a.runToIdle();
    b.runToIdle();
    expect(fb.length).toBeGreaterThan(20);
    expect(fb).toEqual(fa);
  });
});
