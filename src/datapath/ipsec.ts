/**
 * Cilium IPsec on the nodes (Cilium 1.16, native routing): ESP tunnel mode between the nodes' `cilium_host`
 * addresses, one xfrm state per remote node and direction per key (FIDELITY.md §2). The key comes from the
 * `cilium-ipsec-keys` Secret (`<id>[+] rfc4106(gcm(aes)) <hex> 128`); the SPI is the key id. Without `+` every
 * pair shares the global key, with ESN off and replay window 0; with `+` each pair and direction derives its own
 * key, with ESN on and a 1024-packet replay window (Cilium's settings for per-tunnel states).
 *
 * The ESP itself is src/crypto/ipsec (bytes in, bytes out); this file keeps each node's states, picks the state a
 * packet leaves with, and counts what the kernel would count in /proc/net/xfrm_stat when a packet is dropped.
 *
 * Key rotation: each agent picks a Secret change up on its own (src/datapath/ipsecAgent.ts); a node with a new key
 * id installs states for it next to the old ones and keeps accepting both; it sends to a peer with the newest key
 * that peer also advertises (CiliumNode `spec.encryption.key`), so a proper rotation drops nothing, and retires
 * the old states after the rotation duration. A new key under the same id replaces the states in place, and until
 * every agent has it the two ends disagree: ICV failures (XfrmInStateProtoError), as on a real cluster.
 */
import type { Sim } from '../sim/sim';
import type { Host, Iface, SimState } from '../sim/state';
import * as esp from '../crypto/ipsec';
import { drop, receiveIp, sendIpRaw } from '../net/host';
import { buildIpv4, PROTO_ESP, type Ipv4Packet } from '../net/packet/ipv4';
import { parseIp, fmtIp } from '../net/addr';
import { fnv1a } from './hash';

export interface IpsecKey {
  spi: number;
  perTunnel: boolean;
  keyMaterial: Uint8Array;
  icvBits: 64 | 96 | 128;
}

export interface IpsecNode {
  /** The keys this agent holds, newest first (two during a rotation). */
  keys: IpsecKey[];
  /** Its xfrm states: out (src is this node's cilium_host address) and in. */
  states: esp.XfrmState[];
  /** /proc/net/xfrm_stat. */
  errors: Partial<Record<esp.XfrmCounter, number>>;
}

export const IPSEC_ROTATION_DURATION = 5 * 60 * 1_000_000;
/** Time the kernel takes to encrypt or decrypt a packet (µs). */
const CRYPTO_DELAY = 5;
const MARK_ENCRYPT = 0xe00;
const MARK_DECRYPT = 0xd00;

/** Cilium's 16-bit node id for a node, as marks carry it (stable per node here). */
export const nodeId = (ip: string): number => (fnv1a([parseIp(ip)]) % 0xfffe) + 1;

const nodeOf = (sim: Sim, name: string) => sim.st.cluster.nodes.find((n) => n.name === name)!;

/** The key material of one direction of a pair: the global key, or the per-tunnel derivation. */
function pairKey(sim: Sim, k: IpsecKey, from: string, to: string): Uint8Array {
  if (!k.perTunnel) return k.keyMaterial;
  const a = nodeOf(sim, from), b = nodeOf(sim, to);
  return esp.deriveTunnelKey(k.keyMaterial, parseIp(a.ip), parseIp(b.ip), a.bootId, b.bootId);
}

/** The in and out states of `node` towards `remote` for one key. */
function statesFor(sim: Sim, node: string, remote: string, k: IpsecKey): esp.XfrmState[] {
  const l = nodeOf(sim, node), r = nodeOf(sim, remote);
  const common = { spi: k.spi, icvBits: k.icvBits, esn: k.perTunnel, replayWindow: k.perTunnel ? 1024 : 0, now: sim.now, rand: (n: number) => sim.bytes(n) };
  const out = esp.createState({
    ...common, src: parseIp(l.routerIp), dst: parseIp(r.routerIp), keyMaterial: pairKey(sim, k, node, remote),
    mark: { value: ((nodeId(r.ip) << 16) | (k.spi << 12) | MARK_ENCRYPT) >>> 0, mask: 0xffffff00 },
    outputMark: { value: MARK_ENCRYPT, mask: 0xffffff00 },
  });
  const inn = esp.createState({
    ...common, src: parseIp(r.routerIp), dst: parseIp(l.routerIp), keyMaterial: pairKey(sim, k, remote, node),
    mark: { value: ((nodeId(r.ip) << 16) | MARK_DECRYPT) >>> 0, mask: 0xffff0f00 },
    outputMark: { value: MARK_DECRYPT, mask: 0xffffff00 },
  });
  return [out, inn];
}

/** Installs a key on a node: states towards every other node (replacing states of the same SPI). */
export function installKey(sim: Sim, node: string, k: IpsecKey): void {
  const ip = ((sim.st.ipsec ??= {})[node] ??= { keys: [], states: [], errors: {} });
  ip.keys = [k, ...ip.keys.filter((x) => x.spi !== k.spi)].slice(0, 2);
  ip.states = ip.states.filter((s) => s.spi !== k.spi);
  for (const r of sim.st.cluster.nodes) {
    if (r.name === node) continue;
    const made = statesFor(sim, node, r.name, k);
    ip.states.push(...made);
    const lines = ((sim.st.keylog ??= { wg: [], tls: [] }).esp ??= []);
    for (const s of made) {
      const line = esp.formatEspSaUat(s);
      if (!lines.includes(line)) lines.push(line);
    }
  }
}

/** Drops a retired key's states (the rotation duration is over). */
export function retireKey(sim: Sim, node: string, spi: number): void {
  const ip = sim.st.ipsec?.[node];
  if (!ip || ip.keys[0]?.spi === spi) return;
  ip.keys = ip.keys.filter((k) => k.spi !== spi);
  ip.states = ip.states.filter((s) => s.spi !== spi);
}

/** Removes IPsec from a node. */
export function ipsecDown(sim: Sim, node: string): void {
  if (!sim.st.ipsec?.[node]) return;
  delete sim.st.ipsec[node];
  if (Object.keys(sim.st.ipsec).length === 0) delete sim.st.ipsec;
}

/** The SPI `node` sends to `remote` with: its newest key the remote also holds, else its newest (reads st only). */
export function outSpi(st: SimState, node: string, remote: string): number | undefined {
  const mine = st.ipsec?.[node]?.keys ?? [];
  const theirs = new Set((st.ipsec?.[remote]?.keys ?? []).map((k) => k.spi));
  return (mine.find((k) => theirs.has(k.spi)) ?? mine[0])?.spi;
}

function count(ip: IpsecNode, c: esp.XfrmCounter): void {
  ip.errors[c] = (ip.errors[c] ?? 0) + 1;
}

/** Encrypts a pod packet bound for a remote node's pod and sends it as ESP between the cilium_host addresses. */
export function ipsecSend(sim: Sim, node: Host, remote: string, pkt: Uint8Array, trace: number, delay: number): void {
  const ip = sim.st.ipsec![node.id];
  const l = nodeOf(sim, node.id), r = nodeOf(sim, remote);
  const spi = outSpi(sim.st, node.id, remote);
  const dst = parseIp(r.routerIp);
  const sa = ip.states.find((s) => s.spi === spi && s.dst === dst);
  const eth0 = sim.st.ifaces[`${node.id}:eth0`];
  if (!sa) return drop(sim, eth0, `IPsec: no xfrm state towards ${fmtIp(dst)} (XfrmOutNoStates)`, pkt, trace);
  const r2 = esp.espEncrypt(sa, pkt, sim.now);
  if (!r2.ok) {
    count(ip, r2.counter);
    return drop(sim, eth0, `${r2.reason} (${r2.counter})`, pkt, trace);
  }
  node.ipId = (node.ipId + 1) & 0xffff;
  const outer = buildIpv4({ src: parseIp(l.routerIp), dst, proto: PROTO_ESP, ttl: 64, id: node.ipId, df: (pkt[6] & 0x40) !== 0 }, r2.esp);
  sendIpRaw(sim, node, outer, trace, delay + CRYPTO_DELAY);
}

/** An ESP packet addressed to this node's cilium_host: find the state by (destination, SPI), decrypt, forward. */
export function ipsecReceive(sim: Sim, node: Host, iface: Iface, ipv4: Ipv4Packet, frame: Uint8Array, trace: number): void {
  const ip = sim.st.ipsec?.[node.id];
  const hdr = esp.parseEspHeader(ipv4.payload);
  const spiText = hdr ? `0x${hdr.spi.toString(16).padStart(8, '0')}` : '';
  if (!ip || !hdr) {
    if (ip) count(ip, 'XfrmInHdrError');
    return drop(sim, iface, hdr ? `IPsec: no xfrm state for SPI ${spiText} (XfrmInNoStates)` : 'IPsec: malformed ESP header (XfrmInHdrError)', frame, trace);
  }
  const sa = ip.states.find((s) => s.spi === hdr.spi && s.dst === ipv4.dst);
  if (!sa) {
    count(ip, 'XfrmInNoStates');
    return drop(sim, iface, `IPsec: no xfrm state for SPI ${spiText} to ${fmtIp(ipv4.dst)} (XfrmInNoStates)`, frame, trace);
  }
  const r = esp.espDecrypt(sa, ipv4.payload.slice(), sim.now);
  if (!r.ok) {
    count(ip, r.counter);
    return drop(sim, iface, `${r.reason} (${r.counter})`, frame, trace);
  }
  if (r.nextHeader !== 4) {
    count(ip, 'XfrmInStateProtoError');
    return drop(sim, iface, `IPsec: tunnel-mode payload is protocol ${r.nextHeader}, not IPv4 (XfrmInStateProtoError)`, frame, trace);
  }
  const inner = r.inner;
  sim.schedule(CRYPTO_DELAY, { k: 'reinject', iface: iface.id, pkt: inner, trace });
}

/** Delivers a decrypted packet to the stack (the reinject event, after the decryption time). */
export function ipsecReinject(sim: Sim, ifaceId: string, pkt: Uint8Array, trace: number): void {
  const iface = sim.st.ifaces[ifaceId];
  if (iface) receiveIp(sim, iface, pkt, pkt, trace);
}
