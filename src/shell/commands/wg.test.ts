/**
 * `wg` end to end on the WireGuard scenarios: the devices the agents built (keys, port, fwmark, peers with their
 * endpoints and allowed IPs), a handshake and transfer after real traffic, the tool's errors, `wg pubkey`, and the
 * device going away and coming back when a learner turns WireGuard off and on in cilium-config.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { SECOND } from '../../sim/clock';
import { toBase64 } from '../../sim/base64';
import { AGENT_DELAY } from '../../datapath/encryption';
import { wg } from './wg';
import { ip } from './ip';
import { curl } from './curl';
import { kubectl } from './kubectl';
import { node, pod, run } from './programs.test-helper';
import { runCommand } from '../runCommand';

const lab = (scenario = 'cilium-wireguard') => Engine.create(scenario, 7);
const wgOn = (e: Engine, args: string[], where = 'node-1') => run(e, wg, ['wg', ...args], node(where));

describe('wg show on a Cilium WireGuard lab', () => {
  it('shows cilium_wg0 with its keys, port 51871, fwmark 0x1e00 and the two other nodes as peers, before any handshake', () => {
    const e = lab();
    const d = e.st.wg!['node-1'].device;
    const [n2, n3] = ['node-2', 'node-3'].map((n) => e.st.wg![n].device);
    const podsOn = (n: string) => e.st.cluster.pods.filter((p) => p.node === n).map((p) => p.ip)
      .sort((a, b) => a.split('.').map(Number)[3] - b.split('.').map(Number)[3]).map((a) => `${a}/32`);
    const r = wgOn(e, ['show']);
    expect(r).toMatchObject({ err: '', code: 0 });
    expect(r.out).toBe(`interface: cilium_wg0
  public key: ${toBase64(d.publicKey)}
  private key: (hidden)
  listening port: 51871
  fwmark: 0x1e00

peer: ${toBase64(n2.publicKey)}
  endpoint: 192.168.61.12:51871
  allowed ips: ${[...podsOn('node-2'), '192.168.61.12/32'].join(', ')}

peer: ${toBase64(n3.publicKey)}
  endpoint: 192.168.61.13:51871
  allowed ips: ${[...podsOn('node-3'), '192.168.61.13/32'].join(', ')}
`);
    // `wg` alone is `wg show all`; `wg show cilium_wg0` the same for the one device.
    expect(wgOn(e, []).out).toBe(r.out);
    expect(wgOn(e, ['show', 'cilium_wg0']).out).toBe(r.out);
    expect(wgOn(e, ['show', 'interfaces']).out).toBe('cilium_wg0\n');
  });

  it('after a request from node-1 to node-2: that peer has a handshake and transfer, and is listed first', () => {
    const e = lab();
    const backend = e.st.cluster.pods.find((p) => p.name === 'backend')!;
    expect(run(e, curl, ['curl', '-s', `http://${backend.ip}:8080/healthz`], pod('web/frontend')).code).toBe(0);
    e.runFor(73 * SECOND);
    const peers = e.st.wg!['node-1'].device.peers;
    const p2 = peers.find((p) => p.endpoint?.ip === 0xc0a83d0c)!;
    expect(p2.lastHandshake).toBeGreaterThan(0);
    const out = wgOn(e, ['show', 'cilium_wg0']).out;
    const blocks = out.split('\n\n');
    expect(blocks[1]).toMatch(new RegExp(`^peer: ${toBase64(p2.publicKey).replace(/[+/]/g, '\\$&')}\n`));
    const ago = Math.floor(e.now / SECOND) - Math.floor(p2.lastHandshake / SECOND);
    expect(ago).toBeGreaterThan(61);
    expect(ago).toBeLessThan(120);
    expect(blocks[1]).toContain(`  latest handshake: 1 minute, ${ago - 60} seconds ago\n`);
    const size = (b: number) => (b < 1024 ? `${b} B` : `${(b / 1024).toFixed(2)} KiB`);
    expect(p2.rxBytes).toBeGreaterThan(0);
    expect(blocks[1].endsWith(`\n  transfer: ${size(p2.rxBytes)} received, ${size(p2.txBytes)} sent`)).toBe(true);
    // The script-friendly fields carry the same numbers.
    expect(wgOn(e, ['show', 'cilium_wg0', 'latest-handshakes']).out).toContain(`${toBase64(p2.publicKey)}\t${Math.floor(p2.lastHandshake / SECOND)}\n`);
    expect(wgOn(e, ['show', 'all', 'transfer']).out).toContain(`cilium_wg0\t${toBase64(p2.publicKey)}\t${p2.rxBytes}\t${p2.txBytes}\n`);
  });

  it('answers the way wg does for other devices, unknown names, bad fields and subcommands', () => {
    const e = lab();
    expect(wgOn(e, ['show', 'foo'])).toEqual({ out: '', err: 'Unable to access interface: No such device\n', code: 1 });
    expect(wgOn(e, ['show', 'eth0'])).toEqual({ out: '', err: 'Unable to access interface: Operation not supported\n', code: 1 });
    expect(wgOn(e, ['showconf', 'foo']).err).toBe('Unable to access interface: No such device\n');
    expect(wgOn(e, ['show', 'cilium_wg0', 'bogus']).err).toMatch(/^Usage: wg show \{ <interface> \| all \| interfaces \} \[public-key \| /);
    expect(wgOn(e, ['showconf']).err).toBe('Usage: wg showconf <interface>\n');
    expect(wgOn(e, ['frob'])).toMatchObject({ code: 1, err: expect.stringMatching(/^Invalid subcommand: `frob'\nUsage: wg <cmd> \[<args>\]\n/) });
    expect(wgOn(e, ['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('  showconf: Shows the current configuration') });
    expect(wgOn(e, ['set', 'cilium_wg0', 'listen-port', '1'])).toMatchObject({ code: 1, err: expect.stringContaining('not available in this lab') });
    expect(wgOn(e, ['showconf', 'cilium_wg0']).out).toMatch(/^\[Interface\]\nListenPort = 51871\nFwMark = 0x1e00\nPrivateKey = \S+=\n\n\[Peer\]\n/);
  });

  it('wg pubkey turns the private key on stdin into the public key; garbage is refused', () => {
    const e = lab();
    const priv = wgOn(e, ['show', 'cilium_wg0', 'private-key']).out;
    expect(runCommand(e, wg, ['wg', 'pubkey'], node('node-1'), { stdin: '' })).toEqual({ out: '', err: 'wg: Key is not the correct length or format\n', code: 1 });
    expect(runCommand(e, wg, ['wg', 'pubkey'], node('node-1'), { stdin: 'not a key\n' }).code).toBe(1);
    const r = runCommand(e, wg, ['wg', 'pubkey'], node('node-1'), { stdin: priv });
    expect(r).toEqual({ out: wgOn(e, ['show', 'cilium_wg0', 'public-key']).out, err: '', code: 0 });
  });

  it('completes subcommands, interfaces and fields', () => {
    const e = lab();
    expect(wg.complete!(['wg', ''], 1, e.st, node('node-1'))).toContain('showconf');
    expect(wg.complete!(['wg', 'show', ''], 2, e.st, node('node-1'))).toEqual(['cilium_wg0', 'all', 'interfaces']);
    expect(wg.complete!(['wg', 'show', 'cilium_wg0', ''], 3, e.st, node('node-1'))).toContain('latest-handshakes');
  });
});

describe('turning WireGuard off and on at runtime', () => {
  it('cilium-config enable-wireguard=false removes cilium_wg0 after the agent delay; true brings it back with the same key', () => {
    const e = lab();
    const pub = toBase64(e.st.wg!['node-1'].device.publicKey);
    const patch = (v: string) => run(e, kubectl, ['kubectl', 'patch', 'configmap', 'cilium-config', '-n', 'kube-system', '--type', 'merge',
      '-p', `{"data":{"enable-wireguard":"${v}"}}`], node('node-1'));
    expect(patch('false').out).toBe('configmap/cilium-config patched\n');
    expect(run(e, ip, ['ip', 'link'], node('node-1')).out).toContain(': cilium_wg0: <POINTOPOINT,NOARP,UP,LOWER_UP>');
    e.runFor(AGENT_DELAY.cilium + SECOND);
    expect(wgOn(e, []).out).toBe('');
    expect(wgOn(e, ['show', 'interfaces']).out).toBe('');
    expect(wgOn(e, ['show', 'cilium_wg0']).err).toBe('Unable to access interface: No such device\n');
    expect(run(e, ip, ['ip', 'link'], node('node-1')).out).not.toContain('cilium_wg0');
    patch('true');
    e.runFor(AGENT_DELAY.cilium + SECOND);
    expect(wgOn(e, ['show', 'cilium_wg0', 'public-key']).out).toBe(`${pub}\n`);
  });
});

describe('wg show on a Calico WireGuard lab', () => {
  it('shows wireguard.cali on UDP 51820 with the remote pod blocks as allowed IPs', () => {
    const e = lab('calico-wireguard');
    const out = wgOn(e, ['show']).out;
    expect(out).toMatch(/^interface: wireguard\.cali\n {2}public key: \S+=\n {2}private key: \(hidden\)\n {2}listening port: 51820\n {2}fwmark: 0x100000\n\n/);
    expect(out).toContain('  endpoint: 192.168.61.12:51820\n  allowed ips: 10.244.2.0/24, 10.244.2.1/32\n');
  });
});
