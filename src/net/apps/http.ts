/** HTTP/1.1 message framing (RFC 9112): request and status lines, headers, Content-Length bodies. */
import { latin1, utf8 } from '../bytes';

export interface HttpHead {
  startLine: string;
  headers: [string, string][];
  /** Byte offset where the body starts. */
  bodyStart: number;
}

/** Finds and parses the head of a message once the blank line has arrived; null while incomplete. */
export function parseHead(buf: Uint8Array): HttpHead | null {
  for (let i = 0; i + 3 < buf.length; i++) {
    if (buf[i] === 13 && buf[i + 1] === 10 && buf[i + 2] === 13 && buf[i + 3] === 10) {
      const lines = latin1(buf, 0, i).split('\r\n');
      const headers: [string, string][] = [];
      for (const line of lines.slice(1)) {
        const c = line.indexOf(':');
        if (c > 0) headers.push([line.slice(0, c).trim(), line.slice(c + 1).trim()]);
      }
      return { startLine: lines[0], headers, bodyStart: i + 4 };
    }
  }
  return null;
}

export function header(h: HttpHead, name: string): string | undefined {
  const n = name.toLowerCase();
  return h.headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

export function buildMessage(startLine: string, headers: [string, string][], body: Uint8Array = new Uint8Array(0)): Uint8Array {
  const head = utf8([startLine, ...headers.map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n'));
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

export const REASONS: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed' };
