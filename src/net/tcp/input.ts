/**
 * TCP segment arrival (RFC 9293 §3.10.7), for the states a connection goes through: passive open from a listener,
 * SYN-SENT, SYN-RECEIVED, the synchronized states and the closing sequence (FIN-WAIT-1/2, CLOSING, TIME-WAIT,
 * CLOSE-WAIT, LAST-ACK). Out-of-order or duplicate data is answered with an ACK and not delivered; a segment for
 * no socket is answered with a RST, as Linux does.
 */
import type { Sim } from '../../sim/sim';
import type { Host, Iface } from '../../sim/state';
import type { Ipv4Packet } from '../packet/ipv4';
import { buildIpv4, PROTO_TCP } from '../packet/ipv4';
import { ACK, FIN, RST, SYN, buildTcp, parseTcp, seqAdd, seqDiff, type ParsedTcp } from '../packet/tcp';
import { drop, sendIp } from '../host';
import { newTrace } from '../link';
import { appEvent } from '../apps/app';
import {
  ackReceived, armDelayedAck, destroy, enterTimeWait, newConn, output, sendAck, sendSegment, setState, tupleKey,
  TIME_WAIT, WSCALE, type TcpConn,
} from './conn';

function learnOptions(c: TcpConn, seg: ParsedTcp): void {
  for (const o of seg.options) {
    if (o.kind === 'mss') c.peerMss = o.value;
    else if (o.kind === 'wscale') c.peerWscale = Math.min(o.shift, 14);
    else if (o.kind === 'ts') {
      c.tsOk = true;
      c.tsRecent = o.val;
    }
  }
}

function tsOf(seg: ParsedTcp): number | undefined {
  for (const o of seg.options) if (o.kind === 'ts') return o.val;
  return undefined;
}

export function tcpInput(sim: Sim, host: Host, iface: Iface, ip: Ipv4Packet, frame: Uint8Array, trace: number): void {
  const seg = parseTcp(ip.src, ip.dst, ip.payload);
  if (!seg) return drop(sim, iface, 'malformed TCP segment', frame, trace);
  if (!seg.checksumOk) return drop(sim, iface, 'bad TCP checksum', frame, trace);
  const connId = host.tcp[tupleKey(ip.dst, seg.dport, ip.src, seg.sport)];
  const c = connId ? sim.st.conns[connId] : undefined;
  if (!c) return noConnection(sim, host, iface, ip, seg, frame, trace);
  if (c.state === 'SYN_SENT') return synSent(sim, c, seg);
  synchronized(sim, c, seg);
}

function noConnection(sim: Sim, host: Host, iface: Iface, ip: Ipv4Packet, seg: ParsedTcp, frame: Uint8Array, trace: number): void {
  const listener = host.listeners[`tcp:${seg.dport}`];
  if (listener && seg.flags & SYN && !(seg.flags & (ACK | RST))) {
    const c = newConn(sim, host, listener, ip.dst, seg.dport, ip.src, seg.sport);
    setState(sim, c, 'LISTEN');
    c.irs = seg.seq;
    c.rcvNxt = seqAdd(seg.seq, 1);
    c.sndWnd = seg.window;
    learnOptions(c, seg);
    setState(sim, c, 'SYN_RECEIVED');
    c.sndNxt = c.iss;
    c.unacked.push({ seq: c.iss, flags: SYN | ACK, data: new Uint8Array(0) });
    c.sndNxt = seqAdd(c.iss, 1);
    sendSegment(sim, c, SYN | ACK, c.iss, new Uint8Array(0));
    sim.arm(`tcp-rto:${c.id}`, c.rto);
    return;
  }
  if (seg.flags & RST) return;
  drop(sim, iface, listener ? 'TCP segment for no connection' : `no socket listening on TCP port ${seg.dport}`, frame, trace);
  // Reset generation, RFC 9293 §3.10.7.1.
  const hasAck = (seg.flags & ACK) !== 0;
  const len = seg.payload.length + (seg.flags & SYN ? 1 : 0) + (seg.flags & FIN ? 1 : 0);
  const rst = buildTcp(ip.dst, ip.src, {
    sport: seg.dport, dport: seg.sport, seq: hasAck ? seg.ack : 0, ack: hasAck ? 0 : seqAdd(seg.seq, len),
    flags: hasAck ? RST : RST | ACK, window: 0, options: [], payload: new Uint8Array(0),
  });
  const pkt = buildIpv4({ src: ip.dst, dst: ip.src, proto: PROTO_TCP, ttl: 64, id: 0, df: true }, rst);
  sendIp(sim, host, pkt, newTrace(sim), 5);
}

function synSent(sim: Sim, c: TcpConn, seg: ParsedTcp): void {
  const hasAck = (seg.flags & ACK) !== 0;
  if (hasAck && seg.ack !== c.sndNxt) return; // not for our SYN (RFC 9293 would RST; Linux too, but nothing here sends such)
  if (seg.flags & RST) {
    if (hasAck) destroy(sim, c, 'Connection refused');
    return;
  }
  if (!(seg.flags & SYN) || !hasAck) return;
  c.irs = seg.seq;
  c.rcvNxt = seqAdd(seg.seq, 1);
  learnOptions(c, seg);
  c.sndWnd = seg.window; // window in a SYN is never scaled (RFC 7323 §2.2)
  ackReceived(sim, c, seg.ack);
  setState(sim, c, 'ESTABLISHED');
  sendAck(sim, c);
  appEvent(sim, c.app, { type: 'connected', conn: c.id });
}

function synchronized(sim: Sim, c: TcpConn, seg: ParsedTcp): void {
  const dataLen = seg.payload.length;
  if (seg.flags & RST) {
    if (seqDiff(seg.seq, c.rcvNxt) >= 0 && seqDiff(seg.seq, c.rcvNxt) < 65535 << WSCALE) destroy(sim, c, 'Connection reset by peer');
    return;
  }
  if (seg.flags & SYN) {
    sendAck(sim, c); // a retransmitted SYN or SYN-ACK: our ACK was lost; say it again
    return;
  }
  const carries = dataLen > 0 || (seg.flags & FIN) !== 0;
  if (carries && seg.seq !== c.rcvNxt) {
    sendAck(sim, c); // duplicate or out of order: ACK what we have
    // A FIN retransmitted into TIME_WAIT restarts the 2MSL timer (RFC 9293 3.10.7.4, as Linux does).
    if (c.state === 'TIME_WAIT' && seg.flags & FIN) sim.arm(`tcp-timewait:${c.id}`, TIME_WAIT);
    return;
  }
  const ts = tsOf(seg);
  if (c.tsOk && ts !== undefined) c.tsRecent = ts;
  if (!(seg.flags & ACK)) return;

  if (c.state === 'SYN_RECEIVED') {
    if (seqDiff(seg.ack, c.iss) <= 0 || seqDiff(seg.ack, c.sndNxt) > 0) return;
    ackReceived(sim, c, seg.ack);
    c.sndWnd = seg.window << c.peerWscale;
    setState(sim, c, 'ESTABLISHED');
    appEvent(sim, c.app, { type: 'accepted', conn: c.id });
    if (!sim.st.conns[c.id]) return;
  } else {
    ackReceived(sim, c, seg.ack);
    c.sndWnd = seg.window << c.peerWscale;
  }

  const finAcked = c.finSent && seg.ack === c.sndNxt;
  if (finAcked) {
    if (c.state === 'FIN_WAIT_1') setState(sim, c, 'FIN_WAIT_2');
    else if (c.state === 'CLOSING') return enterTimeWait(sim, c);
    else if (c.state === 'LAST_ACK') return destroy(sim, c);
  }

  let urgent = false;
  if (dataLen > 0 && (c.state === 'ESTABLISHED' || c.state === 'FIN_WAIT_1' || c.state === 'FIN_WAIT_2')) {
    c.rcvNxt = seqAdd(c.rcvNxt, dataLen);
    c.ackPending++;
    appEvent(sim, c.app, { type: 'data', conn: c.id, data: seg.payload.slice() });
    if (!sim.st.conns[c.id]) return;
  }
  if (seg.flags & FIN) {
    c.rcvNxt = seqAdd(c.rcvNxt, 1);
    c.ackPending++;
    urgent = true;
    if (c.state === 'ESTABLISHED') {
      setState(sim, c, 'CLOSE_WAIT');
      appEvent(sim, c.app, { type: 'peer-closed', conn: c.id });
      if (!sim.st.conns[c.id]) return;
    } else if (c.state === 'FIN_WAIT_1') setState(sim, c, 'CLOSING');
    else if (c.state === 'FIN_WAIT_2') {
      sendAck(sim, c);
      return enterTimeWait(sim, c);
    }
  }
  output(sim, c);
  if (c.ackPending === 0) return; // already acknowledged by a segment the app's reply sent
  if (urgent || c.ackPending >= 2) sendAck(sim, c);
  else armDelayedAck(sim, c);
}
