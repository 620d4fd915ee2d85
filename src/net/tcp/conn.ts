/**
 * TCP connections (RFC 9293): the control block, the socket calls apps make (connect, listen, send, close) and the
 * sending side (segmentation at the MSS, PSH on the last segment of a write, FIN, retransmission on RTO with
 * exponential backoff, delayed ACKs). Options follow Linux: MSS, SACK-permitted, timestamps (RFC 7323) and
 * window scale 7 on SYNs; timestamps on every other segment.
 */
import type { Sim } from '../../sim/sim';
import type { Host } from '../../sim/state';
import { MS, SECOND } from '../../sim/clock';
import { ACK, FIN, PSH, RST, SYN, buildTcp, seqAdd, seqDiff, type TcpOption } from '../packet/tcp';
import { buildIpv4, PROTO_TCP } from '../packet/ipv4';
import { isLocalAddress, lookupRoute, sendIp, sourceAddress } from '../host';
import { newTrace } from '../link';
import { appEvent } from '../apps/app';

export type TcpStateName =
  | 'CLOSED' | 'LISTEN' | 'SYN_SENT' | 'SYN_RECEIVED' | 'ESTABLISHED' | 'FIN_WAIT_1' | 'FIN_WAIT_2'
  | 'CLOSE_WAIT' | 'CLOSING' | 'LAST_ACK' | 'TIME_WAIT';

export interface SentSegment {
  seq: number;
  flags: number;
  data: Uint8Array;
}

export interface TcpConn {
  id: string;
  host: string;
  app: string;
  laddr: number;
  lport: number;
  raddr: number;
  rport: number;
  state: TcpStateName;
  iss: number;
  irs: number;
  sndUna: number;
  sndNxt: number;
  /** Peer's receive window in bytes (after scaling). */
  sndWnd: number;
  rcvNxt: number;
  /** Our MSS (from the interface MTU) and the peer's announced one. */
  ourMss: number;
  peerMss: number;
  peerWscale: number;
  tsOk: boolean;
  tsOffset: number;
  tsRecent: number;
  /** App data not yet segmented. */
  sendBuf: Uint8Array;
  closeRequested: boolean;
  finSent: boolean;
  /** Sent, not yet acknowledged (the retransmission queue). */
  unacked: SentSegment[];
  rto: number;
  retries: number;
  ackPending: number;
  ipId: number;
  /** Time of the last frame this connection handed to the NIC (keeps its segments in order). */
  lastTx: number;
}

export const WSCALE = 7;
/** Window field after the handshake: 502 << 7 = 64256 bytes, as a fresh Linux socket advertises. */
const WINDOW_FIELD = 502;
const RTO_INITIAL = 1 * SECOND; // RFC 6298 §2.1
const RTO_MIN = 200 * MS; // Linux TCP_RTO_MIN
const RTO_MAX = 120 * SECOND;
const DELACK = 40 * MS; // Linux TCP_DELACK_MIN
export const TIME_WAIT = 60 * SECOND; // Linux TCP_TIMEWAIT_LEN
const SYN_RETRIES = 6; // net.ipv4.tcp_syn_retries
const DATA_RETRIES = 15; // net.ipv4.tcp_retries2
const TTL = 64;

export const tupleKey = (laddr: number, lport: number, raddr: number, rport: number): string => `${laddr}:${lport}>${raddr}:${rport}`;

export function setState(sim: Sim, c: TcpConn, to: TcpStateName): void {
  if (c.state === to) return;
  const from = c.state;
  c.state = to;
  sim.emit('tcp', { t: sim.now, host: c.host, conn: c.id, local: `${c.laddr}:${c.lport}`, remote: `${c.raddr}:${c.rport}`, from, to });
}

/** Initial receive window on a SYN: 65535 rounded down to a multiple of the MSS (Linux tcp_select_initial_window). */
export const synWindow = (mss: number): number => Math.floor(65535 / mss) * mss;

function mssFor(sim: Sim, host: Host, raddr: number): number {
  // A local destination is reached through lo (Linux's local table), whatever the main table says.
  const lo = sim.st.ifaces[`${host.id}:lo`];
  if (lo && isLocalAddress(sim, host, raddr)) return Math.min(lo.mtu, 65535) - 40; // an IPv4 packet is at most 65535 bytes
  const route = lookupRoute(host, raddr);
  const mtu = route ? sim.st.ifaces[route.dev].mtu : 1500;
  return mtu - 40;
}

export function newConn(sim: Sim, host: Host, app: string, laddr: number, lport: number, raddr: number, rport: number): TcpConn {
  const iss = (sim.rand(0, 0xffff) * 0x10000 + sim.rand(0, 0xffff)) >>> 0;
  const c: TcpConn = {
    id: sim.id('tcp'), host: host.id, app, laddr, lport, raddr, rport, state: 'CLOSED',
    iss, irs: 0, sndUna: iss, sndNxt: iss, sndWnd: 0, rcvNxt: 0,
    ourMss: mssFor(sim, host, raddr), peerMss: 536, peerWscale: 0, tsOk: false,
    tsOffset: (sim.rand(0, 0xffff) * 0x10000 + sim.rand(0, 0xffff)) >>> 0, tsRecent: 0,
    sendBuf: new Uint8Array(0), closeRequested: false, finSent: false, unacked: [],
    rto: RTO_INITIAL, retries: 0, ackPending: 0, ipId: sim.rand(0, 0xffff), lastTx: 0,
  };
  sim.st.conns[c.id] = c;
  host.tcp[tupleKey(laddr, lport, raddr, rport)] = c.id;
  return c;
}

function ephemeralPort(sim: Sim, host: Host, raddr: number, rport: number, laddr: number): number {
  for (;;) {
    const p = sim.rand(32768, 60999); // net.ipv4.ip_local_port_range
    if (!host.tcp[tupleKey(laddr, p, raddr, rport)]) return p;
  }
}

/** Active open: sends the SYN. Returns the connection id. `bind` picks the local address (bind() before connect()). */
export function tcpConnect(sim: Sim, hostId: string, app: string, raddr: number, rport: number, bind?: number): string {
  const host = sim.st.hosts[hostId];
  const route = lookupRoute(host, raddr);
  const laddr = bind ?? sourceAddress(sim, host, route?.dev);
  const c = newConn(sim, host, app, laddr, ephemeralPort(sim, host, raddr, rport, laddr), raddr, rport);
  setState(sim, c, 'SYN_SENT');
  queueSegment(sim, c, SYN, new Uint8Array(0));
  return c.id;
}

export function tcpListen(sim: Sim, hostId: string, port: number, app: string): void {
  sim.st.hosts[hostId].listeners[`tcp:${port}`] = app;
}

export function tcpSend(sim: Sim, connId: string, data: Uint8Array): void {
  const c = sim.st.conns[connId];
  if (!c || c.closeRequested) return;
  const buf = new Uint8Array(c.sendBuf.length + data.length);
  buf.set(c.sendBuf);
  buf.set(data, c.sendBuf.length);
  c.sendBuf = buf;
  output(sim, c);
}

/** Aborts a connection (close with SO_LINGER 0): a RST to the peer, and the socket is gone. */
export function tcpAbort(sim: Sim, connId: string): void {
  const c = sim.st.conns[connId];
  if (!c) return;
  if (c.state !== 'SYN_SENT' && c.state !== 'CLOSED' && c.state !== 'LISTEN') sendSegment(sim, c, RST | ACK, c.sndNxt, new Uint8Array(0));
  destroy(sim, c);
}

export function tcpClose(sim: Sim, connId: string): void {
  const c = sim.st.conns[connId];
  if (!c || c.closeRequested) return;
  c.closeRequested = true;
  if (c.state === 'SYN_SENT') return destroy(sim, c);
  output(sim, c);
}

const tsVal = (sim: Sim, c: TcpConn): number => (Math.floor(sim.now / MS) + c.tsOffset) >>> 0;

/** Builds and sends one segment (data, SYN, FIN or a pure ACK) with the current ACK, window and timestamps. */
export function sendSegment(sim: Sim, c: TcpConn, flags: number, seq: number, data: Uint8Array): void {
  const isSyn = (flags & SYN) !== 0;
  const options: TcpOption[] = isSyn
    ? [{ kind: 'mss', value: c.ourMss }, { kind: 'sackOk' }, { kind: 'ts', val: tsVal(sim, c), ecr: c.tsRecent }, { kind: 'nop' }, { kind: 'wscale', shift: WSCALE }]
    : c.tsOk ? [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'ts', val: tsVal(sim, c), ecr: c.tsRecent }] : [];
  if (flags & ACK) {
    c.ackPending = 0;
    sim.cancel(`tcp-delack:${c.id}`);
  }
  const seg = buildTcp(c.laddr, c.raddr, {
    sport: c.lport, dport: c.rport, seq, ack: flags & ACK ? c.rcvNxt : 0, flags,
    window: isSyn ? synWindow(c.ourMss) : WINDOW_FIELD, options, payload: data,
  });
  const pkt = buildIpv4({ src: c.laddr, dst: c.raddr, proto: PROTO_TCP, ttl: TTL, id: c.ipId, df: true }, seg);
  c.ipId = (c.ipId + 1) & 0xffff;
  const at = Math.max(sim.now + 3, c.lastTx + 2);
  c.lastTx = at;
  sendIp(sim, sim.st.hosts[c.host], pkt, newTrace(sim), at - sim.now);
}

function queueSegment(sim: Sim, c: TcpConn, flags: number, data: Uint8Array): void {
  const seg = { seq: c.sndNxt, flags, data };
  c.unacked.push(seg);
  c.sndNxt = seqAdd(c.sndNxt, data.length + (flags & (SYN | FIN) ? 1 : 0));
  sendSegment(sim, c, flags, seg.seq, data);
  if (!sim.armed(`tcp-rto:${c.id}`)) sim.arm(`tcp-rto:${c.id}`, c.rto);
}

/** Payload bytes per segment: the peer's MSS less the timestamp option. */
const payloadMss = (c: TcpConn): number => Math.min(c.peerMss, c.ourMss) - (c.tsOk ? 12 : 0);

/** Sends what the window allows of the app's data, then the FIN once everything is out and close was asked. */
export function output(sim: Sim, c: TcpConn): void {
  if (c.state !== 'ESTABLISHED' && c.state !== 'CLOSE_WAIT') return;
  while (c.sendBuf.length > 0) {
    const inFlight = seqDiff(c.sndNxt, c.sndUna);
    const room = c.sndWnd - inFlight;
    if (room <= 0) break;
    const n = Math.min(payloadMss(c), c.sendBuf.length, room);
    const data = c.sendBuf.slice(0, n);
    c.sendBuf = c.sendBuf.slice(n);
    queueSegment(sim, c, ACK | (c.sendBuf.length === 0 ? PSH : 0), data);
  }
  if (c.closeRequested && !c.finSent && c.sendBuf.length === 0) {
    c.finSent = true;
    setState(sim, c, c.state === 'ESTABLISHED' ? 'FIN_WAIT_1' : 'LAST_ACK');
    queueSegment(sim, c, FIN | ACK, new Uint8Array(0));
  }
}

export function sendAck(sim: Sim, c: TcpConn): void {
  sendSegment(sim, c, ACK, c.sndNxt, new Uint8Array(0));
}

/** Removes the connection and tells its app (with an error for resets and timeouts). */
export function destroy(sim: Sim, c: TcpConn, error?: string): void {
  setState(sim, c, 'CLOSED');
  for (const t of ['rto', 'delack', 'timewait']) sim.cancel(`tcp-${t}:${c.id}`);
  delete sim.st.hosts[c.host].tcp[tupleKey(c.laddr, c.lport, c.raddr, c.rport)];
  delete sim.st.conns[c.id];
  appEvent(sim, c.app, { type: 'closed', conn: c.id, error });
}

/** Handles an acknowledgment of `ack`: drops acked segments, resets the backoff, re-arms or stops the RTO. */
export function ackReceived(sim: Sim, c: TcpConn, ack: number): void {
  if (seqDiff(ack, c.sndUna) <= 0 || seqDiff(ack, c.sndNxt) > 0) return;
  c.sndUna = ack;
  c.unacked = c.unacked.filter((s) => seqDiff(seqAdd(s.seq, s.data.length + (s.flags & (SYN | FIN) ? 1 : 0)), ack) > 0);
  c.retries = 0;
  c.rto = RTO_MIN;
  if (c.unacked.length === 0) sim.cancel(`tcp-rto:${c.id}`);
  else sim.arm(`tcp-rto:${c.id}`, c.rto);
}

export function timer(sim: Sim, which: string, connId: string): void {
  const c = sim.st.conns[connId];
  if (!c) return;
  if (which === 'delack') {
    if (c.ackPending > 0) sendAck(sim, c);
  } else if (which === 'timewait') {
    destroy(sim, c);
  } else if (which === 'rto') {
    if (c.unacked.length === 0) return;
    c.retries++;
    const limit = c.state === 'SYN_SENT' || c.state === 'SYN_RECEIVED' ? SYN_RETRIES : DATA_RETRIES;
    if (c.retries > limit) return destroy(sim, c, c.state === 'SYN_SENT' ? 'Connection timed out' : 'Connection timed out (retransmissions exhausted)');
    const s = c.unacked[0];
    sendSegment(sim, c, s.flags, s.seq, s.data);
    c.rto = Math.min(c.rto * 2, RTO_MAX);
    sim.arm(`tcp-rto:${c.id}`, c.rto);
  }
}

export function armDelayedAck(sim: Sim, c: TcpConn): void {
  if (!sim.armed(`tcp-delack:${c.id}`)) sim.arm(`tcp-delack:${c.id}`, DELACK);
}

export function enterTimeWait(sim: Sim, c: TcpConn): void {
  setState(sim, c, 'TIME_WAIT');
  sim.cancel(`tcp-rto:${c.id}`);
  sim.arm(`tcp-timewait:${c.id}`, TIME_WAIT);
}
