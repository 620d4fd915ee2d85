/**
 * The inspector behind the worker boundary, in Node: the frame item, display filters and their errors, and
 * decryption with the lab's real keys for every encrypted scenario (WireGuard transport data, keepalives and
 * handshakes with their Noise trace; ESP with global and per-tunnel keys), checked against the crypto itself:
 * the trace's nonce, AAD and ICV are recomputed here, and a flipped bit is refused.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './lab.test-helper';
import type { Field } from '../../net/dissect/tree';
import type { Inspection } from '../protocol';
import { Engine } from '../../sim/engine';
import { decryptEsp } from './decryptEsp';


const names = (fs: Field[] | undefined): string[] => (fs ?? []).flatMap((f) => [f.name, ...names(f.children)]);
const item = (i: Inspection, name: string) => i.decryption?.trace.flatMap((g) => g.items).find((x) => x.name.startsWith(name))?.value;

describe('inspector: frames and filters', () => {
  it('puts a Wireshark-style frame item first and leaves plaintext alone', () => {
    const l = lab('plaintext');
    const [get] = l.filter('http.request.method == "GET"');
    const i = l.inspect(get);
    expect(i.layers.map((x) => x.name)).toEqual(['frame', 'eth', 'ip', 'tcp', 'http']);
    expect(i.layers[0]).toMatchObject({ start: 0, length: i.bytes.length, label: `Frame ${get}: ${i.bytes.length} bytes on wire (${i.bytes.length * 8} bits), ${i.bytes.length} bytes captured (${i.bytes.length * 8} bits) on interface eth0, id 0` });
    expect(names(i.layers[0].children)).toContain('frame.protocols');
    expect(i.decryptable).toBeUndefined();
    expect(i.decryption).toBeUndefined();
    expect(l.filter(`frame.number == ${get}`)).toEqual([get]);
  });

  it('answers a bad filter or frame number with a specific error', () => {
    const l = lab('plaintext');
    expect(l.send({ type: 'filter', point: 'node-1:eth0', filter: 'ip.src == banana' })).toMatchObject({
      type: 'error', message: '"banana" is not an IPv4 address or subnet, which ip.src holds' });
    expect(l.send({ type: 'inspect', point: 'node-1:eth0', no: 0 })).toMatchObject({ type: 'error', message: /there is no frame 0 at node-1:eth0/ });
  });
});

describe('inspector: WireGuard with the lab\'s keys', () => {
  for (const scenario of ['cilium-wireguard', 'calico-wireguard']) {
    it(`${scenario}: transport data opens to the pods' TCP and HTTP`, () => {
      const l = lab(scenario);
      const data = l.filter('wg.type == 4 && !wg.keepalive');
      expect(data.length).toBeGreaterThan(5);
      const opened = data.map((no) => l.inspect(no));
      for (const i of opened) {
        expect(i.decryptable).toBe('wireguard');
        expect(i.decryption).toMatchObject({ protocol: 'wireguard', ok: true });
        const counter = Number(item(i, 'Counter'));
        const nonce = new Uint8Array(12);
        new DataView(nonce.buffer).setBigUint64(4, BigInt(counter), true);
        expect(item(i, 'Nonce')).toBe(Buffer.from(nonce).toString('hex'));
        expect(item(i, 'Poly1305 tag')).toBe(Buffer.from(i.bytes.subarray(i.bytes.length - 16)).toString('hex'));
        expect(i.decryption!.inner!.layers[0].name).toBe('ip');
      }
      const get = opened.find((i) => names(i.decryption!.inner!.layers).includes('http.request.method'))!;
      expect(get.decryption!.summary).toMatch(/^Decrypted with the receiving key of node-2 \(session 0x[0-9a-f]{8} ⇄ 0x[0-9a-f]{8}\): a \d+-byte IP packet and \d+ bytes of padding\.$/);
      expect(names(get.decryption!.inner!.layers)).toEqual(expect.arrayContaining(['tcp.dstport', 'http.request.uri']));
    });
  }

  it('shows keepalives as empty packets, and handshakes as their Noise trace', () => {
    const l = lab('cilium-wireguard');
    const [keepalive] = l.filter('wg.keepalive');
    expect(l.inspect(keepalive).decryption).toMatchObject({ ok: true, summary: expect.stringMatching(/^A keepalive: an empty packet/) });
    const [init] = l.filter('wg.type == 1');
    const i = l.inspect(init);
    expect(i.decryption!.inner).toBeUndefined();
    const [noise, opened] = i.decryption!.trace;
    expect(noise.title).toBe('Noise IKpsk2: C and H after each token, as node-1 computed them (initiation-sent)');
    expect(noise.items.map((x) => x.name).filter((n) => n.endsWith('· C'))).toEqual(
      ['initialize · C', 'prologue · C', '<- s · C', 'e · C', 'es · C', 's · C', 'ss · C', '{t} · C']);
    expect(noise.items.at(-1)).toEqual({ name: 'Receiver', value: 'node-2 (initiation-received) computed the same final H' });
    expect(opened.title).toBe('Decrypted with node-2\'s static private key');
    expect(opened.items[0].value).toMatch(/ \(node-1\)$/);
    expect(opened.items[2].value).toMatch(/^09:00:00\.2\d{5}$/);
    const [resp] = l.filter('wg.type == 2');
    const r = l.inspect(resp);
    expect(r.decryption!.trace[0].title).toMatch(/as node-2 computed them \(response-sent\)$/);
    expect(r.decryption!.trace[1].title).toBe('Transport keys this handshake derived (whitepaper §5.4.5)');
  });
});

describe('inspector: ESP with the lab\'s security associations', () => {
  for (const scenario of ['cilium-ipsec', 'cilium-ipsec-pertunnel']) {
    it(`${scenario}: every ESP packet opens, with nonce = salt || IV and AAD = SPI || seq`, () => {
      const l = lab(scenario);
      const esp = l.filter('esp');
      expect(esp.length).toBeGreaterThan(5);
      for (const no of esp) {
        const i = l.inspect(no);
        expect(i.decryption).toMatchObject({ protocol: 'esp', ok: true });
        const hex = (a: number, b: number) => Buffer.from(i.bytes.subarray(a, b)).toString('hex');
        const espAt = i.layers.find((x) => x.name === 'esp')!.start;
        expect(item(i, 'Nonce')).toBe(`${item(i, 'Salt')}${hex(espAt + 8, espAt + 16)}`);
        const aad = item(i, 'AAD')!;
        expect(aad.slice(0, 8) + aad.slice(-8)).toBe(hex(espAt, espAt + 8));
        expect(aad.length).toBe(scenario === 'cilium-ipsec' ? 16 : 24); // ESN adds the high 32 bits
        expect(item(i, 'ICV')).toBe(hex(i.bytes.length - 16, i.bytes.length));
        const [ip, l4] = i.decryption!.inner!.layers.map((x) => x.name);
        expect(ip).toBe('ip');
        expect(['tcp', 'icmp']).toContain(l4);
      }
      expect(esp.some((no) => names(l.inspect(no).decryption!.inner!.layers).includes('http.response.code'))).toBe(true);
    });
  }

  it('refuses a packet with one bit flipped', () => {
    const engine = Engine.create('cilium-ipsec', '7');
    engine.runToIdle(); // the same lab, for its SAs
    const l = lab('cilium-ipsec');
    const i = l.inspect(l.filter('esp')[0]);
    const esp = i.layers.find((x) => x.name === 'esp')!;
    const src = String(i.layers.find((x) => x.name === 'ip')!.children!.find((c) => c.name === 'ip.src')!.value);
    const dst = String(i.layers.find((x) => x.name === 'ip')!.children!.find((c) => c.name === 'ip.dst')!.value);
    const bytes = i.bytes.slice(esp.start, esp.start + esp.length);
    expect(decryptEsp(bytes, src, dst, engine).ok).toBe(true);
    bytes[20] ^= 1;
    expect(decryptEsp(bytes, src, dst, engine)).toMatchObject({ ok: false, summary: expect.stringMatching(/ICV does not verify under any of the 3 keys/) });
  });
});
