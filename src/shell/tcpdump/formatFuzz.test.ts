/**
 * Hostile bytes: random and mutated frames never make the printer throw (or hit its internal-error marker), under
 * every option; and, whenever tcpdump is installed, frames cut short at every length and frames with random bytes
 * changed print exactly as Debian's tcpdump 4.99 prints them, truncation markers (` [|tcp]`) included. Mutations
 * that lead tcpdump into printers the lab does not need (IPv6, IGMP, GRE, DNS, LLC...) are left out of the
 * comparison, not out of the never-throws check.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureScenario } from '../../capture/run';
import { readCapture } from '../../capture/pcapRead';
import { dissect, findFields } from '../../net/dissect/index';
import { FRAMES, prng as rng } from '../../net/dissect/frames.test-helper';
import { LinkType } from '../../net/dissect/tree';
import { EPOCH_US } from '../../sim/clock';
import { tcpdump, toolAvailable } from '../../testing/tools';
import { createPrinter, type HexMode } from './format';
import { firstDifference, framesCapture, printCapture, stdoutLines } from './formatCompare.test-helper';
import { ethernetFrames, rawFrames, sll2Frames } from './formatFrames.test-helper';


function mutate(frame: Uint8Array, r: () => number): { data: Uint8Array; origLen: number } {
  const d = frame.slice();
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const at = Math.floor(r() * Math.min(d.length, 96));
    d[at] = r() < 0.5 ? Math.floor(r() * 256) : d[at] ^ (1 << Math.floor(r() * 8));
  }
  const cut = r() < 0.3 ? Math.max(1, Math.floor(r() * d.length)) : d.length;
  return { data: d.slice(0, cut), origLen: d.length };
}

const scenario = readCapture(captureScenario({ scenario: 'plaintext', seed: '7', point: 'node-1:eth0', routing: 'tunnel' }).pcapng).packets.map((p) => p.data);
const SEEDS: Record<number, Uint8Array[]> = {
  [LinkType.ETHERNET]: [...ethernetFrames(), ...Object.values(FRAMES).filter((f) => f.linkType === LinkType.ETHERNET).map((f) => f.bytes), ...scenario],
  [LinkType.RAW]: rawFrames(),
  [LinkType.LINUX_SLL2]: sll2Frames(1),
};
const MODES: HexMode[] = ['none', 'x', 'xx', 'X', 'XX', 'A', 'AA'];

describe('the printer never throws', () => {
  for (const linkType of [LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL2, 147]) {
    it(`on random and mutated frames of link type ${linkType}, under every option`, () => {
      const r = rng(linkType * 7919);
      const frames: Uint8Array[] = [];
      for (let i = 0; i < 400; i++) frames.push(Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256)));
      for (const f of SEEDS[linkType] ?? []) for (let i = 0; i < 6; i++) frames.push(mutate(f, r).data);
      for (let i = 0; i < frames.length; i++) {
        const printer = createPrinter({ linkType, n: (i % 3) as 0 | 1 | 2, verbose: (i % 4) as 0 | 1 | 2 | 3, e: i % 2 === 0, x: MODES[i % MODES.length] });
        const lines = printer.print(frames[i], EPOCH_US + i, { origLen: frames[i].length + (i % 5 === 0 ? 10 : 0) });
        expect(lines.join('\n')).not.toContain('[printer error');
        expect(lines.length).toBeGreaterThan(0);
      }
    });
  }
});

/** tcpdump printers the lab does not need, by the selector that leads to them. */
const OTHER_ETHERTYPES = new Set([0x86dd, 0x6003, 0x809b, 0x80f3, 0x8137, 0xfefe, 0x8863, 0x8864, 0x3c12, 0x3c13, 0x888e, 0x8899,
  0x880b, 0x8808, 0x8809, 0x8902, 0xabcd, 0x88cc, 0x894f, 0x9000, 0x8847, 0x8848, 0x88ca, 0x886f, 0x0707, 0x8947, 0x1111, 0x88a2,
  0x88f7, 0x88e5, 0xd28b, 0x8870]);
const OTHER_IP_PROTOS = new Set([2, 8, 9, 33, 41, 46, 47, 51, 55, 88, 89, 103, 108, 112, 113, 132]);
const OTHER_UDP_PORTS = new Set([53, 67, 68, 69, 88, 111, 123, 137, 138, 161, 162, 319, 320, 496, 500, 514, 520, 521, 525, 546, 547,
  646, 654, 698, 701, 750, 921, 1589, 1645, 1646, 1700, 1701, 1812, 1813, 1985, 2049, 2103, 2104, 3456, 3503, 3784, 3785, 3799,
  4342, 4500, 4567, 4784, 4790, 5060, 5353, 5359, 6081, 6343, 6635, 6696, 6697, 6784, 7500, 8231, 8500, 12222, 12223, 17754,
  30490, 49152]);
const OTHER_TCP_PORTS = new Set([21, 22, 23, 25, 43, 53, 139, 179, 323, 445, 554, 639, 646, 1723, 2049, 6379, 6633, 6653, 8554, 10288]);
const inRanges = (p: number): boolean => (p >= 7000 && p <= 7009) || (p >= 200 && p < 328) || (p >= 768 && p < 896) || (p >= 16512 && p < 16640);

function printable(frame: Uint8Array, linkType: number): boolean {
  const d = dissect(frame, linkType as LinkType);
  const values = (name: string): number[] => findFields(d, name).map((f) => Number(f.value));
  if (findFields(d, 'eth.len').length > 0) return false; // 802.3: LLC
  // a VXLAN/OTV payload that is an 802.3 frame (the dissector leaves a first fragment's UDP undecoded; tcpdump does not)
  for (const ip of findFields(d, 'ip')) {
    const udp = ip.start + (frame[ip.start] & 0x0f) * 4;
    const inner = udp + 16 + 12;
    const port = (at: number): number => (frame[at] << 8) | frame[at + 1];
    if (frame[ip.start + 9] === 17 && inner + 2 <= frame.length && [8472, 4789].some((p) => p === port(udp) || p === port(udp + 2)) && port(inner) <= 1500) return false;
  }
  if ([...values('eth.type'), ...values('sll.etype')].some((t) => t <= 1500 || OTHER_ETHERTYPES.has(t))) return false;
  if (values('ip.proto').some((p) => OTHER_IP_PROTOS.has(p))) return false;
  if ([...values('udp.srcport'), ...values('udp.dstport')].some((p) => OTHER_UDP_PORTS.has(p) || inRanges(p))) return false;
  if ([...values('tcp.srcport'), ...values('tcp.dstport')].some((p) => OTHER_TCP_PORTS.has(p))) return false;
  if (values('tcp.option_kind').includes(30)) return false;
  return !values('arp.hw.type').some((h) => h === 15 || h === 19);
}

const dir = mkdtempSync(join(tmpdir(), 'podlock-tcpdump-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ifindex -> this host's interface name: tcpdump names a Linux cooked v2 frame's interface with it. */
const HOST_IFACES = new Map<number, string>();
for (const name of existsSync('/sys/class/net') ? readdirSync('/sys/class/net') : []) {
  try {
    HOST_IFACES.set(Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8').trim()), name);
  } catch {
    // not an interface
  }
}
const ifaceOf = (f: Uint8Array): { iface: string } => ({ iface: HOST_IFACES.get(((f[4] << 24) | (f[5] << 16) | (f[6] << 8) | f[7]) >>> 0) ?? '?' });
const LINK_TYPES = [LinkType.ETHERNET, LinkType.RAW, ...(HOST_IFACES.get(1) === 'lo' ? [LinkType.LINUX_SLL2] : [])];

function compare(name: string, linkType: number, frames: { data: Uint8Array; origLen: number }[], flags: string[]): void {
  const bytes = framesCapture(linkType, frames);
  const path = join(dir, `${name}.pcapng`);
  writeFileSync(path, bytes);
  const real = tcpdump([...flags, '-r', path]);
  expect(real.status).toBe(0);
  expect(firstDifference(stdoutLines(real.stdout), printCapture(bytes, flags, linkType === LinkType.LINUX_SLL2 ? ifaceOf : undefined))).toBeUndefined();
}

const FLAG_SETS = [['-nn'], ['-nn', '-v'], ['-nn', '-vv', '-e', '-X'], ['-nn', '-A'], ['-n', '-e', '-x']];

describe.runIf(toolAvailable('tcpdump'))('cut-short and mutated frames print as Debian\'s tcpdump prints them', () => {
  const cuts = (linkType: number, frames: Uint8Array[]) =>
    frames.filter((f) => printable(f, linkType)).flatMap((f) => Array.from({ length: f.length - 1 }, (_, n) => ({ data: f.subarray(0, n + 1), origLen: f.length })));
  for (const flags of FLAG_SETS) {
    it(`every truncation of the Ethernet frames, tcpdump ${flags.join(' ')}`, () => {
      compare('cut-eth', LinkType.ETHERNET, cuts(LinkType.ETHERNET, SEEDS[LinkType.ETHERNET].filter((f) => f.length <= 400)), flags);
    });
    it(`every truncation of Raw IP and Linux cooked v2 frames, tcpdump ${flags.join(' ')}`, () => {
      for (const linkType of LINK_TYPES.filter((t) => t !== LinkType.ETHERNET)) compare(`cut-${linkType}`, linkType, cuts(linkType, SEEDS[linkType]), flags);
    });
  }
  for (const seed of [1, 2, 3]) {
    for (const flags of FLAG_SETS) {
      it(`mutated frames (seed ${seed}), tcpdump ${flags.join(' ')}`, () => {
        const r = rng(seed);
        for (const linkType of LINK_TYPES) {
          const frames = SEEDS[linkType].flatMap((f) => Array.from({ length: 8 }, () => mutate(f, r))).filter((m) => printable(m.data, linkType));
          expect(frames.length).toBeGreaterThan(10);
          compare(`mutated-${seed}-${linkType}`, linkType, frames, flags);
        }
      });
    }
  }
});
