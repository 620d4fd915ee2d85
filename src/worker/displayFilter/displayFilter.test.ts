/**
 * The display-filter language: parsing (precedence, English and symbolic operators, strings, sets), errors that
 * name the spot, Wireshark's semantics for absent and repeated fields, value types (numbers, IPv4 subnets, MACs,
 * bytes, text), and filters over real dissections of the plaintext and encrypted scenarios.
 */
import { describe, expect, it } from 'vitest';
import { compileFilter, frameView, FilterError, type FieldValue, type FrameView } from './index';
import { parseFilter } from './parser';
import { Engine } from '../../sim/engine';
import { record } from '../../capture/recorder';
import { dissect } from '../../net/dissect/index';
import type { LinkType } from '../../net/dissect/tree';

const view = (fields: Record<string, FieldValue[]>): FrameView => ({ values: (n) => fields[n] });

const http = view({
  eth: [undefined], 'eth.src': ['52:54:00:9e:6b:99'], 'eth.dst': ['52:54:00:2c:68:65'], ip: [undefined],
  'ip.src': ['10.244.1.5'], 'ip.dst': ['10.244.2.9'], 'ip.ttl': [63], 'ip.flags.df': [true], tcp: [undefined],
  'tcp.srcport': [41234], 'tcp.dstport': [8080], 'tcp.flags.syn': [false], http: [undefined],
  'http.request.method': ['GET'], 'http.request.uri': ['/api/accounts/1042/transactions'], 'data.data': ['0a0b0c0d'],
});
const arp = view({ eth: [undefined], arp: [undefined], 'arp.opcode': [1] });
/** An IP-in-IP frame: two addresses of each kind. */
const tunnel = view({ ip: [undefined, undefined], 'ip.src': ['192.168.61.11', '10.244.1.5'], 'ip.dst': ['192.168.61.12', '10.244.2.9'] });

const run = (text: string, f: FrameView) => compileFilter(text).test(f);
function errorOf(text: string): { message: string; pos: number } {
  try {
    compileFilter(text, (n) => ({ 'ip.src': 'ipv4', 'tcp.srcport': 'number', 'tcp.dstport': 'number', 'eth.src': 'mac', 'ip.flags.df': 'boolean' } as const)[n as 'ip.src']);
  } catch (e) {
    if (e instanceof FilterError) return { message: e.message, pos: e.pos };
    throw e;
  }
  throw new Error(`"${text}" compiled`);
}

describe('display filter parser', () => {
  it('binds ! tighter than && and && tighter than ||', () => {
    expect(parseFilter('a || b && !c')).toEqual({
      k: 'or', a: { k: 'has', field: 'a', pos: 0 },
      b: { k: 'and', a: { k: 'has', field: 'b', pos: 5 }, b: { k: 'not', a: { k: 'has', field: 'c', pos: 11 } } },
    });
    const shape = (t: string) => JSON.stringify(parseFilter(t), (k, v) => (k === 'pos' ? undefined : v));
    expect(shape('(a or b) and not c')).toBe(shape('(a || b) && !c'));
    expect(shape('tcp.port eq 80')).toBe(shape('tcp.port == 80'));
  });

  it('reads strings with escapes and sets with ranges', () => {
    expect(parseFilter('http.host contains "a\\"b\\x41"')).toMatchObject({ op: 'contains', value: { text: 'a"bA', quoted: true } });
    expect(parseFilter('tcp.port in {80, 443 8000..8080}')).toMatchObject({
      k: 'in', items: [{ lo: { text: '80' } }, { lo: { text: '443' } }, { lo: { text: '8000' }, hi: { text: '8080' } }],
    });
  });
});

describe('display filter semantics', () => {
  it('tests protocols and fields for presence', () => {
    expect(run('tcp', http)).toBe(true);
    expect(run('http && !arp', http)).toBe(true);
    expect(run('arp', http)).toBe(false);
    expect(run('tcp.flags.syn', http)).toBe(true); // present, even though 0: Wireshark's meaning
    expect(run('tcp.flags.syn == 1', http)).toBe(false);
  });

  it('compares numbers, addresses, subnets, MACs, booleans, bytes and text', () => {
    expect(run('ip.src == 10.244.1.5 && tcp.port == 8080', http)).toBe(true);
    expect(run('ip.addr == 10.244.2.9', http)).toBe(true);
    expect(run('ip.src == 10.244.0.0/16', http)).toBe(true);
    expect(run('ip.src == 10.245.0.0/16', http)).toBe(false);
    expect(run('ip.ttl >= 60 && ip.ttl < 0x40', http)).toBe(true);
    expect(run('ip.ttl > 63', http)).toBe(false);
    expect(run('eth.src == 52-54-00-9E-6B-99', http)).toBe(true);
    expect(run('eth.addr == 52:54:00:2c:68:65', http)).toBe(true);
    expect(run('ip.flags.df == true && ip.flags.df == 1', http)).toBe(true);
    expect(run('data.data contains 0b:0c', http)).toBe(true);
    expect(run('data.data contains b0', http)).toBe(false); // byte-aligned only
    expect(run('http.request.method == GET', http)).toBe(true);
    expect(run('http.request.method == "get"', http)).toBe(false);
    expect(run('http.request.uri contains "1042"', http)).toBe(true);
    expect(run('http.request.uri matches "ACCOUNTS/[0-9]+/trans"', http)).toBe(true);
    expect(run('tcp.port in {80 443 8000..8090}', http)).toBe(true);
    expect(run('tcp.port in {80 443}', http)).toBe(false);
  });

  it('is false for an absent field whatever the operator, and != needs every occurrence to differ', () => {
    expect(run('tcp.port != 80', arp)).toBe(false);
    expect(run('!(tcp.port == 80)', arp)).toBe(true);
    expect(run('ip.src == 10.244.1.5', tunnel)).toBe(true); // the inner header
    expect(run('ip.src != 10.244.1.5', tunnel)).toBe(false);
    expect(run('ip.src != 10.9.9.9', tunnel)).toBe(true);
    expect(run('tcp.port != 80', http)).toBe(true);
    expect(run('tcp.port != 8080', http)).toBe(false); // dstport is 8080
  });
});

describe('display filter errors', () => {
  it.each([
    ['tcp.port ==', '"==" needs a value on its right, but the filter ends', 11],
    ['ip.src = 10.0.0.1', '"=" is not an operator here: compare with "=="', 7],
    ['tcp & udp', '"&" is not an operator: use "&&"', 4],
    ['(tcp || udp', 'Expected ")" to close the "(" at character 1, found the end of the filter', 11],
    ['tcp udp', 'Unexpected "udp" at character 5: join tests with "&&" or "||"', 4],
    ['&& tcp', 'Expected a field or protocol name, but found "&&"', 0],
    ['foo.bar == 1', '"foo.bar" is neither a field nor a protocol name', 0],
    ['ip.src == hello', '"hello" is not an IPv4 address or subnet, which ip.src holds', 10],
    ['tcp.port == http', '"http" is not a number, which tcp.port holds', 12],
    ['eth.src == 52:54:00', '"52:54:00" is not a MAC address, which eth.src holds', 11],
    ['ip.flags.df == yes', '"yes" is not a boolean (1, 0, true or false), which ip.flags.df holds', 15],
    ['http.host matches "("', 'is not a valid regular expression', 18],
    ['http.host == "open', 'This string has no closing quote', 13],
    ['tcp.port in {}', 'The set is empty', 13],
    ['tcp #', 'Unexpected character "#"', 4],
  ])('%s', (text, message, pos) => {
    const e = errorOf(text);
    expect(e.message).toContain(message);
    expect(e.pos).toBe(pos);
  });
});

describe('display filters over real dissections', () => {
  function frames(scenario: string) {
    const engine = Engine.create(scenario, '7');
    const rec = record(engine, 'node-1:eth0');
    engine.runToIdle();
    return rec.frames.map((f) => frameView(dissect(f.frame, rec.linkType as LinkType).layers));
  }
  const count = (fs: FrameView[], text: string) => fs.filter(compileFilter(text).test).length;

  it('picks the HTTP request from the plaintext scenario', () => {
    const fs = frames('plaintext');
    const src = fs.map((f) => f.values('ip.src')?.[0]).find((v) => typeof v === 'string' && v.startsWith('10.244.1.'));
    expect(count(fs, 'http.request.method == "GET"')).toBe(1);
    expect(count(fs, `ip.src == ${String(src)} && tcp.port == 8080 && tcp.flags.syn == 1`)).toBe(1);
    expect(count(fs, 'arp || icmp')).toBe(count(fs, 'arp') + count(fs, 'icmp'));
    expect(count(fs, '!(arp || icmp || tcp)')).toBe(0);
  });

  it('tells WireGuard handshakes from transport data, and ESP from the rest', () => {
    const wg = frames('cilium-wireguard');
    expect(count(wg, 'wg')).toBeGreaterThan(10);
    expect(count(wg, 'wg.type == 1')).toBe(1);
    expect(count(wg, 'wg.type == 4 && !wg.keepalive')).toBe(count(wg, 'wg') - 3);
    expect(count(wg, 'http || tcp')).toBe(0); // nothing readable on the wire
    const esp = frames('cilium-ipsec');
    expect(count(esp, 'esp && esp.spi == 3')).toBe(count(esp, 'esp'));
    expect(count(esp, 'esp')).toBe(esp.length - count(esp, 'arp'));
  });

  it('guesses value types from the frames', () => {
    const types = frameView(dissect(new Uint8Array(0), 1).layers).types();
    expect(types.size).toBeGreaterThanOrEqual(0);
    const fs = frames('plaintext');
    const merged = new Map(fs.flatMap((f) => [...f.types()]));
    expect(merged.get('ip.src')).toBe('ipv4');
    expect(merged.get('eth.dst')).toBe('mac');
    expect(merged.get('tcp.srcport')).toBe('number');
    expect(merged.get('tcp.flags.syn')).toBe('boolean');
    expect(merged.get('http.request.method')).toBe('string');
  });
});
