/**
 * Object identifiers used by our certificates: RFC 5280 §4.1/§4.2 (extensions, attribute types), RFC 5480 §2.1
 * (id-ecPublicKey, secp256r1), RFC 5758 §3.2 (ecdsa-with-SHA256), RFC 8017 (rsaEncryption, to recognise and
 * refuse RSA keys).
 */
export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  rsassaPss: '1.2.840.113549.1.1.10',
  ed25519: '1.3.101.112',
  // attribute types (RFC 5280 §4.1.2.4, X.520)
  commonName: '2.5.4.3',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  // extensions (RFC 5280 §4.2.1)
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

export const ATTRIBUTE_SHORT_NAMES: Record<string, string> = {
  [OID.commonName]: 'CN', [OID.countryName]: 'C', [OID.localityName]: 'L', [OID.stateOrProvinceName]: 'ST',
  [OID.organizationName]: 'O', [OID.organizationalUnitName]: 'OU',
};

/** KeyUsage bits (RFC 5280 §4.2.1.3), index = bit number. */
export const KEY_USAGE_BITS = [
  'digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign',
  'encipherOnly', 'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];
