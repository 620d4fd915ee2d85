/**
 * `hubble observe` reads the engine's flow log: the lines must match the packets that really crossed the nodes
 * (times, ports, identities), with Cilium's observation points, reply arrows and monitor aggregation.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import type { FrameEvent } from '../../sim/events';
import { hubble } from './hubble';
import { stampMilli } from './hubbleFormat';
import { foreground, node, pod, run } from './programs.test-helper';

const SYN = 0x02, ACK = 0x10;

function lab(routing: 'native' | 'tunnel' = 'native') {
  const e = Engine.create('plaintext', 21, { routing });
  const frames: FrameEvent[] = [];
  e.events.on('frame', (f) => frames.push(f));
  const p = (name: string) => e.st.cluster.pods.find((x) => x.name === name)!;
  return { e, frames, frontend: p('frontend'), backend: p('backend'), appA: p('app-a'), appB: p('app-b') };
}

/** The first TCP frame with these flags out of a capture point: its time and ports. */
function tcpAt(frames: FrameEvent[], point: string, flags: number) {
  const f = frames.find((x) => x.point === point && x.dir === 'out' && x.frame[23] === 6 && x.frame[47] === flags)!;
  return { t: f.t, sport: (f.frame[34] << 8) | f.frame[35], dport: (f.frame[36] << 8) | f.frame[37] };
}

describe('hubble observe', () => {
  it('shows the handshake of the scenario curl: SYN to-network on node-1, to-endpoint on node-2, then the SYN-ACK back', () => {
    const { e, frames, frontend, backend } = lab();
    e.runToIdle();
    const syn = tcpAt(frames, 'node-1:eth0', SYN);
    const synIn = tcpAt(frames, 'node-2:lxc-backend', SYN);
    const synAck = tcpAt(frames, 'node-2:eth0', SYN | ACK);
    const synAckIn = tcpAt(frames, 'node-1:lxc-frontend', SYN | ACK);
    const [fid, bid] = [frontend.identity, backend.identity];
    const client = `web/frontend:${syn.sport} (ID:${fid})`;
    const r = run(e, hubble, ['hubble', 'observe', '--pod', 'web/frontend', '--last', '100'], node('node-1'));
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `${stampMilli(syn.t)}: ${client} -> bank/backend:8080 (ID:${bid}) to-network FORWARDED (TCP Flags: SYN)`,
      `${stampMilli(synIn.t)}: ${client} -> bank/backend:8080 (ID:${bid}) to-endpoint FORWARDED (TCP Flags: SYN)`,
      `${stampMilli(synAck.t)}: ${client} <- bank/backend:8080 (ID:${bid}) to-network FORWARDED (TCP Flags: SYN, ACK)`,
      `${stampMilli(synAckIn.t)}: ${client} <- bank/backend:8080 (ID:${bid}) to-endpoint FORWARDED (TCP Flags: SYN, ACK)`,
    ]);
    // Aggregation: each direction is reported once per new flag, so node-2 delivers SYN, ACK, ACK+PSH, ACK+FIN.
    const toBackend = lines.filter((l) => l.includes(':8080 (ID:') && l.includes(' -> ') && l.includes('to-endpoint') && l.includes(`:${syn.sport} `));
    expect(toBackend.map((l) => l.slice(l.indexOf('(TCP')))).toEqual(['(TCP Flags: SYN)', '(TCP Flags: ACK)', '(TCP Flags: ACK, PSH)', '(TCP Flags: ACK, FIN)']);
    // The ping: requests and replies, without ports.
    expect(r.out).toContain(`web/frontend (ID:${fid}) -> bank/backend (ID:${bid}) to-network FORWARDED (ICMPv4 EchoRequest)`);
    expect(r.out).toContain(`web/frontend (ID:${fid}) <- bank/backend (ID:${bid}) to-endpoint FORWARDED (ICMPv4 EchoReply)`);
  });

  it('defaults to the last 20 flows, and filters by namespace, protocol, port and --not', () => {
    const { e } = lab();
    e.runToIdle();
    const all = run(e, hubble, ['hubble', 'observe', '--all'], node('node-2')).out.trim().split('\n');
    const last = run(e, hubble, ['hubble', 'observe'], node('node-2')).out.trim().split('\n');
    expect(all.length).toBeGreaterThan(20);
    expect(last).toEqual(all.slice(-20));
    const ns = run(e, hubble, ['hubble', 'observe', '--all', '-n', 'default'], node('node-2')).out.trim().split('\n');
    expect(ns.length).toBeGreaterThan(0);
    expect(ns.every((l) => /default\/app-a:\d+ \(ID:\d+\) (->|<-) default\/app-b:(8080|80) /.test(l))).toBe(true);
    expect(run(e, hubble, ['hubble', 'observe', '--all', '--pod', 'frontend'], node('node-2')).out).toBe(''); // namespace "default"
    const icmp = run(e, hubble, ['hubble', 'observe', '--protocol', 'icmp'], node('node-2')).out.trim().split('\n');
    expect(icmp).toHaveLength(4);
    const notTcp = run(e, hubble, ['hubble', 'observe', '--all', '--not', '--protocol', 'tcp'], node('node-2')).out;
    expect(notTcp.trim().split('\n')).toEqual(icmp);
    const port = run(e, hubble, ['hubble', 'observe', '--all', '--to-port', '8080', '--type', 'trace:to-endpoint'], node('node-2')).out.trim().split('\n');
    expect(port.every((l) => l.includes('-> ') && l.includes('to-endpoint'))).toBe(true);
  });

  it('shows drops with Cilium reasons, the unknown-direction arrow, and a ClusterIP on a port it does not serve as world', () => {
    const { e, frontend } = lab();
    const svc = e.st.cluster.services.find((s) => s.name === 'backend')!;
    e.input({ kind: 'exec', target: 'web/frontend', argv: ['curl', '-s', '-m', '2', `http://${svc.clusterIP}:9999/`] });
    e.runToIdle();
    const r = run(e, hubble, ['hubble', 'observe', '--verdict', 'DROPPED'], node('node-1'));
    const lines = r.out.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2); // the SYN and its retransmissions
    const vip = svc.clusterIP.replace(/\./g, '\\.');
    expect(lines[0]).toMatch(new RegExp(`^Mar  2 09:00:\\d\\d\\.\\d{3}: web/frontend:\\d+ \\(ID:${frontend.identity}\\) <> ${vip}:9999 \\(world\\) Service backend not found DROPPED \\(TCP Flags: SYN\\)$`));
    const json = JSON.parse(run(e, hubble, ['hubble', 'observe', '--verdict', 'DROPPED', '--last', '1', '-o', 'jsonpb'], node('node-1')).out);
    expect(json.flow).toMatchObject({ verdict: 'DROPPED', drop_reason: 158, drop_reason_desc: 'NO_SERVICE', event_type: { type: 1, sub_type: 158 } });
    expect(json.flow.destination_service).toBeUndefined(); // no service has that address and port
    expect(json.flow.is_reply).toBeUndefined();
  });

  it('-o json gives GetFlows responses with the flow in protojson form', () => {
    const { e, frames, frontend, backend } = lab();
    e.runToIdle();
    const syn = tcpAt(frames, 'node-2:lxc-backend', SYN);
    const lines = run(e, hubble, ['hubble', 'observe', '-o', 'json', '--all', '--node-name', 'node-2', '--tcp-flags', 'syn'], node('node-1')).out.trim().split('\n');
    const first = JSON.parse(lines[0]);
    expect(first.node_name).toBe('podlock/node-2');
    expect(first.flow).toMatchObject({
      verdict: 'FORWARDED', IP: { source: frontend.ip, destination: backend.ip, ipVersion: 'IPv4' },
      l4: { TCP: { source_port: syn.sport, destination_port: 8080, flags: { SYN: true } } },
      source: { identity: frontend.identity, namespace: 'web', pod_name: 'frontend' },
      destination: { identity: backend.identity, namespace: 'bank', pod_name: 'backend' },
      Type: 'L3_L4', trace_observation_point: 'TO_ENDPOINT', trace_reason: 'NEW', is_reply: false, traffic_direction: 'INGRESS',
      interface: { name: 'lxc-backend' }, Summary: 'TCP Flags: SYN',
    });
    expect(first.flow.destination.ID).toBeGreaterThan(0);
    // node-2 saw the SYN delivered to the backend and the SYN-ACK leaving it.
    expect(lines.map((l) => [JSON.parse(l).flow.Summary, JSON.parse(l).flow.trace_observation_point])).toEqual([['TCP Flags: SYN', 'TO_ENDPOINT'], ['TCP Flags: SYN, ACK', 'TO_NETWORK']]);
  });

  it('tunnel mode reports to-overlay where native routing reports to-network', () => {
    const { e } = lab('tunnel');
    e.runToIdle();
    const out = run(e, hubble, ['hubble', 'observe', '--all', '--pod', 'web/frontend'], node('node-1')).out;
    expect(out).toContain('to-overlay FORWARDED (TCP Flags: SYN)');
    expect(out).not.toContain('to-network');
  });

  it('-f follows new flows until Ctrl-C', () => {
    const { e, backend } = lab();
    e.runToIdle();
    const fg = foreground(e, hubble, ['hubble', 'observe', '-f', '--from-pod', 'web/frontend'], node('node-1'));
    expect(fg.out()).toBe(''); // following starts from now
    e.input({ kind: 'exec', target: 'web/frontend', argv: ['curl', '-s', `http://${backend.ip}:8080/healthz`] });
    fg.runFor(5_000_000);
    expect(fg.code()).toBeUndefined();
    fg.interrupt();
    expect(fg.code()).toBe(0);
    const lines = fg.out().trim().split('\n');
    expect(lines[0]).toMatch(/-> bank\/backend:8080 \(ID:\d+\) to-network FORWARDED \(TCP Flags: SYN\)$/);
    expect(lines.every((l) => l.includes('web/frontend:') && l.includes(' -> '))).toBe(true);
    fg.stop();
  });

  it('table and dict outputs, status, and errors', () => {
    const { e } = lab();
    e.runToIdle();
    const table = run(e, hubble, ['hubble', 'observe', '--last', '2', '-o', 'table'], pod('web/frontend')).out.split('\n');
    expect(table[0]).toMatch(/^TIMESTAMP {13}SOURCE {9}DESTINATION {4}TYPE {10}VERDICT {5}SUMMARY$/);
    const dict = run(e, hubble, ['hubble', 'observe', '--last', '2', '-o', 'dict'], node('node-1')).out;
    expect(dict).toMatch(/^ {2}TIMESTAMP: Mar {2}2 09:00:02\.\d{3}\n {5}SOURCE: bank\/backend\nDESTINATION: web\/frontend\n {7}TYPE: to-network\n {4}VERDICT: FORWARDED\n {4}SUMMARY: ICMPv4 EchoReply\n------------\n/);
    const flows = Object.values(e.st.flowLog!.nodes).reduce((a, n) => a + n.flows.length, 0);
    expect(run(e, hubble, ['hubble', 'status'], node('node-1')).out).toMatch(new RegExp(`^Healthcheck \\(via localhost:4245\\): Ok\\nCurrent/Max Flows: ${flows}/12,285 \\(\\d+\\.\\d\\d%\\)\\nFlows/s: \\d+\\.\\d\\d\\nConnected Nodes: 3/3\\n$`));
    expect(run(e, hubble, ['hubble', 'observe', '--verdict', 'dropped'], node('node-1'))).toEqual({ out: '', err: 'Error: invalid --verdict value: dropped\n', code: 1 });
    expect(run(e, hubble, ['hubble', 'observe', '--bogus'], node('node-1')).err).toBe('Error: unknown flag: --bogus\n');
    expect(run(e, hubble, ['hubble', 'observe', '--pod'], node('node-1')).err).toBe('Error: flag needs an argument: --pod\n');
    expect(run(e, hubble, ['hubble', 'observe', '--ip', '1.2.3.4', '--from-ip', '1.2.3.4'], node('node-1')).err).toBe('Error: filters --ip and --from-ip cannot be combined\n');
    expect(run(e, hubble, ['hubble', 'obsrve'], node('node-1')).err).toContain('Did you mean this?\n\tobserve\n');
  });
});
