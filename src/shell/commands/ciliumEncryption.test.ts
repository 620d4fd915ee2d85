/**
 * Cilium's encryption reports on a WireGuard lab (FIDELITY.md §1): the `Encryption:` line of `cilium-dbg status`
 * and its JSON, `cilium-dbg encrypt status`, the cluster CLI's `cilium encryption status` summary; all following
 * the agents' runtime state when a learner turns WireGuard off in cilium-config.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { SECOND } from '../../sim/clock';
import { toBase64 } from '../../sim/base64';
import { AGENT_DELAY } from '../../datapath/encryption';
import { ciliumDbg } from './ciliumDbg';
import { cilium } from './cilium';
import { kubectl } from './kubectl';
import { node, run } from './programs.test-helper';

const lab = () => Engine.create('cilium-wireguard', 7);
const pubOf = (e: Engine, n: string) => toBase64(e.st.wg![n].device.publicKey);
const dbg = (e: Engine, args: string[], n = 'node-1') => run(e, ciliumDbg, ['cilium-dbg', ...args], node(n));
const cli = (e: Engine, args: string[]) => run(e, cilium, ['cilium', ...args], node('node-1'));
const disable = (e: Engine) => {
  run(e, kubectl, ['kubectl', 'patch', 'cm', 'cilium-config', '-n', 'kube-system', '--type', 'merge', '-p', '{"data":{"enable-wireguard":"false"}}'], node('node-1'));
  e.runFor(AGENT_DELAY.cilium + SECOND);
};

describe('cilium-dbg on a WireGuard lab', () => {
  it('status: Encryption: Wireguard with node encryption, the device, its key, port and peer count', () => {
    const e = lab();
    const line = dbg(e, ['status']).out.split('\n').find((l) => l.startsWith('Encryption:'));
    expect(line).toMatch(new RegExp(`^Encryption: +Wireguard +\\[NodeEncryption: Disabled, cilium_wg0 \\(Pubkey: ${pubOf(e, 'node-1').replace(/[+/]/g, '\\$&')}, Port: 51871, Peers: 2\\)\\]$`));
    const json = JSON.parse(dbg(e, ['status', '-o', 'json'], 'node-2').out).encryption;
    expect(json.mode).toBe('Wireguard');
    expect(json.wireguard['node-encryption']).toBe('Disabled');
    expect(json.wireguard.interfaces[0]).toMatchObject({ name: 'cilium_wg0', 'listen-port': 51871, 'peer-count': 2, 'public-key': pubOf(e, 'node-2') });
    expect(json.wireguard.interfaces[0].peers[0]['last-handshake-time']).toBe('0001-01-01T00:00:00.000Z');
  });

  it('encrypt status: mode, interface, then the tab-indented key and peer count', () => {
    const e = lab();
    expect(dbg(e, ['encrypt', 'status'], 'node-3').out).toBe(
      `Encryption: ${'Wireguard'.padEnd(26)}\nInterface: cilium_wg0\n\tPublic key: ${pubOf(e, 'node-3')}\n\tNumber of peers: 2\n`);
  });

  it('follows the agents: Disabled once WireGuard is turned off in cilium-config', () => {
    const e = lab();
    disable(e);
    expect(dbg(e, ['encrypt', 'status']).out).toBe(`Encryption: ${'Disabled'.padEnd(26)}\n`);
    expect(dbg(e, ['status']).out.split('\n')).toContain(`${'Encryption:'.padEnd(25)}Disabled        `);
    expect(JSON.parse(dbg(e, ['status', '-o', 'json']).out).encryption).toEqual({ mode: 'Disabled' });
  });


  it('encrypt-node=true shows as NodeEncryption: Enabled once the agents have it', () => {
    const e = lab();
    run(e, kubectl, ['kubectl', 'patch', 'cm', 'cilium-config', '-n', 'kube-system', '--type', 'merge', '-p', '{"data":{"encrypt-node":"true"}}'], node('node-1'));
    e.runFor(AGENT_DELAY.cilium + SECOND);
    expect(dbg(e, ['status']).out).toContain('[NodeEncryption: Enabled, cilium_wg0 (Pubkey: ');
    expect(JSON.parse(dbg(e, ['status', '-o', 'json']).out).encryption.wireguard['node-encryption']).toBe('Enabled');
  });
});

describe('cilium (cluster CLI)', () => {
  it('encryption status summarises every agent', () => {
    const e = lab();
    expect(cli(e, ['encryption', 'status'])).toEqual({ out: 'Encryption: Wireguard (3/3 nodes)\n', err: '', code: 0 });
    expect(cli(e, ['encrypt', 'status']).out).toBe('Encryption: Wireguard (3/3 nodes)\n');
    expect(cli(e, ['encryption', 'status', '--node', 'node-2']).out).toBe('Encryption: Wireguard (1/1 nodes)\n');
    expect(cli(e, ['encryption', 'status', '--node', 'node-9']).code).toBe(1);
    disable(e);
    expect(cli(e, ['encryption', 'status']).out).toBe('Encryption: Disabled (3/3 nodes)\n');
    expect(cli(Engine.create('plaintext', 1), ['encryption', 'status']).out).toBe('Encryption: Disabled (3/3 nodes)\n');
  });

  it('version; unmodelled and unknown commands', () => {
    const e = lab();
    expect(cli(e, ['version']).out).toBe('cilium-cli: v0.16.22 compiled with go1.23.4 on linux/amd64\ncilium image (default): v1.16.5\n'
      + 'cilium image (stable): unknown\ncilium image (running): 1.16.5\n');
    expect(cli(e, ['version', '--client']).out).not.toContain('running');
    expect(cli(e, ['status'])).toMatchObject({ code: 1, err: 'cilium status: not modelled in this lab (try cilium encryption status, cilium version)\n' });
    expect(cli(e, ['encryptio'])).toMatchObject({ code: 1, err: expect.stringMatching(/^Error: unknown command "encryptio" for "cilium"\n\nDid you mean this\?\n\tencryption\n/) });
    expect(cli(e, []).out).toContain('Available Commands:\n');
  });
});
