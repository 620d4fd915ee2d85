/**
 * The printer against Debian's tcpdump 4.99 on hand-made frames (formatFrames.test-helper.ts) and on the
 * dissector's reference frames (src/net/dissect/frames.test-helper.ts): what the scenarios do not send yet, or only
 * when something goes wrong, must print as the real tool prints it too, on Ethernet, Raw IP and Linux cooked v2.
 * Runs whenever tcpdump is installed; REQUIRE_TSHARK=1 makes a missing tcpdump a failure.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FRAMES } from '../../net/dissect/frames.test-helper';
import { LinkType } from '../../net/dissect/tree';
import { tcpdump, toolAvailable } from '../../testing/tools';
import { readingBanner } from './format';
import { firstDifference, framesCapture, printCapture, stdoutLines } from './formatCompare.test-helper';
import { ethernetFrames, rawFrames, sll2Frames } from './formatFrames.test-helper';

/** Without -n tcpdump also asks DNS for every address (these have no names): one set goes without, for port names. */
const FLAG_SETS: string[][] = [
  ['-nn'], ['-e'], ['-nn', '-v'], ['-nn', '-vv'], ['-nn', '-e'], ['-n', '-e', '-v'], ['-nn', '-X'], ['-nn', '-XX'], ['-nn', '-x'],
  ['-nn', '-A'], ['-n', '-e', '-vv', '-XX'],
];

/**
 * Reference frames whose payload tcpdump hands to printers the lab does not need (IGMP, DNS): left out. The port
 * unreachable quotes a DNS query, which only -v prints.
 */
const NOT_PRINTED = new Set(['ipOptionsRouterAlert', 'rawIpUdp', 'sll2Udp']);
const VERBOSE_ONLY = new Set(['icmpPortUnreachable']);

/** ifindex -> interface name on this host, which tcpdump uses for Linux cooked v2 captures. */
function hostInterfaces(): Map<number, string> {
  const m = new Map<number, string>();
  if (!existsSync('/sys/class/net')) return m;
  for (const name of readdirSync('/sys/class/net')) {
    try {
      m.set(Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8').trim()), name);
    } catch {
      // not an interface directory
    }
  }
  return m;
}

const dir = mkdtempSync(join(tmpdir(), 'podlock-tcpdump-frames-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compareAll(name: string, linkType: number, frames: Uint8Array[], flagSets: string[][], iface?: string): void {
  const bytes = framesCapture(linkType, frames);
  const path = join(dir, `${name}.pcapng`);
  writeFileSync(path, bytes);
  for (const flags of flagSets) {
    it(`tcpdump ${flags.join(' ')} -r ${name}`, () => {
      const real = tcpdump([...flags, '-r', path]);
      expect(real.status).toBe(0);
      expect(real.stderr.trimEnd().split('\n')).toEqual(readingBanner(path, linkType));
      const ours = printCapture(bytes, flags, () => (iface === undefined ? {} : { iface }));
      expect(firstDifference(stdoutLines(real.stdout), ours)).toBeUndefined();
    });
  }
}

describe.runIf(toolAvailable('tcpdump'))('hand-made frames print as Debian\'s tcpdump prints them', () => {
  describe('Ethernet: TCP, HTTP, TLS, ESP, IP in IP, IP options, fragments, UDP, WireGuard, VXLAN, ICMP, ARP, VLAN', () => {
    compareAll('ethernet', LinkType.ETHERNET, ethernetFrames(), FLAG_SETS);
  });
  describe('Raw IP', () => {
    compareAll('raw', LinkType.RAW, rawFrames(), FLAG_SETS);
  });
  const lo = [...hostInterfaces()].find(([, name]) => name === 'lo');
  describe.runIf(lo !== undefined)('Linux cooked v2 (tcpdump -i any), interface named as this host names its ifindex', () => {
    compareAll('sll2', LinkType.LINUX_SLL2, sll2Frames(lo?.[0] ?? 1), FLAG_SETS, lo?.[1]);
  });
  describe('the dissector\'s reference frames', () => {
    for (const linkType of [LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL2]) {
      const frames = Object.entries(FRAMES).filter(([n, f]) => f.linkType === linkType && !NOT_PRINTED.has(n));
      if (frames.length === 0) continue;
      const quiet = frames.map(([, f]) => f.bytes);
      const verbose = frames.filter(([n]) => !VERBOSE_ONLY.has(n)).map(([, f]) => f.bytes);
      compareAll(`reference-${linkType}`, linkType, quiet, FLAG_SETS.filter((fl) => !fl.some((f) => f.includes('v'))));
      compareAll(`reference-${linkType}-v`, linkType, verbose, FLAG_SETS.filter((fl) => fl.some((f) => f.includes('v'))));
    }
  });
});
