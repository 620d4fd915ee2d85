/**
 * Every failure ends with one specific alert (checked by name, by reason and by the bytes on the wire, opened with
 * the sender's keys), the peer learns it, and no application data is delivered after it.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../net/bytes';
import { DAY } from '../../sim/clock';
import { createIstioRootCa, issueWorkloadCert } from '../pki/meshCa';
import { ALERT_CODES, type AlertName } from './alerts';
import { close, createConnection, receiveBytes, sendApplicationData, start } from './connection';
import { CT_ALERT, CT_APPLICATION_DATA, GROUP_SECP256R1, GROUP_X25519, LEGACY_VERSION, TLS13 } from './constants';
import {
  alpnExt, keyShareClientExt, signatureAlgorithmsExt, supportedGroupsExt, supportedVersionsClientExt, type Extension,
} from './extensions';
import { absorb, pump, side, type LoopbackSide } from './loopback';
import { encodeClientHello } from './messagesHello';
import { plaintextRecords, unprotectRecord } from './record';
import { clientConfig, istioMesh, serverConfig } from './testFixtures';
import type { TlsConfig } from './types';

function handshake(cOver: Partial<TlsConfig> = {}, sOver: Partial<TlsConfig> = {}, seed = 'neg', at?: number) {
  const m = istioMesh(seed);
  const c = side(createConnection(clientConfig(m, cOver), m.rand));
  const s = side(createConnection(serverConfig(m, sOver), m.rand));
  pump(c, s, absorb(c, start(c.conn, m.now, m.rand)), at ?? m.now, m.rand);
  return { m, c, s };
}

/** The alert `who` sent: its event, and the record bytes opened with the keys it was sealed under. */
function sentAlert(who: LoopbackSide) {
  const events = who.events.filter((e) => e.kind === 'alert-sent');
  expect(events).toHaveLength(1);
  // the alert is the last record of the last write
  const last = who.sent[who.sent.length - 1];
  let off = 0;
  while (off + 5 + ((last[off + 3] << 8) | last[off + 4]) < last.length) off += 5 + ((last[off + 3] << 8) | last[off + 4]);
  const header = last.subarray(off, off + 5);
  const body = last.subarray(off + 5);
  let content: Uint8Array;
  if (header[0] === CT_ALERT) content = body;
  else {
    const w = who.conn.write!;
    content = unprotectRecord({ ...w, seq: w.seq - 1 }, header, body).content;
  }
  return { event: events[0], bytes: [...content] };
}

function expectFailure(by: LoopbackSide, peer: LoopbackSide, alert: AlertName, reason: string | RegExp, afterHandshake = false) {
  const { event, bytes } = sentAlert(by);
  expect(event).toMatchObject({ kind: 'alert-sent', level: 'fatal', description: alert });
  if (typeof reason === 'string') expect(event.kind === 'alert-sent' && event.reason).toBe(reason);
  else expect(event.kind === 'alert-sent' && event.reason).toMatch(reason);
  expect(bytes).toEqual([2, ALERT_CODES[alert]]);
  expect(by.conn.phase).toBe('failed');
  expect(by.conn.failure).toMatchObject({ alert, by: 'us' });
  expect(peer.events.filter((e) => e.kind === 'alert-received')).toMatchObject([{ level: 'fatal', description: alert }]);
  expect(peer.conn.phase).toBe('failed');
  expect(by.events.some((e) => e.kind === 'handshake-done') && peer.events.some((e) => e.kind === 'handshake-done')).toBe(afterHandshake);
  // nothing more is delivered on either side
  for (const [a, b] of [[by, peer], [peer, by]] as const) {
    const o = sendApplicationData(a.conn, utf8('late'));
    expect(o.send.length).toBe(0);
    expect(receiveBytes(b.conn, utf8('anything'), 0, () => new Uint8Array(0)).appData).toEqual([]);
  }
  expect(by.appData).toEqual([]);
  expect(peer.appData).toEqual([]);
}

describe('negative: certificates and identity', () => {
  it('server certificate from another CA → client sends unknown_ca', () => {
    const m = istioMesh('neg-ca');
    const other = createIstioRootCa(m.rand, m.now);
    const rogue = issueWorkloadCert(other, m.rand, { now: m.now, namespace: 'web', serviceAccount: 'backend', mesh: 'istio' });
    const { c, s } = handshake({}, { certChain: rogue.chain, privateKey: rogue.privateKey }, 'neg-ca');
    expectFailure(c, s, 'unknown_ca', 'TLS: certificate signed by an unknown CA (issuer O=cluster.local)');
  });

  it('client certificate from another CA → server sends unknown_ca', () => {
    const m = istioMesh('neg-ca2');
    const other = createIstioRootCa(m.rand, m.now);
    const rogue = issueWorkloadCert(other, m.rand, { now: m.now, namespace: 'web', serviceAccount: 'frontend', mesh: 'istio' });
    const { c, s } = handshake({ certChain: rogue.chain, privateKey: rogue.privateKey }, {}, 'neg-ca2');
    expectFailure(s, c, 'unknown_ca', /^TLS: certificate signed by an unknown CA/);
  });

  it('expired server certificate → client sends certificate_expired', () => {
    const { m } = handshake();
    const { c, s } = handshake({}, {}, 'neg', m.now + DAY + 1_000_000);
    expectFailure(c, s, 'certificate_expired', 'TLS: certificate expired at 2026-03-03T09:00:00Z (spiffe://cluster.local/ns/web/sa/backend; now 2026-03-03T09:00:01Z)');
  });

  it('wrong SPIFFE ID → client sends bad_certificate', () => {
    const { c, s } = handshake({ verifyPeer: { expectSpiffeId: 'spiffe://cluster.local/ns/web/sa/frontend' } });
    expectFailure(c, s, 'bad_certificate', 'TLS: peer SPIFFE ID spiffe://cluster.local/ns/web/sa/backend is not the expected spiffe://cluster.local/ns/web/sa/frontend');
  });

  it('client outside the allowed namespace → server sends bad_certificate', () => {
    const { c, s } = handshake({}, { verifyPeer: { expectUriPrefix: 'spiffe://cluster.local/ns/payments/' } });
    expectFailure(s, c, 'bad_certificate', 'TLS: peer SPIFFE ID spiffe://cluster.local/ns/web/sa/frontend does not start with the expected spiffe://cluster.local/ns/payments/');
  });

  it('missing client certificate when required → server sends certificate_required', () => {
    const { c, s } = handshake({ certChain: [], privateKey: new Uint8Array(32) });
    expectFailure(s, c, 'certificate_required', 'TLS: client sent no certificate, but mutual TLS requires one');
  });

  it('CertificateVerify signed with the wrong key → decrypt_error', () => {
    const m = istioMesh('neg-cv');
    const { c, s } = handshake({}, { privateKey: m.client.privateKey }, 'neg-cv');
    expectFailure(c, s, 'decrypt_error', 'TLS: server CertificateVerify signature does not verify');
  });
});

describe('negative: records', () => {
  it('tampered application record → bad_record_mac, nothing delivered', () => {
    const { m, c, s } = handshake();
    const o = absorb(c, sendApplicationData(c.conn, utf8('secret request')));
    const bad = o.slice();
    bad[bad.length - 3] ^= 0x40;
    pump(c, s, bad, m.now, m.rand);
    expectFailure(s, c, 'bad_record_mac', 'TLS: record authentication failed (bad_record_mac) at sequence number 0', true);
    expect(receiveBytes(s.conn, o, m.now, m.rand).appData).toEqual([]); // the genuine record is not accepted afterwards either
  });

  it('tampered encrypted handshake flight → client sends bad_record_mac', () => {
    const m = istioMesh('neg-hs');
    const c = side(createConnection(clientConfig(m), m.rand));
    const s = side(createConnection(serverConfig(m), m.rand));
    pump(c, s, absorb(c, start(c.conn, m.now, m.rand)), m.now, m.rand, (dir, b) => {
      if (dir !== 'b2a' || b[0] !== 22) return b;
      const t = b.slice();
      t[t.length - 1] ^= 1; // last byte of the encrypted flight's tag
      return t;
    });
    expectFailure(c, s, 'bad_record_mac', /^TLS: record authentication failed \(bad_record_mac\)/);
  });

  it('application data before the handshake → unexpected_message', () => {
    const m = istioMesh('neg-early');
    const s = side(createConnection(serverConfig(m), m.rand));
    const o = absorb(s, receiveBytes(s.conn, plaintextRecords(CT_APPLICATION_DATA, utf8('GET /'))[0], m.now, m.rand));
    expect(o).toEqual(new Uint8Array([21, 3, 3, 0, 2, 2, 10]));
    expect(s.events.find((e) => e.kind === 'alert-sent')).toMatchObject({ description: 'unexpected_message' });
  });
});

describe('negative: ClientHello negotiation (plaintext alerts)', () => {
  const m = istioMesh('neg-ch');
  const x = x25519.getPublicKey(new Uint8Array(32).fill(7));
  const base: Extension[] = [
    supportedGroupsExt([GROUP_X25519]), signatureAlgorithmsExt([0x0403]), supportedVersionsClientExt([TLS13]),
    keyShareClientExt([{ group: GROUP_X25519, key: x }]),
  ];
  function hello(exts: Extension[], suites = [0x1301]): Uint8Array {
    return plaintextRecords(22, encodeClientHello({
      legacyVersion: LEGACY_VERSION, random: new Uint8Array(32), sessionId: new Uint8Array(0), cipherSuites: suites,
      compressionMethods: new Uint8Array([0]), extensions: exts,
    }), 0x0301)[0];
  }
  const cases: [string, Uint8Array, AlertName, string | RegExp][] = [
    ['no supported_versions', hello(base.filter((e) => e.type !== 43)), 'protocol_version', 'TLS: client does not offer TLS 1.3 (no supported_versions extension)'],
    ['TLS 1.2 only', hello([...base.filter((e) => e.type !== 43), supportedVersionsClientExt([0x0303])]), 'protocol_version', 'TLS: client offers versions [0x0303] but not TLS 1.3'],
    ['no common suite', hello(base, [0x1304]), 'handshake_failure', /^TLS: no cipher suite in common/],
    ['no key_share', hello(base.filter((e) => e.type !== 51)), 'missing_extension', 'TLS: ClientHello has supported_groups but no key_share'],
    ['P-256 share only (would need HelloRetryRequest)', hello([
      supportedGroupsExt([GROUP_SECP256R1, GROUP_X25519]), signatureAlgorithmsExt([0x0403]), supportedVersionsClientExt([TLS13]),
      keyShareClientExt([{ group: GROUP_SECP256R1, key: new Uint8Array(65).fill(4) }]),
    ]), 'handshake_failure', 'TLS: client sent no x25519 key share; a HelloRetryRequest would be needed, which is not supported'],
    ['RSA-only signature algorithms', hello([...base.filter((e) => e.type !== 13), signatureAlgorithmsExt([0x0804])]), 'handshake_failure', /ecdsa_secp256r1_sha256/],
    ['no common ALPN', hello([...base, alpnExt(['h2'])]), 'no_application_protocol', 'TLS: no ALPN protocol in common (client offers [h2]; we accept [istio])'],
    ['truncated ClientHello', new Uint8Array([22, 3, 1, 0, 6, 1, 0, 0, 2, 3, 3]), 'decode_error', /^TLS: ClientHello is truncated/],
  ];
  for (const [name, bytes, alert, reason] of cases) {
    it(`${name} → ${alert}`, () => {
      const s = side(createConnection(serverConfig(m), m.rand));
      const out = absorb(s, receiveBytes(s.conn, bytes, m.now, m.rand));
      expect(out).toEqual(new Uint8Array([CT_ALERT, 3, 3, 0, 2, 2, ALERT_CODES[alert]]));
      const ev = s.events.find((e) => e.kind === 'alert-sent');
      expect(ev).toMatchObject({ description: alert });
      if (typeof reason === 'string') expect(ev?.kind === 'alert-sent' && ev.reason).toBe(reason);
      else expect(ev?.kind === 'alert-sent' && ev.reason).toMatch(reason);
      expect(s.conn.phase).toBe('failed');
    });
  }

  it('a server that answers with HelloRetryRequest gets handshake_failure from our client', () => {
    const c = side(createConnection(clientConfig(m), m.rand));
    absorb(c, start(c.conn, m.now, m.rand));
    const hrrRandom = Uint8Array.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c'.match(/../g)!.map((h) => parseInt(h, 16)));
    const body = [3, 3, ...hrrRandom, 32, ...c.conn.sessionId, 0x13, 0x01, 0, 0, 6, 0, 0x2b, 0, 2, 3, 4];
    const hrr = plaintextRecords(22, new Uint8Array([2, 0, 0, body.length, ...body]))[0];
    absorb(c, receiveBytes(c.conn, hrr, m.now, m.rand));
    expect(c.events.find((e) => e.kind === 'alert-sent')).toMatchObject({
      description: 'handshake_failure', reason: 'TLS: server sent a HelloRetryRequest (it wants another key share); HelloRetryRequest is not supported',
    });
  });
});

describe('closure', () => {
  it('close_notify both ways; data after close_notify is not delivered', () => {
    const { m, c, s } = handshake();
    pump(s, c, absorb(s, sendApplicationData(s.conn, utf8('bye'))), m.now, m.rand);
    const closing = absorb(c, close(c.conn));
    const late = absorb(c, sendApplicationData(c.conn, utf8('after close')));
    expect(late.length).toBe(0);
    pump(c, s, closing, m.now, m.rand);
    expect(c.appData.map(fromUtf8)).toEqual(['bye']);
    expect(s.events.filter((e) => e.kind === 'alert-received').map((e) => e.kind === 'alert-received' && e.description)).toEqual(['close_notify']);
    expect(c.events.filter((e) => e.kind === 'closed')).toHaveLength(1);
    expect(s.events.filter((e) => e.kind === 'closed')).toHaveLength(1);
    expect(c.conn.phase).toBe('closed');
  });
});
