import { afterEach, describe, expect, it } from 'vitest';
import {
  dissect, field, findField, registerIpProto, registerTcpHeuristic, registerTcpPort, registerUdpHeuristic, registerUdpPort,
  type Dissector,
} from './index';
import { FRAMES } from './frames.test-helper';
import { LinkType } from './tree';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((off) => off()));

/** A WireGuard-shaped stand-in: type byte 1..4 and three zero bytes (the real one comes later). */
const fakeWireGuard: Dissector = (ctx, start, end) => {
  const b = ctx.frame;
  if (end - start < 4 || b[start] < 1 || b[start] > 4 || b[start + 1] | b[start + 2] | b[start + 3]) return false;
  ctx.layers.push(field('wg', 'WireGuard Protocol', start, end - start, undefined, [field('wg.type', `Type: ${b[start]}`, start, 1, b[start])]));
  ctx.summary.protocol = 'WireGuard';
  ctx.summary.info = 'Handshake Initiation';
};

/** An IPv4/UDP packet to `dport` with `payload` (UDP checksum 0, so no checksum to get right). */
function udpFrame(dport: number, payload: number[]): Uint8Array {
  const ip = [0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0, 192, 168, 61, 11, 192, 168, 61, 12];
  const len = 20 + 8 + payload.length;
  ip[2] = len >> 8;
  ip[3] = len & 0xff;
  const udp = [0xca, 0x5f, dport >> 8, dport & 0xff, (8 + payload.length) >> 8, (8 + payload.length) & 0xff, 0, 0];
  return new Uint8Array([...ip, ...udp, ...payload]);
}

describe('registry', () => {
  it('a UDP port dissector adds its layer and its columns; unregistering removes it', () => {
    const frame = udpFrame(51871, [1, 0, 0, 0, 0xde, 0xad]);
    expect(dissect(frame, LinkType.RAW).layers.map((l) => l.name)).toEqual(['raw', 'ip', 'udp', 'data']);
    const off = registerUdpPort(51871, fakeWireGuard);
    const x = dissect(frame, LinkType.RAW);
    expect(x.layers.map((l) => l.name)).toEqual(['raw', 'ip', 'udp', 'wg']);
    expect(findField(x, 'wg.type')).toMatchObject({ start: 28, length: 1, value: 1 });
    expect(x.summary).toMatchObject({ protocol: 'WireGuard', info: 'Handshake Initiation', src: '192.168.61.11' });
    off();
    expect(dissect(frame, LinkType.RAW).layers.map((l) => l.name)).toEqual(['raw', 'ip', 'udp', 'data']);
  });

  it('a declining dissector leaves no trace and the next candidate runs', () => {
    const litter: Dissector = (ctx, start) => {
      ctx.layers.push(field('junk', 'junk', start, 1));
      ctx.summary.info = 'junk';
      return false;
    };
    cleanup.push(registerUdpPort(51871, litter), registerUdpPort(51871, fakeWireGuard));
    const x = dissect(udpFrame(51871, [4, 0, 0, 0, 1, 2, 3, 4]), LinkType.RAW);
    expect(x.layers.map((l) => l.name)).toEqual(['raw', 'ip', 'udp', 'wg']);
    const y = dissect(udpFrame(51871, [9, 9, 9, 9]), LinkType.RAW);
    expect(y.layers.map((l) => l.name)).toEqual(['raw', 'ip', 'udp', 'data']);
    expect(y.summary.info).toBe('51807 → 51871 Len=4');
  });

  it('tries the lower port first, then the higher one, then heuristics', () => {
    const seen: string[] = [];
    const tag = (t: string): Dissector => () => {
      seen.push(t);
      return false;
    };
    cleanup.push(registerUdpPort(51871, tag('high')), registerUdpPort(51807, tag('low')), registerUdpHeuristic(tag('heuristic')));
    dissect(udpFrame(51871, [0]), LinkType.RAW);
    expect(seen).toEqual(['low', 'high', 'heuristic']);
  });

  it('a TCP heuristic gets the 8080 payloads that HTTP declines (TLS under an Istio sidecar, say)', () => {
    const bytes = FRAMES.http200.bytes.slice();
    bytes.set([0x17, 0x03, 0x03, 0x00, 0x4d], 66); // a TLS application data record header where HTTP was, filling the segment
    const tls: Dissector = (ctx, start, end) => {
      if (ctx.frame[start] !== 0x17 || ctx.frame[start + 1] !== 0x03) return false;
      ctx.layers.push(field('tls', 'Transport Layer Security', start, end - start));
      ctx.summary.protocol = 'TLSv1.3';
      ctx.summary.info = 'Application Data';
    };
    cleanup.push(registerTcpHeuristic(tls));
    const x = dissect(bytes, LinkType.ETHERNET);
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'tcp', 'tls']);
    expect(x.summary.info).toBe('Application Data');
    // and a real HTTP segment on the same port still goes to HTTP
    expect(dissect(FRAMES.http200.bytes, LinkType.ETHERNET).layers.map((l) => l.name)).toEqual(['eth', 'ip', 'tcp', 'http']);
  });

  it('registers by IP protocol (ESP = 50) and by TCP port', () => {
    const esp: Dissector = (ctx, start, end) => {
      ctx.layers.push(field('esp', 'Encapsulating Security Payload', start, end - start));
      ctx.summary.protocol = 'ESP';
    };
    cleanup.push(registerIpProto(50, esp));
    const frame = udpFrame(1, [0, 0, 0, 3, 0, 0, 0, 1]);
    frame[9] = 50;
    expect(dissect(frame, LinkType.RAW).layers.map((l) => l.name)).toEqual(['raw', 'ip', 'esp']);

    const other: Dissector = (ctx, start) => {
      ctx.layers.push(field('x', 'x', start, 0));
    };
    cleanup.push(registerTcpPort(4321, other));
    const bytes = FRAMES.httpGet.bytes.slice();
    bytes[36] = 0x10; // destination port 8080 -> 4240: lower than 51116, tried first
    bytes[37] = 0xe1; // 4321
    expect(dissect(bytes, LinkType.ETHERNET).layers.map((l) => l.name)).toEqual(['eth', 'ip', 'tcp', 'x']);
  });
});
