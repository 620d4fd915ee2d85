/**
 * Authenticating the peer's Certificate message (RFC 8446 §4.4.2.4): path validation against our trust anchors at
 * the current virtual time (RFC 5280 §6, src/crypto/pki) and the mesh identity check (SPIFFE ID / Linkerd name),
 * each failure mapped to its alert with a named reason.
 */
import { checkPeerIdentity, spiffeIdOf } from '../pki/identity';
import { verifyChain } from '../pki/x509Verify';
import { TlsAlertError } from './alerts';
import type { CertificateEntry } from './messagesAuth';
import type { TlsConn } from './types';

export function authenticatePeer(conn: TlsConn, entries: CertificateEntry[], now: number): void {
  const peer = conn.cfg.role === 'client' ? 'server' : 'client';
  const chain = entries.map((e) => e.cert);
  const r = verifyChain(chain, conn.cfg.trustAnchors, now, peer === 'server' ? 'serverAuth' : 'clientAuth');
  if (!r.ok) throw new TlsAlertError(r.alert, r.reason);
  const why = checkPeerIdentity(r.leaf, conn.cfg.verifyPeer);
  if (why) throw new TlsAlertError('bad_certificate', why);
  conn.peerChain = chain;
  conn.peerPublicKey = r.leaf.publicKey;
  conn.peerIdentity = {
    uris: r.leaf.uris, dns: r.leaf.dns, spiffeId: spiffeIdOf(r.leaf), subject: r.leaf.subject, issuer: r.leaf.issuer,
    serial: r.leaf.serialHex, notBefore: r.leaf.notBefore, notAfter: r.leaf.notAfter,
  };
}
