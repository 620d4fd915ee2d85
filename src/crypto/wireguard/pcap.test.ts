/**
 * Real kernel traffic: Wireshark's wireguard-ping-tcp.pcap and wireguard-psk.pcap with their published keys.
 * Every transport packet decrypts to the inner packet tshark shows (and re-encrypts to the same bytes), and a
 * responder device fed the captured messages at the captured times answers with the captured responses and
 * transport packets byte for byte (its RNG scripted with the published ephemeral keys and indexes).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../capture/pcapRead';
import { interopPath } from '../../testing/tools';
import { u32le } from './bytes';
import { createDevice, publicKeyOf, setPeer } from './device';
import { receive } from './receive';
import { send } from './send';
import { decryptTransport, encryptTransport, transportHeader } from './transport';
import type { WgAction, WgEndpoint } from './types';

interface Frame { frame_number: string; ip_src: string; udp_srcport: string; udp_payload: string; dec_decrypted_packet_hex?: string }
interface Golden {
  initiation_frame: number; initiator_static_private_b64: string; responder_static_private_b64: string;
  responder_ephemeral_private_b64: string; preshared_key_b64: string; responder_sender_index: number;
  derived_T_initiator_to_responder_hex: string; derived_T_responder_to_initiator_hex: string;
}

const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const golden = JSON.parse(readFileSync(interopPath('wireguard', 'wireguard-golden-handshakes.json'), 'utf8'));
const ipNum = (s: string): number => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);

/** UDP payloads and times of an Ethernet/IPv4/UDP capture. */
function udpPayloads(file: string): { tsUs: number; src: WgEndpoint; payload: Uint8Array }[] {
  const cap = readCapture(new Uint8Array(readFileSync(interopPath('wireguard', file))));
  expect(cap.interfaces[0].linkType).toBe(1);
  return cap.packets.map((p) => {
    const ip = 14, ihl = (p.data[ip] & 15) * 4, udp = ip + ihl;
    const len = (p.data[udp + 4] << 8) | p.data[udp + 5];
    const src = { ip: u32be(p.data, ip + 12), port: (p.data[udp] << 8) | p.data[udp + 1] };
    return { tsUs: p.tsUs, src, payload: p.data.slice(udp + 8, udp + len) };
  });
}
const u32be = (b: Uint8Array, o: number): number => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
const frames = (name: string): Frame[] => JSON.parse(readFileSync(interopPath('wireguard', `${name}.tshark-frames.json`), 'utf8')).frames;
/** The inner IPv4 packet without padding. */
const innerOf = (padded: Uint8Array): Uint8Array => padded.subarray(0, (padded[2] << 8) | padded[3]);

describe('wireguard-ping-tcp.pcap transport packets', () => {
  const pkts = udpPayloads('wireguard-ping-tcp.pcap');
  const tsh = frames('wireguard-ping-tcp');
  // Receiver index -> key: the initiator's index receives with T_recv_i (= T_r->i), the responder's with T_i->r.
  const keys = new Map<number, Uint8Array>();
  for (const [g, resp] of [[golden['wireguard-ping-tcp.pcap'][0], 2], [golden['wireguard-ping-tcp.pcap'][1], 14]] as const) {
    const r = pkts[resp - 1].payload;
    keys.set(u32le(r, 4), unhex(g.derived_T_initiator_to_responder_hex)); // responder's sender index
    keys.set(u32le(r, 8), unhex(g.derived_T_responder_to_initiator_hex)); // initiator's sender index
  }

  it('matches tshark frame for frame on the UDP payloads', () => {
    expect(pkts.map((p) => hex(p.payload))).toEqual(tsh.map((f) => f.udp_payload));
  });

  it('decrypts all 18 transport packets to tshark\'s inner packets and re-encrypts them byte for byte', () => {
    let n = 0;
    for (const [i, p] of pkts.entries()) {
      if (p.payload[0] !== 4) continue;
      n++;
      const { receiverIndex, counter } = transportHeader(p.payload);
      const key = keys.get(receiverIndex)!;
      const padded = decryptTransport(key, p.payload)!;
      expect(padded, `frame ${i + 1}`).toBeDefined();
      const inner = padded.length ? innerOf(padded) : padded;
      expect(hex(inner), `frame ${i + 1}`).toBe(tsh[i].dec_decrypted_packet_hex ?? '');
      expect(hex(encryptTransport(key, receiverIndex, counter, inner))).toBe(hex(p.payload));
      const tampered = p.payload.slice();
      tampered[tampered.length - 1] ^= 1;
      expect(decryptTransport(key, tampered)).toBeUndefined();
    }
    expect(n).toBe(18);
  });
});

/** An RNG that hands out the given chunks in order and checks their sizes. */
function scripted(chunks: Uint8Array[]): (n: number) => Uint8Array {
  return (n) => {
    const c = chunks.shift();
    if (!c || c.length !== n) throw new Error(`scripted rand: asked ${n} bytes, had ${c?.length}`);
    return c;
  };
}
const le32 = (n: number): Uint8Array => Uint8Array.of(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24);

describe('a responder device replays the captures', () => {
  it('wireguard-ping-tcp.pcap: both responses and all of 10.9.0.2\'s transport packets, byte for byte', () => {
    const g = golden['wireguard-ping-tcp.pcap'] as Golden[];
    const pkts = udpPayloads('wireguard-ping-tcp.pcap');
    const tsh = frames('wireguard-ping-tcp');
    const dev = createDevice({ privateKey: b64(g[0].responder_static_private_b64), listenPort: 51820 });
    const peer = setPeer(dev, { publicKey: publicKeyOf(b64(g[0].initiator_static_private_b64)), allowedIps: [{ net: 0, bits: 0 }] }); // the initiator routes everything (1.1.1.1, 178.21.112.251)
    const rand = scripted(g.flatMap((h) => [b64(h.responder_ephemeral_private_b64), le32(h.responder_sender_index)]));
    const responder = ipNum('10.9.0.2');
    let delivered = 0, produced = 0;
    for (const [i, p] of pkts.entries()) {
      if (p.src.ip === responder) continue; // produced by our device, checked below
      const acts = receive(dev, p.src, p.payload, p.tsUs, rand);
      expect(acts.filter((a) => a.kind === 'drop'), `frame ${i + 1}`).toEqual([]);
      for (const a of acts) {
        if (a.kind === 'deliver') {
          expect(hex(a.packet)).toBe(tsh[i].dec_decrypted_packet_hex);
          expect(a.peer).toBe(peer);
          delivered++;
        }
        if (a.kind === 'send') {
          expect(a.message).toBe('response');
          expect(hex(a.bytes)).toBe(hex(pkts[i + 1].payload));
          expect(a.to).toEqual(p.src);
          produced++;
        }
      }
      // Then whatever 10.9.0.2 sent next (until the initiator speaks again) comes out of send().
      for (let j = i + 1; j < pkts.length && pkts[j].src.ip === responder; j++) {
        if (pkts[j].payload[0] !== 4) continue;
        const out: WgAction[] = send(dev, unhex(tsh[j].dec_decrypted_packet_hex!), pkts[j].tsUs, rand);
        const sent = out.filter((a) => a.kind === 'send');
        expect(sent.map((a) => a.kind === 'send' && hex(a.bytes)), `frame ${j + 1}`).toEqual([hex(pkts[j].payload)]);
        produced++;
      }
    }
    expect(delivered).toBe(tsh.filter((f) => f.ip_src === '10.9.0.1' && f.dec_decrypted_packet_hex).length);
    expect(produced).toBe(pkts.filter((p) => p.src.ip === responder).length);
    expect(dev.peers[peer].previous?.remoteIndex).toBe(u32le(pkts[0].payload, 4));
    expect(dev.peers[peer].current?.remoteIndex).toBe(u32le(pkts[12].payload, 4));
  });

  it('wireguard-psk.pcap: each side answers the other\'s initiation with the captured response (psk2, then psk3)', () => {
    const g = golden['wireguard-psk.pcap'] as Golden[];
    const pkts = udpPayloads('wireguard-psk.pcap');
    for (const h of g) {
      const dev = createDevice({ privateKey: b64(h.responder_static_private_b64), listenPort: 51820 });
      setPeer(dev, { publicKey: publicKeyOf(b64(h.initiator_static_private_b64)), presharedKey: b64(h.preshared_key_b64), allowedIps: [] });
      const init = pkts[h.initiation_frame - 1];
      const acts = receive(dev, init.src, init.payload, init.tsUs, scripted([b64(h.responder_ephemeral_private_b64), le32(h.responder_sender_index)]));
      const sent = acts.filter((a) => a.kind === 'send');
      expect(sent.map((a) => a.kind === 'send' && hex(a.bytes))).toEqual([hex(pkts[h.initiation_frame].payload)]);
      expect(dev.peers[0].next?.recvKey).toEqual(unhex(h.derived_T_initiator_to_responder_hex));
      // The same initiation again is a replay (its timestamp is not newer).
      const again = receive(dev, init.src, init.payload, init.tsUs + 1_000_000, scripted([]));
      expect(again).toEqual([expect.objectContaining({ kind: 'drop', reason: 'WireGuard: replayed initiation (timestamp not newer than the last accepted one)' })]);
      // Without the preshared key the initiator cannot open the response.
      const wrongPsk = createDevice({ privateKey: b64(h.responder_static_private_b64), listenPort: 51820 });
      setPeer(wrongPsk, { publicKey: publicKeyOf(b64(h.initiator_static_private_b64)), allowedIps: [] });
      const r = receive(wrongPsk, init.src, init.payload, init.tsUs, scripted([b64(h.responder_ephemeral_private_b64), le32(h.responder_sender_index)]));
      expect(r.find((a) => a.kind === 'send' && hex(a.bytes) === hex(pkts[h.initiation_frame].payload))).toBeUndefined();
    }
  });
});
