/**
 * The tcpdump command end to end: live captures on a node and in a pod print exactly what Debian's tcpdump prints
 * for the same packets read from the capture CLI's pcapng (same seed, same virtual clock); -w writes a pcapng the
 * real tool reads; -i any; filters; -c; Ctrl-C statistics; errors as tcpdump words them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../sim/engine';
import { captureScenario } from '../../capture/run';
import { memoryFiles, runCommand } from '../runCommand';
import { tcpdump as realTcpdump, toolAvailable } from '../../testing/tools';
import { tcpdump } from './tcpdump';
import type { Place } from '../types';

const NODE1: Place = { kind: 'node', node: 'node-1' };
const FRONTEND: Place = { kind: 'pod', namespace: 'web', pod: 'frontend' };
const dir = mkdtempSync(join(tmpdir(), 'podlock-tcpdump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ours = (argv: string, place: Place = NODE1, seed = '7', files = memoryFiles()) =>
  runCommand(Engine.create('plaintext', seed), tcpdump, ['tcpdump', ...argv.split(' ').filter(Boolean)], place, { files });

function captureFile(point: string, seed = '7'): string {
  const path = join(dir, `${point.replace(/[/:]/g, '_')}-${seed}.pcapng`);
  writeFileSync(path, captureScenario({ scenario: 'plaintext', seed, point }).pcapng);
  return path;
}

describe('tcpdump without the real tool', () => {
  it('prints the banner on stderr, then one line per packet, and stops at -c with its statistics', () => {
    const r = ours('-nn -c 3');
    expect(r.err).toBe('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n3 packets captured\n3 packets received by filter\n0 packets dropped by kernel\n');
    expect(r.out.trimEnd().split('\n')).toHaveLength(3);
    expect(r.out).toMatch(/^09:00:00\.\d{6} ARP, Request who-has 192\.168\.61\.12 tell 192\.168\.61\.11, length 28\n/);
    expect(r.code).toBe(0);
  });

  it('filters, and counts what the filter saw', () => {
    const r = ours('-nn -c 2 tcp port 8080 and tcp[tcpflags] & tcp-syn != 0');
    expect(r.out).toMatch(/Flags \[S\], seq \d+, win 65170, options \[mss 1330,sackOK,TS val \d+ ecr 0,nop,wscale 7\], length 0\n.*Flags \[S\.\]/);
    expect(r.err).toMatch(/2 packets captured\n\d+ packets received by filter\n/);
  });

  it('runs inside a pod on its eth0, and with -i any shows interfaces and directions', () => {
    expect(ours('-nn -c 1 tcp', FRONTEND).out).toMatch(/^09:00:00\.\d{6} IP 10\.244\.1\.\d+\.\d+ > 10\.96\.\d+\.\d+\.8080: Flags \[S\]/);
    const any = ours('-nn -i any -c 2 tcp');
    expect(any.err).toContain('listening on any, link-type LINUX_SLL2 (Linux cooked v2)');
    expect(any.out).toMatch(/^09:00:00\.\d{6} lxc-frontend In {2}IP .*\n09:00:00\.\d{6} eth0 {2}Out IP /);
  });

  it('Ctrl-C (the scenario ends with tcpdump still waiting) prints a blank line, then the statistics; status 0', () => {
    const r = ours('-nn icmp');
    expect(r.out.match(/ICMP echo (request|reply)/g)).toHaveLength(4);
    expect(r.err).toMatch(/\n\n4 packets captured\n\d+ packets received by filter\n0 packets dropped by kernel\n$/);
    expect(r.code).toBe(0);
  });

  it('-w writes a pcapng into the terminal\'s files that -r reads back, printing the same lines', () => {
    const files = memoryFiles();
    const w = ours('-c 6 -w cap.pcapng', NODE1, '7', files);
    expect(w.out).toBe('');
    expect(w.err).toBe('tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n6 packets captured\n6 packets received by filter\n0 packets dropped by kernel\n');
    const r = runCommand(Engine.create('plaintext', '7'), tcpdump, ['tcpdump', '-nn', '-r', 'cap.pcapng'], NODE1, { files });
    expect(r.err).toBe('reading from file cap.pcapng, link-type EN10MB (Ethernet), snapshot length 262144\n');
    expect(r.out).toBe(ours('-nn -c 6').out);
  });

  it('answers bad input the way tcpdump does, and changes nothing', () => {
    expect(ours('-z').err).toMatch(/^tcpdump: option requires an argument -- 'z'\ntcpdump version 4\.99\.3\n/);
    expect(ours('-k').err).toMatch(/^tcpdump: invalid option -- 'k'\n/);
    expect(ours('-c x')).toMatchObject({ err: 'tcpdump: invalid packet count x\n', code: 1 });
    expect(ours('-i eth9')).toMatchObject({ err: 'tcpdump: eth9: No such device exists\n(No such device exists)\n', code: 1 });
    expect(ours('-r nope.pcap')).toMatchObject({ err: 'tcpdump: nope.pcap: No such file or directory\n', code: 1 });
    expect(ours('-nn tcp port')).toMatchObject({ code: 1 });
    expect(ours('-nn tcp port').err).toMatch(/^tcpdump: /);
    const files = memoryFiles();
    files.write('junk', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(ours('-r junk', NODE1, '7', files)).toMatchObject({ err: 'tcpdump: junk: unknown file format\n', code: 1 });
  });
});

describe.runIf(toolAvailable('tcpdump'))('our live tcpdump prints what the real tcpdump prints for the same packets', () => {
  it.each([
    ['node-1:eth0', NODE1, '-nn'],
    ['node-1:eth0', NODE1, '-nn -v'],
    ['node-1:eth0', NODE1, '-e -nn'],
    ['node-1:eth0', NODE1, '-nn -X'],
    ['node-1:eth0', NODE1, '-nn -A tcp port 8080'],
    ['node-1:eth0', NODE1, '-n icmp or arp'],
    ['web/frontend:eth0', FRONTEND, '-nn'],
    ['web/frontend:eth0', FRONTEND, '-vv -nn tcp'],
  ])('%s tcpdump %s', (point, place, flags) => {
    const file = captureFile(point);
    const real = realTcpdump(['-r', file, ...flags.split(' ')]);
    expect(real.status).toBe(0);
    const mine = ours(flags, place);
    expect(mine.out).toBe(real.stdout);
  });

  it('the real tcpdump reads what our tcpdump -i any -w wrote, and prints what ours prints reading it', () => {
    const files = memoryFiles();
    ours('-i any -w any.pcapng', NODE1, '7', files);
    const path = join(dir, 'any.pcapng');
    writeFileSync(path, files.read('any.pcapng')!);
    const real = realTcpdump(['-nn', '-r', path]);
    expect(real.stderr).toContain('link-type LINUX_SLL2 (Linux cooked v2)');
    const mine = runCommand(Engine.create('plaintext', '7'), tcpdump, ['tcpdump', '-nn', '-r', 'any.pcapng'], NODE1, { files });
    expect(real.stdout.length).toBeGreaterThan(0);
    // The file's interface is "any": both tools can only name interfaces by index there.
    expect(mine.out.split('\n').map((l) => l.replace(/^(\S+) \S+ +/, '$1 '))).toEqual(real.stdout.split('\n').map((l) => l.replace(/^(\S+) \S+ +/, '$1 ')));
  });
});
