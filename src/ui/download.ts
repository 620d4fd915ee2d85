/**
 * Saving files: the name a capture download uses, the name, type and size shown for a file written in a terminal,
 * and handing bytes to the browser as a file.
 */

/** `podlock-<scenario>-seed<seed>-<point>.pcapng`, with the point's ':' and '/' made safe for file systems. */
export function captureFileName(scenario: string, seed: string, point: string): string {
  return `podlock-${scenario}-seed${seed}-${point}.pcapng`.replace(/[:/]/g, '_');
}

export function saveBytes(bytes: Uint8Array, name: string, type = 'application/vnd.tcpdump.pcap'): void {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Let the download start before the object URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** What a terminal's file is saved as: the last part of its path (`/tmp/cap.pcapng` → `cap.pcapng`). */
export function downloadName(path: string): string {
  return path.split('/').filter(Boolean).pop() ?? 'file';
}

/** Captures as pcap (Wireshark and tcpdump claim that type), everything else as text: the shell writes text. */
export function mimeTypeFor(name: string): string {
  return /\.pcap(ng)?$/i.test(name) ? 'application/vnd.tcpdump.pcap' : 'text/plain';
}

/** `512 B`, `1.5 KB`, `24 KB`, `1.2 MB` (1 KB = 1024 bytes, as ls -lh counts). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const [n, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${n < 10 ? n.toFixed(1).replace(/\.0$/, '') : Math.round(n)} ${unit}`;
}
