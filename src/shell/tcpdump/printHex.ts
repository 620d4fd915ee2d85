/**
 * The dumps of -x/-X (tcpdump(8)): sixteen bytes a line, `\t0x0010:` then groups of two bytes in hex, and with -X
 * the hex padded to forty columns and followed by the printable ASCII (a dot for anything else, space included); and -A's text:
 * printable ASCII, tab, newline, a dot for the rest, carriage returns dropped before a newline and in the last
 * two bytes (as tcpdump 4.99.3 does).
 */

const isPrint = (c: number): boolean => c >= 0x20 && c < 0x7f;
/** The -X column shows a space as a dot too. */
const isGraph = (c: number): boolean => c > 0x20 && c < 0x7f;

/** Hex (and with `ascii` the ASCII column) lines of `b[start, end)`, offsets counted from `start`. */
export function hexLines(b: Uint8Array, start: number, end: number, ascii: boolean): string[] {
  const lines: string[] = [];
  for (let off = start; off < end; off += 16) {
    const stop = Math.min(off + 16, end);
    let hex = '';
    let text = '';
    for (let i = off; i < stop; i += 2) {
      hex += ' ' + b[i].toString(16).padStart(2, '0') + (i + 1 < stop ? b[i + 1].toString(16).padStart(2, '0') : '');
    }
    for (let i = off; i < stop; i++) text += isGraph(b[i]) ? String.fromCharCode(b[i]) : '.';
    const head = `\t0x${(off - start).toString(16).padStart(4, '0')}: `;
    lines.push(ascii ? `${head}${hex.padEnd(40)}  ${text}` : head + hex);
  }
  return lines;
}

/** -A: the bytes as text, starting on a new line; the result ends where the bytes end (no final newline). */
export function asciiText(b: Uint8Array, start: number, end: number): string {
  let s = '\n';
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c === 0x0d) {
      if (end - i - 1 <= 1 || b[i + 1] === 0x0a) continue;
      s += '.';
    } else if (c === 0x0a || c === 0x09 || isPrint(c)) {
      s += String.fromCharCode(c);
    } else {
      s += '.';
    }
  }
  return s;
}
