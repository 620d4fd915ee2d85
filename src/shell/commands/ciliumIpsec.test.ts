/**
 * Cilium IPsec as the agents and the cluster CLI report it (FIDELITY.md §2), driven the way a learner drives it:
 * `cilium-dbg encrypt status` (keys in use, highest sequence number, XFRM errors), the `Encryption:` line of
 * `cilium-dbg status` (with the agent's complaint about a bad Secret), `cilium encryption status`, a key rotation
 * done with `kubectl patch secret` as the Cilium docs do it (states and keys double, then the old ones go), a new
 * key under the same id (ICV failures counted on the receiver), and the Secret itself through kubectl.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { SECOND } from '../../sim/clock';
import { IPSEC_ROTATION_DURATION } from '../../datapath/ipsec';
import { IPSEC_SPREAD } from '../../datapath/ipsecAgent';
import { AGENT_DELAY } from '../../datapath/encryption';
import { ciliumDbg } from './ciliumDbg';
import { cilium } from './cilium';
import { curl } from './curl';
import { ip } from './ip';
import { kubectl } from './kubectl';
import { node, pod, run } from './programs.test-helper';

const lab = (scenario = 'cilium-ipsec') => Engine.create(scenario, 7);
const dbg = (e: Engine, args: string[], n = 'node-1') => run(e, ciliumDbg, ['cilium-dbg', ...args], node(n));
const cli = (e: Engine, args: string[]) => run(e, cilium, ['cilium', ...args], node('node-1'));
const kube = (e: Engine, args: string[]) => run(e, kubectl, ['kubectl', ...args], node('node-1'));
const curlBackend = (e: Engine, maxUs?: number) =>
  run(e, curl, ['curl', '-s', '-m', '3', 'http://backend.bank:8080/healthz'], pod('web/frontend'), maxUs);
const stateCount = (e: Engine, n = 'node-1') => run(e, ip, ['ip', 'xfrm', 'state', 'count'], node(n)).out;
/** The rotation command of the Cilium docs, with a fixed key. */
const patchKey = (e: Engine, line: string) =>
  kube(e, ['patch', 'secret', '-n', 'kube-system', 'cilium-ipsec-keys', `-p={"stringData":{"keys":"${line}"}}`]);
const KEY4 = '4+ rfc4106(gcm(aes)) 00112233445566778899aabbccddeeff01234567 128';

const status = (keys: number, seq: string, errors = 'Errors: 0\n') =>
  `Encryption: ${'IPsec'.padEnd(26)}\nDecryption interface(s): eth0\nKeys in use: ${String(keys).padEnd(26)}\nMax Seq. Number: ${seq}\n${errors}`;
const maxOseq = (e: Engine, n = 'node-1') => Math.max(...e.st.ipsec![n].states.map((s) => s.oseq));

describe('cilium-dbg encrypt status with IPsec', () => {
  it('global key: one key in use, no sequence number before traffic, the highest oseq after a request', () => {
    const e = lab();
    expect(dbg(e, ['encrypt', 'status'])).toEqual({ out: status(1, 'N/A'), err: '', code: 0 });
    expect(curlBackend(e).code).toBe(0);
    expect(dbg(e, ['encrypt', 'status']).out).toBe(status(1, `0x${maxOseq(e).toString(16)}/0xffffffff`));
  });

  it('per-tunnel keys: two keys per remote node', () => {
    const e = lab('cilium-ipsec-pertunnel');
    expect(dbg(e, ['encrypt', 'status'], 'node-3').out).toBe(status(4, 'N/A'));
  });

  it('status: the Encryption line says IPsec, and a Secret the agent cannot load shows there', () => {
    const e = lab();
    expect(dbg(e, ['status']).out.split('\n')).toContain(`${'Encryption:'.padEnd(25)}IPsec           `);
    expect(JSON.parse(dbg(e, ['status', '-o', 'json']).out).encryption).toEqual({ mode: 'IPsec' });
    patchKey(e, '3 rfc4106(gcm(aes)) nothex 128');
    e.runFor(AGENT_DELAY.cilium + SECOND);
    const line = dbg(e, ['status']).out.split('\n').find((l) => l.startsWith('Encryption:'))!;
    expect(line).toMatch(/^Encryption: +IPsec +\[unable to load IPsec key: key is not valid hex: .*\]$/);
    expect(JSON.parse(dbg(e, ['status', '-o', 'json']).out).encryption.msg).toMatch(/^unable to load IPsec key/);
    // The agent keeps the key it had.
    expect(stateCount(e)).toBe('\t SAD count 4\n');
  });
});

describe('a key rotation with kubectl patch secret', () => {
  it('doubles the states and keys in use while both keys live, moves the OUT policies to SPI 4, then retires SPI 3', () => {
    const e = lab('cilium-ipsec-pertunnel');
    expect(patchKey(e, KEY4)).toMatchObject({ out: 'secret/cilium-ipsec-keys patched\n', code: 0 });
    e.runFor(AGENT_DELAY.cilium + 2 * IPSEC_SPREAD + SECOND); // every agent has key 4
    expect(stateCount(e)).toBe('\t SAD count 8\n');
    expect(dbg(e, ['encrypt', 'status']).out).toMatch(/^Keys in use: 8 {25}$/m);
    const policies = run(e, ip, ['ip', 'xfrm', 'policy', 'list', 'dir', 'out'], node('node-1')).out;
    expect(policies.match(/proto esp spi 0x00000004 reqid 1 mode tunnel/g)).toHaveLength(2);
    expect(policies).toMatch(/mark 0x[0-9a-f]{4}4e00\/0xffffff00/);
    expect(curlBackend(e).code).toBe(0);
    expect(cli(e, ['encryption', 'status']).out).toMatch(/^Encryption: IPsec \(3\/3 nodes\)\nIPsec keys in use: 8 on 3\/3\n/);
    e.runFor(IPSEC_ROTATION_DURATION);
    expect(stateCount(e)).toBe('\t SAD count 4\n');
    expect(dbg(e, ['encrypt', 'status']).out).toMatch(/^Keys in use: 4 {25}$/m);
    expect(run(e, ip, ['ip', 'xfrm', 'state'], node('node-1')).out).not.toContain('spi 0x00000003');
  });

  it('a new key under the same id: node-2 counts XfrmInStateProtoError, shown by cilium-dbg and the cluster CLI', () => {
    const e = lab();
    e.runToIdle();
    patchKey(e, '3 rfc4106(gcm(aes)) 00112233445566778899aabbccddeeff01234567 128');
    e.runFor(AGENT_DELAY.cilium + SECOND); // node-1 has the new key, node-2 not yet
    expect(curlBackend(e, 4 * SECOND).code).not.toBe(0);
    const n = e.st.ipsec!['node-2'].errors.XfrmInStateProtoError!;
    expect(n).toBeGreaterThan(0);
    expect(dbg(e, ['encrypt', 'status'], 'node-2').out).toBe(status(1, `0x${maxOseq(e, 'node-2').toString(16)}/0xffffffff`,
      `Errors: ${n}\n\tXfrmInStateProtoError: ${n}\n`));
    expect(dbg(e, ['encrypt', 'status']).out).toMatch(/\nErrors: 0\n$/);
    expect(cli(e, ['encryption', 'status']).out).toMatch(new RegExp(`\\nIPsec errors: ${n} across all nodes\\n\\tXfrmInStateProtoError: ${n} on 1/3 nodes\\n$`));
    expect(cli(e, ['encryption', 'status', '--per-node-details']).out.split('\n\n')[1]).toBe(`Node: node-2\nEncryption: IPsec\nIPsec keys in use: 1\n`
      + `IPsec highest Seq. Number: 0x${maxOseq(e, 'node-2').toString(16)}/0xffffffff\nIPsec errors: ${n}\n\tXfrmInStateProtoError: ${n}`);
  });
});

describe('cilium encryption status with IPsec', () => {
  it('sums up every agent: keys, highest sequence number, errors; per node with --per-node-details', () => {
    const e = lab();
    expect(cli(e, ['encryption', 'status'])).toEqual({ code: 0, err: '', out: 'Encryption: IPsec (3/3 nodes)\nIPsec keys in use: 1 on 3/3\n'
      + 'IPsec highest Seq. Number: N/A across all nodes\nIPsec errors: 0 across all nodes\n' });
    expect(curlBackend(e).code).toBe(0);
    const high = Math.max(...['node-1', 'node-2', 'node-3'].map((n) => maxOseq(e, n)));
    expect(cli(e, ['encrypt', 'status']).out).toContain(`IPsec highest Seq. Number: 0x${high.toString(16)}/0xffffffff across all nodes\n`);
    const blocks = cli(e, ['encryption', 'status', '--per-node-details']).out.split('\n\n');
    expect(blocks.map((b) => b.split('\n')[0])).toEqual(['Node: node-1', 'Node: node-2', 'Node: node-3']);
    expect(blocks[2]).toBe('Node: node-3\nEncryption: IPsec\nIPsec keys in use: 1\nIPsec highest Seq. Number: N/A\nIPsec errors: 0\n');
    expect(cli(e, ['encryption', 'status', '--node', 'node-3']).out).toBe('Encryption: IPsec (1/1 nodes)\nIPsec keys in use: 1 on 1/1\n'
      + 'IPsec highest Seq. Number: N/A across all nodes\nIPsec errors: 0 across all nodes\n');
  });

  it('follows the agents: Disabled once enable-ipsec is turned off in cilium-config', () => {
    const e = lab();
    kube(e, ['patch', 'cm', 'cilium-config', '-n', 'kube-system', '--type', 'merge', '-p', '{"data":{"enable-ipsec":"false"}}']);
    e.runFor(AGENT_DELAY.cilium + 3 * IPSEC_SPREAD);
    expect(cli(e, ['encryption', 'status']).out).toBe('Encryption: Disabled (3/3 nodes)\n');
    expect(dbg(e, ['encrypt', 'status']).out).toBe(`Encryption: ${'Disabled'.padEnd(26)}\n`);
    expect(stateCount(e)).toBe('\t SAD count 0\n');
  });
});

describe('the cilium-ipsec-keys Secret through kubectl', () => {
  it('get -o yaml shows the base64 key line; describe shows its size only', () => {
    const e = lab();
    const yaml = kube(e, ['get', 'secret', 'cilium-ipsec-keys', '-n', 'kube-system', '-o', 'yaml']).out;
    const b64 = /^ {2}keys: (\S+)$/m.exec(yaml)![1];
    const line = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    expect(line).toMatch(/^3 rfc4106\(gcm\(aes\)\) [0-9a-f]{40} 128$/);
    expect(yaml).toMatch(/^apiVersion: v1\ndata:\n {2}keys: \S+\nkind: Secret\nmetadata:\n {2}creationTimestamp: "2026-03-02T09:00:00Z"\n {2}name: cilium-ipsec-keys\n {2}namespace: kube-system\n {2}resourceVersion: "\d+"\n {2}uid: [0-9a-f-]{36}\ntype: Opaque\n$/);
    expect(kube(e, ['describe', 'secret', 'cilium-ipsec-keys', '-n', 'kube-system']).out).toBe('Name:         cilium-ipsec-keys\nNamespace:    kube-system\n'
      + `Labels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\nkeys:  ${line.length} bytes\n`);
  });
});
