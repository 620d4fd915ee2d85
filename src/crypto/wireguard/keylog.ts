/**
 * Wireshark's WireGuard key log (the `wg.keylog_file` preference, also the pcapng WGKL secrets block):
 * `NAME = base64` lines named LOCAL_STATIC_PRIVATE_KEY, REMOTE_STATIC_PUBLIC_KEY, LOCAL_EPHEMERAL_PRIVATE_KEY and
 * PRESHARED_KEY. A PRESHARED_KEY line belongs to the LOCAL_EPHEMERAL_PRIVATE_KEY line just before it, so each
 * ephemeral key is followed by its PSK (see ../shared/interop/README.md §1-§2). Static key lines appear once each.
 */
import { toBase64 } from '../../sim/base64';
import type { WgKeylogEntry } from './types';

export function formatKeylog(entries: WgKeylogEntry[]): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  const once = (line: string): void => {
    if (!seen.has(line)) {
      seen.add(line);
      lines.push(line);
    }
  };
  for (const e of entries) {
    once(`LOCAL_STATIC_PRIVATE_KEY = ${toBase64(e.localStaticPrivate)}`);
    once(`REMOTE_STATIC_PUBLIC_KEY = ${toBase64(e.remoteStaticPublic)}`);
    lines.push(`LOCAL_EPHEMERAL_PRIVATE_KEY = ${toBase64(e.localEphemeralPrivate)}`);
    lines.push(`PRESHARED_KEY = ${toBase64(e.presharedKey)}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
