/**
 * The WireGuard device as the network tools show it: `ip addr` / `ip link` (a POINTOPOINT,NOARP layer-3 device
 * with `link/none` and no IPv6 link-local address), and `tcpdump -i cilium_wg0` (link type RAW, the plaintext
 * inner packets), line for line what the real tcpdump prints for the same packets.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../sim/engine';
import { captureScenario } from '../../capture/run';
import { memoryFiles, runCommand } from '../runCommand';
import { interopPath, tcpdump as realTcpdump, toolAvailable } from '../../testing/tools';
import { tcpdump } from './tcpdump';
import { ip } from './ip';
import { node, run } from './programs.test-helper';

const dir = mkdtempSync(join(tmpdir(), 'podlock-wg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ip on a WireGuard node', () => {
  it('ip addr / ip link: cilium_wg0 with MTU 1420, link/none, no addresses', () => {
    const e = Engine.create('cilium-wireguard', 7);
    const idx = e.st.ifaces['node-1:cilium_wg0'].ifindex;
    const head = `${idx}: cilium_wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN `;
    expect(run(e, ip, ['ip', 'addr', 'show', 'cilium_wg0'], node('node-1')).out).toBe(`${head}group default qlen 1000\n    link/none \n`);
    expect(run(e, ip, ['ip', 'link', 'show', 'dev', 'cilium_wg0'], node('node-1')).out).toBe(`${head}mode DEFAULT group default qlen 1000\n    link/none \n`);
    expect(run(e, ip, ['ip', '-br', 'link'], node('node-1')).out).toContain('\ncilium_wg0       UNKNOWN        <POINTOPOINT,NOARP,UP,LOWER_UP> \n');
    expect(run(e, ip, ['ip', '-br', 'addr', 'show', 'cilium_wg0'], node('node-1')).out).toBe('cilium_wg0       UNKNOWN        \n');
    expect(run(e, ip, ['ip', '-6', 'addr'], node('node-1')).out).not.toContain('cilium_wg0');
  });

  it('ip addr on Calico: wireguard.cali, MTU 1440, its /32 from the node\'s pod block', () => {
    const e = Engine.create('calico-wireguard', 7);
    expect(run(e, ip, ['ip', '-4', 'addr'], node('node-2')).out).toMatch(
      /\n\d+: wireguard\.cali: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1440 qdisc noqueue state UNKNOWN group default qlen 1000\n {4}link\/none \n {4}inet 10\.244\.2\.1\/32 scope global wireguard\.cali\n {7}valid_lft forever preferred_lft forever\n$/);
  });
});

describe('tcpdump -i cilium_wg0', () => {
  const ours = (flags: string) =>
    runCommand(Engine.create('cilium-wireguard', '7'), tcpdump, ['tcpdump', ...flags.split(' ')], node('node-1'));

  it('listens with link type RAW and prints the plaintext inner packets as IP lines', () => {
    const r = ours('-n -i cilium_wg0 -c 4');
    expect(r.err).toBe('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n'
      + 'listening on cilium_wg0, link-type RAW (Raw IP), snapshot length 262144 bytes\n'
      + '4 packets captured\n4 packets received by filter\n0 packets dropped by kernel\n');
    expect(r.out).toMatch(/^(\d\d:\d\d:\d\d\.\d{6} IP 10\.244\.\d+\.\d+\.\d+ > 10\.244\.\d+\.\d+\.\d+: Flags \[[SP.]+\], .*\n){4}$/);
    // On eth0 the same flow is WireGuard UDP to port 51871, which tcpdump does not decode.
    expect(ours('-n -i eth0 -c 1 udp port 51871').out).toMatch(/IP 192\.168\.61\.11\.51871 > 192\.168\.61\.12\.51871: UDP, length 148\n$/);
  });

  it.runIf(toolAvailable('tcpdump'))('prints what the real tcpdump prints for the same device\'s capture', () => {
    const path = join(dir, 'cilium_wg0.pcapng');
    writeFileSync(path, captureScenario({ scenario: 'cilium-wireguard', seed: '7', point: 'node-1:cilium_wg0' }).pcapng);
    for (const flags of ['-nn', '-nn -v', '-e -nn', '-nn -X']) {
      const real = realTcpdump(['-r', path, ...flags.split(' ')]);
      expect(real.status).toBe(0);
      expect(real.stderr).toContain('link-type RAW (Raw IP)');
      expect(real.stdout.length).toBeGreaterThan(0);
      expect(ours(`${flags} -i cilium_wg0`).out, flags).toBe(real.stdout);
    }
  });

  it.runIf(toolAvailable('tcpdump'))('reads a real kernel capture of link type RAW as the real tcpdump does', () => {
    const path = interopPath('wireguard', 'derived', 'wg-51871-rawip.pcap');
    const files = memoryFiles();
    files.write('raw.pcap', new Uint8Array(readFileSync(path)));
    const real = realTcpdump(['-nn', '-r', path]);
    const mine = runCommand(Engine.create('cilium-wireguard', '7'), tcpdump, ['tcpdump', '-nn', '-r', 'raw.pcap'], node('node-1'), { files });
    expect(mine.err).toBe('reading from file raw.pcap, link-type RAW (Raw IP), snapshot length 65535\n');
    expect(mine.out).toBe(real.stdout);
  });
});
