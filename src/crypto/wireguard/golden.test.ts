/**
 * The four golden handshakes of ../shared/interop/wireguard/wireguard-golden-handshakes.json (real kernel
 * handshakes from Wireshark's test captures): initiation and response byte for byte (with mac1, mac2 = zeros),
 * transport keys and final handshake hash, and both sides agreeing on C and H after every token.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interopPath } from '../../testing/tools';
import { consumeInitiation, consumeResponse, createInitiation, createResponse } from './handshake';
import { publicKeyOf } from './device';
import { u32le } from './bytes';
import { tai64n, tai64nToUs } from './tai64n';
import { readCapture } from '../../capture/pcapRead';

interface Golden {
  initiation_frame: number; response_frame: number;
  initiator_static_private_b64: string; responder_static_private_b64: string;
  initiator_ephemeral_private_b64: string; responder_ephemeral_private_b64: string; preshared_key_b64: string;
  initiator_sender_index: number; responder_sender_index: number; tai64n_timestamp_hex: string;
  expected_initiation_hex: string; expected_response_hex: string;
  derived_T_initiator_to_responder_hex: string; derived_T_responder_to_initiator_hex: string; final_handshake_hash_hex: string;
}

const json = JSON.parse(readFileSync(interopPath('wireguard', 'wireguard-golden-handshakes.json'), 'utf8')) as Record<string, unknown>;
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const cases: [string, Golden][] = [];
for (const file of ['wireguard-ping-tcp.pcap', 'wireguard-psk.pcap']) {
  for (const g of json[file] as Golden[]) cases.push([`${file} frames ${g.initiation_frame}/${g.response_frame}`, g]);
}

describe('golden WireGuard handshakes', () => {
  it('has the four handshakes', () => expect(cases).toHaveLength(4));

  it.each(cases)('%s: initiation, response, transport keys and final hash', (_name, g) => {
    const sI = b64(g.initiator_static_private_b64), sR = b64(g.responder_static_private_b64);
    const psk = b64(g.preshared_key_b64);
    const init = createInitiation({ staticPrivate: sI, remoteStaticPublic: publicKeyOf(sR), ephemeralPrivate: b64(g.initiator_ephemeral_private_b64),
      senderIndex: g.initiator_sender_index, timestamp: unhex(g.tai64n_timestamp_hex) });
    expect(hex(init.bytes)).toBe(g.expected_initiation_hex);

    const consumed = consumeInitiation({ staticPrivate: sR, bytes: init.bytes });
    if (!consumed.ok) throw new Error(consumed.reason);
    expect(consumed.initiatorStaticPublic).toEqual(publicKeyOf(sI));
    expect(hex(consumed.timestamp)).toBe(g.tai64n_timestamp_hex);
    expect(consumed.senderIndex).toBe(g.initiator_sender_index);
    const initTrace = consumed.trace;
    expect(initTrace.map((s) => s.token)).toEqual(['initialize', 'prologue', '<- s', 'e', 'es', 's', 'ss', '{t}']);
    expect(initTrace).toEqual(init.trace);

    const resp = createResponse({ consumed: consumed.state, ephemeralPrivate: b64(g.responder_ephemeral_private_b64),
      senderIndex: g.responder_sender_index, receiverIndex: consumed.senderIndex, presharedKey: psk });
    expect(hex(resp.bytes)).toBe(g.expected_response_hex);
    expect(hex(resp.keys.recvKey)).toBe(g.derived_T_initiator_to_responder_hex);
    expect(hex(resp.keys.sendKey)).toBe(g.derived_T_responder_to_initiator_hex);
    expect(hex(resp.keys.handshakeHash)).toBe(g.final_handshake_hash_hex);

    const done = consumeResponse({ ck: init.ck, h: init.h, staticPrivate: sI, ephemeralPrivate: b64(g.initiator_ephemeral_private_b64),
      remoteStaticPublic: publicKeyOf(sR), presharedKey: psk, bytes: resp.bytes });
    if (!done.ok) throw new Error(done.reason);
    expect(done.trace.map((s) => s.token)).toEqual(['e', 'ee', 'se', 'psk', '{}']);
    expect(done.trace).toEqual(resp.trace);
    expect(hex(done.keys.sendKey)).toBe(g.derived_T_initiator_to_responder_hex);
    expect(hex(done.keys.recvKey)).toBe(g.derived_T_responder_to_initiator_hex);
    expect(done.senderIndex).toBe(g.responder_sender_index);
    expect(done.receiverIndex).toBe(g.initiator_sender_index);
  });

  it('reads the capture clock 10 s behind the TAI64N label: label = 2^62 + 10 + Unix seconds', () => {
    for (const [file, list] of [['wireguard-ping-tcp.pcap', json['wireguard-ping-tcp.pcap']], ['wireguard-psk.pcap', json['wireguard-psk.pcap']]] as const) {
      const cap = readCapture(new Uint8Array(readFileSync(interopPath('wireguard', file))));
      for (const g of list as Golden[]) {
        const frame = cap.packets[g.initiation_frame - 1];
        const label = tai64n(frame.tsUs).subarray(0, 8);
        expect(hex(label)).toBe(g.tai64n_timestamp_hex.slice(0, 16));
        // The timestamp was taken shortly (< 1 ms) before the capture saw the packet.
        const lag = frame.tsUs - tai64nToUs(unhex(g.tai64n_timestamp_hex));
        expect(lag).toBeGreaterThanOrEqual(0);
        expect(lag).toBeLessThan(1000);
        expect(u32le(unhex(g.expected_initiation_hex), 4)).toBe(g.initiator_sender_index);
      }
    }
  });
});
