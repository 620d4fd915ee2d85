/**
 * Issues X.509 v3 certificates (RFC 5280 §4.1) signed with ecdsa-with-SHA256 (RFC 5758 §3.2) over P-256 keys
 * (RFC 5480 §2). Extensions (§4.2.1): basicConstraints (critical), keyUsage (critical), extKeyUsage,
 * subjectAltName with dNSName / uniformResourceIdentifier (critical when the subject is empty, §4.2.1.6, as in
 * SPIFFE X.509-SVIDs), subjectKeyIdentifier and authorityKeyIdentifier (key id = leftmost 160 bits of SHA-256 of
 * the subjectPublicKey, RFC 7093 §2 method 1).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes, utf8 } from '../../net/bytes';
import {
  bits, bool, decodeDer, explicit, implicitPrimitive, octets, oid, seq, smallInt, timeText, toDer, uintFromBytes, type Asn,
} from './der';
import { ecdsaSignSha256 } from './ecdsa';
import { encodeName, type NameAttr } from './name';
import { KEY_USAGE_BITS, OID, type KeyUsage } from './oids';
import { x509TimeText } from './time';

export interface CertSpec {
  /** Unsigned big-endian serial (RFC 5280 §4.1.2.2: positive, at most 20 octets). */
  serial: Uint8Array;
  issuer: NameAttr[];
  subject: NameAttr[];
  /** Virtual-clock microseconds. */
  notBefore: number;
  notAfter: number;
  /** Subject's P-256 public key, 65-byte uncompressed. */
  publicKey: Uint8Array;
  /** Issuer's P-256 public key (for authorityKeyIdentifier); omit for a self-signed certificate. */
  issuerPublicKey?: Uint8Array;
  ca: boolean;
  pathLen?: number;
  keyUsage: KeyUsage[];
  extKeyUsage?: ('serverAuth' | 'clientAuth')[];
  uris?: string[];
  dns?: string[];
}

/** RFC 7093 §2 method 1: the leftmost 160 bits of SHA-256 of the subjectPublicKey BIT STRING value. */
export function keyIdentifier(publicKey: Uint8Array): Uint8Array {
  return sha256(publicKey).slice(0, 20);
}

/** AlgorithmIdentifier for ecdsa-with-SHA256: parameters MUST be absent (RFC 5758 §3.2). */
export const ecdsaWithSha256Alg = (): Asn => seq(oid(OID.ecdsaWithSha256));

/** SubjectPublicKeyInfo for a P-256 key (RFC 5480 §2.1.1 namedCurve; §2.2 uncompressed point). */
export function p256Spki(publicKey: Uint8Array): Asn {
  return seq(seq(oid(OID.ecPublicKey), oid(OID.prime256v1)), bits(publicKey));
}

/** KeyUsage as a DER named-bit BIT STRING: trailing zero bits removed (X.690 §11.2.2). */
export function keyUsageBits(usages: KeyUsage[]): Asn {
  const idx = usages.map((u) => KEY_USAGE_BITS.indexOf(u));
  const top = Math.max(...idx);
  const bytes = new Uint8Array(Math.floor(top / 8) + 1);
  for (const i of idx) bytes[i >> 3] |= 0x80 >> (i & 7);
  return bits(bytes, bytes.length * 8 - (top + 1));
}

function extension(id: string, critical: boolean, value: Asn): Asn {
  return critical ? seq(oid(id), bool(true), octets(toDer(value))) : seq(oid(id), octets(toDer(value)));
}

function validity(us: number): Asn {
  const t = x509TimeText(us);
  return timeText(t.text, t.generalized);
}

function extensions(spec: CertSpec): Asn[] {
  const out: Asn[] = [];
  const bc: Asn[] = spec.ca ? [bool(true), ...(spec.pathLen !== undefined ? [smallInt(spec.pathLen)] : [])] : [];
  out.push(extension(OID.basicConstraints, true, seq(...bc)));
  if (spec.keyUsage.length) out.push(extension(OID.keyUsage, true, keyUsageBits(spec.keyUsage)));
  if (spec.extKeyUsage?.length) out.push(extension(OID.extKeyUsage, false, seq(...spec.extKeyUsage.map((e) => oid(OID[e])))));
  const names = [
    ...(spec.dns ?? []).map((d) => implicitPrimitive(2, utf8(d))),
    ...(spec.uris ?? []).map((u) => implicitPrimitive(6, utf8(u))),
  ];
  if (names.length) out.push(extension(OID.subjectAltName, spec.subject.length === 0, seq(...names)));
  out.push(extension(OID.subjectKeyIdentifier, false, octets(keyIdentifier(spec.publicKey))));
  if (spec.issuerPublicKey) out.push(extension(OID.authorityKeyIdentifier, false, seq(implicitPrimitive(0, keyIdentifier(spec.issuerPublicKey)))));
  return out;
}

/** The DER TBSCertificate (§4.1.2). */
export function buildTbsCertificate(spec: CertSpec): Uint8Array {
  if (spec.serial.length > 20) throw new Error('x509: serial number longer than 20 octets');
  if (spec.subject.length === 0 && !(spec.uris?.length || spec.dns?.length)) throw new Error('x509: empty subject needs a subjectAltName');
  const tbs = seq(
    explicit(0, smallInt(2)),
    uintFromBytes(spec.serial),
    ecdsaWithSha256Alg(),
    encodeName(spec.issuer),
    seq(validity(spec.notBefore), validity(spec.notAfter)),
    encodeName(spec.subject),
    p256Spki(spec.publicKey),
    explicit(3, seq(...extensions(spec))),
  );
  return toDer(tbs);
}

/** Builds and signs a certificate with the issuer's P-256 private key. */
export function buildCertificate(spec: CertSpec, issuerPrivateKey: Uint8Array): Uint8Array {
  const tbs = buildTbsCertificate(spec);
  const signature = ecdsaSignSha256(issuerPrivateKey, tbs);
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
  const tail = [ecdsaWithSha256Alg(), bits(signature)];
  const der = toDer(seq(decodeDer(tbs, 'TBSCertificate'), ...tail));
  const start = der.length - tbs.length - tail.reduce((n, t) => n + toDer(t).length, 0);
  if (!equalBytes(der.subarray(start, start + tbs.length), tbs)) throw new Error('x509: TBSCertificate did not re-encode byte for byte');
  return der;
}
