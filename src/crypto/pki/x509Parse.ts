/**
 * Parses X.509 v3 certificates (RFC 5280 §4.1) into plain data: the exact TBSCertificate bytes (what the issuer
 * signed), names, validity, the subject key (P-256 per RFC 5480, RSA recognised so it can be refused), and the
 * §4.2.1 extensions we act on: basicConstraints, keyUsage, extKeyUsage, subjectAltName (dNSName, URI),
 * subject/authority key identifiers. Unknown critical extensions are listed so verification can reject them.
 */
import { toHex } from '../../net/bytes';
import {
  content, decodeDer, DerError, encodedBytes, isContext, isUniversalTag, kids, readBits, readBool, readIntBytes,
  readOctets, readOid, readSmallInt, readText, seqKids, type Asn,
} from './der';
import { formatName } from './name';
import { KEY_USAGE_BITS, OID, type KeyUsage } from './oids';
import { parseX509Time } from './time';

export interface ParsedCert {
  der: Uint8Array;
  tbs: Uint8Array;
  version: number;
  /** Unsigned magnitude of the serial number. */
  serial: Uint8Array;
  serialHex: string;
  serialDecimal: string;
  signatureAlgorithm: string;
  signature: Uint8Array;
  issuer: string;
  issuerDer: Uint8Array;
  subject: string;
  subjectDer: Uint8Array;
  notBefore: number;
  notAfter: number;
  /** 'ec-p256', 'ec-p384', 'rsa', 'ed25519' or the algorithm OID. */
  keyType: string;
  publicKey: Uint8Array;
  /** null when basicConstraints is absent. */
  ca: boolean | null;
  pathLen: number | null;
  keyUsage: KeyUsage[] | null;
  extKeyUsage: string[] | null;
  uris: string[];
  dns: string[];
  subjectKeyId: Uint8Array | null;
  authorityKeyId: Uint8Array | null;
  unknownCriticalExtensions: string[];
}

const EKU_NAMES: Record<string, string> = { [OID.serverAuth]: 'serverAuth', [OID.clientAuth]: 'clientAuth' };

function readTime(b: Asn, what: string): number {
  const generalized = isUniversalTag(b, 24);
  if (!generalized && !isUniversalTag(b, 23)) throw new DerError(`${what}: expected UTCTime or GeneralizedTime`);
  return parseX509Time(readText(b, what), generalized, what);
}

function readSpki(b: Asn): { keyType: string; publicKey: Uint8Array } {
  const [alg, key] = seqKids(b, 'subjectPublicKeyInfo', 2);
  const algKids = seqKids(alg, 'subjectPublicKeyInfo algorithm', [1, 2]);
  const algOid = readOid(algKids[0], 'subjectPublicKeyInfo algorithm');
  const { bytes, unusedBits } = readBits(key, 'subjectPublicKey');
  if (unusedBits !== 0) throw new DerError('subjectPublicKey: unused bits in a key BIT STRING');
  if (algOid === OID.ecPublicKey) {
    if (algKids.length !== 2 || !isUniversalTag(algKids[1], 6)) throw new DerError('subjectPublicKeyInfo: EC key without a namedCurve');
    const curve = readOid(algKids[1], 'namedCurve');
    return { keyType: curve === OID.prime256v1 ? 'ec-p256' : curve === OID.secp384r1 ? 'ec-p384' : `ec-${curve}`, publicKey: bytes };
  }
  if (algOid === OID.rsaEncryption) return { keyType: 'rsa', publicKey: bytes };
  if (algOid === OID.ed25519) return { keyType: 'ed25519', publicKey: bytes };
  return { keyType: algOid, publicKey: bytes };
}

function readKeyUsage(v: Asn): KeyUsage[] {
  const { bytes, unusedBits } = readBits(v, 'keyUsage');
  const out: KeyUsage[] = [];
  const total = bytes.length * 8 - unusedBits;
  for (let i = 0; i < Math.min(total, KEY_USAGE_BITS.length); i++) if (bytes[i >> 3] & (0x80 >> (i & 7))) out.push(KEY_USAGE_BITS[i]);
  return out;
}

function applyExtension(c: ParsedCert, id: string, critical: boolean, value: Uint8Array): void {
  const v = decodeDer(value, `extension ${id}`);
  switch (id) {
    case OID.basicConstraints: {
      const k = seqKids(v, 'basicConstraints', [0, 2]);
      let i = 0;
      c.ca = k[i] && isUniversalTag(k[i], 1) ? readBool(k[i++], 'basicConstraints cA') : false;
      c.pathLen = k[i] ? readSmallInt(k[i], 'basicConstraints pathLenConstraint') : null;
      return;
    }
    case OID.keyUsage: c.keyUsage = readKeyUsage(v); return;
    case OID.extKeyUsage:
      c.extKeyUsage = seqKids(v, 'extKeyUsage', [1, 64]).map((e) => { const o = readOid(e, 'KeyPurposeId'); return EKU_NAMES[o] ?? o; });
      return;
    case OID.subjectAltName:
      for (const gn of seqKids(v, 'subjectAltName', [1, 256])) {
        if (isContext(gn, 2)) c.dns.push(readText(gn, 'dNSName'));
        else if (isContext(gn, 6)) c.uris.push(readText(gn, 'uniformResourceIdentifier'));
      }
      return;
    case OID.subjectKeyIdentifier: c.subjectKeyId = readOctets(v, 'subjectKeyIdentifier'); return;
    case OID.authorityKeyIdentifier: {
      const k = seqKids(v, 'authorityKeyIdentifier', [0, 3]).find((x) => isContext(x, 0));
      c.authorityKeyId = k ? content(k, 'keyIdentifier') : null;
      return;
    }
    default:
      if (critical) c.unknownCriticalExtensions.push(id);
  }
}

function magnitude(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.slice(i);
}

/** Parses one DER certificate; throws DerError naming the bad field. */
export function parseCertificate(der: Uint8Array): ParsedCert {
  const root = decodeDer(der, 'Certificate');
  const [tbsAsn, sigAlg, sigVal] = seqKids(root, 'Certificate', 3);
  const t = seqKids(tbsAsn, 'TBSCertificate', [6, 10]);
  let i = 0;
  let version = 1;
  if (isContext(t[0], 0)) version = readSmallInt(kids(t[i++], 'version', 1)[0], 'version') + 1;
  const serialRaw = readIntBytes(t[i++], 'serialNumber');
  if (serialRaw[0] & 0x80) throw new DerError('serialNumber: negative');
  const innerAlg = readOid(seqKids(t[i++], 'signature', [1, 2])[0], 'signature');
  const issuerAsn = t[i++];
  const [nb, na] = seqKids(t[i++], 'validity', 2);
  const subjectAsn = t[i++];
  const spki = readSpki(t[i++]);
  const outerAlg = readOid(seqKids(sigAlg, 'signatureAlgorithm', [1, 2])[0], 'signatureAlgorithm');
  if (outerAlg !== innerAlg) throw new DerError(`signatureAlgorithm ${outerAlg} differs from TBSCertificate signature ${innerAlg}`);
  const sig = readBits(sigVal, 'signatureValue');
  const serial = magnitude(serialRaw);
  const c: ParsedCert = {
    der: der.slice(), tbs: encodedBytes(tbsAsn), version, serial, serialHex: toHex(serial),
    serialDecimal: BigInt('0x' + toHex(serial)).toString(10),
    signatureAlgorithm: outerAlg, signature: sig.bytes,
    issuer: formatName(issuerAsn, 'issuer'), issuerDer: encodedBytes(issuerAsn),
    subject: formatName(subjectAsn, 'subject'), subjectDer: encodedBytes(subjectAsn),
    notBefore: readTime(nb, 'notBefore'), notAfter: readTime(na, 'notAfter'),
    keyType: spki.keyType, publicKey: spki.publicKey,
    ca: null, pathLen: null, keyUsage: null, extKeyUsage: null, uris: [], dns: [],
    subjectKeyId: null, authorityKeyId: null, unknownCriticalExtensions: [],
  };
  for (; i < t.length; i++) {
    if (isContext(t[i], 1) || isContext(t[i], 2)) continue; // issuerUniqueID / subjectUniqueID
    if (!isContext(t[i], 3)) throw new DerError(`TBSCertificate: unexpected field ${i}`);
    const seen = new Set<string>();
    for (const ext of seqKids(kids(t[i], 'extensions', 1)[0], 'extensions', [1, 64])) {
      const e = seqKids(ext, 'Extension', [2, 3]);
      const id = readOid(e[0], 'extnID');
      if (seen.has(id)) throw new DerError(`extensions: ${id} appears twice`);
      seen.add(id);
      const critical = e.length === 3 ? readBool(e[1], 'critical') : false;
      applyExtension(c, id, critical, readOctets(e[e.length - 1], 'extnValue'));
    }
  }
  return c;
}
