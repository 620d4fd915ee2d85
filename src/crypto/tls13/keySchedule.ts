/**
 * The TLS 1.3 key schedule (RFC 8446 §7.1) over HKDF (RFC 5869, @noble/hashes): HKDF-Expand-Label with the
 * "tls13 " prefix, Derive-Secret over the transcript hash (§4.4.1), traffic keys and IVs (§7.3), Finished
 * verify_data (§4.4.4), traffic-secret updates (§7.2), and NSS key-log lines. No PSK: the early secret is
 * HKDF-Extract(0, 0) (§7.1 "If a given secret is not available, then the 0-value consisting of a string of
 * Hash.length bytes set to zeros is used").
 *
 * `trace` values carry the RFC 8448 names (early_secret, handshake_secret, ...) so the inspector and the tests
 * can show/compare them one to one.
 */
import { expand, extract } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { toHex, utf8 } from '../../net/bytes';
import { concat, u16, vec8 } from './bytes';
import { hashFn, type HashName, type SuiteInfo } from './suites';

export function transcriptHash(hash: HashName, transcript: Uint8Array): Uint8Array {
  return hashFn(hash)(transcript);
}

export function hkdfExtract(hash: HashName, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return extract(hashFn(hash), ikm, salt);
}

/** HKDF-Expand-Label(Secret, Label, Context, Length) with HkdfLabel { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; } */
export function hkdfExpandLabel(hash: HashName, secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array {
  const info = concat(u16(length), vec8(utf8('tls13 ' + label)), vec8(context));
  return expand(hashFn(hash), secret, info, length);
}

/** Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length) */
export function deriveSecret(hash: HashName, secret: Uint8Array, label: string, transcript: Uint8Array): Uint8Array {
  const h = transcriptHash(hash, transcript);
  return hkdfExpandLabel(hash, secret, label, h, h.length);
}

export interface TrafficKeys { key: Uint8Array; iv: Uint8Array }

/** §7.3: [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length); write_iv likewise with "iv". */
export function trafficKeys(suite: SuiteInfo, secret: Uint8Array): TrafficKeys {
  return {
    key: hkdfExpandLabel(suite.hash, secret, 'key', new Uint8Array(0), suite.keyLen),
    iv: hkdfExpandLabel(suite.hash, secret, 'iv', new Uint8Array(0), suite.ivLen),
  };
}

/** §4.4.4: finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length); verify_data = HMAC(finished_key, Transcript-Hash). */
export function finishedKey(suite: SuiteInfo, baseKey: Uint8Array): Uint8Array {
  return hkdfExpandLabel(suite.hash, baseKey, 'finished', new Uint8Array(0), suite.hashLen);
}

export function finishedVerifyData(suite: SuiteInfo, baseKey: Uint8Array, transcript: Uint8Array): Uint8Array {
  return hmac(hashFn(suite.hash), finishedKey(suite, baseKey), transcriptHash(suite.hash, transcript));
}

/** §7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length) */
export function nextTrafficSecret(suite: SuiteInfo, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(suite.hash, secret, 'traffic upd', new Uint8Array(0), suite.hashLen);
}

export interface HandshakeSecrets {
  handshakeSecret: Uint8Array;
  clientHandshakeTrafficSecret: Uint8Array;
  serverHandshakeTrafficSecret: Uint8Array;
  trace: Record<string, Uint8Array>;
}

/** Early Secret → Handshake Secret → {client,server}_handshake_traffic_secret, over ClientHello..ServerHello. */
export function handshakeSecrets(suite: SuiteInfo, ecdhe: Uint8Array, transcriptChSh: Uint8Array): HandshakeSecrets {
  const h = suite.hash;
  const zeros = new Uint8Array(suite.hashLen);
  const early = hkdfExtract(h, new Uint8Array(0), zeros);
  const derived = deriveSecret(h, early, 'derived', new Uint8Array(0));
  const hs = hkdfExtract(h, derived, ecdhe);
  const chts = deriveSecret(h, hs, 'c hs traffic', transcriptChSh);
  const shts = deriveSecret(h, hs, 's hs traffic', transcriptChSh);
  const ck = trafficKeys(suite, chts);
  const sk = trafficKeys(suite, shts);
  return {
    handshakeSecret: hs, clientHandshakeTrafficSecret: chts, serverHandshakeTrafficSecret: shts,
    trace: {
      early_secret: early, derived_for_handshake: derived, ecdhe_shared_secret: ecdhe, handshake_secret: hs,
      transcript_hash_ch_sh: transcriptHash(h, transcriptChSh),
      client_handshake_traffic_secret: chts, server_handshake_traffic_secret: shts,
      client_handshake_key: ck.key, client_handshake_iv: ck.iv, server_handshake_key: sk.key, server_handshake_iv: sk.iv,
    },
  };
}

export interface ApplicationSecrets {
  masterSecret: Uint8Array;
  clientApplicationTrafficSecret: Uint8Array;
  serverApplicationTrafficSecret: Uint8Array;
  exporterMasterSecret: Uint8Array;
  trace: Record<string, Uint8Array>;
}

/** Handshake Secret → Master Secret → application traffic secrets, over ClientHello..server Finished. */
export function applicationSecrets(suite: SuiteInfo, handshakeSecret: Uint8Array, transcriptToServerFinished: Uint8Array): ApplicationSecrets {
  const h = suite.hash;
  const derived = deriveSecret(h, handshakeSecret, 'derived', new Uint8Array(0));
  const master = hkdfExtract(h, derived, new Uint8Array(suite.hashLen));
  const cats = deriveSecret(h, master, 'c ap traffic', transcriptToServerFinished);
  const sats = deriveSecret(h, master, 's ap traffic', transcriptToServerFinished);
  const exp = deriveSecret(h, master, 'exp master', transcriptToServerFinished);
  const ck = trafficKeys(suite, cats);
  const sk = trafficKeys(suite, sats);
  return {
    masterSecret: master, clientApplicationTrafficSecret: cats, serverApplicationTrafficSecret: sats, exporterMasterSecret: exp,
    trace: {
      derived_for_master: derived, master_secret: master,
      transcript_hash_ch_serverfinished: transcriptHash(h, transcriptToServerFinished),
      client_application_traffic_secret_0: cats, server_application_traffic_secret_0: sats, exporter_master_secret: exp,
      client_application_key: ck.key, client_application_iv: ck.iv, server_application_key: sk.key, server_application_iv: sk.iv,
    },
  };
}

/** resumption_master_secret over ClientHello..client Finished (shown for completeness; we issue no tickets). */
export function resumptionMasterSecret(suite: SuiteInfo, masterSecret: Uint8Array, transcriptToClientFinished: Uint8Array): Uint8Array {
  return deriveSecret(suite.hash, masterSecret, 'res master', transcriptToClientFinished);
}

/** One NSS key-log line (SSLKEYLOGFILE): `<LABEL> <client_random hex> <secret hex>`. */
export function keylogLine(label: string, clientRandom: Uint8Array, secret: Uint8Array): string {
  return `${label} ${toHex(clientRandom)} ${toHex(secret)}`;
}
