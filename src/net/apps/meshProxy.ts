/**
 * A mesh sidecar (istio-proxy / linkerd-proxy) as a TCP relay with mutual TLS between proxies.
 *   Outbound (port 15001 / 4140): the app's connection, redirected by iptables, is accepted; the original
 *   destination (a ClusterIP is load-balanced to an endpoint here, as Envoy does) is dialled from the proxy, with
 *   mTLS when the destination has a sidecar that accepts it (Istio auto mTLS, PeerAuthentication and
 *   DestinationRule; Linkerd: any meshed destination), in plaintext otherwise.
 *   Inbound (port 15006 / 4143): a connection redirected from the pod's port is sniffed: a TLS ClientHello gets a
 *   mutual TLS handshake; plaintext is accepted unless the workload's PeerAuthentication is STRICT, which resets it.
 *   The decrypted stream goes to the app on localhost (from 127.0.0.6 under Istio, as Envoy binds it).
 * The proxy relays bytes; it does not parse HTTP (Envoy would, and Linkerd would upgrade to HTTP/2 between proxies:
 * not modelled).
 */
import type { Sim } from '../../sim/sim';
import type { AppEvent } from './app';
import * as tls from '../../crypto/tls13';
import { tcpAbort, tcpClose, tcpConnect, tcpListen, tcpSend } from '../tcp/conn';
import { PROTO_TCP } from '../packet/ipv4';
import { fmtIp, parseIp } from '../addr';
import { chooseBackend } from '../../datapath/serviceNat';
import { MESH_PORTS, originalDestination, type MeshKind } from '../../datapath/meshRedirect';
import { destinationRuleTls, effectivePeerAuthentication } from '../../datapath/meshPolicy';
import { clientConfig, serverConfig, tlsEvents } from './meshProxyTls';

export interface ProxyLink {
  dir: 'out' | 'in';
  /** The connection the proxy accepted, and the one it opened. */
  down: string;
  up?: string;
  upConnected: boolean;
  /** TLS runs upstream for outbound links (the proxy is the client), downstream for inbound ones (the server). */
  tls?: tls.TlsConn;
  wantTls: boolean;
  /** Plaintext waiting for the upstream connection. */
  pending: Uint8Array[];
  sniffed: boolean;
  /** The app-side connection closed before upstream was up: close it once connected. */
  closeUp: boolean;
  /** Inbound: the app port the client dialled. */
  port: number;
}

export interface MeshProxyApp {
  id: string;
  kind: 'mesh-proxy';
  host: string;
  job?: string;
  mesh: MeshKind;
  links: Record<string, ProxyLink>;
  /** Connection id -> link id. */
  byConn: Record<string, string>;
}

const ISTIO_INBOUND_SOURCE = parseIp('127.0.0.6');
const LOCALHOST = parseIp('127.0.0.1');
const rnd = (sim: Sim) => (n: number): Uint8Array => sim.bytes(n);

export function startMeshProxy(sim: Sim, host: string, mesh: MeshKind): MeshProxyApp {
  const app: MeshProxyApp = { id: sim.id('app'), kind: 'mesh-proxy', host, mesh, links: {}, byConn: {} };
  sim.st.apps[app.id] = app;
  tcpListen(sim, host, MESH_PORTS[mesh].outbound, app.id);
  tcpListen(sim, host, MESH_PORTS[mesh].inbound, app.id);
  return app;
}

const podOf = (sim: Sim, ip: number) => sim.st.cluster.pods.find((p) => p.ip === fmtIp(ip));

function fail(sim: Sim, app: MeshProxyApp, linkId: string, reason: string): void {
  const link = app.links[linkId];
  sim.emit('drop', { t: sim.now, point: `${app.host}:eth0`, reason: `${app.mesh === 'istio' ? 'istio-proxy' : 'linkerd-proxy'}: ${reason}`, frame: new Uint8Array(0), linkType: 1, trace: 0 });
  if (!link) return;
  tcpAbort(sim, link.down);
  if (link.up) tcpClose(sim, link.up);
}

function accepted(sim: Sim, app: MeshProxyApp, conn: string): void {
  const c = sim.st.conns[conn];
  const host = sim.st.hosts[app.host];
  const linkId = sim.id('link');
  app.byConn[conn] = linkId;
  if (c.lport === MESH_PORTS[app.mesh].outbound) {
    const orig = originalDestination(sim, host, 'out', c.raddr, c.rport);
    const link: ProxyLink = { dir: 'out', down: conn, upConnected: false, wantTls: false, pending: [], sniffed: true, closeUp: false, port: 0 };
    app.links[linkId] = link;
    if (!orig) return fail(sim, app, linkId, 'no original destination for a redirected connection');
    const svc = sim.st.cluster.services.find((s) => s.clusterIP === fmtIp(orig.dst));
    const b = svc ? chooseBackend(sim, orig.dst, orig.dport, PROTO_TCP, [c.raddr, c.rport, orig.dst, orig.dport]) : { ip: orig.dst, port: orig.dport };
    if (!b || 'drop' in b) return fail(sim, app, linkId, b ? b.drop : 'no endpoint');
    const dest = podOf(sim, b.ip);
    const fqdn = svc ? `${svc.name}.${svc.namespace}.svc.cluster.local` : undefined;
    link.wantTls = wantsMtls(sim, app, dest, fqdn);
    link.port = b.port;
    link.up = tcpConnect(sim, app.host, app.id, b.ip, b.port);
    app.byConn[link.up] = linkId;
    if (link.wantTls) link.tls = tls.createConnection(clientConfig(sim, app.host, app.mesh, dest, b.port, fqdn), rnd(sim));
  } else {
    const orig = originalDestination(sim, host, 'in', c.raddr, c.rport);
    app.links[linkId] = { dir: 'in', down: conn, upConnected: false, wantTls: false, pending: [], sniffed: false, closeUp: false, port: orig?.dport ?? 0 };
  }
}

/** Auto mTLS: to a destination with a sidecar that does not DISABLE it, unless a DestinationRule says otherwise. */
function wantsMtls(sim: Sim, app: MeshProxyApp, dest: ReturnType<typeof podOf>, fqdn: string | undefined): boolean {
  if (app.mesh === 'linkerd') return dest?.sidecar === 'linkerd';
  const ns = app.host.split('/')[0];
  const dr = fqdn ? destinationRuleTls(sim.st, fqdn, ns) : undefined;
  if (dr === 'DISABLE') return false;
  if (dr === 'ISTIO_MUTUAL' || dr === 'MUTUAL') return true;
  return dest?.sidecar === 'istio' && effectivePeerAuthentication(sim.st, dest).mode !== 'DISABLE';
}

/** Sends plaintext towards the upstream side (through TLS when the link has it). */
function toUp(sim: Sim, link: ProxyLink, data: Uint8Array): void {
  if (!link.up || !link.upConnected) return void link.pending.push(data);
  if (link.dir === 'out' && link.tls) tcpSend(sim, link.up, tls.sendApplicationData(link.tls, data).send);
  else tcpSend(sim, link.up, data);
}

/** Sends plaintext towards the downstream side (inbound links encrypt it for the remote client). */
function toDown(sim: Sim, link: ProxyLink, data: Uint8Array): void {
  if (link.dir === 'in' && link.tls) tcpSend(sim, link.down, tls.sendApplicationData(link.tls, data).send);
  else tcpSend(sim, link.down, data);
}

/** Feeds TLS bytes to the link's TLS engine; returns false when the connection failed. */
function tlsIn(sim: Sim, app: MeshProxyApp, linkId: string, data: Uint8Array, wire: string): boolean {
  const link = app.links[linkId];
  const out = tls.receiveBytes(link.tls!, data, sim.now, rnd(sim));
  if (out.send.length) tcpSend(sim, wire, out.send);
  const failed = tlsEvents(sim, app.host, out.events);
  if (failed) {
    if (link.dir === 'in') recordEdge(sim, app, link, false, failed);
    fail(sim, app, linkId, failed);
    return false;
  }
  if (link.dir === 'in' && !link.up && link.tls!.phase === 'connected') openToApp(sim, app, linkId);
  for (const d of out.appData) {
    if (link.dir === 'out') toDown(sim, link, d);
    else toUp(sim, link, d);
  }
  return true;
}

/**
 * What the inbound proxy saw of a connection, as the proxies' metrics report it (what `linkerd viz edges` and
 * `tap` read): the client, whether it came over mTLS and with which identity, or why it was refused. Bounded.
 */
export interface MeshEdge {
  t: number;
  /** The client's address and, when it is a pod of the lab, its `ns/name`. */
  srcIp: string;
  src?: string;
  dst: string;
  tls: boolean;
  clientIdentity?: string;
  error?: string;
}
const EDGE_LOG = 500;

function recordEdge(sim: Sim, app: MeshProxyApp, link: ProxyLink, tlsOk: boolean, error?: string): void {
  const c = sim.st.conns[link.down];
  const srcIp = c ? fmtIp(c.raddr) : '';
  const src = sim.st.cluster.pods.find((p) => p.ip === srcIp);
  const id = link.tls?.peerIdentity;
  const log = (sim.st.meshEdges ??= []);
  log.push({
    t: sim.now, srcIp, ...(src ? { src: `${src.namespace}/${src.name}` } : {}), dst: app.host, tls: tlsOk,
    ...(id ? { clientIdentity: id.spiffeId ?? id.dns[0] ?? id.subject } : {}), ...(error ? { error } : {}),
  });
  if (log.length > EDGE_LOG) log.splice(0, log.length - EDGE_LOG);
}

function openToApp(sim: Sim, app: MeshProxyApp, linkId: string): void {
  const link = app.links[linkId];
  recordEdge(sim, app, link, !!link.tls);
  link.up = tcpConnect(sim, app.host, app.id, LOCALHOST, link.port, app.mesh === 'istio' ? ISTIO_INBOUND_SOURCE : undefined);
  app.byConn[link.up] = linkId;
}

/** The first bytes of an inbound connection: TLS gets a handshake; plaintext is let through unless STRICT. */
function sniff(sim: Sim, app: MeshProxyApp, linkId: string, data: Uint8Array): void {
  const link = app.links[linkId];
  link.sniffed = true;
  if (data[0] === 0x16) {
    link.tls = tls.createConnection(serverConfig(sim, app.host, app.mesh), rnd(sim));
    tlsIn(sim, app, linkId, data, link.down);
    return;
  }
  const pod = sim.st.cluster.pods.find((p) => `${p.namespace}/${p.name}` === app.host);
  if (app.mesh === 'istio' && pod && effectivePeerAuthentication(sim.st, pod).mode === 'STRICT') {
    const c = sim.st.conns[link.down];
    const reason = `plaintext connection from ${c ? fmtIp(c.raddr) : '?'} refused: mTLS mode STRICT for ${app.host}`;
    recordEdge(sim, app, link, false, reason);
    return fail(sim, app, linkId, reason);
  }
  openToApp(sim, app, linkId);
  link.pending.push(data);
}

/**
 * One side closed: the proxy closes both (after a TLS close_notify on the encrypted side), as Envoy does once an
 * HTTP/1.1 exchange is over.
 */
function closeLink(sim: Sim, link: ProxyLink): void {
  const wire = link.dir === 'out' ? (link.upConnected ? link.up : undefined) : link.down;
  if (link.tls && wire && link.tls.phase === 'connected' && !link.tls.closeSent) tcpSend(sim, wire, tls.close(link.tls).send);
  tcpClose(sim, link.down);
  if (link.up && link.upConnected) tcpClose(sim, link.up);
  else if (link.up) link.closeUp = true;
}

export function meshProxyEvent(sim: Sim, app: MeshProxyApp, ev: AppEvent): void {
  if (ev.type === 'accepted') return accepted(sim, app, ev.conn);
  if (ev.type !== 'connected' && ev.type !== 'data' && ev.type !== 'peer-closed' && ev.type !== 'closed') return;
  const linkId = app.byConn[ev.conn];
  const link = linkId ? app.links[linkId] : undefined;
  if (!link) return;
  const isUp = ev.conn === link.up;
  switch (ev.type) {
    case 'connected': {
      link.upConnected = true;
      if (link.dir === 'out' && link.tls) {
        const out = tls.start(link.tls, sim.now, rnd(sim));
        tcpSend(sim, link.up!, out.send);
        tlsEvents(sim, app.host, out.events);
      }
      const pending = link.pending.splice(0);
      for (const d of pending) toUp(sim, link, d);
      if (link.closeUp) tcpClose(sim, link.up!);
      return;
    }
    case 'data':
      if (isUp) {
        if (link.dir === 'out' && link.tls) tlsIn(sim, app, linkId, ev.data, link.up!);
        else toDown(sim, link, ev.data);
      } else if (link.dir === 'in' && !link.sniffed) sniff(sim, app, linkId, ev.data);
      else if (link.dir === 'in' && link.tls) tlsIn(sim, app, linkId, ev.data, link.down);
      else toUp(sim, link, ev.data);
      return;
    case 'peer-closed':
      return closeLink(sim, link);
    case 'closed':
      delete app.byConn[ev.conn];
      if (isUp && ev.error) tcpAbort(sim, link.down);
      if (!app.byConn[link.down] && (!link.up || !app.byConn[link.up])) delete app.links[linkId];
      return;
  }
}
