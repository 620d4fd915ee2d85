/**
 * `linkerd viz tap deploy/NAME | po/NAME [-n NS]`: the HTTP requests a pod's linkerd-proxy relays, live, as
 * `req` / `rsp` / `end` lines (FIDELITY.md §5). The proxy hands the app plaintext on the pod's loopback, so the tap
 * reads the frames at `<ns>/<pod>:lo` and parses HTTP/1.1 there; which proxy connection a loopback flow belongs to
 * (its remote peer, the original port, whether it was mTLS) comes from the proxy's own state (st.apps, kind
 * 'mesh-proxy'). `proxy=in` is a request the pod received, `proxy=out` one it sent.
 */
import type { SimState } from '../../sim/state';
import type { CommandCtx, EngineEvent, Proc } from '../types';
import type { MeshProxyApp, ProxyLink } from '../../net/apps/meshProxy';
import { signalCode } from '../types';
import { fmtIp } from '../../net/addr';
import { parseEthernet, ETHERTYPE_IPV4 } from '../../net/packet/ethernet';
import { parseIpv4, PROTO_TCP } from '../../net/packet/ipv4';
import { parseTcp } from '../../net/packet/tcp';

interface Exchange {
  id: string;
  reqAt: number;
  rspAt?: number;
  /** Response body bytes expected (Content-Length) and seen. */
  want?: number;
  got: number;
}

type Head = (id: string, kind: string) => string;

interface Flow {
  conn: number;
  requests: number;
  open?: Exchange;
  /** How the tap names the proxy connection, once the proxy has accepted it. */
  head?: Head;
  /** Lines seen before that (a request can reach the loopback before the proxy accepts the connection). */
  waiting: { id: string; kind: string; tail: string }[];
}

/** The proxy link a loopback flow between ports `a` and `b` belongs to, and how the tap describes it. */
function linkFor(st: SimState, pod: string, a: number, b: number): { key: string; head: Head } | undefined {
  const app = Object.values(st.apps).find((x): x is MeshProxyApp => x.kind === 'mesh-proxy' && x.host === pod);
  if (!app) return undefined;
  const ip = st.cluster.pods.find((p) => `${p.namespace}/${p.name}` === pod)?.ip ?? '';
  const has = (port: number) => port === a || port === b;
  for (const [linkId, link] of Object.entries(app.links) as [string, ProxyLink][]) {
    const down = st.conns[link.down];
    const up = link.up ? st.conns[link.up] : undefined;
    if (link.dir === 'in' && up && has(up.lport) && has(up.rport) && down) {
      const tls = link.tls ? 'true' : 'no_tls_from_remote';
      return { key: linkId, head: (id, kind) => `${kind} id=${id} proxy=in  src=${fmtIp(down.raddr)}:${down.rport} dst=${ip}:${link.port} tls=${tls}` };
    }
    if (link.dir === 'out' && down && has(down.rport) && up) {
      const tls = link.tls ? 'true' : 'not_provided_by_service_discovery';
      return { key: linkId, head: (id, kind) => `${kind} id=${id} proxy=out src=${fmtIp(down.raddr)}:${down.rport} dst=${fmtIp(up.raddr)}:${up.rport} tls=${tls}` };
    }
  }
  return undefined;
}

const REQUEST = /^([A-Z]+) (\S+) HTTP\/1\.[01]\r\n/;
const RESPONSE = /^HTTP\/1\.[01] (\d{3})/;

function header(text: string, name: string): string | undefined {
  const m = new RegExp(`\\r\\n${name}:\\s*([^\\r\\n]*)`, 'i').exec(text);
  return m?.[1];
}

export interface TapFilter {
  method?: string;
  /** A prefix of the request path. */
  path?: string;
  authority?: string;
}

/** Taps the pods (`ns/name` keys) until Ctrl-C, showing the requests that pass the filter. */
export function tapProc(ctx: CommandCtx, pods: string[], filter: TapFilter = {}): Proc {
  const points = new Set(pods.map((p) => `${p}:lo`));
  const flows = new Map<string, Flow>();
  let conns = 0;
  let done = false;
  const µs = (n: number) => `${Math.max(0, Math.round(n))}µs`;
  const onFrame = (point: string, t: number, frame: Uint8Array) => {
    const eth = parseEthernet(frame);
    const ip = eth && eth.ethertype === ETHERTYPE_IPV4 ? parseIpv4(eth.payload) : null;
    const tcp = ip && ip.proto === PROTO_TCP ? parseTcp(ip.src, ip.dst, ip.payload) : null;
    if (!tcp || !tcp.payload.length) return;
    const pod = point.slice(0, -3);
    const key = `${pod}|${Math.min(tcp.sport, tcp.dport)}-${Math.max(tcp.sport, tcp.dport)}`;
    let flow = flows.get(key);
    if (!flow) flows.set(key, (flow = { conn: conns++, requests: 0, waiting: [] }));
    const f = flow;
    f.head ??= linkFor(ctx.st, pod, tcp.sport, tcp.dport)?.head;
    const say = (id: string, kind: string, tail: string) => {
      if (f.head) ctx.out(`${f.head(id, kind)} ${tail}\n`);
      else f.waiting.push({ id, kind, tail });
    };
    if (f.head) for (const w of f.waiting.splice(0)) say(w.id, w.kind, w.tail);
    const text = new TextDecoder('latin1').decode(tcp.payload);
    const req = REQUEST.exec(text);
    if (req) {
      const id = `${f.conn}:${f.requests++}`;
      const authority = header(text, 'Host') ?? '';
      const shown = (filter.method === undefined || filter.method === req[1]) && (filter.path === undefined || req[2].startsWith(filter.path))
        && (filter.authority === undefined || filter.authority === authority);
      f.open = shown ? { id, reqAt: t, got: 0 } : undefined;
      if (shown) say(id, 'req', `:method=${req[1]} :authority=${authority} :path=${req[2]}`);
      return;
    }
    const ex = flow.open;
    if (!ex) return;
    const rsp = RESPONSE.exec(text);
    if (rsp && ex.rspAt === undefined) {
      ex.rspAt = t;
      const cl = header(text, 'Content-Length');
      ex.want = cl === undefined ? undefined : Number(cl);
      const bodyAt = text.indexOf('\r\n\r\n');
      ex.got = bodyAt < 0 ? 0 : tcp.payload.length - (bodyAt + 4);
      say(ex.id, 'rsp', `:status=${rsp[1]} latency=${µs(t - ex.reqAt)}`);
    } else if (ex.rspAt !== undefined) ex.got += tcp.payload.length;
    if (ex.rspAt !== undefined && ex.want !== undefined && ex.got >= ex.want) {
      say(ex.id, 'end', `duration=${µs(t - ex.rspAt)} response-length=${ex.got}B`);
      f.open = undefined;
    }
  };
  return {
    onEvent(e: EngineEvent) {
      if (done || e.name !== 'frame') return;
      const ev = (e as EngineEvent<'frame'>).ev;
      if (ev.dir === 'out' && points.has(ev.point)) onFrame(ev.point, ev.t, ev.frame);
    },
    interrupt(sig) {
      done = true;
      ctx.exit(signalCode(sig));
    },
  };
}
