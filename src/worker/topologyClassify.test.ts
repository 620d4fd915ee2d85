/**
 * Frame classification for the topology view, on the bytes of real scenario runs: WireGuard and ESP on the underlay,
 * clear HTTP on the pods' side of the same packets, TLS between mesh sidecars (record continuations included), bare
 * TCP control segments in clear, ARP, and garbage that classifies as `other` without throwing.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../sim/engine';
import type { FrameEvent } from '../sim/events';
import { classifyFrame, tcpConversation, TlsStreams, SUMMARY_MAX, type Classified } from './topologyClassify';
import { dissect } from '../net/dissect/index';
import { LinkType } from '../net/dissect/tree';

type Seen = FrameEvent & Classified;

function run(scenario: string): Seen[] {
  const e = Engine.create(scenario, '7');
  const frames: FrameEvent[] = [];
  e.events.on('frame', (f) => frames.push(f));
  e.runToIdle();
  const streams = new TlsStreams();
  return frames.map((f) => ({ ...f, ...classifyFrame(f.frame, f.linkType, streams) }));
}

const at = (seen: Seen[], point: string) => seen.filter((s) => s.point === point);
const kinds = (seen: Seen[]) => new Set(seen.map((s) => s.kind));

describe('classifyFrame', () => {
  it('cilium-wireguard: WireGuard between nodes, clear on the pod side and inside cilium_wg0', () => {
    const seen = run('cilium-wireguard');
    expect(kinds(at(seen, 'node-1:eth0'))).toEqual(new Set(['wireguard', 'arp']));
    expect(at(seen, 'node-1:eth0').find((s) => s.kind === 'wireguard')?.proto).toBe('WireGuard');
    const pod = at(seen, 'web/frontend:eth0');
    expect(kinds(pod)).toEqual(new Set(['plaintext']));
    expect(pod.some((s) => s.proto === 'HTTP' && s.summary.startsWith('GET /api/accounts/1042/transactions'))).toBe(true);
    expect(kinds(at(seen, 'node-1:cilium_wg0'))).toEqual(new Set(['plaintext']));
    expect(at(seen, 'node-1:eth0').find((s) => s.kind === 'arp')?.summary).toMatch(/^Who has 192\.168\.61\.1\d\?/);
  });

  it('calico-wireguard and cilium-ipsec: the underlay carries only WireGuard / ESP (and ARP)', () => {
    expect(kinds(at(run('calico-wireguard'), 'node-2:eth0'))).toEqual(new Set(['wireguard', 'arp']));
    const ipsec = at(run('cilium-ipsec'), 'node-1:eth0');
    expect(kinds(ipsec)).toEqual(new Set(['esp', 'arp']));
    expect(ipsec.find((s) => s.kind === 'esp')?.proto).toBe('ESP');
  });

  it('istio-strict: TLS between the sidecars, record continuations included; control segments and ping in clear', () => {
    const seen = run('istio-strict');
    const wire = at(seen, 'node-1:eth0').filter((s) => s.kind !== 'arp');
    const tcp = wire.filter((s) => s.proto !== 'ICMP');
    const payload = (s: Seen) => {
      const d = dissect(s.frame, s.linkType as LinkType);
      return d.layers.some((l) => l.children?.some((c) => c.name === 'tcp.payload'));
    };
    // Every segment with payload between the sidecars is TLS; the rest (SYN, ACK, FIN) are readable TCP headers.
    for (const s of tcp) expect([s.kind, s.control], s.summary).toEqual(payload(s) ? ['tls', undefined] : ['plaintext', true]);
    expect(tcp.filter((s) => s.kind === 'tls').length).toBeGreaterThan(5);
    expect(tcp.some((s) => s.summary.startsWith('TLS record continued'))).toBe(true);
    expect(wire.filter((s) => s.proto === 'ICMP').every((s) => s.kind === 'plaintext')).toBe(true);
    // The app talks to its sidecar in clear over lo; app-a (no sidecar) sends clear HTTP across the underlay.
    expect(kinds(at(seen, 'web/frontend:lo'))).toEqual(new Set(['plaintext']));
    expect(at(seen, 'node-3:eth0').some((s) => s.kind === 'plaintext' && s.proto === 'HTTP')).toBe(true);
  });

  it('garbage, empty and truncated frames are `other` or clear, never an exception, with a bounded summary', () => {
    const streams = new TlsStreams();
    expect(classifyFrame(new Uint8Array(0), LinkType.ETHERNET, streams).kind).toBe('other');
    expect(classifyFrame(new Uint8Array(0), LinkType.RAW, streams).kind).toBe('other');
    expect(classifyFrame(Uint8Array.from({ length: 40 }, (_, i) => i * 7), LinkType.ETHERNET, streams).kind).toBe('other');
    expect(classifyFrame(new Uint8Array(10), 9999, streams).kind).toBe('other');
    const seen = run('plaintext');
    const big = seen.find((s) => s.frame.length > 1000)!;
    const cut = classifyFrame(big.frame.subarray(0, 60), big.linkType, streams);
    expect(cut.kind).toBe('plaintext');
    for (const s of seen) expect(s.summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
  });
});

describe('TlsStreams and tcpConversation', () => {
  it('names a conversation the same from both ends', () => {
    const seen = run('plaintext').filter((s) => s.point === 'web/frontend:eth0' && s.proto !== 'ICMP');
    const req = seen.find((s) => s.dir === 'out')!;
    const resp = seen.find((s) => s.dir === 'in')!;
    const a = tcpConversation(dissect(req.frame, req.linkType as LinkType));
    // As the pod sees it: to the ClusterIP (translated at the node).
    expect(a).toMatch(/^10\.244\.1\.\d+:\d+\|10\.96\.\d+\.\d+:8080$/);
    expect(tcpConversation(dissect(resp.frame, resp.linkType as LinkType))).toBe(a);
  });

  it('forgets the oldest conversation past its bound', () => {
    const s = new TlsStreams(2);
    s.add('a');
    s.add('b');
    s.add('a'); // refreshed: now the newest
    s.add('c');
    expect([s.has('a'), s.has('b'), s.has('c'), s.size]).toEqual([true, false, true, 2]);
  });
});
