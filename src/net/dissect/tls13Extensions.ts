/**
 * The TLS 1.3 hello extensions (RFC 8446 §4.2.1 supported_versions, §4.2.2 cookie, §4.2.8 key_share, §4.2.11
 * pre_shared_key) in their ClientHello, ServerHello and HelloRetryRequest forms, as tshark 4.0 lays them out.
 */
import { u16, u32 } from '../bytes';
import { field, hex, hexOf } from './context';
import { bytesText, group, list16, need, vector, type Body } from './tlsFields';
import { groupName, versionName } from './tlsNames';
import type { Field } from './tree';

function keyShareEntry(b: Uint8Array, p: number, limit: number, kids: Field[]): number {
  need(p, 4, limit, 'key share entry');
  const g = u16(b, p);
  const l = u16(b, p + 2);
  const entry = group(kids, `Key Share Entry: Group: ${groupName(g)}, Key Exchange length: ${l}`, p, Math.min(4 + l, limit - p));
  entry.push(field('tls.handshake.extensions_key_share_group', `Group: ${groupName(g)} (${g})`, p, 2, g),
    field('tls.handshake.extensions_key_share_key_exchange_length', `Key Exchange Length: ${l}`, p + 2, 2, l));
  need(p + 4, l, limit, 'key exchange');
  entry.push(field('tls.handshake.extensions_key_share_key_exchange', `Key Exchange: ${bytesText(b, p + 4, l)}`, p + 4, l, hexOf(b, p + 4, p + 4 + l)));
  return p + 4 + l;
}

export const keyShare: Body = (b, s, e, kids, kind) => {
  const ks = group(kids, 'Key Share extension', s, e - s);
  if (kind === 'hrr') {
    need(s, 2, e, 'selected group');
    ks.push(field('tls.handshake.extensions_key_share_selected_group', `Selected Group: ${groupName(u16(b, s))} (${u16(b, s)})`, s, 2, u16(b, s)));
  } else if (kind === 'server') {
    keyShareEntry(b, s, e, ks);
  } else {
    const n = vector(b, s, 2, e, ks, 'tls.handshake.extensions_key_share_client_length', 'Client Key Share Length');
    for (let p = s + 2; p < s + 2 + n;) p = keyShareEntry(b, p, s + 2 + n, ks);
  }
};

export const supportedVersions: Body = (b, s, e, kids, kind) => {
  const version = (v: number, at: number): Field => field('tls.handshake.extensions.supported_version', `Supported Version: ${versionName(v)} (${hex(v, 4)})`, at, 2, v);
  if (kind !== 'client') {
    need(s, 2, e, 'selected version');
    kids.push(version(u16(b, s), s));
    return;
  }
  const n = vector(b, s, 1, e, kids, 'tls.handshake.extensions.supported_versions_len', 'Supported Versions length');
  kids.push(...list16(b, s + 1, n, version));
};

export const preSharedKey: Body = (b, s, e, kids, kind) => {
  const psk = group(kids, 'Pre-Shared Key extension', s, e - s);
  if (kind !== 'client') {
    need(s, 2, e, 'selected identity');
    psk.push(field('tls.handshake.extensions.psk.identity.selected', `Selected Identity: ${u16(b, s)}`, s, 2, u16(b, s)));
    return;
  }
  const n = vector(b, s, 2, e, psk, 'tls.handshake.extensions.psk.identities.length', 'Identities Length');
  for (let p = s + 2; p < s + 2 + n;) {
    need(p, 2, s + 2 + n, 'identity length');
    const id = group(psk, `PSK Identity (length: ${u16(b, p)})`, p, Math.min(u16(b, p) + 6, s + 2 + n - p));
    const l = vector(b, p, 2, s + 2 + n, id, 'tls.handshake.extensions.psk.identity.identity_length', 'Identity Length');
    id.push(field('tls.handshake.extensions.psk.identity.identity', `Identity: ${bytesText(b, p + 2, l)}`, p + 2, l));
    need(p + 2 + l, 4, s + 2 + n, 'obfuscated ticket age');
    const age = u32(b, p + 2 + l);
    id.push(field('tls.handshake.extensions.psk.identity.obfuscated_ticket_age', `Obfuscated Ticket Age: ${age}`, p + 2 + l, 4, age));
    p += 6 + l;
  }
  const q = s + 2 + n;
  const m = vector(b, q, 2, e, psk, 'tls.handshake.extensions.psk.binders_len', 'PSK Binders length');
  psk.push(field('tls.handshake.extensions.psk.binders', 'PSK Binders', q + 2, m));
};

export const cookie: Body = (b, s, e, kids) => {
  const n = vector(b, s, 2, e, kids, 'tls.handshake.extensions.cookie_len', 'Cookie length');
  kids.push(field('tls.handshake.extensions.cookie', `Cookie: ${bytesText(b, s + 2, n)}`, s + 2, n));
};
