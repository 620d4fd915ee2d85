/**
 * Each CNI's tools exist only where that CNI runs: on a Calico lab `cilium-dbg`, `cilium` and `hubble` are not
 * installed (bash says `command not found`, help and completion leave them out, man has no page, kubectl exec
 * cannot find them), and on a Cilium lab `calicoctl` is not; `wg` exists on every node.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { ShellSession } from '../session';
import { completeLine } from '../complete';
import { defaultRegistry } from './index';
import type { Place } from '../types';
import { lcg, node, run } from './programs.test-helper';
import { wg } from './wg';
import { cilium } from './cilium';
import { ciliumDbg } from './ciliumDbg';
import { calicoctl } from './calicoctl';

function shell(scenario: string, place: Place = { kind: 'node', node: 'node-1' }) {
  const engine = Engine.create(scenario, 3);
  let out = '', err = '';
  const sh = new ShellSession(engine, {
    place, registry: defaultRegistry(), headless: true, name: 'test', write: (t) => (out += t), writeErr: (t) => (err += t),
  });
  const line = (text: string) => {
    out = '';
    err = '';
    sh.runLine(text);
    for (let i = 0; sh.busy && i < 100_000 && engine.step(); i++);
    return { out, err, code: sh.exitCode };
  };
  return { engine, line };
}

describe('command availability by CNI', () => {
  it('a Calico node has calicoctl and wg, not the Cilium tools', () => {
    const { line } = shell('calico-wireguard');
    for (const cmd of ['cilium-dbg status', 'cilium encryption status', 'hubble observe']) {
      const name = cmd.split(' ')[0];
      expect(line(cmd)).toEqual({ out: '', err: `bash: ${name}: command not found\n`, code: 127 });
    }
    expect(line('calicoctl version').code).toBe(0);
    expect(line('wg show interfaces').out).toBe('wireguard.cali\n');
    const help = line('help').out;
    expect(help).toContain('  calicoctl ');
    expect(help).not.toMatch(/ {2}(cilium|cilium-dbg|hubble) /);
    expect(line('man hubble')).toMatchObject({ err: 'No manual entry for hubble\n', code: 16 });
    expect(line('kubectl exec frontend -n web -- cilium-dbg status').err).toContain('executable file not found in $PATH');
  });

  it('a Cilium node has the Cilium tools and wg, not calicoctl', () => {
    const { line } = shell('cilium-wireguard');
    expect(line('calicoctl get nodes')).toEqual({ out: '', err: 'bash: calicoctl: command not found\n', code: 127 });
    expect(line('cilium encryption status').out).toBe('Encryption: Wireguard (3/3 nodes)\n');
    expect(line('cilium-dbg encrypt status | head -1').out).toMatch(/^Encryption: Wireguard/);
    expect(line('wg show all public-key').out).toMatch(/^cilium_wg0\t\S{43}=\n$/);
    expect(line('help').out).not.toContain('calicoctl');
  });

  it('inside a pod, the node tools are where they are, with the usual hint', () => {
    const { line } = shell('cilium-wireguard', { kind: 'pod', namespace: 'web', pod: 'frontend' });
    expect(line('wg').err).toBe('sh: 1: wg: not found\n(podlock: wg runs on the nodes (type exit to leave the pod))\n');
    const calico = shell('calico-wireguard', { kind: 'pod', namespace: 'web', pod: 'frontend' });
    expect(calico.line('cilium-dbg').err).toBe('sh: 1: cilium-dbg: not found\n');
  });

  it('completion offers only the tools of this lab', () => {
    const calico = Engine.create('calico-wireguard', 3);
    const cilium = Engine.create('cilium-wireguard', 3);
    const place: Place = { kind: 'node', node: 'node-1' };
    const reg = defaultRegistry();
    expect(completeLine('c', 1, reg, calico.st, place).candidates.filter((c) => c.startsWith('c'))).toEqual(['calicoctl', 'cat', 'curl']);
    expect(completeLine('c', 1, reg, cilium.st, place).candidates.filter((c) => c.startsWith('c'))).toEqual(['cat', 'cilium', 'cilium-dbg', 'curl']);
    expect(completeLine('cilium-dbg ', 11, reg, calico.st, place).candidates).toEqual([]);
    expect(completeLine('wg show ', 8, reg, calico.st, place).candidates).toEqual(['wireguard.cali', 'all', 'interfaces']);
  });
});

describe('fuzz', () => {
  const WORDS = ['show', 'showconf', 'all', 'interfaces', 'cilium_wg0', 'wireguard.cali', 'eth0', 'dump', 'transfer', 'peers', 'pubkey',
    'genkey', 'set', 'encryption', 'encrypt', 'status', 'version', '--client', '--node', 'node-2', 'node-9', '-o', 'yaml', 'json', 'wide',
    'get', 'patch', 'node', 'nodes', 'felixconfiguration', 'default', '-p', '{"spec":{}}', '{', '-t', 'merge', 'json', '--help', '-h', '',
    '--', '=', '-oyaml', '--output=json', 'ippool', 'help', 'x'.repeat(200)];
  it('random argv for wg, cilium, cilium-dbg and calicoctl never throws and always ends with a status', () => {
    const rnd = lcg(51871);
    for (const scenario of ['cilium-wireguard', 'calico-wireguard']) {
      const e = Engine.create(scenario, 5);
      e.runFor(2_000_000);
      for (let i = 0; i < 300; i++) {
        const c = [wg, cilium, ciliumDbg, calicoctl][Math.floor(rnd() * 4)];
        const argv = [c.name, ...Array.from({ length: Math.floor(rnd() * 5) }, () => WORDS[Math.floor(rnd() * WORDS.length)])];
        const r = run(e, c, argv, node(rnd() < 0.5 ? 'node-1' : 'node-3'), 2_000_000);
        expect(r.err, argv.join(' ')).not.toContain('internal error');
        expect(Number.isInteger(r.code), argv.join(' ')).toBe(true);
      }
    }
  });
});
