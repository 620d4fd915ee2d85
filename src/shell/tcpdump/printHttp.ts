/**
 * HTTP on TCP ports 80 and 8080, as tcpdump 4.99.3 shows it (rules read off the real tool's output over many
 * hand-made and mutated payloads). A payload counts as HTTP when its first word is a method of HTTP/1.1 (RFC
 * 9110), WebDAV (RFC 4918) or its relatives, in any case, or when its second word is a three-digit status code
 * (a response line). Then, without -v, `: HTTP: ` and the first line; with -v, `: HTTP, length: N` and every
 * line on its own, tab-indented, up to the first line with a byte that is neither printable ASCII nor a tab.
 * A line that runs into the end of the captured bytes ends the packet with ` [|http]` (a truncation, the hard
 * way: -x then dumps from the frame's first byte); so does one that runs into the end of the payload without a
 * newline, after the line itself.
 */
import { Truncated, type Ctx } from './printCtx';

const METHODS = new Set(
  ('GET PUT COPY HEAD LOCK MOVE POLL POST BCOPY BMOVE MKCOL TRACE LABEL MERGE DELETE SEARCH UNLOCK REPORT UPDATE ' +
    'NOTIFY BDELETE CONNECT OPTIONS CHECKIN PROPFIND CHECKOUT CCM_POST SUBSCRIBE PROPPATCH BPROPFIND BPROPPATCH ' +
    'UNCHECKOUT MKACTIVITY MKWORKSPACE UNSUBSCRIBE RPC_CONNECT VERSION-CONTROL BASELINE-CONTROL').split(' '),
);

const isDelimiter = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/** Bytes of the payload: `cap` captured ones (`b[start, start + cap)`) of `length` on the wire. */
interface Text {
  b: Uint8Array;
  start: number;
  cap: number;
  length: number;
}

/** The word at `i` and where it stops, or undefined when it has a non-printable byte or runs off the capture. */
function word(t: Text, i: number): { text: string; end: number } | undefined {
  let s = '';
  for (;; i++) {
    if (i >= t.cap) return i >= t.length ? { text: s, end: i } : undefined;
    const c = t.b[t.start + i];
    if (isDelimiter(c)) return { text: s, end: i };
    if (c <= 0x20 || c >= 0x7f) return undefined;
    s += String.fromCharCode(c);
  }
}

function looksLikeHttp(t: Text): boolean {
  const first = word(t, 0);
  if (!first || first.text === '') return false;
  if (METHODS.has(first.text.toUpperCase())) return true;
  let i = first.end;
  while (i < t.cap && t.b[t.start + i] === 0x20) i++;
  const second = word(t, i);
  return second !== undefined && /^[0-9]{3}$/.test(second.text);
}

type Line =
  | { kind: 'line'; text: string; next: number }
  | { kind: 'unterminated'; text: string }
  | { kind: 'truncated' }
  | { kind: 'garbage' };

/** The line starting at `i`: CRLF or LF ends it; anything but printable ASCII and tab spoils it. */
function lineAt(t: Text, i: number): Line {
  let s = '';
  for (;; i++) {
    if (i >= t.cap) return i >= t.length ? { kind: 'unterminated', text: s } : { kind: 'truncated' };
    const c = t.b[t.start + i];
    if (c === 0x0a) return { kind: 'line', text: s, next: i + 1 };
    if (c === 0x0d) {
      if (i + 1 >= t.cap) return i + 1 >= t.length ? { kind: 'garbage' } : { kind: 'truncated' };
      return t.b[t.start + i + 1] === 0x0a ? { kind: 'line', text: s, next: i + 2 } : { kind: 'garbage' };
    }
    if ((c < 0x20 || c >= 0x7f) && c !== 0x09) return { kind: 'garbage' };
    s += String.fromCharCode(c);
  }
}

/** Prints the HTTP part of a segment whose payload starts at `off` and is `length` bytes long. */
export function printHttp(c: Ctx, off: number, length: number): void {
  const t: Text = { b: c.b, start: off, cap: Math.max(0, Math.min(c.end - off, length)), length };
  if (!looksLikeHttp(t)) {
    c.put(': HTTP');
    return;
  }
  if (c.o.verbose === 0) {
    const l = lineAt(t, 0);
    if (l.kind === 'line') c.put(`: HTTP: ${l.text}`);
    else if (l.kind === 'unterminated') c.put(`: HTTP: ${l.text} [|http]`);
    else c.put(': HTTP');
    if (l.kind === 'truncated') throw new Truncated('http', true);
    return;
  }
  c.put(`: HTTP, length: ${length}`);
  for (let i = 0; i < length; ) {
    const l = lineAt(t, i);
    if (l.kind === 'line') {
      c.put(`\n\t${l.text}`);
      i = l.next;
    } else {
      if (l.kind === 'unterminated') c.put(`\n\t${l.text} [|http]`);
      if (l.kind === 'truncated') throw new Truncated('http', true);
      return;
    }
  }
}
