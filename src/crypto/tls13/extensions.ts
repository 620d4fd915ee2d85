/**
 * Hello extensions (RFC 8446 §4.2): the generic Extension list and the bodies we use — server_name (RFC 6066 §3),
 * supported_groups (§4.2.7), signature_algorithms (§4.2.3), ALPN (RFC 7301 §3.1), supported_versions (§4.2.1),
 * key_share (§4.2.8). A second extension of the same type in one message is illegal_parameter (§4.2).
 */
import { fromUtf8, utf8 } from '../../net/bytes';
import { TlsAlertError } from './alerts';
import { concat, Reader, u16, u16List, u8, vec16, vec8 } from './bytes';
import {
  EXT_ALPN, EXT_KEY_SHARE, EXT_SERVER_NAME, EXT_SIGNATURE_ALGORITHMS, EXT_SUPPORTED_GROUPS, EXT_SUPPORTED_VERSIONS,
} from './constants';

export interface Extension { type: number; data: Uint8Array }
export interface KeyShareEntry { group: number; key: Uint8Array }

export function encodeExtensions(exts: Extension[]): Uint8Array {
  return vec16(concat(...exts.map((e) => concat(u16(e.type), vec16(e.data)))));
}

/** Reads `Extension extensions<0..2^16-1>` from `r`. */
export function parseExtensions(r: Reader, where: string): Extension[] {
  const er = r.sub(2, `${where} extensions`);
  const out: Extension[] = [];
  while (er.left()) {
    const type = er.u16();
    const data = er.vec16();
    if (out.some((e) => e.type === type)) throw new TlsAlertError('illegal_parameter', `TLS: ${where} repeats extension ${type}`);
    out.push({ type, data });
  }
  return out;
}

export function findExt(exts: Extension[], type: number): Uint8Array | undefined {
  return exts.find((e) => e.type === type)?.data;
}

export const serverNameExt = (host: string): Extension =>
  ({ type: EXT_SERVER_NAME, data: vec16(concat(u8(0), vec16(utf8(host)))) });
export const supportedGroupsExt = (groups: number[]): Extension => ({ type: EXT_SUPPORTED_GROUPS, data: vec16(u16List(groups)) });
export const signatureAlgorithmsExt = (schemes: number[]): Extension => ({ type: EXT_SIGNATURE_ALGORITHMS, data: vec16(u16List(schemes)) });
export const alpnExt = (protocols: string[]): Extension => ({ type: EXT_ALPN, data: vec16(concat(...protocols.map((p) => vec8(utf8(p))))) });
export const supportedVersionsClientExt = (versions: number[]): Extension => ({ type: EXT_SUPPORTED_VERSIONS, data: vec8(u16List(versions)) });
export const supportedVersionsServerExt = (version: number): Extension => ({ type: EXT_SUPPORTED_VERSIONS, data: u16(version) });
export const keyShareClientExt = (entries: KeyShareEntry[]): Extension =>
  ({ type: EXT_KEY_SHARE, data: vec16(concat(...entries.map((e) => concat(u16(e.group), vec16(e.key))))) });
export const keyShareServerExt = (e: KeyShareEntry): Extension => ({ type: EXT_KEY_SHARE, data: concat(u16(e.group), vec16(e.key)) });

/** ServerNameList; returns the host_name, or null when the list has none. */
export function parseServerName(data: Uint8Array): string | null {
  const r = new Reader(data, 'server_name extension');
  const list = r.sub(2, 'server_name list', 1);
  r.done();
  let host: string | null = null;
  while (list.left()) {
    const type = list.u8();
    const name = list.vec16(1);
    if (type === 0) {
      if (host !== null) throw new TlsAlertError('illegal_parameter', 'TLS: server_name lists two host names');
      host = fromUtf8(name);
    }
  }
  return host;
}

/** NamedGroup/SignatureScheme lists: `uint16 list<2..2^16-2>`. */
export function parseU16Vector(data: Uint8Array, what: string): number[] {
  const r = new Reader(data, what);
  const list = r.u16s(2, what, 2);
  r.done();
  return list;
}

/** ProtocolNameList protocol_name_list<2..2^16-1>, ProtocolName opaque<1..2^8-1>. */
export function parseAlpn(data: Uint8Array): string[] {
  const r = new Reader(data, 'ALPN extension');
  const list = r.sub(2, 'ALPN protocol list', 2);
  r.done();
  const out: string[] = [];
  while (list.left()) out.push(fromUtf8(list.vec8(1)));
  return out;
}

export function parseSupportedVersionsClient(data: Uint8Array): number[] {
  const r = new Reader(data, 'supported_versions extension');
  const list = r.u16s(1, 'supported_versions list', 2);
  r.done();
  return list;
}

export function parseSupportedVersionsServer(data: Uint8Array): number {
  const r = new Reader(data, 'supported_versions extension');
  const v = r.u16();
  r.done();
  return v;
}

export function parseKeyShareClient(data: Uint8Array): KeyShareEntry[] {
  const r = new Reader(data, 'key_share extension');
  const list = r.sub(2, 'client_shares');
  r.done();
  const out: KeyShareEntry[] = [];
  while (list.left()) {
    const group = list.u16();
    const key = list.vec16(1);
    if (out.some((e) => e.group === group)) throw new TlsAlertError('illegal_parameter', `TLS: key_share offers group ${group} twice`);
    out.push({ group, key });
  }
  return out;
}

export function parseKeyShareServer(data: Uint8Array): KeyShareEntry {
  const r = new Reader(data, 'key_share extension');
  const group = r.u16();
  const key = r.vec16(1);
  r.done();
  return { group, key };
}
