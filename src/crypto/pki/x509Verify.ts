/**
 * Certification path validation, the parts RFC 5280 §6.1 needs for a mesh: build the path from the leaf through
 * the presented intermediates to a trust anchor (matched by issuer/subject name and, when both are present, by
 * authority/subject key identifier), verify every signature (ecdsa-with-SHA256 over P-256), check validity at the
 * virtual time `now`, basicConstraints cA and pathLenConstraint, keyCertSign on issuers, unknown critical
 * extensions, and the leaf's keyUsage/extKeyUsage. A leaf that is byte-for-byte a trust anchor is trusted directly.
 *
 * Failures carry the TLS alert RFC 8446 §6.2 prescribes: unknown_ca, certificate_expired (also "not yet valid"),
 * bad_certificate, unsupported_certificate.
 */
import { equalBytes } from '../../net/bytes';
import { ecdsaVerifySha256 } from './ecdsa';
import { OID } from './oids';
import { fmtIso } from './time';
import { parseCertificate, type ParsedCert } from './x509Parse';

export type CertAlert = 'unknown_ca' | 'certificate_expired' | 'bad_certificate' | 'unsupported_certificate';
export type ChainResult =
  | { ok: true; leaf: ParsedCert; path: ParsedCert[] }
  | { ok: false; alert: CertAlert; reason: string };

const MAX_PATH = 8;

class ChainError extends Error {
  constructor(readonly alert: CertAlert, reason: string) { super(reason); }
}

function parseOrFail(der: Uint8Array, what: string): ParsedCert {
  try {
    return parseCertificate(der);
  } catch (e) {
    throw new ChainError('bad_certificate', `TLS: ${what} could not be parsed: ${(e as Error).message}`);
  }
}

function describe(c: ParsedCert): string {
  return c.subject || (c.uris[0] ?? c.dns[0] ?? `serial ${c.serialHex}`);
}

/** Checks `child`'s signature with `issuer`'s key; throws unsupported_certificate for algorithms we lack. */
function signatureVerifies(child: ParsedCert, issuer: ParsedCert): boolean {
  if (child.signatureAlgorithm !== OID.ecdsaWithSha256) {
    throw new ChainError('unsupported_certificate', `TLS: certificate ${describe(child)} is signed with ${child.signatureAlgorithm}; only ecdsa-with-SHA256 is supported`);
  }
  if (issuer.keyType !== 'ec-p256') {
    throw new ChainError('unsupported_certificate', `TLS: issuer ${describe(issuer)} key is ${issuer.keyType}; only ECDSA P-256 is supported`);
  }
  return ecdsaVerifySha256(issuer.publicKey, child.tbs, child.signature);
}

function mayIssue(child: ParsedCert, issuer: ParsedCert): boolean {
  if (!equalBytes(child.issuerDer, issuer.subjectDer)) return false;
  return !(child.authorityKeyId && issuer.subjectKeyId) || equalBytes(child.authorityKeyId, issuer.subjectKeyId);
}

function checkIssuer(ca: ParsedCert, belowCas: number): void {
  if (ca.ca !== true) throw new ChainError('bad_certificate', `TLS: issuer certificate ${describe(ca)} is not a CA (basicConstraints)`);
  if (ca.keyUsage && !ca.keyUsage.includes('keyCertSign')) throw new ChainError('bad_certificate', `TLS: issuer certificate ${describe(ca)} lacks keyUsage keyCertSign`);
  if (ca.pathLen !== null && belowCas > ca.pathLen) {
    throw new ChainError('bad_certificate', `TLS: path length ${belowCas} below ${describe(ca)} exceeds its pathLenConstraint ${ca.pathLen}`);
  }
}

function buildPath(leaf: ParsedCert, presented: ParsedCert[], anchors: ParsedCert[]): ParsedCert[] {
  const path = [leaf];
  let cur = leaf;
  for (;;) {
    if (anchors.some((a) => equalBytes(a.der, cur.der))) return path;
    const anchorCandidates = anchors.filter((a) => mayIssue(cur, a));
    const anchor = anchorCandidates.find((a) => signatureVerifies(cur, a));
    if (anchor) {
      checkIssuer(anchor, path.length - 1);
      return [...path, anchor];
    }
    const next = presented.find((p) => !path.includes(p) && mayIssue(cur, p));
    if (!next) {
      const why = anchorCandidates.length ? ': its signature does not verify with any trusted key' : '';
      throw new ChainError('unknown_ca', `TLS: certificate signed by an unknown CA (issuer ${cur.issuer || '<empty>'})${why}`);
    }
    if (!signatureVerifies(cur, next)) throw new ChainError('bad_certificate', `TLS: signature on ${describe(cur)} does not verify with issuer ${describe(next)}`);
    checkIssuer(next, path.length - 1);
    path.push(next);
    cur = next;
    if (path.length > MAX_PATH) throw new ChainError('bad_certificate', `TLS: certificate path longer than ${MAX_PATH}`);
  }
}

function checkValidity(c: ParsedCert, now: number): void {
  if (now < c.notBefore) {
    throw new ChainError('certificate_expired', `TLS: certificate not valid before ${fmtIso(c.notBefore)} (${describe(c)}; now ${fmtIso(now)})`);
  }
  if (now > c.notAfter) throw new ChainError('certificate_expired', `TLS: certificate expired at ${fmtIso(c.notAfter)} (${describe(c)}; now ${fmtIso(now)})`);
}

/**
 * Validates `chain` (DER, leaf first, as sent in a TLS Certificate message) against `anchors` at virtual time
 * `now`; `purpose` checks the leaf's extKeyUsage when it has one.
 */
export function verifyChain(chain: Uint8Array[], anchors: Uint8Array[], now: number, purpose?: 'serverAuth' | 'clientAuth'): ChainResult {
  try {
    if (!chain.length) throw new ChainError('bad_certificate', 'TLS: empty certificate chain');
    const certs = chain.map((d, i) => parseOrFail(d, i === 0 ? 'peer certificate' : `chain certificate #${i}`));
    const leaf = certs[0];
    if (leaf.keyType !== 'ec-p256') {
      throw new ChainError('unsupported_certificate', `TLS: peer certificate key is ${leaf.keyType === 'rsa' ? 'RSA' : leaf.keyType}; only ECDSA P-256 is supported`);
    }
    const trusted = anchors.map((d, i) => parseOrFail(d, `trust anchor #${i}`));
    const path = buildPath(leaf, certs.slice(1), trusted);
    for (const c of path) checkValidity(c, now);
    for (const c of path) {
      if (c.unknownCriticalExtensions.length) {
        throw new ChainError('bad_certificate', `TLS: certificate ${describe(c)} has an unrecognised critical extension ${c.unknownCriticalExtensions[0]}`);
      }
    }
    if (leaf.keyUsage && !leaf.keyUsage.includes('digitalSignature')) {
      throw new ChainError('bad_certificate', 'TLS: peer certificate keyUsage lacks digitalSignature');
    }
    if (purpose && leaf.extKeyUsage && !leaf.extKeyUsage.includes(purpose)) {
      throw new ChainError('bad_certificate', `TLS: peer certificate extKeyUsage does not allow ${purpose}`);
    }
    return { ok: true, leaf, path };
  } catch (e) {
    if (e instanceof ChainError) return { ok: false, alert: e.alert, reason: e.message };
    throw e;
  }
}
