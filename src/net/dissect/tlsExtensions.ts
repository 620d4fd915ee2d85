/**
 * Hello extensions (RFC 8446 §4.2; server_name RFC 6066 §3, ALPN RFC 7301 §3.1, ec_point_formats RFC 8422 §5.1.2,
 * renegotiation_info RFC 5746, record_size_limit RFC 8449, padding RFC 7685, session_ticket RFC 5077,
 * status_request RFC 6066 §8, compress_certificate RFC 8879, application_settings draft-vvv-tls-alps), laid out as
 * tshark 4.0 shows them: an unnamed `Extension: name (len=n)` item holding the type, the length and the body's
 * fields. Bodies tshark dissects but we do not are one unnamed `Data (n bytes)` line (no field names, so nothing
 * claims to match tshark); unknown and GREASE types show `tls.handshake.extension.data` as tshark does. The TLS 1.3
 * extensions (key_share, pre_shared_key, supported_versions, cookie) are in tls13Extensions.ts.
 */
import { u16 } from '../bytes';
import { field, hex } from './context';
import { cookie, keyShare, preSharedKey, supportedVersions } from './tls13Extensions';
import { TlsOverrun, bytesText, count, displayText, group, list16, need, vector, type Body, type HelloKind } from './tlsFields';
import {
  CERT_COMPRESSION, EC_POINT_FORMATS, HASHES, PSK_MODES, SIGNATURES, extensionName, extensionTitle, groupName, isGrease, schemeName,
} from './tlsNames';
import type { Field } from './tree';

/** Types tshark shows as `Data: …` (it has a name for them but no dissector), besides unknown and GREASE ones. */
const DATA_TYPES = new Set([2, 3, 4, 6, 7, 8, 24, 25, 52, 55, 56, 58, 59, 30031, 30032]);


const serverName: Body = (b, s, e, kids) => {
  if (e === s) return;
  const sni = group(kids, 'Server Name Indication extension', s, e - s);
  const n = vector(b, s, 2, e, sni, 'tls.handshake.extensions_server_name_list_len', 'Server Name list length');
  for (let p = s + 2; p < s + 2 + n;) {
    need(p, 3, s + 2 + n, 'server name entry');
    const l = u16(b, p + 1);
    sni.push(field('tls.handshake.extensions_server_name_type', `Server Name Type: ${b[p] === 0 ? 'host_name' : 'Unknown'} (${b[p]})`, p, 1, b[p]),
      field('tls.handshake.extensions_server_name_len', `Server Name length: ${l}`, p + 1, 2, l));
    need(p + 3, l, s + 2 + n, 'server name');
    const name = displayText(b, p + 3, l);
    sni.push(field('tls.handshake.extensions_server_name', `Server Name: ${name}`, p + 3, l, name));
    p += 3 + l;
  }
};

/**
 * A list tshark holds to the message rather than the extension (supported groups, EC point formats): the items up
 * to `end` or the message end are shown; running past the message ends the record, past the extension is reported.
 */
function messageList(b: Uint8Array, s: number, w: 1 | 2, m: number, kids: Field[], lenName: string, lenLabel: string): { n: number; end: number } {
  need(s, w, m, lenLabel);
  const n = w === 1 ? b[s] : u16(b, s);
  kids.push(field(lenName, `${lenLabel}: ${n}`, s, w, n));
  return { n, end: Math.min(s + w + n, m) };
}

function checkList(listEnd: number, e: number, m: number, what: string): void {
  if (listEnd > m) throw new TlsOverrun(m, `${what} (to offset ${listEnd}) runs past the message at offset ${m}`);
  if (listEnd > e) throw new TlsOverrun(e, `${what} ran past the extension's end at offset ${e} (to offset ${listEnd})`);
}

// tshark reads groups to the end of the extension even when the list's length says less (then says it read too
// much): the same here, marked malformed
const groups: Body = (b, s, e, kids, _kind, m) => {
  const { n, end } = messageList(b, s, 2, m, kids, 'tls.handshake.extensions_supported_groups_length', 'Supported Groups List Length');
  const last = Math.min(Math.max(e, end), m);
  kids.push(field('tls.handshake.extensions_supported_groups', `Supported Groups (${count(n >> 1, 'group')})`, s + 2, end - s - 2, undefined,
    list16(b, s + 2, last - s - 2, (v, at) => field('tls.handshake.extensions_supported_group', `Supported Group: ${groupName(v)} (${hex(v, 4)})`, at, 2, v))));
  checkList(Math.max(last, s + 2 + n), Math.min(e, s + 2 + n), m, 'supported groups');
};

const signatureAlgorithms: Body = (b, s, e, kids) => {
  const n = vector(b, s, 2, e, kids, 'tls.handshake.sig_hash_alg_len', 'Signature Hash Algorithms Length');
  kids.push(field('tls.handshake.sig_hash_algs', `Signature Hash Algorithms (${count(n >> 1, 'algorithm')})`, s + 2, n, undefined,
      list16(b, s + 2, n, (v, at) => field('tls.handshake.sig_hash_alg', `Signature Algorithm: ${schemeName(v)} (${hex(v, 4)})`, at, 2, v, [
        field('tls.handshake.sig_hash_hash', `Signature Hash Algorithm Hash: ${HASHES[v >> 8] ?? 'Unknown'} (${v >> 8})`, at, 1, v >> 8),
        field('tls.handshake.sig_hash_sig', `Signature Hash Algorithm Signature: ${SIGNATURES[v & 0xff] ?? 'Unknown'} (${v & 0xff})`, at + 1, 1, v & 0xff),
      ]))));
};

/** One-byte-length list of one-byte code points (ec_point_formats, psk_key_exchange_modes). */
function list8(names: Record<number, string>, lenName: string, lenLabel: string, itemName: string, itemLabel: string, wrap?: string): Body {
  return (b, s, e, kids, _kind, m) => {
    const { n, end } = wrap ? messageList(b, s, 1, m, kids, lenName, lenLabel) : { n: vector(b, s, 1, e, kids, lenName, lenLabel), end: 0 };
    const shown = wrap ? end - s - 1 : n;
    const items = Array.from({ length: shown }, (_, i) => field(itemName, `${itemLabel}: ${names[b[s + 1 + i]] ?? 'Unknown'} (${b[s + 1 + i]})`, s + 1 + i, 1, b[s + 1 + i]));
    kids.push(...(wrap ? [field(wrap, `Elliptic curves point formats (${n})`, s + 1, shown, undefined, items)] : items));
    if (wrap) checkList(s + 1 + n, e, m, lenLabel);
  };
}

const alpnLike = (lenName: string, lenLabel: string, listName: string, listLabel: string, strName: string, strLabel: string, strLenLabel: string): Body =>
  (b, s, e, kids) => {
    const n = vector(b, s, 2, e, kids, lenName, lenLabel);
    const list = field(listName, listLabel, s + 2, n);
    const items: Field[] = (list.children = []);
    kids.push(list);
    for (let p = s + 2; p < s + 2 + n;) {
      const l = vector(b, p, 1, s + 2 + n, items, `${strName}_len`, strLenLabel);
      const text = displayText(b, p + 1, l);
      items.push(field(strName, `${strLabel}: ${text}`, p + 1, l, text));
      p += 1 + l;
    }
  };

const renegotiationInfo: Body = (b, s, e, kids) => {
  const ri = group(kids, 'Renegotiation Info extension', s, e - s);
  const n = vector(b, s, 1, e, ri, 'tls.handshake.extensions_reneg_info_len', 'Renegotiation info extension length');
  if (n > 0) ri.push(field('tls.handshake.extensions_reneg_info', `Renegotiation info: ${bytesText(b, s + 1, n)}`, s + 1, n));
};

const statusRequest: Body = (b, s, e, kids) => {
  if (e === s) return;
  need(s, 1, e, 'certificate status type');
  const t = b[s];
  kids.push(field('tls.handshake.extensions_status_request_type', `Certificate Status Type: ${t === 1 ? 'OCSP' : t === 2 ? 'OCSP Multi' : 'Unknown'} (${t})`, s, 1, t));
  const ids = vector(b, s + 1, 2, e, kids, 'tls.handshake.extensions_status_request_responder_ids_len', 'Responder ID list Length');
  vector(b, s + 3 + ids, 2, e, kids, 'tls.handshake.extensions_status_request_exts_len', 'Request Extensions Length');
};

const compressCertificate: Body = (b, s, e, kids) => {
  const n = vector(b, s, 1, e, kids, 'tls.compress_certificate.algorithms_length', 'Algorithms Length');
  kids.push(...list16(b, s + 1, n, (v, at) => field('tls.compress_certificate.algorithm', `Algorithm: ${CERT_COMPRESSION[v] ?? 'Unknown'} (${v})`, at, 2, v)));
};

const certificateAuthorities: Body = (b, s, e, kids) => {
  const n = vector(b, s, 2, e, kids, 'tls.handshake.dnames_len', 'Distinguished Names Length');
  const list = field('tls.handshake.dnames', `Distinguished Names (${n} bytes)`, s + 2, n);
  const names: Field[] = (list.children = []);
  kids.push(list);
  for (let p = s + 2; p < s + 2 + n;) {
    const l = vector(b, p, 2, s + 2 + n, names, 'tls.handshake.dname_len', 'Distinguished Name Length');
    names.push(field('', `Distinguished Name (${l} bytes)`, p + 2, l));
    p += 2 + l;
  }
};

const BODIES: Record<number, Body> = {
  0: serverName, 5: statusRequest, 10: groups, 13: signatureAlgorithms, 50: signatureAlgorithms,
  11: list8(EC_POINT_FORMATS, 'tls.handshake.extensions_ec_point_formats_length', 'EC point formats Length',
    'tls.handshake.extensions_ec_point_format', 'EC point format', 'tls.handshake.extensions_ec_point_formats'),
  16: alpnLike('tls.handshake.extensions_alpn_len', 'ALPN Extension Length', 'tls.handshake.extensions_alpn_list', 'ALPN Protocol',
    'tls.handshake.extensions_alpn_str', 'ALPN Next Protocol', 'ALPN string length'),
  17513: alpnLike('tls.handshake.extensions_alps_len', 'ALPS Extension Length', 'tls.handshake.extensions_alps_alpn_list',
    'Supported ALPN List', 'tls.handshake.extensions_alps_alpn_str', 'Supported ALPN', 'Supported ALPN Length'),
  21: (b, s, e, kids) => kids.push(field('tls.handshake.extensions_padding_data', `Padding Data: ${bytesText(b, s, e - s)}`, s, e - s)),
  27: compressCertificate,
  28: (b, s, e, kids) => {
    need(s, 2, e, 'record size limit');
    kids.push(field('tls.record_size_limit', `Record Size Limit: ${u16(b, s)}`, s, 2, u16(b, s)));
  },
  35: (_b, s, e, kids) => kids.push(field('tls.handshake.extension.data', `Data (${count(e - s, 'byte')})`, s, e - s)),
  41: preSharedKey, 43: supportedVersions, 44: cookie,
  45: list8(PSK_MODES, 'tls.extension.psk_ke_modes_length', 'PSK Key Exchange Modes Length', 'tls.extension.psk_ke_mode', 'PSK Key Exchange Mode'),
  47: certificateAuthorities, 51: keyShare, 65281: renegotiationInfo,
};

/**
 * The extensions in [at, limit) of a message ending at `m`, appended to `out`. As in tshark, a body that runs past
 * its extension is reported (`report`) and the next extension is read where the length says; an extension whose
 * length runs past the list is not shown and ends the record (TlsOverrun), as does a body running past the message.
 */
export function dissectExtensions(b: Uint8Array, at: number, limit: number, kind: HelloKind, out: Field[], m: number,
  report: (err: TlsOverrun) => void): void {
  for (let p = at; p < limit;) {
    need(p, 4, limit, 'extension header');
    const type = u16(b, p);
    const len = u16(b, p + 2);
    // tshark shows nothing of such an extension and stops the record there
    if (p + 4 + len > limit) throw new TlsOverrun(p + 2, `extension ${extensionTitle(type)} (${len} bytes at offset ${p + 4}) runs past the extensions at offset ${limit}`);
    const kids = group(out, `Extension: ${extensionTitle(type)} (len=${len})`, p, 4 + len);
    kids.push(field('tls.handshake.extension.type', `Type: ${extensionName(type)} (${type})`, p, 2, type),
      field('tls.handshake.extension.len', `Length: ${len}`, p + 2, 2, len));
    const s = p + 4;
    const body = BODIES[type];
    try {
      if (body) body(b, s, s + len, kids, kind, m);
      else if (DATA_TYPES.has(type) || isGrease(type) || extensionName(type) === 'Unknown') {
        kids.push(field('tls.handshake.extension.data', `Data: ${bytesText(b, s, len)}`, s, len));
      } else if (len > 0) kids.push(field('', `Data (${count(len, 'byte')})`, s, len));
    } catch (err) {
      if (!(err instanceof TlsOverrun) || err.at >= m) throw err;
      report(err);
    }
    p = s + len;
  }
}

/** The version a ServerHello selects with supported_versions (RFC 8446 §4.2.1), read ahead without marking anything. */
export function selectedVersion(b: Uint8Array, at: number, limit: number): number | undefined {
  for (let p = at; p + 4 <= limit; p += 4 + u16(b, p + 2)) {
    if (u16(b, p) === 43 && u16(b, p + 2) === 2 && p + 6 <= limit) return u16(b, p + 4);
  }
  return undefined;
}
