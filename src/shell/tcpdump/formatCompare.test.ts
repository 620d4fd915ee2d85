/**
 * The printer against Debian's tcpdump 4.99 on the lab's own captures: for every capture point the plaintext
 * scenario's traffic crosses (native and VXLAN tunnel routing), `tcpdump FLAGS -r FILE` (TZ=UTC) and our printer
 * must print the same lines, across -n/-nn/name resolution, -v/-vv/-vvv, -e, -S, -t... and the -x/-X/-A dumps; the stderr
 * banner must match readingBanner. Filter expressions change which packets tcpdump's printer sees (and so its
 * relative sequence numbers): with a filter, the printer is fed the packets an equivalent predicate selects.
 * Runs whenever tcpdump is installed; REQUIRE_TSHARK=1 makes a missing tcpdump a failure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureScenario } from '../../capture/run';
import { readCapture } from '../../capture/pcapRead';
import { writePcapng } from '../../capture/pcapng';
import { tcpdump, toolAvailable } from '../../testing/tools';
import { createPrinter, readingBanner } from './format';
import { toCookedV2 } from './cookedFrame';
import { firstDifference, framesCapture, optionsFromFlags, printCapture, stdoutLines } from './formatCompare.test-helper';

const SEED = '7';
const CAPTURES: { point: string; routing: 'native' | 'tunnel' }[] = [
  { point: 'node-1:eth0', routing: 'native' },
  { point: 'node-2:eth0', routing: 'native' },
  { point: 'node-1:lxc-frontend', routing: 'native' },
  { point: 'web/frontend:eth0', routing: 'native' },
  { point: 'node-3:lxc-app-a', routing: 'native' },
  { point: 'node-1:eth0', routing: 'tunnel' },
  { point: 'node-2:eth0', routing: 'tunnel' },
  { point: 'node-1:cilium_vxlan', routing: 'tunnel' },
];
/** Without -n tcpdump also asks DNS for every address (the lab's have no names): only two sets go without. */
const FLAG_SETS: string[][] = [
  ['-nn'], ['-n'], [], ['-e'], ['-nn', '-v'], ['-nn', '-vv'], ['-nn', '-vvv'], ['-nn', '-e'], ['-n', '-e', '-v'], ['-nn', '-X'],
  ['-nn', '-XX'], ['-nn', '-x'], ['-n', '-xx'], ['-nn', '-A'], ['-nn', '-AA'], ['-nn', '-e', '-vv', '-X'], ['-n', '-vvv', '-e', '-XX'],
  ['-nn', '-S'], ['-nn', '-t'], ['-nn', '-tt'], ['-nn', '-ttt'], ['-nn', '-tttt'], ['-nn', '-ttttt'],
];

const dir = mkdtempSync(join(tmpdir(), 'podlock-tcpdump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function captureFile(point: string, routing: 'native' | 'tunnel'): { path: string; bytes: Uint8Array } {
  const { pcapng } = captureScenario({ scenario: 'plaintext', seed: SEED, point, routing });
  const path = join(dir, `${routing}-${point.replace(/[/:]/g, '_')}.pcapng`);
  writeFileSync(path, pcapng);
  return { path, bytes: pcapng };
}

describe.runIf(toolAvailable('tcpdump'))('tcpdump -r on the lab\'s captures prints what Debian\'s tcpdump prints', () => {
  for (const { point, routing } of CAPTURES) {
    describe(`${point} (${routing} routing)`, () => {
      const file = captureFile(point, routing);
      it('has packets', () => {
        expect(readCapture(file.bytes).packets.length).toBeGreaterThan(5);
      });
      for (const flags of FLAG_SETS) {
        it(`tcpdump ${flags.join(' ')} -r`, () => {
          const real = tcpdump([...flags, '-r', file.path]);
          expect(real.status).toBe(0);
          expect(real.stderr.trimEnd().split('\n')).toEqual(readingBanner(file.path, 1));
          expect(firstDifference(stdoutLines(real.stdout), printCapture(file.bytes, flags))).toBeUndefined();
        });
      }
    });
  }

  it('the tunnel capture on the underlay shows VXLAN (as OTV) with the inner frame on its own line', () => {
    const file = captureFile('node-1:eth0', 'tunnel');
    const lines = printCapture(file.bytes, ['-nn']);
    const i = lines.findIndex((l) => / > 192\.168\.61\.12\.8472: OTV, flags \[I\] \(0x08\), overlay 0, instance \d+$/.test(l));
    expect(i).toBeGreaterThan(-1);
    expect(lines[i + 1]).toMatch(/^IP 10\.244\.1\.\d+\.\d+ > 10\.244\.2\.\d+\.8080: Flags \[S\], seq \d+, win 65170, options \[mss 1330,sackOK,TS val \d+ ecr 0,nop,wscale 7\], length 0$/);
  });
});

/** Ethernet frames: the byte offsets of the fields the filters below look at. */
const ethType = (f: Uint8Array): number => (f[12] << 8) | f[13];
const ipProto = (f: Uint8Array): number => (ethType(f) === 0x0800 ? f[23] : -1);
const l4 = (f: Uint8Array): number => 14 + (f[14] & 0x0f) * 4;
const tcpFlags = (f: Uint8Array): number => (ipProto(f) === 6 ? f[l4(f) + 13] : -1);
const ports = (f: Uint8Array): number[] => (ipProto(f) === 6 || ipProto(f) === 17 ? [(f[l4(f)] << 8) | f[l4(f) + 1], (f[l4(f) + 2] << 8) | f[l4(f) + 3]] : []);

const FILTERS: { expr: string; select: (f: Uint8Array) => boolean }[] = [
  { expr: 'arp', select: (f) => ethType(f) === 0x0806 },
  { expr: 'icmp', select: (f) => ipProto(f) === 1 },
  { expr: 'tcp port 8080', select: (f) => ipProto(f) === 6 && ports(f).includes(8080) },
  // no SYNs: each direction's first segment prints absolute numbers, as a capture started mid-connection does
  { expr: 'tcp[tcpflags] & tcp-syn == 0', select: (f) => ipProto(f) === 6 && (tcpFlags(f) & 0x02) === 0 },
  // only the server's segments
  { expr: 'tcp src port 8080', select: (f) => ipProto(f) === 6 && ports(f)[0] === 8080 },
  { expr: 'tcp[tcpflags] & (tcp-push|tcp-fin) != 0', select: (f) => ipProto(f) === 6 && (tcpFlags(f) & 0x09) !== 0 },
];

describe.runIf(toolAvailable('tcpdump'))('with a filter expression, the printer sees what tcpdump\'s printer sees', () => {
  const file = captureFile('node-1:eth0', 'native');
  const cap = readCapture(file.bytes);
  for (const { expr, select } of FILTERS) {
    for (const flags of [['-nn'], ['-nn', '-v'], ['-e', '-X']]) {
      it(`tcpdump ${flags.join(' ')} -r FILE '${expr}'`, () => {
        const real = tcpdump([...flags, '-r', file.path, expr]);
        expect(real.status).toBe(0);
        const chosen = cap.packets.filter((p) => select(p.data));
        expect(chosen.length).toBeGreaterThan(0);
        const printer = createPrinter(optionsFromFlags(flags, 1));
        const ours = chosen.flatMap((p) => printer.print(p.data, p.tsUs));
        expect(firstDifference(stdoutLines(real.stdout), ours)).toBeUndefined();
      });
    }
  }

  it('a capture that starts mid-connection prints absolute numbers first, then numbers relative to those', () => {
    const mid = cap.packets.filter((p) => ipProto(p.data) === 6).slice(4);
    const bytes = writePcapng({ interfaces: [{ linkType: 1, name: 'eth0' }], packets: mid.map((p) => ({ ifIndex: 0, tsUs: p.tsUs, data: p.data })) });
    const path = join(dir, 'mid.pcapng');
    writeFileSync(path, bytes);
    const ours = printCapture(bytes, ['-nn']);
    expect(firstDifference(stdoutLines(tcpdump(['-nn', '-r', path]).stdout), ours)).toBeUndefined();
    expect(ours[0]).toMatch(/seq \d{4,}:\d{4,}, ack \d{4,},/);
  });
});

/** Linux names a cooked frame's interface by index; tcpdump prints the name this host gives that index. */
const LO_IS_1 = existsSync('/sys/class/net/lo/ifindex') && readFileSync('/sys/class/net/lo/ifindex', 'utf8').trim() === '1';

describe.runIf(toolAvailable('tcpdump') && LO_IS_1)('tcpdump -i any: the lab\'s frames as Linux cooked v2', () => {
  const packets = CAPTURES.filter((c) => c.routing === 'native' && c.point.startsWith('node-1:'))
    .flatMap(({ point }) => readCapture(captureFile(point, 'native').bytes).packets)
    .sort((a, b) => a.tsUs - b.tsUs);
  const cooked = packets.map((p) => toCookedV2(p.data, { linkType: 1, ifindex: 1, dir: p.direction ?? 'in' })!);
  const bytes = framesCapture(276, cooked);
  const path = join(dir, 'any.pcapng');
  writeFileSync(path, bytes);
  for (const flags of [['-nn'], ['-nn', '-e'], ['-nn', '-v'], ['-nn', '-X']]) {
    it(`tcpdump ${flags.join(' ')} -r: interface and In/Out columns (-e: ifindex and source MAC)`, () => {
      const real = tcpdump([...flags, '-r', path]);
      expect(real.stderr.trimEnd().split('\n')).toEqual(readingBanner(path, 276));
      const ours = printCapture(bytes, flags, () => ({ iface: 'lo' }));
      expect(firstDifference(stdoutLines(real.stdout), ours)).toBeUndefined();
      expect(ours.some((l) => / lo {4}Out \S/.test(l)) && ours.some((l) => / lo {4}In {2}\S/.test(l))).toBe(true);
    });
  }
});
