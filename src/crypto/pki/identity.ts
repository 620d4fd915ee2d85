/**
 * Workload identities and the peer check a sidecar applies after path validation.
 * SPIFFE IDs (SPIFFE ID spec §2: `spiffe://<trust domain>/<path>`, lowercase trust domain of [a-z0-9.-_],
 * path segments of [A-Za-z0-9.-_]) carried in the URI SAN of an X.509-SVID (X.509-SVID spec §2, exactly one URI
 * SAN), Istio's `spiffe://cluster.local/ns/<ns>/sa/<sa>`, and Linkerd's DNS-style identity
 * `<sa>.<ns>.serviceaccount.identity.linkerd.<trust domain>`.
 */
import type { ParsedCert } from './x509Parse';

/** What the verifier expects of the peer's leaf certificate (plain data). All given fields must hold. */
export interface PeerCheck {
  /** Exact SPIFFE ID (URI SAN). */
  expectSpiffeId?: string;
  /** The SPIFFE ID must start with this (e.g. `spiffe://cluster.local/ns/web/`). */
  expectUriPrefix?: string;
  /** A dNSName SAN that must be present (Linkerd identities). */
  expectDnsName?: string;
  /** Any one of these SPIFFE IDs (e.g. an Istio DestinationRule subjectAltNames list). */
  expectAnyOf?: string[];
}

export function spiffeId(namespace: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

export function linkerdIdentity(namespace: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
  return `${serviceAccount}.${namespace}.serviceaccount.identity.linkerd.${trustDomain}`;
}

const SPIFFE_RE = /^spiffe:\/\/([a-z0-9._-]+)((?:\/[A-Za-z0-9._-]+)*)$/;

export interface SpiffeParts { trustDomain: string; path: string; namespace?: string; serviceAccount?: string }

/** Splits a SPIFFE ID; null when it is not one (bad scheme, uppercase trust domain, empty or dot segments, ...). */
export function parseSpiffeId(uri: string): SpiffeParts | null {
  const m = SPIFFE_RE.exec(uri);
  if (!m || m[2].split('/').some((s) => s === '.' || s === '..')) return null;
  const k8s = /^\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(m[2]);
  return { trustDomain: m[1], path: m[2], ...(k8s ? { namespace: k8s[1], serviceAccount: k8s[2] } : {}) };
}

/** The certificate's SPIFFE ID, or null when it has none. */
export function spiffeIdOf(cert: Pick<ParsedCert, 'uris'>): string | null {
  return cert.uris.find((u) => parseSpiffeId(u) !== null) ?? null;
}

/** null when the peer satisfies `check`, otherwise the reason it does not. */
export function checkPeerIdentity(cert: Pick<ParsedCert, 'uris' | 'dns'>, check: PeerCheck): string | null {
  const id = spiffeIdOf(cert);
  const wantsSpiffe = check.expectSpiffeId !== undefined || check.expectUriPrefix !== undefined || check.expectAnyOf !== undefined;
  if (wantsSpiffe && !id) {
    const want = check.expectSpiffeId ?? check.expectUriPrefix ?? check.expectAnyOf?.join(' or ');
    return `TLS: peer certificate has no SPIFFE ID (URI SAN); expected ${want}`;
  }
  if (wantsSpiffe && cert.uris.length !== 1) return `TLS: peer certificate has ${cert.uris.length} URI SANs; an X.509-SVID has exactly one`;
  if (check.expectSpiffeId !== undefined && id !== check.expectSpiffeId) {
    return `TLS: peer SPIFFE ID ${id} is not the expected ${check.expectSpiffeId}`;
  }
  if (check.expectUriPrefix !== undefined && !id!.startsWith(check.expectUriPrefix)) {
    return `TLS: peer SPIFFE ID ${id} does not start with the expected ${check.expectUriPrefix}`;
  }
  if (check.expectAnyOf !== undefined && !check.expectAnyOf.includes(id!)) {
    return `TLS: peer SPIFFE ID ${id} is not one of the expected ${check.expectAnyOf.join(', ')}`;
  }
  if (check.expectDnsName !== undefined && !cert.dns.includes(check.expectDnsName)) {
    return `TLS: peer identity ${cert.dns.join(', ') || '<none>'} is not the expected ${check.expectDnsName}`;
  }
  return null;
}
