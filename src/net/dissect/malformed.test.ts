import { describe, expect, it } from 'vitest';
import { dissect, findField, type Dissection } from './index';
import { FRAMES } from './frames.test-helper';
import { LinkType } from './tree';

/** tcpSyn with some bytes changed. */
function syn(changes: Record<number, number>, cut?: number): Dissection {
  const b = FRAMES.tcpSyn.bytes.slice(0, cut);
  for (const [off, v] of Object.entries(changes)) b[Number(off)] = v;
  return dissect(b, LinkType.ETHERNET);
}
const last = (x: Dissection) => x.layers[x.layers.length - 1];

describe('malformed input is marked where it fails, never thrown', () => {
  it('IPv4 IHL < 5', () => {
    const x = syn({ 14: 0x44 });
    expect(x.malformed).toEqual({ layer: 'ip', at: 14, reason: 'Bogus IP header length (16, must be at least 20)' });
    expect(findField(x, 'ip.hdr_len')?.malformed).toBe('Bogus IP header length (16, must be at least 20)');
    expect(x.layers.find((l) => l.name === 'ip')?.malformed).toBeDefined();
    expect(last(x)).toMatchObject({ name: '_ws.malformed', label: '[Malformed Packet: IPv4]', generated: true });
    expect(x.summary.info).toBe('Bogus IP header length (16, must be at least 20)[Malformed Packet]');
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', '_ws.malformed']);
  });

  it('IPv4 version other than 4', () => {
    const x = syn({ 14: 0x65 });
    expect(x.malformed).toMatchObject({ layer: 'ip', at: 14, reason: 'Bogus IP version (6)' });
    expect(findField(x, 'ip.version')?.malformed).toBeDefined();
  });

  it('IPv4 total length beyond the frame (the payload that is there is still shown)', () => {
    const x = syn({ 16: 0x03, 17: 0xe8 });
    expect(x.malformed).toEqual({ layer: 'ip', at: 16, reason: 'IPv4 total length exceeds packet length (60 bytes)' });
    expect(findField(x, 'ip.len')?.malformed).toBeDefined();
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'tcp', '_ws.malformed']);
  });

  it('IPv4 total length below the header length', () => {
    const x = syn({ 16: 0, 17: 12 });
    expect(x.malformed).toMatchObject({ layer: 'ip', at: 16 });
    expect(findField(x, 'ip.len')?.label).toBe('Total Length: 12 bytes (bogus, less than header length 20)');
  });

  it('TCP data offset < 5', () => {
    const x = syn({ 46: 0x40 });
    expect(x.malformed).toEqual({ layer: 'tcp', at: 46, reason: 'bogus TCP header length (16, must be at least 20)' });
    expect(findField(x, 'tcp.hdr_len')?.malformed).toBeDefined();
    expect(x.summary.info).toBe('51116 → 8080 [SYN] Seq=123456 Win=64240, bogus TCP header length (16, must be at least 20)[Malformed Packet]');
  });

  it('TCP header length pointing beyond the data', () => {
    const x = syn({ 46: 0xf0 });
    expect(x.malformed).toMatchObject({ layer: 'tcp', at: 46, reason: 'TCP header length 60 runs past the end of the data (40 bytes)' });
  });

  it('a TCP option whose length runs past the options', () => {
    const x = syn({ 55: 30 });
    expect(x.malformed).toMatchObject({ layer: 'tcp', at: 54 });
    expect(x.malformed?.reason).toMatch(/option length = 30 bytes says option goes past end of options/);
  });

  it('UDP length below 8', () => {
    const b = FRAMES.vxlan8472.bytes.slice();
    b[38] = 0;
    b[39] = 4;
    const x = dissect(b, LinkType.ETHERNET);
    expect(x.malformed).toEqual({ layer: 'udp', at: 38, reason: 'Length: 4 (bogus, must be >= 8)' });
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'udp', '_ws.malformed']);
  });

  it('a frame cut inside the IPv4 header', () => {
    const x = syn({}, 30);
    expect(x.malformed).toMatchObject({ layer: 'ip', at: 30 });
    expect(x.malformed?.reason).toMatch(/^truncated: ip.dst/);
    expect(x.layers.find((l) => l.name === 'ip')).toMatchObject({ start: 14, length: 16 });
    expect(findField(x, 'ip.src')?.value).toBe('10.244.1.23');
    expect(findField(x, 'ip.dst')).toBeUndefined();
  });

  it('a frame cut inside the Ethernet header keeps no Ethernet item (as Wireshark), but says where it broke', () => {
    const x = syn({}, 10);
    expect(x.malformed).toMatchObject({ layer: 'eth', at: 6 });
    expect(x.layers.map((l) => l.name)).toEqual(['_ws.malformed']);
    expect(x.layers[0].label).toBe('[Malformed Packet: Ethernet]');
  });

  it('empty frames of every link type, and an unknown link type', () => {
    for (const lt of [LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL2]) {
      const x = dissect(new Uint8Array(0), lt);
      expect(x.malformed, String(lt)).toBeDefined();
    }
    const x = dissect(new Uint8Array([1, 2, 3]), 147 as LinkType);
    expect(x.layers.map((l) => l.name)).toEqual(['data']);
    expect(x.malformed).toBeUndefined();
  });
});
