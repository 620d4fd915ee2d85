/**
 * `cilium-dbg` on a node: status fields computed from the lab (routing mode, IPAM, Hubble counters, encryption),
 * the endpoint table, and `monitor` lines for the packets the node really handles.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import type { FrameEvent } from '../../sim/events';
import { ciliumDbg } from './ciliumDbg';
import { endpointsOf } from './ciliumDbgEndpoint';
import { foreground, node, pod, run } from './programs.test-helper';

const lab = (routing: 'native' | 'tunnel' = 'native') => {
  const e = Engine.create('plaintext', 33, { routing });
  const p = (name: string) => e.st.cluster.pods.find((x) => x.name === name)!;
  return { e, frontend: p('frontend'), backend: p('backend'), nodes: e.st.cluster.nodes };
};

/** A status line: the label column is as wide as the longest label ("Global Identity Range:") plus 3. */
const row = (label: string, value: string) => `${label.padEnd(25)}${value}`;

describe('cilium-dbg status', () => {
  it('reports native routing, this node\'s pod CIDR and allocations, and no encryption', () => {
    const { e, nodes } = lab();
    e.runToIdle();
    const r = run(e, ciliumDbg, ['cilium-dbg', 'status'], node('node-3'));
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const pods = e.st.cluster.pods.filter((p) => p.node === 'node-3').length;
    expect(lines[0]).toBe(row('KVStore:', 'Ok   Disabled'));
    expect(lines).toContain(row('KubeProxyReplacement:', `True   [eth0   ${nodes[2].ip} (Direct Routing)]`));
    expect(lines).toContain(row('Host firewall:', 'Disabled'));
    expect(lines).toContain(row('Cilium health daemon:', 'Ok   '));
    expect(lines).toContain(row('IPAM:', `IPv4: ${pods + 1}/254 allocated from ${nodes[2].podCidr}, `));
    expect(lines).toContain(row('Routing:', 'Network: Native   Host: BPF'));
    expect(lines).toContain(row('Proxy Status:', `OK, ip ${nodes[2].routerIp}, 0 redirects active on ports 10000-20000, Envoy: external`));
    const flows = e.st.flowLog!.nodes['node-3'].flows.length;
    expect(lines.find((l) => l.startsWith('Hubble:'))).toMatch(new RegExp(`^Hubble: {18}Ok {14}Current/Max Flows: ${flows}/4095 \\(\\d+\\.\\d\\d%\\), Flows/s: \\d+\\.\\d\\d   Metrics: Disabled$`));
    expect(lines).toContain(row('Encryption:', 'Disabled        '));
    expect(lines.find((l) => l.startsWith('Cluster health:'))).toMatch(/^Cluster health: {10}3\/3 reachable {3}\(2026-03-02T09:\d\d:00Z\)$/);
  });

  it('reports VXLAN in tunnel mode', () => {
    const { e } = lab('tunnel');
    expect(run(e, ciliumDbg, ['cilium-dbg', 'status'], node('node-1')).out.split('\n')).toContain(row('Routing:', 'Network: Tunnel [vxlan]   Host: BPF'));
  });

  it('--verbose lists the allocated addresses and the health of every node; --brief says OK', () => {
    const { e, frontend, nodes } = lab();
    const out = run(e, ciliumDbg, ['cilium-dbg', 'status', '--verbose'], node('node-1')).out;
    expect(out).toContain(`Allocated addresses:\n${[`  ${frontend.ip} (web/frontend)`, `  ${nodes[0].routerIp} (router)`].sort().join('\n')}\n`);
    expect(out).toContain('KubeProxyReplacement Details:\n  Status:                 True\n  Socket LB:              Disabled\n');
    expect(out).toMatch(/\n {2}podlock\/node-1 \(localhost\) {3}192\.168\.61\.11 {3}reachable {3}reachable\n/);
    expect(run(e, ciliumDbg, ['cilium-dbg', 'status', '--brief'], node('node-1')).out).toBe('OK\n');
    expect(JSON.parse(run(e, ciliumDbg, ['cilium-dbg', 'status', '-o', 'json'], node('node-1')).out).routing['inter-host-routing-mode']).toBe('Native');
  });

  it('encrypt status says Disabled for the plaintext scenario', () => {
    const { e } = lab();
    expect(run(e, ciliumDbg, ['cilium-dbg', 'encrypt', 'status'], node('node-2')).out).toBe(`Encryption: ${'Disabled'.padEnd(26)}\n`);
  });
});

describe('cilium-dbg endpoint list', () => {
  it('lists the host endpoint and each local pod with its identity, labels and IP', () => {
    const { e, frontend } = lab();
    const out = run(e, ciliumDbg, ['cilium-dbg', 'endpoint', 'list'], node('node-1')).out.split('\n');
    expect(out[0]).toMatch(/^ENDPOINT {3}POLICY \(ingress\) {3}POLICY \(egress\) {3}IDENTITY {3}LABELS \(source:key\[=value\]\) +IPv6 {3}IPv4 +STATUS {3}$/);
    expect(out[1]).toMatch(/^ {11}ENFORCEMENT {8}ENFORCEMENT +$/);
    const ep = endpointsOf(e.st, 'node-1').find((x) => x.pod)!;
    const mine = out.find((l) => l.startsWith(`${ep.id} `))!;
    expect(mine).toMatch(new RegExp(`^${ep.id} +Disabled {11}Disabled {10}${frontend.identity} +k8s:app=frontend +${frontend.ip.replace(/\./g, '\\.')} +ready {3}$`));
    const i = out.indexOf(mine);
    expect(out.slice(i + 1, i + 5).map((l) => l.trim())).toEqual([
      'k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=web', 'k8s:io.cilium.k8s.policy.cluster=podlock',
      'k8s:io.cilium.k8s.policy.serviceaccount=frontend', 'k8s:io.kubernetes.pod.namespace=web',
    ]);
    expect(out.some((l) => / +1 +reserved:host +ready {3}$/.test(l))).toBe(true);
    const json = JSON.parse(run(e, ciliumDbg, ['cilium-dbg', 'endpoint', 'get', String(ep.id)], node('node-1')).out);
    expect(json[0].status.networking).toEqual({ addressing: [{ ipv4: frontend.ip }], 'interface-name': 'lxc-frontend' });
  });
});

describe('cilium-dbg monitor', () => {
  it('prints a trace line per reported packet on this node until Ctrl-C', () => {
    const { e, frontend, backend } = lab();
    const frames: FrameEvent[] = [];
    e.events.on('frame', (f) => frames.push(f));
    const fg = foreground(e, ciliumDbg, ['cilium-dbg', 'monitor'], node('node-2'));
    expect(fg.err()).toBe('Listening for events on 2 CPUs with 64x4096 of shared memory\nPress Ctrl-C to quit\n');
    fg.runFor(1_000_000);
    fg.interrupt();
    expect(fg.code()).toBe(0);
    expect(fg.err()).toMatch(/level=info msg="Initializing dissection cache\.\.\." subsys=monitor\n\nReceived an interrupt, disconnecting from monitor\.\.\.\n\n$/);
    const syn = frames.find((f) => f.point === 'node-2:lxc-backend' && f.frame[23] === 6 && f.frame[47] === 0x02)!;
    const port = (syn.frame[34] << 8) | syn.frame[35];
    const ep = endpointsOf(e.st, 'node-2').find((x) => x.pod?.name === 'backend')!.id;
    const lines = fg.out().split('\n');
    expect(lines[0]).toBe(`-> endpoint ${ep} flow 0x0 , identity ${frontend.identity}->${backend.identity} state new ifindex lxc-backend orig-ip 0.0.0.0: ${frontend.ip}:${port} -> ${backend.ip}:8080 tcp SYN`);
    expect(lines[1]).toBe(`-> network flow 0x0 , identity ${backend.identity}->${frontend.identity} state reply ifindex eth0 orig-ip 0.0.0.0: ${backend.ip}:8080 -> ${frontend.ip}:${port} tcp SYN, ACK`);
    expect(lines[2]).toBe(`-> endpoint ${ep} flow 0x0 , identity ${frontend.identity}->${backend.identity} state established ifindex lxc-backend orig-ip 0.0.0.0: ${frontend.ip}:${port} -> ${backend.ip}:8080 tcp ACK`);
    fg.stop();
  });

  it('shows the reverse-translated source of a service reply as orig-ip, and filters by endpoint and type', () => {
    const { e, frontend, backend } = lab();
    const svc = e.st.cluster.services.find((s) => s.name === 'backend')!;
    const ep = endpointsOf(e.st, 'node-1').find((x) => x.pod)!.id;
    const fg = foreground(e, ciliumDbg, ['cilium-dbg', 'monitor', '--to', String(ep), '-t', 'trace'], node('node-1'));
    fg.runFor(1_000_000);
    fg.interrupt();
    const first = fg.out().split('\n')[0];
    expect(first).toMatch(new RegExp(`^-> endpoint ${ep} flow 0x0 , identity ${backend.identity}->${frontend.identity} state reply ifindex lxc-frontend orig-ip ${backend.ip.replace(/\./g, '\\.')}: ${svc.clusterIP.replace(/\./g, '\\.')}:8080 -> ${frontend.ip.replace(/\./g, '\\.')}:\\d+ tcp SYN, ACK$`));
    expect(fg.out().split('\n').filter(Boolean).every((l) => l.startsWith(`-> endpoint ${ep} `))).toBe(true);
    fg.stop();
    const bad = run(e, ciliumDbg, ['cilium-dbg', 'monitor', '-t', 'bogus'], node('node-1'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^Error: invalid argument "bogus" for "-t, --type" flag: Unknown type \(bogus\)/);
  });
});

describe('cilium-dbg errors', () => {
  it('behaves like cobra for unknown commands and flags, and needs an agent (a node)', () => {
    const { e } = lab();
    expect(run(e, ciliumDbg, ['cilium-dbg', 'stauts'], node('node-1'))).toEqual({
      out: '', code: 1, err: 'Error: unknown command "stauts" for "cilium-dbg"\n\nDid you mean this?\n\tstatus\n\nRun \'cilium-dbg --help\' for usage.\n',
    });
    expect(run(e, ciliumDbg, ['cilium-dbg', 'frobnicate'], node('node-1')).err).toBe('Error: unknown command "frobnicate" for "cilium-dbg"\nRun \'cilium-dbg --help\' for usage.\n');
    const flagErr = run(e, ciliumDbg, ['cilium-dbg', 'status', '--bogus'], node('node-1'));
    expect(flagErr.err).toMatch(/^Error: unknown flag: --bogus\nUsage:\n {2}cilium-dbg status \[flags\]\n\nFlags:\n/);
    expect(run(e, ciliumDbg, ['cilium-dbg'], node('node-1')).out).toMatch(/^CLI for interacting with the local Cilium Agent\n/);
    expect(run(e, ciliumDbg, ['cilium-dbg', 'status'], pod('web/frontend')).code).toBe(1);
  });
});
