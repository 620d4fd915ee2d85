/**
 * The mesh certificate authorities, as plain data (structuredClone-safe):
 * - Istio (FIDELITY §4): istiod's self-signed root `O=cluster.local`, ~10 years; workload certificates valid 24 h
 *   with an empty subject and a critical URI SAN `spiffe://cluster.local/ns/<ns>/sa/<sa>` (an X.509-SVID).
 * - Linkerd (FIDELITY §5): trust anchor `CN=root.linkerd.cluster.local` and issuer `CN=identity.linkerd.cluster.local`
 *   (365 days each), proxy certificates valid 24 h with `CN` and DNS SAN `<sa>.<ns>.serviceaccount.identity.linkerd.cluster.local`.
 * Every key and serial comes from the caller's `rand`; times are virtual-clock microseconds.
 */
import { DAY, HOUR } from '../../sim/clock';
import { toHex } from '../../net/bytes';
import { p256KeyFromRand, type Rand } from './ecdsa';
import { linkerdIdentity, spiffeId } from './identity';
import type { NameAttr } from './name';
import { buildCertificate } from './x509Build';

export interface CaKey {
  certDer: Uint8Array;
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  subject: NameAttr[];
  /** Certificates to send after a leaf this CA issues: itself unless it is a root, then its own chain. */
  chainAbove: Uint8Array[];
  /** The root of this CA's hierarchy (the trust anchor relying parties hold). */
  rootDer: Uint8Array;
  notAfter: number;
}

export interface IssuedCert {
  /** DER, leaf first, then intermediates (what a TLS Certificate message carries). */
  chain: Uint8Array[];
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  trustAnchors: Uint8Array[];
  identity: string;
  serialHex: string;
  notBefore: number;
  notAfter: number;
}

const YEAR = 365 * DAY;

/** RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; 16 random bytes with the top bit cleared, never zero. */
export function randomSerial(rand: Rand): Uint8Array {
  const s = rand(16);
  s[0] &= 0x7f;
  if (s.every((b) => b === 0)) s[15] = 1;
  return s;
}

export function createRootCa(rand: Rand, opts: { now: number; subject: NameAttr[]; lifetimeUs?: number; pathLen?: number }): CaKey {
  const key = p256KeyFromRand(rand);
  const notAfter = opts.now + (opts.lifetimeUs ?? 10 * YEAR);
  const certDer = buildCertificate({
    serial: randomSerial(rand), issuer: opts.subject, subject: opts.subject, notBefore: opts.now, notAfter,
    publicKey: key.publicKey, ca: true, pathLen: opts.pathLen, keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
  }, key.privateKey);
  return { certDer, privateKey: key.privateKey, publicKey: key.publicKey, subject: opts.subject, chainAbove: [], rootDer: certDer, notAfter };
}

export function createIntermediateCa(parent: CaKey, rand: Rand, opts: { now: number; subject: NameAttr[]; lifetimeUs?: number; pathLen?: number }): CaKey {
  const key = p256KeyFromRand(rand);
  const notAfter = Math.min(opts.now + (opts.lifetimeUs ?? YEAR), parent.notAfter);
  const certDer = buildCertificate({
    serial: randomSerial(rand), issuer: parent.subject, subject: opts.subject, notBefore: opts.now, notAfter,
    publicKey: key.publicKey, issuerPublicKey: parent.publicKey, ca: true, pathLen: opts.pathLen ?? 0,
    keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
  }, parent.privateKey);
  return {
    certDer, privateKey: key.privateKey, publicKey: key.publicKey, subject: opts.subject,
    chainAbove: [certDer, ...parent.chainAbove], rootDer: parent.rootDer, notAfter,
  };
}

/** istiod's self-signed root CA (`O=cluster.local`, 10 years). */
export function createIstioRootCa(rand: Rand, now: number, trustDomain = 'cluster.local'): CaKey {
  return createRootCa(rand, { now, subject: [{ type: 'O', value: trustDomain }] });
}

/** Linkerd's trust anchor and identity issuer (365 days each, as `linkerd install` docs generate them). */
export function createLinkerdCa(rand: Rand, now: number, trustDomain = 'cluster.local'): { trustAnchor: CaKey; issuer: CaKey } {
  const trustAnchor = createRootCa(rand, { now, subject: [{ type: 'CN', value: `root.linkerd.${trustDomain}` }], lifetimeUs: YEAR, pathLen: 1 });
  const issuer = createIntermediateCa(trustAnchor, rand, { now, subject: [{ type: 'CN', value: `identity.linkerd.${trustDomain}` }], lifetimeUs: YEAR });
  return { trustAnchor, issuer };
}

export interface WorkloadOpts {
  now: number;
  namespace: string;
  serviceAccount: string;
  mesh: 'istio' | 'linkerd';
  trustDomain?: string;
  /** Default 24 h. */
  lifetimeUs?: number;
}

/** A workload (sidecar) certificate: Istio X.509-SVID or Linkerd proxy certificate, for both server and client auth. */
export function issueWorkloadCert(ca: CaKey, rand: Rand, o: WorkloadOpts): IssuedCert {
  const key = p256KeyFromRand(rand);
  const serial = randomSerial(rand);
  const notAfter = o.now + (o.lifetimeUs ?? 24 * HOUR);
  const td = o.trustDomain ?? 'cluster.local';
  const identity = o.mesh === 'istio' ? spiffeId(o.namespace, o.serviceAccount, td) : linkerdIdentity(o.namespace, o.serviceAccount, td);
  const leaf = buildCertificate({
    serial, issuer: ca.subject, subject: o.mesh === 'istio' ? [] : [{ type: 'CN', value: identity }],
    notBefore: o.now, notAfter, publicKey: key.publicKey, issuerPublicKey: ca.publicKey, ca: false,
    keyUsage: ['digitalSignature', 'keyEncipherment'], extKeyUsage: ['serverAuth', 'clientAuth'],
    ...(o.mesh === 'istio' ? { uris: [identity] } : { dns: [identity] }),
  }, ca.privateKey);
  return {
    chain: [leaf, ...ca.chainAbove], privateKey: key.privateKey, publicKey: key.publicKey, trustAnchors: [ca.rootDer],
    identity, serialHex: toHex(serial.subarray(serial.findIndex((b) => b !== 0))), notBefore: o.now, notAfter,
  };
}
