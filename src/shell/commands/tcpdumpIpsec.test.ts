/**
 * `tcpdump -n -i eth0 esp` typed on an IPsec node prints what Debian's tcpdump prints for the same traffic: the
 * live command in the terminal is compared line for line with the real binary reading a capture of the same
 * scenario and seed (`tcpdump -r FILE esp`, TZ=UTC). Runs whenever tcpdump is installed (REQUIRE_TSHARK=1 makes it
 * a failure when it is not).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { SECOND } from '../../sim/clock';
import { captureScenario } from '../../capture/run';
import { tcpdump as realTcpdump, toolAvailable } from '../../testing/tools';
import { firstDifference, stdoutLines } from '../tcpdump/formatCompare.test-helper';
import { tcpdump } from './tcpdump';
import { foreground, node } from './programs.test-helper';

const dir = mkdtempSync(join(tmpdir(), 'podlock-ipsec-tcpdump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The packet lines the terminal's tcpdump prints on node-1 while the scenario runs, up to Ctrl-C. */
function live(scenario: string, flags: string[]): string[] {
  const e = Engine.create(scenario, '7');
  const f = foreground(e, tcpdump, ['tcpdump', ...flags, '-i', 'eth0', 'esp'], node('node-1'));
  f.runFor(60 * SECOND);
  f.interrupt();
  f.stop();
  // The packets: a time-stamped line each, and with -v its indented continuation.
  return f.out().split('\n').filter((l) => /^(\d\d:\d\d:\d\d\.\d{6} | {4}\S)/.test(l));
}

describe.runIf(toolAvailable('tcpdump'))('tcpdump esp on an IPsec node prints what Debian\'s tcpdump prints', () => {
  for (const scenario of ['cilium-ipsec', 'cilium-ipsec-pertunnel']) {
    const path = join(dir, `${scenario}.pcapng`);
    writeFileSync(path, captureScenario({ scenario, seed: '7', point: 'node-1:eth0' }).pcapng);
    for (const flags of [['-n'], ['-nn', '-v']]) {
      it(`${scenario}: tcpdump ${flags.join(' ')} -i eth0 esp`, () => {
        const real = realTcpdump([...flags, '-r', path, 'esp']);
        expect(real.status).toBe(0);
        const want = stdoutLines(real.stdout);
        expect(want.length).toBeGreaterThan(5);
        expect(want.join('\n')).toMatch(/ESP\(spi=0x00000003,seq=0x1\), length \d+$/m);
        const ours = live(scenario, flags);
        expect(firstDifference(want, ours)).toBeUndefined();
      });
    }
  }
});
