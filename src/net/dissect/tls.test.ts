import { describe, expect, it } from 'vitest';
import { ENCRYPTED_FRAMES } from './encryptedFrames.test-helper';
import { dissect, findField, findFields, type Dissection } from './index';
import { gmtTime } from './tlsFields';
import { LinkType } from './tree';

const d = (name: keyof typeof ENCRYPTED_FRAMES): Dissection => dissect(ENCRYPTED_FRAMES[name].bytes, ENCRYPTED_FRAMES[name].linkType);
const values = (x: Dissection, name: string): unknown[] => findFields(x, name).map((f) => f.value);
function at(x: Dissection, name: string, start: number, length: number, value?: unknown, n = 0): void {
  const f = findFields(x, name)[n];
  expect(f, `${name}[${n}] missing`).toBeDefined();
  expect({ name, start: f.start, length: f.length }).toEqual({ name, start, length });
  if (value !== undefined) expect(f.value, name).toEqual(value);
}
/** An Ethernet/IPv4/TCP frame of the set with other ports (the TCP checksum goes stale, which does not matter here). */
function ports(name: keyof typeof ENCRYPTED_FRAMES, src: number, dst: number): Uint8Array {
  const b = ENCRYPTED_FRAMES[name].bytes.slice();
  b.set([src >> 8, src & 0xff, dst >> 8, dst & 0xff], 34);
  return b;
}

describe('TLS ClientHello', () => {
  const x = d('tlsClientHello');

  it('is a TLSv1 record (the record version a TLS 1.3 client still sends) holding a Client Hello', () => {
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'tcp', 'tls']);
    expect(x.summary).toMatchObject({ protocol: 'TLSv1', info: 'Client Hello' });
    at(x, 'tls', 54, 354);
    at(x, 'tls.record', 54, 354);
    expect(findField(x, 'tls.record')?.label).toBe('TLSv1 Record Layer: Handshake Protocol: Client Hello');
    at(x, 'tls.record.content_type', 54, 1, 22);
    at(x, 'tls.record.version', 55, 2, 0x0301);
    at(x, 'tls.record.length', 57, 2, 349);
    at(x, 'tls.handshake.type', 59, 1, 1);
    at(x, 'tls.handshake.length', 60, 3, 345);
  });

  it('shows version, random (with its would-be time), session ID, suites and compression', () => {
    at(x, 'tls.handshake.version', 63, 2, 0x0303);
    at(x, 'tls.handshake.random', 65, 32);
    expect(findField(x, 'tls.handshake.random_time')?.label).toBe('GMT Unix Time: Sep 16, 2023 17:03:09.000000000 UTC');
    at(x, 'tls.handshake.session_id', 98, 32);
    expect(findField(x, 'tls.handshake.ciphersuites')?.label).toBe('Cipher Suites (16 suites)');
    expect(findFields(x, 'tls.handshake.ciphersuite').slice(0, 3).map((f) => f.label)).toEqual([
      'Cipher Suite: Reserved (GREASE) (0x1a1a)', 'Cipher Suite: TLS_AES_128_GCM_SHA256 (0x1301)', 'Cipher Suite: TLS_AES_256_GCM_SHA384 (0x1302)',
    ]);
    at(x, 'tls.handshake.comp_method', 165, 1, 0);
  });

  it('reads what a learner looks for: SNI, ALPN, versions, key share, groups, signature algorithms', () => {
    at(x, 'tls.handshake.extensions_server_name', 181, 30, 'backend.bank.svc.cluster.local');
    expect(values(x, 'tls.handshake.extensions_alpn_str')).toEqual(['h2', 'http/1.1']);
    expect(values(x, 'tls.handshake.extensions.supported_version')).toEqual([0x2a2a, 0x0304, 0x0303]);
    expect(values(x, 'tls.handshake.extensions_key_share_group')).toEqual([0x0a0a, 29]);
    at(x, 'tls.handshake.extensions_key_share_key_exchange', 314, 32, undefined, 1);
    expect(values(x, 'tls.handshake.extensions_supported_group')).toEqual([0x0a0a, 0x1d, 0x17, 0x18]);
    expect(findFields(x, 'tls.handshake.sig_hash_alg').map((f) => f.label.replace('Signature Algorithm: ', ''))).toContain('ed25519 (0x0807)');
    expect(values(x, 'tls.extension.psk_ke_mode')).toEqual([1]);
    const titles = x.layers[3].children![0].children![3].children!.filter((f) => f.name === '').map((f) => f.label);
    expect(titles).toContain('Extension: server_name (len=35)');
    expect(titles).toContain('Extension: Reserved (GREASE) (len=0)');
    expect(x.malformed).toBeUndefined();
  });
});

describe('TLS server flights', () => {
  it('a TLS 1.3 ServerHello: later records are TLSv1.3 and their type is the opaque type', () => {
    const x = d('tlsServerHello13');
    expect(x.summary).toMatchObject({ protocol: 'TLSv1.3', info: 'Server Hello, Change Cipher Spec, Application Data, Application Data' });
    expect(findFields(x, 'tls.record').map((f) => f.label)).toEqual([
      'TLSv1.2 Record Layer: Handshake Protocol: Server Hello',
      'TLSv1.3 Record Layer: Change Cipher Spec Protocol: Change Cipher Spec',
      'TLSv1.3 Record Layer: Application Data Protocol: Hypertext Transfer Protocol',
      'TLSv1.3 Record Layer: Application Data Protocol: Hypertext Transfer Protocol',
    ]);
    expect(findField(x, 'tls.handshake.random_time')).toBeUndefined(); // TLS 1.3 gave up the time in the random
    at(x, 'tls.handshake.ciphersuite', 130, 2, 0x1301);
    at(x, 'tls.record.opaque_type', 187, 1, 23);
    at(x, 'tls.app_data', 192, 90);
    at(x, 'tls.change_cipher_spec', 186, 1);
  });

  it('a HelloRetryRequest is a ServerHello with the magic random: selected group and cookie', () => {
    const x = d('tlsHelloRetryRequest');
    expect(x.summary).toMatchObject({ protocol: 'TLSv1.3', info: 'Hello Retry Request, Change Cipher Spec' });
    expect(findField(x, 'tls.handshake')?.label).toBe('Handshake Protocol: Hello Retry Request');
    expect(findField(x, 'tls.handshake.type')?.label).toBe('Handshake Type: Server Hello (2)');
    expect(findField(x, 'tls.handshake.random')?.label).toMatch(/\(HelloRetryRequest magic\)$/);
    at(x, 'tls.handshake.extensions_key_share_selected_group', 131, 2, 23);
    at(x, 'tls.handshake.extensions.cookie', 139, 24);
  });

  it('TLS 1.2: two handshake messages in one record, then ChangeCipherSpec and the encrypted Finished', () => {
    const x = d('tlsServerHello12');
    expect(x.summary).toMatchObject({ protocol: 'TLSv1.2', info: 'Server Hello, Server Hello Done' });
    expect(findField(x, 'tls.record')?.label).toBe('TLSv1.2 Record Layer: Handshake Protocol: Multiple Handshake Messages');
    expect(findField(x, 'tls.handshake.random_time')).toBeDefined();
    expect(values(x, 'tls.handshake.extensions_alpn_str')).toEqual(['h2']);
    const y = d('tlsCcsFinished12');
    expect(y.summary.info).toBe('Change Cipher Spec, Encrypted Handshake Message');
    expect(findFields(y, 'tls.handshake')[0]).toMatchObject({ start: 65, length: 40, label: 'Handshake Protocol: Encrypted Handshake Message' });
  });

  it('alerts: two bytes are plaintext, anything else is encrypted', () => {
    const x = d('tlsAlert');
    expect(x.summary.info).toBe('Alert (Level: Fatal, Description: Unknown CA)');
    at(x, 'tls.alert_message.level', 59, 1, 2);
    at(x, 'tls.alert_message.desc', 60, 1, 48);
    const y = d('tlsEncryptedAlert');
    expect(y.summary.info).toBe('Application Data, Encrypted Alert');
    at(y, 'tls.alert_message', 83, 26);
  });
});

describe('TLS registration and segments', () => {
  it('the heuristic finds records on any port and after HTTP declines 8080; alerts alone it leaves to port 443', () => {
    expect(d('tlsAppData').summary).toMatchObject({ protocol: 'TLSv1.2', info: 'Application Data, Application Data' });
    expect(dissect(ports('tlsAppData', 51120, 8080), LinkType.ETHERNET).layers.map((l) => l.name)).toEqual(['eth', 'ip', 'tcp', 'tls']);
    expect(dissect(ports('tlsAlert', 9443, 51119), LinkType.ETHERNET).layers.map((l) => l.name)).toEqual(['eth', 'ip', 'tcp']);
  });

  it('on 443 a segment that does not start with a record is Continuation Data', () => {
    const b = ENCRYPTED_FRAMES.tlsAppData.bytes.slice();
    b.set([0x01, 0xbb], 36); // to port 443
    b[54] = 0x99; // not a content type
    const x = dissect(b, LinkType.ETHERNET);
    expect(x.summary).toMatchObject({ protocol: 'SSL', info: 'Continuation Data' });
    expect(x.layers[3].children?.[0]).toMatchObject({ name: '', start: 54, length: 140 });
    expect(x.malformed).toBeUndefined();
  });

  it('a record cut by the segment end is one unnamed line, not malformed (it goes on in the next segment)', () => {
    const b = ENCRYPTED_FRAMES.tlsAppData.bytes.slice();
    b.set([0x00, 0xc8], 92); // the second record claims 200 bytes; 100 are here
    const x = dissect(b, LinkType.ETHERNET);
    expect(x.summary.info).toBe('Application Data');
    expect(findFields(x, 'tls.record')).toHaveLength(1);
    expect(x.layers[3].children?.[1]).toMatchObject({ name: '', start: 89, length: 105 });
    expect(x.layers[3].children?.[1].label).toMatch(/Application Data record of 205 bytes continues in the next segment \(105 here\)/);
    expect(x.malformed).toBeUndefined();
  });
});

describe('the GMT Unix Time of a hello random', () => {
  it('is written as tshark writes it (values from tshark on the interop and crafted captures)', () => {
    expect([0x2635fafc, 0xb67947da, 0xcb34ecb1, 0x6a472236, 0x00010203, 0x64656667, 0].map(gmtTime)).toEqual([
      'Apr 25, 1990 19:31:08.000000000 UTC', 'Jan  4, 2067 21:19:22.000000000 UTC', 'Jan 12, 2078 20:01:53.000000000 UTC',
      'Jul  3, 2026 02:45:10.000000000 UTC', 'Jan  1, 1970 18:20:51.000000000 UTC', 'May 17, 2023 23:42:31.000000000 UTC',
      'Jan  1, 1970 00:00:00.000000000 UTC',
    ]);
  });
});
