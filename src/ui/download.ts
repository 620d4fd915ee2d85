/** Saving a capture: the file name every download uses, and handing bytes to the browser as a file. */

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
