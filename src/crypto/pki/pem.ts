/**
 * PEM (RFC 7468) and private-key encodings for display and for handing keys to other tools: SEC 1 ECPrivateKey
 * (RFC 5915 §3, "EC PRIVATE KEY") and PKCS #8 PrivateKeyInfo (RFC 5958 §2, "PRIVATE KEY") for P-256 keys.
 */
import { fromBase64, toBase64 } from '../../sim/base64';
import { bits, explicit, octets, oid, seq, smallInt, toDer } from './der';
import { OID } from './oids';

export function toPem(label: string, der: Uint8Array): string {
  const b64 = toBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every block with the given label (all labels when omitted), decoded. */
export function fromPem(text: string, label?: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (label && m[1] !== label) continue;
    const der = fromBase64(m[2].replace(/\s+/g, ''));
    if (!der) throw new Error(`PEM: ${m[1]} block is not base64`);
    out.push(der);
  }
  return out;
}

/** ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters, [1] publicKey BIT STRING } */
export function ecPrivateKeyDer(privateKey: Uint8Array, publicKey: Uint8Array, withParameters = true): Uint8Array {
  return toDer(seq(
    smallInt(1), octets(privateKey),
    ...(withParameters ? [explicit(0, oid(OID.prime256v1))] : []),
    explicit(1, bits(publicKey)),
  ));
}

/** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier {id-ecPublicKey, prime256v1}, OCTET STRING ECPrivateKey } */
export function pkcs8PrivateKeyDer(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  return toDer(seq(
    smallInt(0), seq(oid(OID.ecPublicKey), oid(OID.prime256v1)), octets(ecPrivateKeyDer(privateKey, publicKey, false)),
  ));
}
