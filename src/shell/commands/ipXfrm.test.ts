/**
 * `ip xfrm` on the Cilium IPsec labs: every value checked is taken from the cluster, the key Secret or the engine's
 * xfrm states, never from the printer: the global-key states (SPI 3, key || salt from the Secret, marks carrying
 * the remote node id), output sequence numbers moving after a request, the policies, the ESN form of per-tunnel
 * states with its ring bitmap, `-s`, filters, `count`, and iproute2's errors.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { fromBase64 } from '../../sim/base64';
import { parseIp } from '../../net/addr';
import { fromUtf8 } from '../../net/bytes';
import { nodeId } from '../../datapath/ipsec';
import { ip } from './ip';
import { curl } from './curl';
import { node, pod, run } from './programs.test-helper';

const lab = (scenario = 'cilium-ipsec') => Engine.create(scenario, 7);
const ipOn = (e: Engine, args: string[], where = 'node-1') => run(e, ip, ['ip', ...args], node(where));
const nodeOf = (e: Engine, name: string) => e.st.cluster.nodes.find((n) => n.name === name)!;
/** The Secret's key material, as the learner would read it with kubectl and base64 -d. */
function secretKey(e: Engine): string {
  const obj = Object.values(e.st.objects!).find((o) => (o.metadata as { name?: string }).name === 'cilium-ipsec-keys')!;
  return fromUtf8(fromBase64((obj.data as { keys: string }).keys)!).split(' ')[2];
}
const curlBackend = (e: Engine) => run(e, curl, ['curl', '-s', 'http://backend.bank:8080/healthz'], pod('web/frontend'));

function block(src: string, dst: string, mark: string, key: string, oseq = 0): string {
  return `src ${src} dst ${dst}\n\tproto esp spi 0x00000003 reqid 1 mode tunnel\n\treplay-window 0 \n\t${mark}\n`
    + `\taead rfc4106(gcm(aes)) 0x${key} 128\n\tanti-replay context: seq 0x0, oseq 0x${oseq.toString(16)}, bitmap 0x00000000\n`
    + '\tsel src 0.0.0.0/0 dst 0.0.0.0/0\n';
}

describe('ip xfrm state on a global-key IPsec node', () => {
  it('lists the in and out state towards each remote node, newest first, with the Secret key and node-id marks', () => {
    const e = lab();
    const [me, n2, n3] = ['node-1', 'node-2', 'node-3'].map((n) => nodeOf(e, n));
    const key = secretKey(e);
    const id = (n: typeof me) => nodeId(n.ip).toString(16);
    const out = (r: typeof me) => block(me.routerIp, r.routerIp, `mark 0x${id(r)}3e00/0xffffff00 output-mark 0xe00/0xffffff00`, key);
    const inn = (r: typeof me) => block(r.routerIp, me.routerIp, `mark 0x${id(r)}0d00/0xffff0f00 output-mark 0xd00/0xffffff00`, key);
    const r = ipOn(e, ['xfrm', 'state']);
    expect(r).toEqual({ out: inn(n3) + out(n3) + inn(n2) + out(n2), err: '', code: 0 });
    // Abbreviations, `list`/`show`, and filters that keep everything print the same.
    for (const args of [['x', 's'], ['xfrm', 'state', 'list'], ['xfrm', 'state', 'show'], ['xfrm', 'state', 'ls'], ['xfrm', 'state', 'list', 'spi', '0x3'],
      ['xfrm', 'state', 'list', 'spi', '3', 'proto', 'esp', 'reqid', '1', 'mode', 'tunnel']]) {
      expect(ipOn(e, args).out).toBe(r.out);
    }
    expect(ipOn(e, ['xfrm', 'state', 'list', 'dst', n2.routerIp]).out).toBe(out(n2));
    expect(ipOn(e, ['xfrm', 'state', 'list', 'src', '10.244.0.0/16', 'dst', me.routerIp]).out).toBe(inn(n3) + inn(n2));
    expect(ipOn(e, ['xfrm', 'state', 'list', 'spi', '4']).out).toBe('');
    expect(ipOn(e, ['xfrm', 'state', 'list', 'flag', 'esn']).out).toBe('');
    expect(ipOn(e, ['xfrm', 'state', 'count']).out).toBe('\t SAD count 4\n');
    expect(ipOn(e, ['-s', 'xfrm', 'state', 'count']).out).toBe('\t SAD count 4 (buckets count 8 Max 1048576)\n');
  });

  it('after a request to node-2 the out state has sent packets: oseq, lifetime counters and first use', () => {
    const e = lab();
    expect(curlBackend(e).code).toBe(0);
    const n2 = nodeOf(e, 'node-2');
    const sa = e.st.ipsec!['node-1'].states.find((s) => s.dst === parseIp(n2.routerIp))!;
    expect(sa.oseq).toBeGreaterThan(0);
    const shown = ipOn(e, ['xfrm', 'state', 'list', 'dst', n2.routerIp]).out;
    expect(shown).toContain(`\tanti-replay context: seq 0x0, oseq 0x${sa.oseq.toString(16)}, bitmap 0x00000000\n`);
    const stats = ipOn(e, ['-s', 'xfrm', 'state', 'list', 'dst', n2.routerIp]).out.split('\n');
    expect(stats.slice(0, 3)).toEqual([`src ${nodeOf(e, 'node-1').routerIp} dst ${n2.routerIp}`,
      '\tproto esp spi 0x00000003(3) reqid 1(0x00000001) mode tunnel', '\treplay-window 0 seq 0x00000000 flag  (0x00000000)']);
    expect(stats[4]).toBe(`\taead rfc4106(gcm(aes)) 0x${secretKey(e)} (160 bits) 128`);
    expect(stats[6]).toBe('\tsel src 0.0.0.0/0 dst 0.0.0.0/0 uid 0');
    expect(stats.slice(7, 14)).toEqual(['\tlifetime config:', '\t  limit: soft (INF)(bytes), hard (INF)(bytes)',
      '\t  limit: soft (INF)(packets), hard (INF)(packets)', '\t  expire add: soft 0(sec), hard 0(sec)', '\t  expire use: soft 0(sec), hard 0(sec)',
      '\tlifetime current:', `\t  ${sa.lifetime.bytes}(bytes), ${sa.lifetime.packets}(packets)`]);
    expect(stats[14]).toMatch(/^\t {2}add 2026-03-02 09:00:00 use 2026-03-02 09:00:0\d$/);
    expect(stats.slice(15)).toEqual(['\tstats:', '\t  replay-window 0 replay 0 failed 0', '']);
    // Without a replay window the receiving state keeps no sequence number (seq 0x0), as the kernel does.
    expect(ipOn(e, ['xfrm', 'state', 'list', 'src', nodeOf(e, 'node-1').routerIp], 'node-2').out).toContain('anti-replay context: seq 0x0, oseq 0x0,');
  });

  it('is empty in a pod and on a node without IPsec; changes are refused; errors as iproute2 prints them', () => {
    const e = lab();
    expect(run(e, ip, ['ip', 'xfrm', 'state'], pod('web/frontend'))).toEqual({ out: '', err: '', code: 0 });
    expect(run(Engine.create('plaintext', 7), ip, ['ip', 'xfrm', 'policy'], node('node-1'))).toEqual({ out: '', err: '', code: 0 });
    expect(ipOn(e, ['xfrm', 'state', 'flush'])).toEqual({ out: '', err: 'RTNETLINK answers: Operation not permitted\n', code: 2 });
    expect(ipOn(e, ['xfrm'])).toMatchObject({ err: 'Usage: ip xfrm XFRM-OBJECT { COMMAND | help }\nwhere  XFRM-OBJECT := state | policy | monitor\n', code: 255 });
    expect(ipOn(e, ['xfrm', 'state', 'foo'])).toMatchObject({ err: 'Command "foo" is unknown, try "ip xfrm state help".\n', code: 255 });
    expect(ipOn(e, ['xfrm', 'state', 'list', 'spi', 'zz'])).toMatchObject({ err: 'Error: argument "zz" is wrong: SPI value is invalid\n', code: 255 });
    expect(ipOn(e, ['xfrm', 'state', 'list', 'spi'])).toMatchObject({ err: 'Command line is not complete. Try option "help"\n', code: 255 });
    expect(ipOn(e, ['xfrm', 'state', 'list', 'src', 'foo'])).toMatchObject({ err: 'Error: any valid prefix is expected rather than "foo".\n', code: 1 });
    expect(ipOn(e, ['xfrm', 'policy', 'list', 'dir', 'bogus'])).toMatchObject({ err: 'Error: argument "bogus" is wrong: DIR value is invalid\n', code: 255 });
    expect(ipOn(e, ['xfrm', 'policy', 'list', 'foo'])).toMatchObject({ err: 'Error: argument "foo" is wrong: unknown\n', code: 255 });
    expect(ipOn(e, ['-s', 'link']).code).toBe(1);
  });
});

describe('ip xfrm policy on a global-key IPsec node', () => {
  it('shows the OUT policy per remote node (its state mark and SPI), the IN and FWD policies and the default drop', () => {
    const e = lab();
    const [me, n2, n3] = ['node-1', 'node-2', 'node-3'].map((n) => nodeOf(e, n));
    const out = (r: typeof me) => `src 0.0.0.0/0 dst ${r.podCidr} \n\tdir out priority 0 \n\tmark 0x${nodeId(r.ip).toString(16)}3e00/0xffffff00 \n`
      + `\ttmpl src ${me.routerIp} dst ${r.routerIp}\n\t\tproto esp spi 0x00000003 reqid 1 mode tunnel\n`;
    expect(ipOn(e, ['xfrm', 'policy']).out).toBe(out(n3) + out(n2)
      + `src 0.0.0.0/0 dst ${me.podCidr} \n\tdir in priority 0 \n\tmark 0xd00/0xf00 \n\ttmpl src 0.0.0.0 dst ${me.routerIp}\n\t\tproto esp reqid 1 mode tunnel\n\t\tlevel use \n`
      + `src 0.0.0.0/0 dst 0.0.0.0/0 \n\tdir fwd priority 2975 \n\ttmpl src 0.0.0.0 dst ${me.routerIp}\n\t\tproto esp reqid 1 mode tunnel\n\t\tlevel use \n`
      + 'src 0.0.0.0/0 dst 0.0.0.0/0 \n\tdir out action block priority 1 \n\tmark 0xe00/0xf00 \n');
    expect(ipOn(e, ['xfrm', 'policy', 'list', 'dir', 'out', 'dst', n2.podCidr]).out).toBe(out(n2));
    expect(ipOn(e, ['xfrm', 'policy', 'count']).out).toBe('\t SPD IN  1 OUT 3 FWD 1\n');
    const s = ipOn(e, ['-s', 'xfrm', 'policy', 'list', 'dir', 'out', 'dst', n2.podCidr]).out.split('\n');
    expect(s[0]).toBe(`src 0.0.0.0/0 dst ${n2.podCidr} uid 0`);
    expect(s[1]).toBe('\tdir out action allow index 25 priority 0 share any flag  (0x00000000)');
    expect(s.slice(8, 10)).toEqual(['\t  0(bytes), 0(packets)', '\t  add 2026-03-02 09:00:00 use -']);
    expect(s.slice(11)).toEqual([`\ttmpl src ${me.routerIp} dst ${n2.routerIp}`, '\t\tproto esp spi 0x00000003(3) reqid 1(0x00000001) mode tunnel',
      '\t\tlevel required share any ', '\t\tenc-mask ffffffff auth-mask ffffffff comp-mask ffffffff', '']);
  });
});

describe('ip xfrm state with per-tunnel keys (ESN, replay window 1024)', () => {
  it('prints the ESN context with the ring bitmap, and a derived key per state', () => {
    const e = lab('cilium-ipsec-pertunnel');
    expect(curlBackend(e).code).toBe(0);
    const [me, n2] = ['node-1', 'node-2'].map((n) => nodeOf(e, n));
    const inn = e.st.ipsec!['node-1'].states.find((s) => s.src === parseIp(n2.routerIp))!;
    expect(inn.replay.seq).toBeGreaterThan(0);
    expect(inn.replay.seq).toBeLessThan(32);
    const lines = ipOn(e, ['xfrm', 'state', 'list', 'src', n2.routerIp]).out.split('\n');
    expect(lines.slice(0, 3)).toEqual([`src ${n2.routerIp} dst ${me.routerIp}`, '\tproto esp spi 0x00000003 reqid 1 mode tunnel', '\treplay-window 0 flag esn']);
    // Every packet 1..seq arrived: the low `seq` bits of the ring's first word, printed last.
    const last = ((2 ** inn.replay.seq) - 1).toString(16).padStart(8, '0');
    expect(lines.slice(5)).toEqual(['\tanti-replay esn context:', `\t seq-hi 0x0, seq 0x${inn.replay.seq.toString(16)}, oseq-hi 0x0, oseq 0x0`,
      '\t replay_window 1024, bitmap-length 32', ...Array(3).fill(`\t ${'00000000 '.repeat(8)}`), `\t ${'00000000 '.repeat(7)}${last} `,
      '\tsel src 0.0.0.0/0 dst 0.0.0.0/0', '']);
    expect(ipOn(e, ['-s', 'xfrm', 'state', 'list', 'src', n2.routerIp]).out).toContain('\treplay-window 0 seq 0x00000000 flag esn (0x10000000)\n');
    // Per-tunnel keys: four states, four keys, none of them the Secret's.
    const keys = ipOn(e, ['xfrm', 'state']).out.match(/aead rfc4106\(gcm\(aes\)\) 0x[0-9a-f]{40} 128/g)!;
    expect(new Set(keys).size).toBe(4);
    expect(keys.join()).not.toContain(secretKey(e));
    expect(ipOn(e, ['xfrm', 'state', 'list', 'flag', 'esn']).out.match(/^src /gm)).toHaveLength(4);
  });
});
