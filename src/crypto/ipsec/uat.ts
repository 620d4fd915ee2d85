/**
 * Wireshark/tshark ESP SA lines (the `esp_sa` UAT) for decrypting our captures.
 *
 * tshark 4.0 field order (8 fields; see ../shared/interop/README.md §1): protocol, src, dst, SPI, encryption
 * algorithm, encryption key, authentication algorithm, authentication key. For AES-GCM (RFC 4106) the key is
 * KEYMAT = AES key || 4-byte salt (RFC 4106 §8.1) and the authentication algorithm is "NULL" (the ICV is the GCM tag).
 * ESN is not expressible in 4.0 (ICV checks of ESN SAs fail there; later versions add fields).
 */
import { fmtIp } from '../../net/addr';
import { toHex } from '../../net/bytes';
import type { XfrmState } from './types';

/** One UAT line, e.g. `"IPv4","10.0.1.1","10.0.0.1","0x00000003","AES-GCM with 16 octet ICV [RFC4106]","0x…","NULL",""`. */
export function formatEspSaUat(sa: Pick<XfrmState, 'src' | 'dst' | 'spi' | 'icvBits' | 'key' | 'salt'>): string {
  const spi = (sa.spi >>> 0).toString(16).padStart(8, '0');
  const fields = ['IPv4', fmtIp(sa.src >>> 0), fmtIp(sa.dst >>> 0), `0x${spi}`, `AES-GCM with ${sa.icvBits / 8} octet ICV [RFC4106]`,
    `0x${toHex(sa.key)}${toHex(sa.salt)}`, 'NULL', ''];
  return fields.map((f) => `"${f}"`).join(',');
}
