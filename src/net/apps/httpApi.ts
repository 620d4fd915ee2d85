/**
 * The backend pod's HTTP API server (bank accounts and transactions as JSON) on a TCP port. HTTP/1.1 with
 * keep-alive: it answers each request after a short processing delay and closes when the client does.
 * It writes an access-log line per request (what `kubectl logs` will show).
 */
import type { Sim } from '../../sim/sim';
import { fmtIp } from '../addr';
import { utf8 } from '../bytes';
import { fmtHttpDate, toCivil } from '../../sim/clock';
import { tcpClose, tcpListen, tcpSend } from '../tcp/conn';
import { print, wake, type AppEvent } from './app';
import { bankApi } from './bankData';
import { buildMessage, parseHead, REASONS } from './http';

export interface HttpApiApp {
  id: string;
  kind: 'http-api';
  host: string;
  job?: string;
  port: number;
  /** Per connection: bytes of a request not yet answered. */
  buffers: Record<string, Uint8Array>;
}

export function startHttpApi(sim: Sim, host: string, port: number): HttpApiApp {
  const app: HttpApiApp = { id: sim.id('app'), kind: 'http-api', host, port, buffers: {} };
  sim.st.apps[app.id] = app;
  tcpListen(sim, host, port, app.id);
  return app;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function clfTime(us: number): string {
  const c = toCivil(us);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(c.day)}/${MONTHS[c.month - 1]}/${c.year}:${p(c.hour)}:${p(c.minute)}:${p(c.second)} +0000`;
}

function respond(sim: Sim, app: HttpApiApp, conn: string): void {
  const buf = app.buffers[conn];
  const c = sim.st.conns[conn];
  if (!buf || !c) return;
  const head = parseHead(buf);
  if (!head) return;
  app.buffers[conn] = buf.slice(head.bodyStart);
  const [method, target = '/', version = ''] = head.startLine.split(' ');
  let status = 200;
  let doc: unknown = null;
  if (!version.startsWith('HTTP/1.')) status = 400;
  else if (method !== 'GET') status = 405;
  else {
    doc = bankApi(sim, target);
    if (doc === null) status = 404;
  }
  if (status !== 200) doc = { error: REASONS[status].toLowerCase() };
  const body = utf8(JSON.stringify(doc, null, 2) + '\n');
  const msg = buildMessage(`HTTP/1.1 ${status} ${REASONS[status]}`, [
    ['Content-Type', 'application/json'],
    ['Date', fmtHttpDate(sim.now)],
    ['Content-Length', String(body.length)],
  ], body);
  tcpSend(sim, conn, msg);
  print(sim, app, `${fmtIp(c.raddr)} - - [${clfTime(sim.now)}] "${head.startLine}" ${status} ${body.length}\n`);
}

export function httpApiEvent(sim: Sim, app: HttpApiApp, ev: AppEvent): void {
  switch (ev.type) {
    case 'accepted':
      app.buffers[ev.conn] = new Uint8Array(0);
      break;
    case 'data': {
      const prev = app.buffers[ev.conn] ?? new Uint8Array(0);
      const buf = new Uint8Array(prev.length + ev.data.length);
      buf.set(prev);
      buf.set(ev.data, prev.length);
      app.buffers[ev.conn] = buf;
      if (parseHead(buf)) wake(sim, app, `respond:${ev.conn}`, sim.rand(180, 420));
      break;
    }
    case 'wake':
      if (ev.tag.startsWith('respond:')) respond(sim, app, ev.tag.slice('respond:'.length));
      break;
    case 'peer-closed':
      tcpClose(sim, ev.conn);
      break;
    case 'closed':
      delete app.buffers[ev.conn];
      break;
  }
}
