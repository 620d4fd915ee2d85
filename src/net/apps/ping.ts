/**
 * `ping` (iputils): ICMP echo requests once a second with a 56-byte payload (a 16-byte timeval from the virtual
 * clock, then the pattern 0x10, 0x11, ...), replies printed as iputils does, and its closing statistics.
 */
import type { Sim } from '../../sim/sim';
import { fmtIp, isIp, parseIp } from '../addr';
import { MS, SECOND } from '../../sim/clock';
import { buildIcmpEcho, ICMP_ECHO_REQUEST } from '../packet/icmp';
import { buildIpv4, PROTO_ICMP } from '../packet/ipv4';
import { sendIp, sourceAddress, lookupRoute } from '../host';
import { newTrace } from '../link';
import { findPod, resolveName } from '../../sim/cluster';
import { exit, print, wake, type AppEvent } from './app';

export interface PingApp {
  id: string;
  kind: 'ping';
  host: string;
  job?: string;
  dst: number;
  name: string;
  count: number;
  sent: number;
  received: number;
  icmpId: number;
  sentAt: Record<number, number>;
  rtts: number[];
  startedAt: number;
}

/** How long ping waits for missing replies after its last request. */
const LINGER = 10 * SECOND;

function payload(us: number): Uint8Array {
  const d = new Uint8Array(56);
  const sec = Math.floor(us / SECOND);
  const usec = us % SECOND;
  const dv = new DataView(d.buffer);
  dv.setUint32(0, sec >>> 0, true);
  dv.setUint32(4, Math.floor(sec / 0x100000000), true);
  dv.setUint32(8, usec, true);
  for (let i = 16; i < 56; i++) d[i] = i - 16 + 0x10;
  return d;
}

export function startPing(sim: Sim, host: string, argv: string[], job?: string): PingApp | null {
  let count = 4;
  let target: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '-c') {
      count = Number(argv[++i]);
      if (!Number.isInteger(count) || count < 1) return bail(sim, host, job, `ping: invalid argument: '${argv[i] ?? ''}'\n`, 1);
    } else if (argv[i].startsWith('-')) return bail(sim, host, job, `ping: invalid option -- '${argv[i].slice(1, 2)}'\n`, 2);
    else target = argv[i];
  }
  if (!target) return bail(sim, host, job, 'ping: usage error: Destination address required\n', 1);
  const ns = findPod(sim.st.cluster, host)?.namespace;
  // Cluster DNS answers pods; a node's resolver does not know service names.
  const resolved = isIp(target) ? target : ns ? resolveName(sim.st.cluster, target, ns) : undefined;
  if (!resolved) return bail(sim, host, job, `ping: ${target}: Name or service not known\n`, 2);
  const h = sim.st.hosts[host];
  let icmpId = sim.rand(1, 0xffff);
  while (h.icmpIds[icmpId]) icmpId = sim.rand(1, 0xffff);
  const app: PingApp = {
    id: sim.id('app'), kind: 'ping', host, ...(job ? { job } : {}), dst: parseIp(resolved), name: target, count, sent: 0, received: 0,
    icmpId, sentAt: {}, rtts: [], startedAt: sim.now,
  };
  sim.st.apps[app.id] = app;
  h.icmpIds[icmpId] = app.id;
  print(sim, app, `PING ${target} (${resolved}) 56(84) bytes of data.\n`);
  sendEcho(sim, app);
  return app;
}

function bail(sim: Sim, host: string, job: string | undefined, msg: string, code: number): null {
  const app = { id: sim.id('app'), host, job };
  print(sim, app, msg, 'stderr');
  exit(sim, app, code);
  return null;
}

function sendEcho(sim: Sim, app: PingApp): void {
  const h = sim.st.hosts[app.host];
  app.sent++;
  app.sentAt[app.sent] = sim.now;
  const src = sourceAddress(sim, h, lookupRoute(h, app.dst)?.dev);
  const icmp = buildIcmpEcho(ICMP_ECHO_REQUEST, app.icmpId, app.sent, payload(sim.now));
  h.ipId = (h.ipId + 1) & 0xffff;
  sendIp(sim, h, buildIpv4({ src, dst: app.dst, proto: PROTO_ICMP, ttl: 64, id: h.ipId, df: true }, icmp), newTrace(sim), 4);
  // After the last request, wait for the missing replies at most LINGER, as iputils ping does (its -W default).
  if (app.sent < app.count) wake(sim, app, 'next', SECOND);
  else wake(sim, app, 'done', LINGER);
}

function summary(sim: Sim, app: PingApp): void {
  const loss = Math.round(((app.sent - app.received) / app.sent) * 100);
  const total = Math.round((sim.now - app.startedAt) / MS);
  let text = `\n--- ${app.name} ping statistics ---\n${app.sent} packets transmitted, ${app.received} received, ${loss}% packet loss, time ${total}ms\n`;
  if (app.rtts.length) {
    const ms = app.rtts.map((r) => r / MS);
    const min = Math.min(...ms), max = Math.max(...ms), avg = ms.reduce((a, b) => a + b, 0) / ms.length;
    const mdev = Math.sqrt(ms.reduce((a, b) => a + (b - avg) ** 2, 0) / ms.length);
    text += `rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms\n`;
  }
  print(sim, app, text);
  delete sim.st.hosts[app.host].icmpIds[app.icmpId];
  exit(sim, app, app.received > 0 ? 0 : 1);
}

export function pingEvent(sim: Sim, app: PingApp, ev: AppEvent): void {
  if (ev.type === 'wake') return ev.tag === 'next' ? sendEcho(sim, app) : summary(sim, app);
  if (ev.type === 'signal') {
    // Ctrl-C: iputils ping stops sending and prints its statistics.
    sim.cancel(`app:${app.id}:next`);
    sim.cancel(`app:${app.id}:done`);
    return summary(sim, app);
  }
  if (ev.type === 'icmp-reply') {
    const at = app.sentAt[ev.seq];
    if (at === undefined) return;
    const rtt = sim.now - at;
    app.received++;
    app.rtts.push(rtt);
    print(sim, app, `${ev.bytes} bytes from ${fmtIp(ev.src)}: icmp_seq=${ev.seq} ttl=${ev.ttl} time=${(rtt / MS).toFixed(3)} ms\n`);
    // Every request sent and answered: ping -c N is done at once.
    if (app.sent === app.count && app.received === app.sent) {
      sim.cancel(`app:${app.id}:done`);
      summary(sim, app);
    }
  }
}
