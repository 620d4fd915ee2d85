import { describe, expect, it } from 'vitest';
import { dissect, findField, findFields, type Dissection } from './index';
import { ENCRYPTED_FRAMES } from './encryptedFrames.test-helper';
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

  it('a WireGuard initiation cut by the capture: the IP length is the lie; not claimed as WireGuard (tshark: UDP, bad length)', () => {
    const x = dissect(ENCRYPTED_FRAMES.wgInitiation.bytes.slice(0, 120), LinkType.ETHERNET);
    expect(x.malformed).toMatchObject({ layer: 'ip', at: 16 });
    expect(findField(x, 'udp.length')?.label).toBe('Length: 156 (bogus, payload length 86)');
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'udp', 'data', '_ws.malformed']);
  });

  it('a WireGuard transport message shorter than header + tag is not WireGuard: plain UDP data, nothing malformed', () => {
    const b = ENCRYPTED_FRAMES.wgKeepalive.bytes.slice(0, 42 + 20);
    b.set([0, 48], 16); // IP total length 48, its checksum recomputed below
    b.set([0, 28], 38); // UDP length 28
    b.set([0, 0], 40); // no UDP checksum
    b.set([0, 0], 24);
    let sum = 0;
    for (let i = 14; i < 34; i += 2) sum += (b[i] << 8) | b[i + 1];
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
    b.set([(~sum >> 8) & 0xff, ~sum & 0xff], 24);
    const x = dissect(b, LinkType.ETHERNET);
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'udp', 'data']);
    expect(x.malformed).toBeUndefined();
  });

  it('ESP shorter than its 8-byte header: malformed where the header stops, Info empty as in tshark', () => {
    const espOf = (n: number): Dissection => {
      const b = ENCRYPTED_FRAMES.espTunnel.bytes.slice(0, 20 + n);
      b[2] = 0;
      b[3] = 20 + n;
      b[10] = b[11] = 0;
      let sum = 0;
      for (let i = 0; i < 20; i += 2) sum += (b[i] << 8) | b[i + 1];
      while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
      b[10] = (~sum >> 8) & 0xff;
      b[11] = ~sum & 0xff;
      return dissect(b, LinkType.RAW);
    };
    const seven = espOf(7);
    expect(seven.malformed).toMatchObject({ layer: 'esp', at: 24 });
    expect(seven.malformed?.reason).toMatch(/^truncated: esp.sequence/);
    expect(findField(seven, 'esp.spi')?.value).toBe(3);
    expect(findField(seven, 'esp.sequence')).toBeUndefined();
    expect(seven.summary).toMatchObject({ protocol: 'ESP', info: '[Malformed Packet]' });
    expect(last(seven).label).toBe('[Malformed Packet: ESP]');
    const two = espOf(2);
    expect(two.malformed).toMatchObject({ layer: 'esp', at: 20 });
    expect(two.layers.find((l) => l.name === 'esp')).toMatchObject({ start: 20, length: 2 });
    expect(espOf(8).malformed).toBeUndefined();
  });

  it('a TLS record running past a frame cut by the capture: malformed at the IP length, the record shown as far as it goes', () => {
    const x = dissect(ENCRYPTED_FRAMES.tlsServerHello13.bytes.slice(0, 200), LinkType.ETHERNET);
    expect(x.malformed).toMatchObject({ layer: 'ip', at: 16 });
    expect(findFields(x, 'tls.record')).toHaveLength(2);
    expect(x.layers.find((l) => l.name === 'tls')?.children?.[2]).toMatchObject({ name: '', start: 187, length: 13 });
    expect(x.summary.info).toBe('Server Hello, Change Cipher Spec[Malformed Packet]');
  });

  it('a ClientHello whose cipher suites run past the message: malformed there, the fields before it kept', () => {
    const b = ENCRYPTED_FRAMES.tlsClientHello.bytes.slice();
    b.set([0x04, 0x00], 130); // cipher suites length 1024 in a 345-byte message
    const x = dissect(b, LinkType.ETHERNET);
    expect(x.malformed).toMatchObject({ layer: 'tls', at: 132 });
    expect(x.malformed?.reason).toMatch(/^cipher suites \(1024 bytes at offset 132\) runs past/);
    expect(findField(x, 'tls.handshake.cipher_suites_length')?.value).toBe(1024);
    expect(findField(x, 'tls.handshake.ciphersuites')).toBeUndefined();
    expect(findField(x, 'tls.record')?.malformed).toBeDefined();
    expect(x.summary).toMatchObject({ protocol: 'TLSv1', info: 'Client Hello[Malformed Packet]' });
    expect(last(x).label).toBe('[Malformed Packet: TLS]');
  });

  it('an ALPN list longer than its extension: malformed there, and (as tshark) the next extensions are still read', () => {
    const b = ENCRYPTED_FRAMES.tlsClientHello.bytes.slice();
    b.set([0x00, 0xff], 248);
    const x = dissect(b, LinkType.ETHERNET);
    expect(x.malformed).toMatchObject({ layer: 'tls', at: 250 });
    expect(findField(x, 'tls.handshake.extensions_alpn_len')?.value).toBe(255);
    expect(findField(x, 'tls.handshake.extensions_alpn_str')).toBeUndefined();
    expect(findFields(x, 'tls.handshake.extensions.supported_version')).toHaveLength(3);
  });

  it('a ChangeCipherSpec record without its byte', () => {
    const b = ENCRYPTED_FRAMES.tlsCcsFinished12.bytes.slice();
    b.set([0, 0], 57);
    const x = dissect(b, LinkType.ETHERNET);
    expect(x.malformed).toMatchObject({ layer: 'tls', at: 59 });
    expect(findFields(x, 'tls.record')).toHaveLength(1);
  });
});
