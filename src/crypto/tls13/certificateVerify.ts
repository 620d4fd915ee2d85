/**
 * CertificateVerify (RFC 8446 §4.4.3): the signed content is 64 octets of 0x20, the context string
 * "TLS 1.3, server CertificateVerify" or "TLS 1.3, client CertificateVerify", a 0x00 separator, and
 * Transcript-Hash(Handshake Context, Certificate). We sign and verify ecdsa_secp256r1_sha256 only (§4.2.3: ECDSA over
 * P-256 with SHA-256, DER Ecdsa-Sig-Value).
 */
import { utf8 } from '../../net/bytes';
import { ecdsaSignSha256, ecdsaVerifySha256 } from '../pki/ecdsa';
import { TlsAlertError } from './alerts';
import { concat } from './bytes';
import { SIG_ECDSA_SECP256R1_SHA256, SIG_NAMES } from './constants';
import { transcriptHash } from './keySchedule';
import { suiteInfo } from './suites';

export function certificateVerifyContent(signer: 'server' | 'client', transcriptHashValue: Uint8Array): Uint8Array {
  return concat(new Uint8Array(64).fill(0x20), utf8(`TLS 1.3, ${signer} CertificateVerify`), new Uint8Array([0]), transcriptHashValue);
}

export function signCertificateVerify(suite: number, signer: 'server' | 'client', transcript: Uint8Array, privateKey: Uint8Array): Uint8Array {
  const content = certificateVerifyContent(signer, transcriptHash(suiteInfo(suite).hash, transcript));
  return ecdsaSignSha256(privateKey, content);
}

/** Throws illegal_parameter for a scheme we did not offer, decrypt_error when the signature fails (§4.4.3). */
export function verifyCertificateVerify(
  suite: number, signer: 'server' | 'client', transcript: Uint8Array, scheme: number, signature: Uint8Array, publicKey: Uint8Array,
): void {
  if (scheme !== SIG_ECDSA_SECP256R1_SHA256) {
    const name = SIG_NAMES[scheme] ?? `0x${scheme.toString(16).padStart(4, '0')}`;
    throw new TlsAlertError('illegal_parameter', `TLS: ${signer} CertificateVerify uses ${name}, which was not offered (only ecdsa_secp256r1_sha256)`);
  }
  const content = certificateVerifyContent(signer, transcriptHash(suiteInfo(suite).hash, transcript));
  if (!ecdsaVerifySha256(publicKey, content, signature)) {
    throw new TlsAlertError('decrypt_error', `TLS: ${signer} CertificateVerify signature does not verify`);
  }
}
