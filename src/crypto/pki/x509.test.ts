import { X509Certificate, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY, EPOCH_US, HOUR } from '../../sim/clock';
import { createRng, randomBytes } from '../../sim/rng';
import { p256 } from '@noble/curves/nist.js';
import { decodeDer, DerError } from './der';
import { ecdsaSignSha256, ecdsaVerifySha256, p256KeyFromRand } from './ecdsa';
import { checkPeerIdentity, parseSpiffeId, spiffeId } from './identity';
import { createIstioRootCa, createLinkerdCa, issueWorkloadCert } from './meshCa';
import { ecPrivateKeyDer, fromPem, pkcs8PrivateKeyDer, toPem } from './pem';
import { parseX509Time, x509TimeText } from './time';
import { parseCertificate } from './x509Parse';
import { verifyChain } from './x509Verify';

const randOf = (seed: string) => { const r = createRng(seed); return (n: number) => randomBytes(r, n); };
const now = EPOCH_US;

describe('X.509 issuance and parsing', () => {
  const rand = randOf('pki');
  const root = createIstioRootCa(rand, now);
  const wl = issueWorkloadCert(root, rand, { now, namespace: 'web', serviceAccount: 'frontend', mesh: 'istio' });

  it('Node/OpenSSL parses our root and workload certificates and verifies their signatures', () => {
    const ca = new X509Certificate(root.certDer);
    const leaf = new X509Certificate(wl.chain[0]);
    expect(ca.subject).toBe('O=cluster.local');
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('URI:spiffe://cluster.local/ns/web/sa/frontend');
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.validFrom).toBe('Mar  2 09:00:00 2026 GMT');
    expect(leaf.validTo).toBe('Mar  3 09:00:00 2026 GMT');
    expect(ca.validTo).toBe('Feb 28 09:00:00 2036 GMT');
    expect(leaf.serialNumber.toLowerCase().replace(/^0+/, '')).toBe(wl.serialHex);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  it('openssl x509 shows the Istio profile (critical SAN, CA:FALSE, key usages)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pki-'));
    writeFileSync(join(dir, 'leaf.pem'), toPem('CERTIFICATE', wl.chain[0]));
    const text = execFileSync('openssl', ['x509', '-in', join(dir, 'leaf.pem'), '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toMatch(/X509v3 Subject Alternative Name: critical\s+URI:spiffe:\/\/cluster.local\/ns\/web\/sa\/frontend/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment/);
    expect(text).toMatch(/TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(text).toMatch(/Signature Algorithm: ecdsa-with-SHA256/);
    expect(text).toMatch(/ASN1 OID: prime256v1/);
  });

  it('openssl verify accepts the chain, and our SEC1/PKCS#8 keys sign what our verifier accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pki-'));
    writeFileSync(join(dir, 'ca.pem'), toPem('CERTIFICATE', root.certDer));
    writeFileSync(join(dir, 'leaf.pem'), toPem('CERTIFICATE', wl.chain[0]));
    const out = execFileSync('openssl', ['verify', '-attime', String(now / 1e6 + 3600), '-CAfile', join(dir, 'ca.pem'), join(dir, 'leaf.pem')], { encoding: 'utf8' });
    expect(out.trim()).toBe(`${join(dir, 'leaf.pem')}: OK`);
    for (const key of [
      createPrivateKey(toPem('EC PRIVATE KEY', ecPrivateKeyDer(wl.privateKey, wl.publicKey))),
      createPrivateKey(toPem('PRIVATE KEY', pkcs8PrivateKeyDer(wl.privateKey, wl.publicKey))),
    ]) {
      const msg = new TextEncoder().encode('hello');
      const sig = nodeSign('sha256', msg, key); // OpenSSL: DER, not low-S normalised
      expect(ecdsaVerifySha256(wl.publicKey, msg, new Uint8Array(sig))).toBe(true);
      expect(createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-65)).toEqual(Buffer.from(wl.publicKey));
    }
  });

  it('round-trips through our parser', () => {
    const c = parseCertificate(wl.chain[0]);
    expect(c.subject).toBe('');
    expect(c.issuer).toBe('O=cluster.local');
    expect(c.uris).toEqual([spiffeId('web', 'frontend')]);
    expect(c.notBefore).toBe(now);
    expect(c.notAfter).toBe(now + 24 * HOUR);
    expect(c.ca).toBe(false);
    expect(c.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(c.extKeyUsage).toEqual(['serverAuth', 'clientAuth']);
    expect(c.keyType).toBe('ec-p256');
    expect(c.serialHex).toBe(wl.serialHex);
    expect(BigInt('0x' + c.serialHex).toString()).toBe(c.serialDecimal);
    expect(fromPem(toPem('CERTIFICATE', wl.chain[0]), 'CERTIFICATE')[0]).toEqual(wl.chain[0]);
  });

  it('Linkerd: trust anchor → issuer → proxy certificate with the DNS identity', () => {
    const r = randOf('linkerd');
    const { issuer } = createLinkerdCa(r, now);
    const proxy = issueWorkloadCert(issuer, r, { now, namespace: 'emojivoto', serviceAccount: 'web', mesh: 'linkerd' });
    expect(proxy.chain).toHaveLength(2);
    const leaf = new X509Certificate(proxy.chain[0]);
    expect(leaf.subject).toBe('CN=web.emojivoto.serviceaccount.identity.linkerd.cluster.local');
    expect(leaf.subjectAltName).toBe('DNS:web.emojivoto.serviceaccount.identity.linkerd.cluster.local');
    expect(leaf.verify(new X509Certificate(proxy.chain[1]).publicKey)).toBe(true);
    const v = verifyChain(proxy.chain, proxy.trustAnchors, now + HOUR, 'serverAuth');
    expect(v.ok).toBe(true);
    expect(checkPeerIdentity(parseCertificate(proxy.chain[0]), { expectDnsName: 'web.emojivoto.serviceaccount.identity.linkerd.cluster.local' })).toBeNull();
  });

  it('ECDSA: low-S DER signatures out, high-S accepted in, one SHA-256 (no double hashing)', () => {
    const k = p256KeyFromRand(randOf('ecdsa'));
    const msg = new TextEncoder().encode('TLS 1.3, server CertificateVerify');
    const der = ecdsaSignSha256(k.privateKey, msg);
    expect(der[0]).toBe(0x30);
    const sig = p256.Signature.fromBytes(der, 'der');
    const n = p256.Point.Fn.ORDER;
    expect(sig.s <= n / 2n).toBe(true);
    const high = new p256.Signature(sig.r, n - sig.s).toBytes('der');
    expect(ecdsaVerifySha256(k.publicKey, msg, high)).toBe(true);
    // Node/OpenSSL verifies ours as plain ecdsa-with-SHA256 over the message
    const spki = Buffer.concat([Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'), Buffer.from(k.publicKey)]);
    expect(nodeVerify('sha256', msg, createPublicKey({ key: spki, format: 'der', type: 'spki' }), der)).toBe(true);
    expect(ecdsaVerifySha256(k.publicKey, new TextEncoder().encode('other'), der)).toBe(false);
    expect(ecdsaVerifySha256(k.publicKey, msg, new Uint8Array([0x30, 0x02, 0x02, 0x00]))).toBe(false);
  });

  it('keys come from rand: same seed, same certificate', () => {
    const a = createIstioRootCa(randOf('same'), now);
    const b = createIstioRootCa(randOf('same'), now);
    expect(a.certDer).toEqual(b.certDer);
    expect(p256KeyFromRand(randOf('k')).privateKey).toEqual(p256KeyFromRand(randOf('k')).privateKey);
  });
});

describe('path validation', () => {
  const rand = randOf('verify');
  const root = createIstioRootCa(rand, now);
  const other = createIstioRootCa(rand, now); // same subject O=cluster.local, different key
  const wl = issueWorkloadCert(root, rand, { now, namespace: 'web', serviceAccount: 'frontend', mesh: 'istio' });
  const foreign = issueWorkloadCert(other, rand, { now, namespace: 'web', serviceAccount: 'frontend', mesh: 'istio' });

  it('accepts a valid chain', () => {
    const r = verifyChain(wl.chain, [root.certDer], now + HOUR, 'clientAuth');
    expect(r.ok && r.path.length).toBe(2);
  });
  it('rejects a certificate from another CA with the same name', () => {
    const r = verifyChain(foreign.chain, [root.certDer], now + HOUR);
    expect(r).toMatchObject({ ok: false, alert: 'unknown_ca' });
    expect(!r.ok && r.reason).toMatch(/^TLS: certificate signed by an unknown CA \(issuer O=cluster.local\)/);
  });
  it('rejects expired and not-yet-valid certificates', () => {
    expect(verifyChain(wl.chain, [root.certDer], now + DAY + 1e6)).toEqual({
      ok: false, alert: 'certificate_expired',
      reason: 'TLS: certificate expired at 2026-03-03T09:00:00Z (spiffe://cluster.local/ns/web/sa/frontend; now 2026-03-03T09:00:01Z)',
    });
    expect(verifyChain(wl.chain, [root.certDer], now - 1e6)).toMatchObject({ ok: false, alert: 'certificate_expired' });
  });
  it('rejects a leaf used as an issuer (not a CA) and a tampered signature', () => {
    const sub = issueWorkloadCert({ ...root, certDer: wl.chain[0], privateKey: wl.privateKey, publicKey: wl.publicKey, subject: [], chainAbove: [wl.chain[0]] },
      rand, { now, namespace: 'x', serviceAccount: 'y', mesh: 'istio' });
    expect(verifyChain(sub.chain, [root.certDer], now + HOUR)).toEqual({
      ok: false, alert: 'bad_certificate', reason: 'TLS: issuer certificate spiffe://cluster.local/ns/web/sa/frontend is not a CA (basicConstraints)',
    });
    const bad = wl.chain[0].slice();
    bad[bad.length - 5] ^= 1;
    expect(verifyChain([bad], [root.certDer], now + HOUR)).toMatchObject({ ok: false, alert: 'unknown_ca' });
  });
  it('checks SPIFFE identities', () => {
    const c = parseCertificate(wl.chain[0]);
    expect(checkPeerIdentity(c, { expectSpiffeId: spiffeId('web', 'frontend') })).toBeNull();
    expect(checkPeerIdentity(c, { expectSpiffeId: spiffeId('web', 'backend') }))
      .toBe('TLS: peer SPIFFE ID spiffe://cluster.local/ns/web/sa/frontend is not the expected spiffe://cluster.local/ns/web/sa/backend');
    expect(checkPeerIdentity(c, { expectUriPrefix: 'spiffe://cluster.local/ns/db/' })).toMatch(/does not start with/);
    expect(parseSpiffeId('spiffe://cluster.local/ns/a/sa/b')).toEqual({ trustDomain: 'cluster.local', path: '/ns/a/sa/b', namespace: 'a', serviceAccount: 'b' });
    expect(parseSpiffeId('spiffe://Cluster.local/x')).toBeNull();
    expect(parseSpiffeId('https://cluster.local/x')).toBeNull();
  });
});

describe('DER strictness and times', () => {
  it('rejects non-minimal lengths, indefinite lengths and trailing bytes', () => {
    expect(() => decodeDer(new Uint8Array([0x30, 0x81, 0x03, 0x02, 0x01, 0x05]), 't')).toThrow(DerError);
    expect(() => decodeDer(new Uint8Array([0x30, 0x80, 0x02, 0x01, 0x05, 0, 0]), 't')).toThrow(DerError);
    expect(() => decodeDer(new Uint8Array([0x02, 0x02, 0x00, 0x05]), 't')).toThrow(/not DER/);
    expect(() => decodeDer(new Uint8Array([0x02, 0x01, 0x05, 0x00]), 't')).toThrow(/trailing/);
  });
  it('formats and parses RFC 5280 times', () => {
    expect(x509TimeText(now)).toEqual({ text: '260302090000Z', generalized: false });
    expect(x509TimeText(Date.UTC(2050, 0, 1) * 1000)).toEqual({ text: '20500101000000Z', generalized: true });
    expect(parseX509Time('260302090000Z', false, 't')).toBe(now);
    expect(parseX509Time('490101000000Z', false, 't')).toBe(Date.UTC(2049, 0, 1) * 1000);
    expect(parseX509Time('500101000000Z', false, 't')).toBe(Date.UTC(1950, 0, 1) * 1000);
    expect(() => parseX509Time('2603020900Z', false, 't')).toThrow(DerError);
  });
});
