/**
 * Small helpers shared by the decryptors: trace items (hex or text), index formatting, and the inner packet a
 * decryption yields, dissected as LINKTYPE_RAW (bare IP, as Wireshark shows a decrypted WireGuard or ESP payload,
 * without the `raw` wrapper item).
 */
import { dissect } from '../../net/dissect/index';
import { LinkType } from '../../net/dissect/tree';
import { toHex } from '../../net/bytes';
import type { Decryption, TraceItem } from '../protocol';

export const hexItem = (name: string, bytes: Uint8Array): TraceItem => ({ name, value: toHex(bytes), hex: true });
export const textItem = (name: string, value: string): TraceItem => ({ name, value });
/** A 32-bit index as WireGuard tools print it: `0x00c0ffee`. */
export const idx = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

export function innerPacket(bytes: Uint8Array): NonNullable<Decryption['inner']> {
  const d = dissect(bytes, LinkType.RAW);
  return { linkType: LinkType.RAW, bytes, layers: d.layers.filter((l) => l.name !== 'raw'), summary: d.summary };
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
