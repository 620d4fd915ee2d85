/**
 * `curl` in a pod: real HTTP/1.1 over the simulated TCP. Supports `-s`, `-v`, `-i`, `-m <seconds>` and http:// URLs
 * to a pod IP or a service name (resolved as cluster DNS would; the DNS exchange itself is not simulated).
 * Errors print as curl 8 prints them, with curl's exit codes.
 */
import type { Sim } from '../../sim/sim';
import { findPod, resolveName } from '../../sim/cluster';
import { fmtIp, isIp, parseIp } from '../addr';
import { fromUtf8, latin1 } from '../bytes';
import { MS, SECOND } from '../../sim/clock';
import { tcpClose, tcpConnect, tcpSend } from '../tcp/conn';
import { socketLb } from '../../datapath/serviceNat';
import { sourceAddress } from '../host';
import { PROTO_TCP } from '../packet/ipv4';
import { exit, print, wake, type AppEvent } from './app';
import { buildMessage, header, parseHead } from './http';

export interface CurlApp {
  id: string;
  kind: 'curl';
  host: string;
  job?: string;
  verbose: boolean;
  silent: boolean;
  include: boolean;
  url: { host: string; port: number; path: string };
  ip: number;
  conn: string;
  startedAt: number;
  response: Uint8Array;
  done: boolean;
}

const USAGE = "curl: try 'curl --help' or 'curl --manual' for more information\n";

function fail(sim: Sim, host: string, job: string | undefined, msg: string, code: number): null {
  const app = { id: sim.id('app'), host, job };
  print(sim, app, msg, 'stderr');
  exit(sim, app, code);
  return null;
}

export function startCurl(sim: Sim, host: string, argv: string[], job?: string): CurlApp | null {
  let verbose = false, silent = false, include = false, maxTime = 0;
  let url: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-v' || a === '--verbose') verbose = true;
    else if (a === '-s' || a === '--silent') silent = true;
    else if (a === '-i' || a === '--include') include = true;
    else if (a === '-m' || a === '--max-time') {
      maxTime = Number(argv[++i]);
      if (!(maxTime > 0)) return fail(sim, host, job, `curl: option ${a}: expected a proper numerical parameter\n${USAGE}`, 2);
    } else if (a.startsWith('-') && a.length > 1) return fail(sim, host, job, `curl: option ${a}: is unknown\n${USAGE}`, 2);
    else url = a;
  }
  if (!url) return fail(sim, host, job, `curl: no URL specified\n${USAGE}`, 2);
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]+)(?::(\d{1,5}))?([/?][^#]*)?$/.exec(url);
  if (!m) return fail(sim, host, job, `curl: (3) URL rejected: Malformed input to a URL function\n`, 3);
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http') return fail(sim, host, job, `curl: (1) Protocol "${scheme}" not supported\n`, 1);
  const port = m[3] ? Number(m[3]) : 80;
  if (port < 1 || port > 65535) return fail(sim, host, job, `curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n`, 3);
  const name = m[2];
  const pod = findPod(sim.st.cluster, host);
  // Cluster DNS answers pods; a node's resolver does not know service names.
  const resolved = isIp(name) ? name : pod ? resolveName(sim.st.cluster, name, pod.namespace) : undefined;
  if (!resolved) return fail(sim, host, job, `curl: (6) Could not resolve host: ${name}\n`, 6);
  const app: CurlApp = {
    id: sim.id('app'), kind: 'curl', host, ...(job ? { job } : {}), verbose, silent, include,
    url: { host: name, port, path: m[4] ? (m[4].startsWith('?') ? `/${m[4]}` : m[4]) : '/' },
    ip: parseIp(resolved), conn: '', startedAt: sim.now, response: new Uint8Array(0), done: false,
  };
  sim.st.apps[app.id] = app;
  if (verbose) print(sim, app, `*   Trying ${resolved}:${port}...\n`, 'stderr');
  let to = { ip: app.ip, port };
  if (!pod) {
    const lb = socketLb(sim, sourceAddress(sim, sim.st.hosts[host]), app.ip, port, PROTO_TCP);
    if ('drop' in lb) {
      finish(sim, app, 7, `curl: (7) Failed to connect to ${name} port ${port} after 0 ms: Couldn't connect to server\n`);
      return app;
    }
    to = lb;
  }
  app.conn = tcpConnect(sim, host, app.id, to.ip, to.port);
  if (maxTime) wake(sim, app, 'max-time', maxTime * SECOND);
  return app;
}

const elapsedMs = (sim: Sim, app: CurlApp) => Math.round((sim.now - app.startedAt) / MS);

function finish(sim: Sim, app: CurlApp, code: number, err?: string): void {
  if (app.done) return;
  app.done = true;
  sim.cancel(`app:${app.id}:max-time`);
  if (err) print(sim, app, err, 'stderr');
  exit(sim, app, code);
}

export function curlEvent(sim: Sim, app: CurlApp, ev: AppEvent): void {
  switch (ev.type) {
    case 'connected': {
      const hostHeader = app.url.port === 80 ? app.url.host : `${app.url.host}:${app.url.port}`;
      const req = buildMessage(`GET ${app.url.path} HTTP/1.1`, [['Host', hostHeader], ['User-Agent', 'curl/8.5.0'], ['Accept', '*/*']]);
      if (app.verbose) {
        print(sim, app, `* Connected to ${app.url.host} (${fmtIp(app.ip)}) port ${app.url.port}\n`, 'stderr');
        print(sim, app, latin1(req).trimEnd().split('\r\n').map((l) => `> ${l}\n`).join('') + '> \n', 'stderr');
      }
      tcpSend(sim, app.conn, req);
      break;
    }
    case 'data': {
      const buf = new Uint8Array(app.response.length + ev.data.length);
      buf.set(app.response);
      buf.set(ev.data, app.response.length);
      app.response = buf;
      const head = parseHead(buf);
      if (!head) break;
      const length = Number(header(head, 'Content-Length') ?? NaN);
      if (!(buf.length - head.bodyStart >= length)) break;
      if (app.verbose) print(sim, app, [head.startLine, ...head.headers.map(([k, v]) => `${k}: ${v}`)].map((l) => `< ${l}\n`).join('') + '< \n', 'stderr');
      if (app.include) print(sim, app, latin1(buf, 0, head.bodyStart).replace(/\r\n/g, '\n'));
      print(sim, app, fromUtf8(buf.subarray(head.bodyStart, head.bodyStart + length)));
      if (app.verbose) print(sim, app, `* Connection #0 to host ${app.url.host} left intact\n`, 'stderr');
      tcpClose(sim, app.conn);
      finish(sim, app, 0);
      break;
    }
    case 'closed':
      if (!app.done && ev.error) {
        const code = ev.error.startsWith('Connection timed out') ? 28 : ev.error === 'Connection refused' ? 7 : 56;
        const what = code === 56 ? `curl: (56) Recv failure: ${ev.error}\n` : `curl: (${code}) Failed to connect to ${app.url.host} port ${app.url.port} after ${elapsedMs(sim, app)} ms: ${ev.error === 'Connection refused' ? "Couldn't connect to server" : 'Timeout was reached'}\n`;
        finish(sim, app, code, what);
      } else if (!app.done) finish(sim, app, 52, 'curl: (52) Empty reply from server\n');
      break;
    case 'signal':
      // Killed by Ctrl-C: the kernel closes the socket; curl prints nothing more and the shell reports 130.
      finish(sim, app, 130);
      tcpClose(sim, app.conn);
      break;
    case 'wake':
      if (ev.tag === 'max-time' && !app.done) {
        // curl's wording depends on whether the connection was up; finish first, so the close is not an empty reply.
        const connecting = sim.st.conns[app.conn]?.state === 'SYN_SENT';
        finish(sim, app, 28, connecting
          ? `curl: (28) Connection timed out after ${elapsedMs(sim, app)} milliseconds\n`
          : `curl: (28) Operation timed out after ${elapsedMs(sim, app)} milliseconds with ${app.response.length} bytes received\n`);
        tcpClose(sim, app.conn);
      }
      break;
  }
}

