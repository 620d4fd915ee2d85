/**
 * The registry of network programs, and a fuzzer: random command lines, in pods and on nodes, must never make a
 * command throw (runCommand reports a throw as "internal error"), and must end with an exit status.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { PROGRAM_COMMANDS } from './programs';
import { lcg, node, pod, run } from './programs.test-helper';

const WORDS = [
  'addr', 'a', 'link', 'route', 'r', 'get', 'g', 'neigh', 'n', 'show', 'dev', 'eth0', 'lxc-frontend', 'cilium_vxlan', 'lo', 'to',
  '-4', '-6', '-br', '-brief', 'help', 'add', 'del', 'flush', '10.244.2.1', '192.168.61.12', '0.0.0.0', '255.255.255.255', '1.2.3.4/24',
  'observe', 'status', 'version', 'flows', '-f', '--follow', '--last', '--first', '--all', '-o', 'json', 'jsonpb', 'dict', 'table',
  'compact', '--pod', 'web/frontend', 'frontend', '--namespace', '-n', 'bank', '-A', '--not', '--verdict', 'DROPPED', 'FORWARDED',
  '--protocol', 'tcp', 'icmp', '--port', '8080', '99999', '--to-port', '--ip', '--from-ip', '--type', 'trace:to-endpoint', 'drop',
  '--tcp-flags', 'syn,ack', 'bogus', '--since', '5m', '--until', '2026-03-02T09:00:01Z', '--node-name', 'node-*', '--identity', 'host',
  'endpoint', 'list', 'ls', 'encrypt', 'monitor', '-t', 'trace', '--from', '--to', '--related-to', '-v', '-j', '--verbose', '--brief',
  '-c', '1', '2', '-m', '1', '-s', '-i', 'http://backend.bank:8080/healthz', 'http://[::1]/', 'x', '', '-', '--', '=', '--output=json',
  '-ojson', '--last=abc', '-fA', 'ftp://a', 'http://10.244.2.1:0/', '\u00e9', 'a'.repeat(300),
];

describe('PROGRAM_COMMANDS', () => {
  it('registers ip, curl, ping, hubble, cilium-dbg, wg, cilium, calicoctl, istioctl, linkerd and openssl with their places', () => {
    expect(PROGRAM_COMMANDS.map((c) => [c.name, c.where])).toEqual([['ip', 'any'], ['curl', 'any'], ['ping', 'any'], ['hubble', 'node'],
      ['cilium-dbg', 'node'], ['wg', 'node'], ['cilium', 'node'], ['calicoctl', 'node'], ['istioctl', 'node'], ['linkerd', 'node'], ['openssl', 'any']]);
    for (const c of PROGRAM_COMMANDS) {
      expect(c.summary.length).toBeGreaterThan(10);
      expect(c.man).toContain('SYNOPSIS');
    }
  });

  it('completes without throwing', () => {
    const e = Engine.create('plaintext', 1);
    for (const c of PROGRAM_COMMANDS) {
      for (let i = 1; i < 4; i++) expect(Array.isArray(c.complete?.([c.name, 'observe', '--verdict', ''], i, e.st, node('node-1')) ?? [])).toBe(true);
    }
  });
});

describe('fuzz', () => {
  it('random argv never throws and always ends with a status', () => {
    const e = Engine.create('plaintext', 9);
    e.runFor(3_000_000);
    const rnd = lcg(20260302);
    const places = [node('node-1'), node('node-3'), pod('web/frontend'), pod('default/app-a')];
    for (let i = 0; i < 600; i++) {
      const c = PROGRAM_COMMANDS[Math.floor(rnd() * PROGRAM_COMMANDS.length)];
      const argv = [c.name, ...Array.from({ length: Math.floor(rnd() * 6) }, () => WORDS[Math.floor(rnd() * WORDS.length)])];
      const r = run(e, c, argv, places[Math.floor(rnd() * places.length)], 3_000_000);
      expect(r.err, argv.join(' ')).not.toContain('internal error');
      expect(Number.isInteger(r.code), argv.join(' ')).toBe(true);
    }
  });
});
