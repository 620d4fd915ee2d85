/**
 * PKI for the mesh labs: X.509 v3 issuance, parsing and path validation (RFC 5280), ECDSA P-256 (RFC 5480/5758),
 * SPIFFE / Linkerd identities, PEM (RFC 7468). All results are plain data.
 */
export { p256KeyFromRand, p256PublicKey, ecdsaSignSha256, ecdsaVerifySha256, type P256KeyPair, type Rand } from './ecdsa';
export { buildCertificate, buildTbsCertificate, keyIdentifier, type CertSpec } from './x509Build';
export { parseCertificate, type ParsedCert } from './x509Parse';
export { verifyChain, type CertAlert, type ChainResult } from './x509Verify';
export { checkPeerIdentity, linkerdIdentity, parseSpiffeId, spiffeId, spiffeIdOf, type PeerCheck, type SpiffeParts } from './identity';
export {
  createIntermediateCa, createIstioRootCa, createLinkerdCa, createRootCa, issueWorkloadCert, randomSerial,
  type CaKey, type IssuedCert, type WorkloadOpts,
} from './meshCa';
export { ecPrivateKeyDer, fromPem, pkcs8PrivateKeyDer, toPem } from './pem';
export { formatNameAttrs, type NameAttr } from './name';
export { parseX509Time, x509TimeText } from './time';
export { DerError } from './der';
