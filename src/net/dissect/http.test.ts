import { describe, expect, it } from 'vitest';
import { dissect, findField, findFields, type Dissection } from './index';
import { FRAMES } from './frames.test-helper';

const d = (name: keyof typeof FRAMES): Dissection => dissect(FRAMES[name].bytes, FRAMES[name].linkType);
function at(x: Dissection, name: string, start: number, length: number, value?: unknown, n = 0): void {
  const f = findFields(x, name)[n];
  expect(f, `${name}[${n}] missing`).toBeDefined();
  expect({ name, start: f.start, length: f.length }).toEqual({ name, start, length });
  if (value !== undefined) expect(f.value, name).toEqual(value);
}

describe('HTTP/1.1 request in one segment (TCP 8080)', () => {
  const x = d('httpGet');

  it('is an HTTP layer after TCP, and names the request in the Info column', () => {
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'tcp', 'http']);
    expect(x.summary).toEqual({ protocol: 'HTTP', src: '10.244.1.23', dst: '10.244.2.42', info: 'GET /api/accounts?limit=10&sort=asc HTTP/1.1' });
    at(x, 'tcp.payload', 66, 130);
    at(x, 'http', 66, 130);
  });

  it('dissects the request line', () => {
    const line = x.layers[3].children![0];
    expect({ name: line.name, label: line.label, start: line.start, length: line.length })
      .toEqual({ name: '', label: 'GET /api/accounts?limit=10&sort=asc HTTP/1.1\\r\\n', start: 66, length: 46 });
    at(x, 'http.request.method', 66, 3, 'GET');
    at(x, 'http.request.uri', 70, 31, '/api/accounts?limit=10&sort=asc');
    at(x, 'http.request.uri.path', 70, 13, '/api/accounts');
    at(x, 'http.request.uri.query', 84, 17, 'limit=10&sort=asc');
    at(x, 'http.request.uri.query.parameter', 84, 8, 'limit=10', 0);
    at(x, 'http.request.uri.query.parameter', 93, 8, 'sort=asc', 1);
    at(x, 'http.request.version', 102, 8, 'HTTP/1.1');
    expect(findField(x, 'http.request.method')?.label).toBe('Request Method: GET');
  });

  it('dissects the header lines, known and unknown, and the end of the header block', () => {
    at(x, 'http.host', 112, 25, 'backend.bank:8080');
    expect(findField(x, 'http.host')?.label).toBe('Host: backend.bank:8080\\r\\n');
    at(x, 'http.user_agent', 137, 24, 'curl/8.5.0');
    at(x, 'http.accept', 161, 13, '*/*');
    at(x, 'http.request.line', 174, 20, 'X-Request-Id: 7f3a');
    const blank = x.layers[3].children!.find((c) => c.label === '\\r\\n');
    expect(blank && [blank.start, blank.length]).toEqual([194, 2]);
    at(x, 'http.request.full_uri', 66, 0, 'http://backend.bank:8080/api/accounts?limit=10&sort=asc');
  });
});

describe('HTTP/1.1 response in one segment', () => {
  const x = d('http200');

  it('dissects the status line, headers and body', () => {
    expect(x.summary).toMatchObject({ protocol: 'HTTP', src: '10.244.2.42', info: 'HTTP/1.1 200 OK  (application/json)' });
    at(x, 'http.response.version', 66, 8, 'HTTP/1.1');
    at(x, 'http.response.code', 75, 3, 200);
    at(x, 'http.response.code.desc', 75, 3, 'OK');
    at(x, 'http.response.phrase', 79, 2, 'OK');
    at(x, 'http.content_type', 83, 32, 'application/json');
    at(x, 'http.content_length_header', 115, 20, '11');
    at(x, 'http.content_length', 115, 20, 11);
    at(x, 'http.file_data', 137, 11, '{"ok":true}');
    // the body goes to a media dissector in Wireshark, so the HTTP item ends with the header block
    at(x, 'http', 66, 71);
  });
});

describe('HTTP only claims segments that start a message', () => {
  it('leaves a body continuation to TCP', () => {
    const bytes = FRAMES.http200.bytes.slice();
    bytes.set(new TextEncoder().encode('XTTP'), 66);
    const x = dissect(bytes, FRAMES.http200.linkType);
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'tcp']);
    expect(x.summary.protocol).toBe('TCP');
    expect(x.summary.info).toMatch(/^8080 → 51116 \[PSH, ACK\] Seq=998877 Ack=123587 Win=509 \[TCP CHECKSUM INCORRECT\] Len=82/);
  });

  it('is not tried on other ports', () => {
    const bytes = FRAMES.httpGet.bytes.slice();
    bytes[36] = 0x23; // destination port 8080 -> 9104
    expect(dissect(bytes, FRAMES.httpGet.linkType).layers.map((l) => l.name)).toEqual(['eth', 'ip', 'tcp']);
  });
});

describe('HTTP bodies', () => {
  it('a POST with a JSON body', () => {
    const x = d('httpPost');
    expect(x.summary.info).toBe('POST /api/transfer HTTP/1.1  (application/json)');
    // no TCP options: the request line starts at 54; headers 83, 108, 140; blank line 160; body 162
    at(x, 'http.request.method', 54, 4, 'POST');
    at(x, 'http.content_length', 140, 20, 26);
    at(x, 'http.file_data', 162, 26, '{"to":"bob","amount":1000}');
  });

  it("the 403 an L7 policy's Envoy answers, header names in lower case", () => {
    const x = d('http403Envoy');
    expect(x.summary).toMatchObject({ protocol: 'HTTP', src: '10.244.2.42', info: 'HTTP/1.1 403 Forbidden  (text/plain)' });
    at(x, 'http.response.code', 63, 3, 403);
    at(x, 'http.response.phrase', 67, 9, 'Forbidden');
    expect(findField(x, 'http.server')?.value).toBe('envoy');
    expect(findField(x, 'http.content_type')?.value).toBe('text/plain');
    expect(findField(x, 'http.file_data')?.value).toBe('Access denied\r\n');
  });

  it('bytes after the declared body are a continuation', () => {
    const bytes = FRAMES.httpPost.bytes.slice();
    bytes.set(new TextEncoder().encode('20'), 156); // Content-Length: 26 -> 20
    const x = dissect(bytes, FRAMES.httpPost.linkType);
    expect(x.layers.map((l) => l.name)).toEqual(['eth', 'ip', 'tcp', 'http', 'http']);
    at(x, 'http.file_data', 162, 20, '{"to":"bob","amount"', 0);
    at(x, 'http.file_data', 182, 6, ':1000}', 1);
    expect(x.summary.info).toBe('POST /api/transfer HTTP/1.1  (application/json) Continuation');
  });
});
