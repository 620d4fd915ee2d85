/**
 * The TLS record layer (RFC 8446 §5.1; RFC 5246 §6.2 for TLS 1.0-1.2) in one TCP segment, as tshark 4.0 shows it
 * without keys and without reassembly: each record's content type, version and length, then ChangeCipherSpec,
 * plaintext alerts (§6; any other length is an encrypted alert), handshake messages (tlsHandshake.ts) and
 * encrypted application data. Once a ServerHello in the packet has chosen TLS 1.3, later records say `TLSv1.3`
 * and an application-data record's type is its `opaque_type` (§5.2), as in tshark; the packet-list protocol is the
 * session's version (`TLSv1`, `TLSv1.2`, `TLSv1.3`) and the Info column lists the records (`Server Hello, Change
 * Cipher Spec, Application Data`). One packet knows nothing of earlier ones, so a TLS 1.3 application-data packet
 * on its own says `TLSv1.2`, as tshark does for a lone packet.
 *
 * Without reassembly a record cut by the segment end is not dissected by tshark (it shows an empty TLS layer);
 * here it is one unnamed line saying how much of it is in this segment, and a segment that does not start with a
 * record header is `Continuation Data`. Neither is malformed: records routinely span segments. As in tshark, a
 * record version must be SSL 3.0-TLS 1.2 until a non-handshake record or a ServerHello has set the session's
 * version (and always under TLS 1.3); a later bad header ends the records (`Continuation Data`, or `Ignored Unknown
 * Record` for an unknown content type).
 * Malformed: a handshake field running past its vector, message or record; a ChangeCipherSpec without its byte.
 *
 * Registered on TCP 443 (which claims any payload, as tshark's port table does) and as a TCP heuristic like
 * tshark's `tls_tcp`: a handshake or application-data record header with an SSL 3.0-TLS 1.2 record version and a
 * length from 1 to 2^14 + 2047 (limits read off tshark's behaviour), so HTTP's 8080 declines reach it too.
 */
import { u16 } from '../bytes';
import { field, malformed, type DissectCtx, type Dissector } from './context';
import { TlsOverrun, bytesText, count, need } from './tlsFields';
import { dissectHandshakes, type HandshakeNames, type TlsState } from './tlsHandshake';
import { ALERT_LEVELS, CONTENT_TYPES, alertName, isRecordVersion, shortVersion, versionName } from './tlsNames';
import type { Field } from './tree';

export const TLS_PORT = 443;
const HEADER = 5;
/** The heuristic takes a record up to 2^14 + 2048 bytes (TLSCiphertext's bound in TLS 1.2, RFC 5246 §6.2.3), exclusive. */
const MAX_RECORD = 16384 + 2048;

export const tlsHeuristic: Dissector = (ctx, start, end) => {
  const b = ctx.frame;
  if (end - start < HEADER) return false;
  const len = u16(b, start + 3);
  if ((b[start] !== 22 && b[start] !== 23) || !isRecordVersion(u16(b, start + 1)) || len === 0 || len >= MAX_RECORD) return false;
  return dissectTls(ctx, start, end);
};

export const dissectTls: Dissector = (ctx, start, end) => {
  if (start >= end) return false;
  const b = ctx.frame;
  const layer = field('tls', 'Transport Layer Security', start, end - start);
  const kids: Field[] = (layer.children = []);
  ctx.layers.push(layer);
  const state: TlsState = {};
  const info: string[] = [];
  let last: number | undefined;
  for (let p = start; p < end;) {
    const rest = end - p;
    const ct = b[p];
    // tshark takes any record version once the packet has settled on TLS 1.0-1.2, but an SSL 3.0-TLS 1.2 one
    // before that (and under TLS 1.3, whose records keep 0x0303): otherwise the rest is not records
    const checked = state.session === undefined || state.session === 0x0304;
    const versionOk = rest < 3 || !checked || isRecordVersion(u16(b, p + 1));
    if (!(CONTENT_TYPES[ct] && versionOk) && (p === start || CONTENT_TYPES[ct])) {
      kids.push(field('', `Continuation Data (${count(rest, 'byte')}): not a record header (the rest of a record begun earlier, or not TLS)`, p, rest));
      info.push('Continuation Data');
      break;
    }
    if (rest < HEADER) {
      kids.push(field('', `Record header continues in the next segment (${rest} of ${HEADER} bytes here)`, p, rest));
      break;
    }
    if (!CONTENT_TYPES[ct]) {
      kids.push(field('', 'Ignored Unknown Record', p, rest));
      info.push('Ignored Unknown Record');
      break;
    }
    const len = u16(b, p + 3);
    if (p + HEADER + len > end) {
      kids.push(field('', `${shortVersion(state.session ?? u16(b, p + 1))} Record Layer: ${CONTENT_TYPES[ct]} record of ${count(HEADER + len, 'byte')} continues in the next segment (${rest} here)`, p, rest));
      break;
    }
    last = u16(b, p + 1);
    if (!record(ctx, layer, p, len, state, info)) break;
    p += HEADER + len;
  }
  const version = state.session ?? last;
  ctx.summary.protocol = version === undefined ? 'SSL' : shortVersion(version);
  ctx.summary.info = info.join(', ');
};

/** One whole record at `p`. Returns false when it was malformed (tshark stops there too). */
function record(ctx: DissectCtx, layer: Field, p: number, len: number, state: TlsState, info: string[]): boolean {
  const b = ctx.frame;
  const ct = b[p];
  const version = u16(b, p + 1);
  // a handshake record's version says little (a ClientHello's is often 0x0301); the ServerHello in it decides
  if (ct !== 22) state.session ??= version;
  const opaque = ct === 23 && state.session === 0x0304;
  const kids: Field[] = [
    opaque
      ? field('tls.record.opaque_type', 'Opaque Type: Application Data (23)', p, 1, ct)
      : field('tls.record.content_type', `Content Type: ${CONTENT_TYPES[ct]} (${ct})`, p, 1, ct),
    field('tls.record.version', `Version: ${versionName(version)} (0x${version.toString(16).padStart(4, '0')})`, p + 1, 2, version),
    field('tls.record.length', `Length: ${len}`, p + 3, 2, len),
  ];
  const prefix = `${shortVersion(state.session ?? version)} Record Layer`;
  const rec = field('tls.record', prefix, p, HEADER + len, undefined, kids);
  layer.children!.push(rec);
  const s = p + HEADER;
  const e = s + len;
  let desc = '';
  try {
    if (ct === 20) {
      need(s, 1, e, 'change cipher spec message');
      kids.push(field('tls.change_cipher_spec', 'Change Cipher Spec Message', s, 1));
      desc = 'Change Cipher Spec Protocol: Change Cipher Spec';
      info.push('Change Cipher Spec');
    } else if (ct === 21) {
      desc = alert(b, s, len, kids);
      info.push(desc);
    } else if (ct === 22) {
      const names: HandshakeNames = { info: [], labels: [] };
      try {
        dissectHandshakes(b, s, e, kids, state, names, (err) => malformed(ctx, layer, err.message, err.at, rec));
      } finally {
        desc = `Handshake Protocol: ${names.labels.length > 1 ? 'Multiple Handshake Messages' : names.labels[0] ?? ''}`;
        info.push(...names.info);
      }
    } else if (ct === 23) {
      const proto = ctx.ports && (ctx.ports.src === 443 || ctx.ports.dst === 443) ? 'Hypertext Transfer Protocol' : 'Application Data';
      kids.push(field('tls.app_data', `Encrypted Application Data: ${bytesText(b, s, len)}`, s, len));
      desc = `Application Data Protocol: ${proto}`;
      info.push('Application Data');
    } else if (ct === 24) {
      kids.push(field('tls.heartbeat_message', 'Encrypted Heartbeat Message', s, len));
      desc = 'Encrypted Heartbeat';
      info.push(desc);
    }
  } catch (err) {
    if (!(err instanceof TlsOverrun)) throw err;
    rec.label = `${prefix}: ${desc}`;
    malformed(ctx, layer, err.message, err.at, rec);
    return false;
  }
  // a Connection ID record (RFC 9146) is only named, as in tshark
  rec.label = ct === 25 ? 'Record Layer' : `${prefix}: ${desc}`;
  return true;
}

/** A two-byte alert is plaintext (level, description); any other length is an encrypted one (RFC 8446 §5.2). */
function alert(b: Uint8Array, s: number, len: number, kids: Field[]): string {
  if (len !== 2) {
    kids.push(field('tls.alert_message', 'Alert Message: Encrypted Alert', s, len));
    return 'Encrypted Alert';
  }
  const level = ALERT_LEVELS[b[s]] ?? 'Unknown';
  const desc = alertName(b[s + 1]);
  kids.push(field('tls.alert_message', 'Alert Message', s, 2, undefined, [
    field('tls.alert_message.level', `Level: ${level} (${b[s]})`, s, 1, b[s]),
    field('tls.alert_message.desc', `Description: ${desc} (${b[s + 1]})`, s + 1, 1, b[s + 1]),
  ]));
  return `Alert (Level: ${level}, Description: ${desc})`;
}
