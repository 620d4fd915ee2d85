/**
 * What `openssl x509` (OpenSSL 3.0) prints about a certificate: the `-text` page (version, serial, names as
 * `O = cluster.local`, validity as `Mar  2 09:00:00 2026 GMT`, the EC public key and signature as colon hex, the
 * X509v3 extensions in certificate order with `critical` marks), and the one-line fields (-subject, -issuer,
 * -dates, -serial, -fingerprint) and `-ext`. The certificate is parsed by the lab's own DER reader
 * (src/crypto/pki); extensions are walked here so their order and criticality show as encoded.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { parseCertificate, toPem, type ParsedCert } from '../../crypto/pki';
import {
  decodeDer, encodedBytes, isContext, kids, readBool, readOctets, readOid, readText, seqKids, type Asn,
} from '../../crypto/pki/der';
import { toCivil } from '../../sim/clock';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** ASN1_TIME_print: `Mar  2 09:00:00 2026 GMT`. */
export function opensslTime(us: number): string {
  const c = toCivil(us);
  return `${MONTHS[c.month - 1]} ${String(c.day).padStart(2, ' ')} ${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)} ${c.year} GMT`;
}

const hex = (b: Uint8Array): string[] => [...b].map((x) => x.toString(16).padStart(2, '0'));

/** Colon hex, `perLine` bytes a line, each line but the last ending in `:`. */
function hexLines(b: Uint8Array, perLine: number, indent: string): string {
  const h = hex(b);
  const lines: string[] = [];
  for (let i = 0; i < h.length; i += perLine) lines.push(indent + h.slice(i, i + perLine).join(':') + (i + perLine < h.length ? ':' : ''));
  return lines.join('\n') + '\n';
}

const ATTR: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.5': 'serialNumber',
  '0.9.2342.19200300.100.1.25': 'DC', '1.2.840.113549.1.9.1': 'emailAddress',
};

/** A Name, OpenSSL's default (`CN = a, O = b`) or RFC 2253 (`O=b,CN=a`: last RDN first). */
export function formatName(der: Uint8Array, rfc2253 = false): string {
  const parts = seqKids(decodeDer(der, 'Name'), 'Name').flatMap((rdn) => kids(rdn, 'RDN').map((atv) => {
    const [t, v] = seqKids(atv, 'AttributeTypeAndValue', 2);
    const oid = readOid(t, 'type');
    return [ATTR[oid] ?? oid, readText(v, 'value')] as const;
  }));
  return rfc2253 ? parts.reverse().map(([k, v]) => `${k}=${v}`).join(',') : parts.map(([k, v]) => `${k} = ${v}`).join(', ');
}

interface Ext {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

/** The extensions in encoded order (TBSCertificate [3]). */
function extensionsOf(der: Uint8Array): Ext[] {
  const tbs = seqKids(seqKids(decodeDer(der, 'Certificate'), 'Certificate', 3)[0], 'TBSCertificate');
  const block = tbs.find((x) => isContext(x, 3));
  if (!block) return [];
  return seqKids(kids(block, 'extensions', 1)[0], 'Extensions').map((e) => {
    const k = seqKids(e, 'Extension', [2, 3]);
    return { oid: readOid(k[0], 'extnID'), critical: k.length === 3 && readBool(k[1], 'critical'), value: readOctets(k[k.length - 1], 'extnValue') };
  });
}

/** SubjectPublicKeyInfo as encoded (what -pubkey prints). */
export function spkiOf(der: Uint8Array): Uint8Array {
  const tbs = seqKids(seqKids(decodeDer(der, 'Certificate'), 'Certificate', 3)[0], 'TBSCertificate');
  return encodedBytes(tbs[isContext(tbs[0], 0) ? 6 : 5]);
}

const KEY_USAGE = ['Digital Signature', 'Non Repudiation', 'Key Encipherment', 'Data Encipherment', 'Key Agreement', 'Certificate Sign', 'CRL Sign', 'Encipher Only', 'Decipher Only'];
const EKU: Record<string, string> = { '1.3.6.1.5.5.7.3.1': 'TLS Web Server Authentication', '1.3.6.1.5.5.7.3.2': 'TLS Web Client Authentication' };
const colonUpper = (b: Uint8Array): string => hex(b).join(':').toUpperCase();

const EXT_NAMES: Record<string, [string, string]> = {
  '2.5.29.19': ['X509v3 Basic Constraints', 'basicConstraints'], '2.5.29.15': ['X509v3 Key Usage', 'keyUsage'],
  '2.5.29.37': ['X509v3 Extended Key Usage', 'extendedKeyUsage'], '2.5.29.17': ['X509v3 Subject Alternative Name', 'subjectAltName'],
  '2.5.29.14': ['X509v3 Subject Key Identifier', 'subjectKeyIdentifier'], '2.5.29.35': ['X509v3 Authority Key Identifier', 'authorityKeyIdentifier'],
};

/** One extension's value as OpenSSL's X509V3_EXT_print shows it. */
function extValue(e: Ext, c: ParsedCert): string {
  const v: Asn = decodeDer(e.value, e.oid);
  switch (e.oid) {
    case '2.5.29.19': return c.ca ? `CA:TRUE${c.pathLen !== null ? `, pathlen:${c.pathLen}` : ''}` : 'CA:FALSE';
    case '2.5.29.15': {
      const bits = (v.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView;
      return KEY_USAGE.filter((_, i) => bits[i >> 3] & (0x80 >> (i & 7))).join(', ');
    }
    case '2.5.29.37': return seqKids(v, 'EKU').map((k) => EKU[readOid(k, 'EKU')] ?? readOid(k, 'EKU')).join(', ');
    case '2.5.29.17':
      return seqKids(v, 'SAN').map((gn) => (isContext(gn, 2) ? `DNS:${readText(gn, 'dNSName')}` : isContext(gn, 6) ? `URI:${readText(gn, 'URI')}` : '<unsupported>')).join(', ');
    case '2.5.29.14': return colonUpper(readOctets(v, 'SKI'));
    case '2.5.29.35': return c.authorityKeyId ? colonUpper(c.authorityKeyId) : '';
    default: return hexLines(e.value, 16, '').trimEnd();
  }
}

const extHeader = (e: Ext): string => `${EXT_NAMES[e.oid]?.[0] ?? e.oid}: ${e.critical ? 'critical' : ''}`;

/** `-ext name,...`: the named extensions present, or null when none is (OpenSSL says so on stderr). */
export function extText(der: Uint8Array, names: string[]): string | null {
  const c = parseCertificate(der);
  const picked = extensionsOf(der).filter((e) => names.includes(EXT_NAMES[e.oid]?.[1] ?? ''));
  return picked.length ? picked.map((e) => `${extHeader(e)}\n    ${extValue(e, c)}\n`).join('') : null;
}

function serialText(c: ParsedCert): string {
  const s = c.serial;
  if (s.length <= 8 && !(s.length === 8 && s[0] & 0x80)) {
    const n = BigInt(`0x${c.serialHex || '0'}`);
    return `        Serial Number: ${n.toString(10)} (0x${n.toString(16)})\n`;
  }
  return `        Serial Number:\n${hexLines(s, s.length, '            ')}`;
}

/** The `-text` page. */
export function x509Text(der: Uint8Array): string {
  const c = parseCertificate(der);
  const sigAlg = c.signatureAlgorithm === '1.2.840.10045.4.3.2' ? 'ecdsa-with-SHA256' : c.signatureAlgorithm;
  let t = `Certificate:\n    Data:\n        Version: ${c.version} (0x${(c.version - 1).toString(16)})\n${serialText(c)}`;
  t += `        Signature Algorithm: ${sigAlg}\n        Issuer: ${formatName(c.issuerDer)}\n`;
  t += `        Validity\n            Not Before: ${opensslTime(c.notBefore)}\n            Not After : ${opensslTime(c.notAfter)}\n`;
  t += `        Subject: ${formatName(c.subjectDer)}\n        Subject Public Key Info:\n`;
  if (c.keyType === 'ec-p256') {
    t += '            Public Key Algorithm: id-ecPublicKey\n                Public-Key: (256 bit)\n                pub:\n';
    t += hexLines(c.publicKey, 15, '                    ');
    t += '                ASN1 OID: prime256v1\n                NIST CURVE: P-256\n';
  } else t += `            Public Key Algorithm: ${c.keyType}\n`;
  const exts = extensionsOf(der);
  if (exts.length) {
    t += '        X509v3 extensions:\n';
    for (const e of exts) t += `            ${extHeader(e)}\n                ${extValue(e, c)}\n`;
  }
  t += `    Signature Algorithm: ${sigAlg}\n    Signature Value:\n${hexLines(c.signature, 18, '        ')}`;
  return t;
}

/** The one-line fields, as `openssl x509 -subject` etc. print them. */
export function x509Field(der: Uint8Array, field: string, rfc2253: boolean): string {
  const c = parseCertificate(der);
  switch (field) {
    case 'subject': return `subject=${formatName(c.subjectDer, rfc2253)}\n`;
    case 'issuer': return `issuer=${formatName(c.issuerDer, rfc2253)}\n`;
    case 'startdate': return `notBefore=${opensslTime(c.notBefore)}\n`;
    case 'enddate': return `notAfter=${opensslTime(c.notAfter)}\n`;
    case 'dates': return `notBefore=${opensslTime(c.notBefore)}\nnotAfter=${opensslTime(c.notAfter)}\n`;
    case 'serial': return `serial=${c.serialHex.toUpperCase()}\n`;
    case 'fingerprint-sha1': return `SHA1 Fingerprint=${colonUpper(sha1(der))}\n`;
    case 'fingerprint-sha256': return `sha256 Fingerprint=${colonUpper(sha256(der))}\n`;
    case 'pubkey': return toPem('PUBLIC KEY', spkiOf(der));
    case 'pem': return toPem('CERTIFICATE', der);
    default: return '';
  }
}
