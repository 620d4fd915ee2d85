import { describe, expect, it } from 'vitest';
import { concat, fromHex, toHex, utf8 } from '../../net/bytes';
import { createLinkerdCa, issueWorkloadCert } from '../pki/meshCa';
import { TlsAlertError } from './alerts';
import { createConnection, receiveBytes, sendApplicationData, start } from './connection';
import { CT_APPLICATION_DATA, CT_CHANGE_CIPHER_SPEC, CT_HANDSHAKE, GROUP_X25519, LEGACY_VERSION, TLS13 } from './constants';
import { keyShareClientExt, signatureAlgorithmsExt, supportedGroupsExt, supportedVersionsClientExt } from './extensions';
import { hkdfExpandLabel } from './keySchedule';
import { encodeClientHello, parseClientHello } from './messagesHello';
import { cipherState, plaintextRecords, protectRecord, recordNonce, takeRecord, unprotectRecord } from './record';
import { absorb, pump, side } from './loopback';
import { clientConfig, istioMesh, seededRand, serverConfig } from './testFixtures';

const alertOf = (f: () => unknown) => {
  try { f(); } catch (e) { if (e instanceof TlsAlertError) return e.alert; throw e; }
  return null;
};

describe('record layer', () => {
  it('nonce = iv XOR 64-bit big-endian sequence number', () => {
    const iv = fromHex('000102030405060708090a0b');
    expect(toHex(recordNonce(iv, 0))).toBe('000102030405060708090a0b');
    expect(toHex(recordNonce(iv, 1))).toBe('000102030405060708090a0a');
    expect(toHex(recordNonce(iv, 2 ** 32 + 0x0102))).toBe('000102030405060608090b09');
  });
  it('padding is stripped, the real content type recovered, and an all-zero inner plaintext refused', () => {
    const secret = new Uint8Array(32).fill(9);
    const w = cipherState(0x1301, secret);
    const r = cipherState(0x1301, secret);
    const rec = protectRecord(w, CT_HANDSHAKE, utf8('hi'), 100);
    expect(rec[0]).toBe(CT_APPLICATION_DATA);
    expect(rec.length).toBe(5 + 2 + 1 + 100 + 16);
    expect(unprotectRecord(r, rec.subarray(0, 5), rec.subarray(5))).toEqual({ type: CT_HANDSHAKE, content: utf8('hi') });
    const zero = protectRecord(w, 0, new Uint8Array(0), 3);
    expect(alertOf(() => unprotectRecord(r, zero.subarray(0, 5), zero.subarray(5)))).toBe('unexpected_message');
    // the header is authenticated (AAD)
    const rec2 = protectRecord(w, CT_APPLICATION_DATA, utf8('x'));
    const hdr = rec2.slice(0, 5);
    hdr[2] = 1;
    expect(alertOf(() => unprotectRecord(r, hdr, rec2.subarray(5)))).toBe('bad_record_mac');
  });
  it('record framing: partial records wait, oversized ones are record_overflow', () => {
    expect(takeRecord(new Uint8Array([23, 3, 3, 0, 5, 1, 2]), 0)).toBeNull();
    expect(alertOf(() => takeRecord(new Uint8Array([23, 3, 3, 0x41, 1]), 0))).toBe('record_overflow');
    expect(plaintextRecords(CT_HANDSHAKE, new Uint8Array(40000)).map((r) => r.length)).toEqual([16389, 16389, 7237]);
  });
  it('HKDF-Expand-Label matches RFC 8448 (server handshake key)', () => {
    const shts = fromHex('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38');
    expect(toHex(hkdfExpandLabel('sha256', shts, 'key', new Uint8Array(0), 16))).toBe('3fce516009c21727d0f2e4e86ee403bc');
  });
});

describe('handshake framing and state machine', () => {
  const m = istioMesh('units');
  const ch = () => encodeClientHello({
    legacyVersion: LEGACY_VERSION, random: new Uint8Array(32).fill(1), sessionId: new Uint8Array(0), cipherSuites: [0x1301],
    compressionMethods: new Uint8Array([0]), extensions: [
      supportedGroupsExt([GROUP_X25519]), signatureAlgorithmsExt([0x0403]), supportedVersionsClientExt([TLS13]),
      keyShareClientExt([{ group: GROUP_X25519, key: fromHex('9fd7ad6dcff4298dd3f96d5b1b2af910a0535b1488d7f8fabb349a982880b615') }]),
    ],
  });

  it('a duplicate extension is illegal_parameter', () => {
    const p = parseClientHello(ch().subarray(4));
    const twice = encodeClientHello({ ...p, extensions: [...p.extensions, p.extensions[0]] });
    expect(alertOf(() => parseClientHello(twice.subarray(4)))).toBe('illegal_parameter');
  });

  it('a ClientHello split across records is reassembled', () => {
    const s = createConnection(serverConfig(m, { requireClientCert: false }), m.rand);
    const b = ch();
    const o1 = receiveBytes(s, plaintextRecords(CT_HANDSHAKE, b.subarray(0, 50), 0x0301)[0], m.now, m.rand);
    expect(o1.send.length).toBe(0);
    const o2 = receiveBytes(s, plaintextRecords(CT_HANDSHAKE, b.subarray(50), 0x0301)[0], m.now, m.rand);
    expect(o2.send[0]).toBe(CT_HANDSHAKE);
    expect(s.phase).toBe('wait-client-finished');
  });

  it('handshake bytes sharing a record across a key change are unexpected_message', () => {
    const s = createConnection(serverConfig(m), m.rand);
    const o = receiveBytes(s, plaintextRecords(CT_HANDSHAKE, concat(ch(), new Uint8Array([20, 0, 0])), 0x0301)[0], m.now, m.rand);
    expect(o.events.find((e) => e.kind === 'alert-sent')).toMatchObject({ description: 'unexpected_message', reason: /shares a record across a key change/ });
  });

  it('a low-order x25519 share is illegal_parameter', () => {
    const s = createConnection(serverConfig(m), m.rand);
    const p = parseClientHello(ch().subarray(4));
    const bad = encodeClientHello({ ...p, extensions: [...p.extensions.slice(0, 3), keyShareClientExt([{ group: GROUP_X25519, key: new Uint8Array(32) }])] });
    const o = receiveBytes(s, plaintextRecords(CT_HANDSHAKE, bad, 0x0301)[0], m.now, m.rand);
    expect(o.events.find((e) => e.kind === 'alert-sent')).toMatchObject({ description: 'illegal_parameter', reason: /low-order/ });
  });

  it('ChangeCipherSpec after the handshake, unknown content types and plaintext handshakes after keys are unexpected_message', () => {
    for (const bad of [new Uint8Array([CT_CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 1]), new Uint8Array([99, 3, 3, 0, 1, 0]), plaintextRecords(CT_HANDSHAKE, ch())[0]]) {
      const c = side(createConnection(clientConfig(m), m.rand));
      const s = side(createConnection(serverConfig(m), m.rand));
      pump(c, s, absorb(c, start(c.conn, m.now, m.rand)), m.now, m.rand);
      const o = receiveBytes(s.conn, bad, m.now, m.rand);
      expect(o.events.find((e) => e.kind === 'alert-sent')).toMatchObject({ description: 'unexpected_message' });
    }
  });

  it('emits the key-schedule trace with RFC 8448 names and splits large writes into 2^14-byte records', () => {
    const c = side(createConnection(clientConfig(m), m.rand));
    const s = side(createConnection(serverConfig(m), m.rand));
    pump(c, s, absorb(c, start(c.conn, m.now, m.rand)), m.now, m.rand);
    const steps = c.events.flatMap((e) => (e.kind === 'trace' ? [e.step] : []));
    expect(steps).toEqual(['handshake-secrets', 'server-finished', 'application-secrets', 'client-finished', 'resumption-secret']);
    const hs = c.events.find((e) => e.kind === 'trace' && e.step === 'handshake-secrets');
    expect(hs?.kind === 'trace' && Object.keys(hs.values)).toContain('client_handshake_traffic_secret');
    const o = sendApplicationData(c.conn, new Uint8Array(40000));
    expect(o.events.filter((e) => e.kind === 'record').map((e) => e.kind === 'record' && e.length)).toEqual([16401, 16401, 7249]);
  });

  it('Linkerd identities: DNS SAN checked against the expected name', () => {
    const rand = seededRand('linkerd-tls');
    const { issuer } = createLinkerdCa(rand, m.now);
    const web = issueWorkloadCert(issuer, rand, { now: m.now, namespace: 'emojivoto', serviceAccount: 'web', mesh: 'linkerd' });
    const emoji = issueWorkloadCert(issuer, rand, { now: m.now, namespace: 'emojivoto', serviceAccount: 'emoji', mesh: 'linkerd' });
    const c = side(createConnection({ role: 'client', certChain: web.chain, privateKey: web.privateKey, trustAnchors: web.trustAnchors, serverName: emoji.identity, verifyPeer: { expectDnsName: emoji.identity }, now: m.now }, rand));
    const s = side(createConnection({ role: 'server', certChain: emoji.chain, privateKey: emoji.privateKey, trustAnchors: emoji.trustAnchors, requireClientCert: true, verifyPeer: {}, now: m.now }, rand));
    pump(c, s, absorb(c, start(c.conn, m.now, rand)), m.now, rand);
    expect(c.events.find((e) => e.kind === 'handshake-done')).toMatchObject({ peerIdentity: { dns: [emoji.identity], subject: `CN=${emoji.identity}` } });
    expect(s.events.find((e) => e.kind === 'handshake-done')).toMatchObject({ peerIdentity: { dns: [web.identity] } });
  });
});
