/**
 * The handshake messages of one TLS record (RFC 8446 §4: type, 24-bit length, body), as tshark 4.0 shows them
 * without keys. ClientHello (§4.1.2) and ServerHello (§4.1.3, including the HelloRetryRequest that a ServerHello
 * becomes with the special random) are dissected in full with their extensions; other cleartext messages show
 * their type and length. A record whose first message has no known type (see looksEncrypted) is an encrypted
 * handshake message (a TLS 1.2 Finished after ChangeCipherSpec); a later one of no known type is skipped; a message longer
 * than what is left of its record is shown as a `(fragment)`, as tshark does without reassembly.
 * A field that runs past its vector or message throws TlsOverrun, which the record layer turns into a malformed
 * mark (tshark's exception); the names read so far stay in `out` for the record label and the Info column.
 */
import { u16, u32 } from '../bytes';
import { field, hex, hexOf } from './context';
import { dissectExtensions, selectedVersion } from './tlsExtensions';
import { count, gmtTime, need, u24, type HelloKind, type TlsOverrun } from './tlsFields';
import { COMPRESSION, HANDSHAKE_TYPES, suiteName, versionName } from './tlsNames';
import type { Field } from './tree';

/** What the record layer learns within one packet: the session's version, from a ServerHello or a non-handshake record. */
export interface TlsState {
  session?: number;
}

/** Names for the Info column and the record label, filled as messages are read. */
export interface HandshakeNames {
  info: string[];
  labels: string[];
}

/** RFC 8446 §4.1.3: SHA-256 of "HelloRetryRequest". */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

export function dissectHandshakes(b: Uint8Array, s: number, e: number, kids: Field[], state: TlsState, out: HandshakeNames,
  report: (err: TlsOverrun) => void): void {
  need(s, 1, e, 'handshake type');
  if (looksEncrypted(b, s, e)) {
    kids.push(field('tls.handshake', 'Handshake Protocol: Encrypted Handshake Message', s, e - s));
    out.info.push('Encrypted Handshake Message');
    out.labels.push('Encrypted Handshake Message');
    return;
  }
  for (let p = s; p < e;) {
    const type = b[p];
    let name = HANDSHAKE_TYPES[type] ?? 'Encrypted Handshake Message';
    const len = e - p >= 4 ? u24(b, p + 1) : -1;
    if (len >= 0 && p + 4 + len <= e && !HANDSHAKE_TYPES[type]) {
      p += 4 + len; // a later message of no known type: tshark skips it without a word
      continue;
    }
    if (len < 0 || p + 4 + len > e) {
      kids.push(field('tls.handshake', `Handshake Protocol: ${name} (fragment)`, p, e - p));
      if (p === s) out.info.push(`[${name} Fragment]`);
      out.labels.push(`${name} (fragment)`);
      return;
    }
    const msg = field('tls.handshake', `Handshake Protocol: ${name}`, p, 4 + len);
    const body: Field[] = [];
    msg.children = body;
    kids.push(msg);
    if (HANDSHAKE_TYPES[type]) {
      body.push(field('tls.handshake.type', `Handshake Type: ${name} (${type})`, p, 1, type),
        field('tls.handshake.length', `Length: ${len}`, p + 1, 3, len));
    }
    if (type === 2 && isHrr(b, p + 4, p + 4 + len)) {
      name = 'Hello Retry Request';
      msg.label = `Handshake Protocol: ${name}`;
    }
    out.info.push(name);
    out.labels.push(name);
    if (type === 1) clientHello(b, p + 4, p + 4 + len, body, report);
    if (type === 2) serverHello(b, p + 4, p + 4 + len, body, state, report);
    p += 4 + len;
  }
}

/**
 * Whether a handshake record is encrypted (a TLS 1.2 Finished), as tshark tells without state: its first message
 * has no known type, or it starts with five zero bytes (two empty HelloRequests, or an AEAD explicit nonce for
 * sequence number 0, RFC 5288 §3) and is not a clean run of known messages. Read off tshark on crafted records.
 */
function looksEncrypted(b: Uint8Array, s: number, e: number): boolean {
  if (!HANDSHAKE_TYPES[b[s]]) return true;
  if (e - s < 5 || b[s] | b[s + 1] | b[s + 2] | b[s + 3] | b[s + 4]) return false;
  for (let p = s; p < e; p += 4 + u24(b, p + 1)) {
    if (e - p < 4 || !HANDSHAKE_TYPES[b[p]] || p + 4 + u24(b, p + 1) > e) return true;
  }
  return false;
}

const isHrr = (b: Uint8Array, s: number, e: number): boolean => s + 34 <= e && hexOf(b, s + 2, s + 34) === HRR_RANDOM;

function versionField(b: Uint8Array, s: number, e: number): Field {
  need(s, 2, e, 'version');
  const v = u16(b, s);
  return field('tls.handshake.version', `Version: ${versionName(v)} (${hex(v, 4)})`, s, 2, v);
}

/** The 32-byte random; its first four bytes are shown as a time except where TLS 1.3 gave that up (§4.1.3). */
function randomField(b: Uint8Array, s: number, e: number, time: boolean, hrr = false): Field {
  need(s, 32, e, 'random');
  const all = hexOf(b, s, s + 32);
  return field('tls.handshake.random', `Random: ${all}${hrr ? ' (HelloRetryRequest magic)' : ''}`, s, 32, all, time ? [
    field('tls.handshake.random_time', `GMT Unix Time: ${gmtTime(u32(b, s))}`, s, 4, u32(b, s)),
    field('tls.handshake.random_bytes', `Random Bytes: ${hexOf(b, s + 4, s + 32)}`, s + 4, 28, hexOf(b, s + 4, s + 32)),
  ] : undefined);
}

/** Session ID length and, when not empty, the ID. Returns where the next field starts. */
function sessionId(b: Uint8Array, s: number, e: number, kids: Field[]): number {
  need(s, 1, e, 'session ID length');
  const n = b[s];
  kids.push(field('tls.handshake.session_id_length', `Session ID Length: ${n}`, s, 1, n));
  need(s + 1, n, e, 'session ID');
  if (n > 0) kids.push(field('tls.handshake.session_id', `Session ID: ${hexOf(b, s + 1, s + 1 + n)}`, s + 1, n, hexOf(b, s + 1, s + 1 + n)));
  return s + 1 + n;
}

const suiteField = (v: number, at: number): Field => field('tls.handshake.ciphersuite', `Cipher Suite: ${suiteName(v)} (${hex(v, 4)})`, at, 2, v);
const compField = (v: number, at: number): Field => field('tls.handshake.comp_method', `Compression Method: ${COMPRESSION[v] ?? 'Unknown'} (${v})`, at, 1, v);

function extensions(b: Uint8Array, p: number, e: number, kids: Field[], kind: HelloKind, report: (err: TlsOverrun) => void): void {
  if (p >= e) return; // no extensions block at all (allowed before TLS 1.3)
  need(p, 2, e, 'extensions length');
  const n = u16(b, p);
  kids.push(field('tls.handshake.extensions_length', `Extensions Length: ${n}`, p, 2, n));
  need(p + 2, n, e, 'extensions');
  dissectExtensions(b, p + 2, p + 2 + n, kind, kids, e, report);
}

function clientHello(b: Uint8Array, s: number, e: number, kids: Field[], report: (err: TlsOverrun) => void): void {
  kids.push(versionField(b, s, e), randomField(b, s + 2, e, true));
  let p = sessionId(b, s + 34, e, kids);
  need(p, 2, e, 'cipher suites length');
  const cs = u16(b, p);
  kids.push(field('tls.handshake.cipher_suites_length', `Cipher Suites Length: ${cs}`, p, 2, cs));
  need(p + 2, cs, e, 'cipher suites');
  const suites: Field[] = [];
  for (let q = p + 2; q + 2 <= p + 2 + cs; q += 2) suites.push(suiteField(u16(b, q), q));
  kids.push(field('tls.handshake.ciphersuites', `Cipher Suites (${count(cs >> 1, 'suite')})`, p + 2, cs, undefined, suites));
  p += 2 + cs;
  need(p, 1, e, 'compression methods length');
  const cm = b[p];
  kids.push(field('tls.handshake.comp_methods_length', `Compression Methods Length: ${cm}`, p, 1, cm));
  need(p + 1, cm, e, 'compression methods');
  kids.push(field('tls.handshake.comp_methods', `Compression Methods (${count(cm, 'method')})`, p + 1, cm, undefined,
    Array.from({ length: cm }, (_, i) => compField(b[p + 1 + i], p + 1 + i))));
  extensions(b, p + 1 + cm, e, kids, 'client', report);
}

function serverHello(b: Uint8Array, s: number, e: number, kids: Field[], state: TlsState, report: (err: TlsOverrun) => void): void {
  const version = versionField(b, s, e);
  const hrr = isHrr(b, s, e);
  // the extensions come last, but whether the random carries a time depends on the version they select
  const sid = s + 34 < e ? b[s + 34] : 0;
  const extAt = s + 35 + sid + 3;
  const selected = extAt + 2 <= e ? selectedVersion(b, extAt + 2, Math.min(e, extAt + 2 + u16(b, extAt))) : undefined;
  kids.push(version, randomField(b, s + 2, e, !hrr && selected !== 0x0304, hrr));
  const p = sessionId(b, s + 34, e, kids);
  need(p, 2, e, 'cipher suite');
  kids.push(suiteField(u16(b, p), p));
  need(p + 2, 1, e, 'compression method');
  kids.push(compField(b[p + 2], p + 2));
  state.session = selected ?? version.value as number;
  extensions(b, p + 3, e, kids, hrr ? 'hrr' : 'server', report);
}

