/**
 * HTTP/1.1 messages in one TCP segment (RFC 9112 §3 request line, §4 status line, §5 field lines, §6.2
 * Content-Length; status codes RFC 9110 §15). Registered on TCP 80 and 8080 as tshark does. It only claims a segment
 * that starts with a request or status line, and declines anything else (a body continuation, or TLS on the same
 * port), so the next candidate gets it. No reassembly: a header block or body cut by the segment end shows what is
 * there, like tshark with `tcp.desegment_tcp_streams:FALSE`.
 */
import { fromUtf8, latin1, utf8 } from '../bytes';
import { field, generated, type Dissector } from './context';
import type { Field } from './tree';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK']);

const HEADERS: Record<string, string> = {
  host: 'host', 'user-agent': 'user_agent', accept: 'accept', 'accept-encoding': 'accept_encoding',
  'accept-language': 'accept_language', authorization: 'authorization', 'cache-control': 'cache_control',
  connection: 'connection', 'content-encoding': 'content_encoding', 'content-type': 'content_type', cookie: 'cookie',
  date: 'date', 'last-modified': 'last_modified', location: 'location', 'proxy-authenticate': 'proxy_authenticate',
  'proxy-authorization': 'proxy_authorization', referer: 'referer', server: 'server', 'set-cookie': 'set_cookie',
  'transfer-encoding': 'transfer_encoding', upgrade: 'upgrade', 'www-authenticate': 'www_authenticate',
  'x-forwarded-for': 'x_forwarded_for',
};

const REASONS: Record<number, string> = {
  100: 'Continue', 101: 'Switching Protocols', 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content',
  206: 'Partial Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Time-out', 409: 'Conflict', 413: 'Request Entity Too Large',
  426: 'Upgrade Required', 429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Time-out',
};

/** One line: text without its terminator, where the next line starts, and how the terminator is shown. */
interface Line { text: string; start: number; next: number; eol: string }

function readLine(b: Uint8Array, start: number, end: number): Line | undefined {
  for (let i = start; i < end; i++) {
    if (b[i] !== 0x0a) continue;
    const cr = i > start && b[i - 1] === 0x0d;
    return { text: latin1(b, start, cr ? i - 1 : i), start, next: i + 1, eol: cr ? '\\r\\n' : '\\n' };
  }
  return undefined;
}

const ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

/**
 * Text of bytes as Wireshark shows it (format_text): UTF-8 with invalid sequences replaced, control characters
 * escaped (`\x15`). Offsets are found on the latin1 view, one character per byte.
 */
function text(b: Uint8Array, start: number, end: number): string {
  // eslint-disable-next-line no-control-regex
  return fromUtf8(b.subarray(start, end)).replace(/[\x00-\x1f\x7f]/g, (c) => {
    const n = c.charCodeAt(0);
    return ESCAPES[n] ?? `\\x${n.toString(16)}`;
  });
}

/**
 * Wireshark measures the URI's parts on its UTF-8 string, so a replaced byte counts three: same here (only for
 * invalid UTF-8 does this differ from the byte count), kept inside the frame.
 */
const utf8Length = (s: string, at: number, b: Uint8Array): number => Math.max(0, Math.min(utf8(s).length, b.length - at));

const REQUEST = /^([A-Z]+) (\S+) (HTTP\/\d\.\d)$/;
const STATUS = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/;

export const dissectHttp: Dissector = (ctx, start, end) => {
  const b = ctx.frame;
  const first = readLine(b, start, end);
  if (!first) return false;
  const req = REQUEST.exec(first.text);
  const res = req ? null : STATUS.exec(first.text);
  if (!(req && METHODS.has(req[1])) && !res) return false;

  const firstText = text(b, start, start + first.text.length);
  const firstF = field('', `${firstText}${first.eol}`, start, first.next - start, undefined, req ? requestLine(b, req, start) : statusLine(b, res!, start));
  const layer = field('http', 'Hypertext Transfer Protocol', start, end - start, undefined, [firstF]);
  const kids = layer.children!;
  ctx.layers.push(layer);
  ctx.summary.protocol = 'HTTP';
  ctx.summary.info = firstText;

  let host: string | undefined;
  let contentType: string | undefined;
  let contentLength: number | undefined;
  let pos = first.next;
  let done = false;
  for (let line = readLine(b, pos, end); line; line = readLine(b, pos, end)) {
    pos = line.next;
    const len = line.next - line.start;
    if (line.text === '') {
      kids.push(field('', line.eol, line.start, len));
      done = true;
      break;
    }
    const colon = line.text.indexOf(':');
    const name = colon > 0 ? line.text.slice(0, colon).toLowerCase() : '';
    const lineText = text(b, line.start, line.start + line.text.length);
    const value = colon > 0 ? text(b, line.start + colon + 1, line.start + line.text.length).trim() : '';
    const label = `${lineText}${line.eol}`;
    if (name === 'content-length') {
      contentLength = /^\d+$/.test(value) ? Number(value) : undefined;
      kids.push(field('http.content_length_header', label, line.start, len, value,
        contentLength === undefined ? undefined : [field('http.content_length', `Content length: ${contentLength}`, line.start, len, contentLength)]));
    } else if (HEADERS[name]) {
      kids.push(field(`http.${HEADERS[name]}`, label, line.start, len, value));
      if (name === 'host') host = value;
      if (name === 'content-type') contentType = value.split(';')[0].trim().toLowerCase();
    } else {
      kids.push(field(req ? 'http.request.line' : 'http.response.line', label, line.start, len, lineText));
    }
  }
  if (req && host !== undefined) {
    const uri = `http://${host}${text(b, start + req[1].length + 1, start + req[1].length + 1 + req[2].length)}`;
    kids.push(generated('http.request.full_uri', `Full request URI: ${uri}`, start, uri));
  }
  if (!done) return; // header block continues in the next segment
  // RFC 9112 §6.3: a request without Content-Length (or Transfer-Encoding) has no body; a response's runs to the end
  const declared = contentLength ?? (req ? 0 : end - pos);
  const bodyLen = Math.min(end - pos, declared);
  if (bodyLen > 0) {
    // the value is the body as sent (for checks such as "the attacker saw the JSON"); labels escape, values do not
    kids.push(field('http.file_data', `File Data: ${bodyLen} byte${bodyLen === 1 ? '' : 's'}`, pos, bodyLen, fromUtf8(b.subarray(pos, pos + bodyLen))));
    if (contentType) ctx.summary.info += `  (${contentType})`;
  }
  // Wireshark's layer ends with the headers when a media dissector takes the body, else with the body
  layer.length = pos - start + (contentType ? 0 : bodyLen);
  const rest = pos + bodyLen;
  if (rest < end) {
    // bytes after the message: a continuation, as Wireshark calls it (it may also read them as header lines;
    // pipelined requests are not parsed here)
    ctx.layers.push(field('http', 'Hypertext Transfer Protocol', rest, end - rest, undefined, [
      field('http.file_data', `File Data: ${end - rest} byte${end - rest === 1 ? '' : 's'}`, rest, end - rest, fromUtf8(b.subarray(rest, end))),
    ]));
    ctx.summary.info += ' Continuation';
  }
};

function requestLine(b: Uint8Array, m: RegExpExecArray, start: number): Field[] {
  const [, method, rawUri, version] = m;
  const uriAt = start + method.length + 1;
  const uri = text(b, uriAt, uriAt + rawUri.length);
  const uriF = field('http.request.uri', `Request URI: ${uri}`, uriAt, rawUri.length, uri);
  const q = rawUri.indexOf('?');
  if (q >= 0) {
    const path = text(b, uriAt, uriAt + q);
    const query = text(b, uriAt + q + 1, uriAt + rawUri.length);
    const pathLen = utf8Length(fromUtf8(b.subarray(uriAt, uriAt + q)), uriAt, b);
    const queryAt = Math.min(uriAt + pathLen + 1, b.length);
    const params: Field[] = [];
    let at = queryAt;
    for (const p of fromUtf8(b.subarray(uriAt + q + 1, uriAt + rawUri.length)).split('&')) {
      const len = utf8Length(p, at, b);
      const v = text(utf8(p), 0, len);
      if (p) params.push(field('http.request.uri.query.parameter', `Request URI Query Parameter: ${v}`, at, len, v));
      at = Math.min(at + len + 1, b.length);
    }
    uriF.children = [
      field('http.request.uri.path', `Request URI Path: ${path}`, uriAt, pathLen, path),
      field('http.request.uri.query', `Request URI Query: ${query}`, queryAt, utf8Length(fromUtf8(b.subarray(uriAt + q + 1, uriAt + rawUri.length)), queryAt, b), query, params),
    ];
  }
  return [
    field('http.request.method', `Request Method: ${method}`, start, method.length, method),
    uriF,
    field('http.request.version', `Request Version: ${version}`, uriAt + rawUri.length + 1, version.length, version),
  ];
}

function statusLine(b: Uint8Array, m: RegExpExecArray, start: number): Field[] {
  const [, version, codeText, rawPhrase] = m;
  const code = Number(codeText);
  const codeAt = start + version.length + 1;
  const out = [
    field('http.response.version', `Response Version: ${version}`, start, version.length, version),
    field('http.response.code', `Status Code: ${code}`, codeAt, 3, code),
  ];
  if (REASONS[code]) out.push(field('http.response.code.desc', `Status Code Description: ${REASONS[code]}`, codeAt, 3, REASONS[code]));
  if (rawPhrase) {
    const phrase = text(b, codeAt + 4, codeAt + 4 + rawPhrase.length);
    out.push(field('http.response.phrase', `Response Phrase: ${phrase}`, codeAt + 4, rawPhrase.length, phrase));
  }
  return out;
}
