/**
 * wg's output formats on hand-built devices (wg(8) and FIDELITY.md §1): the pretty show with its optional lines,
 * peer order, durations and units; the script fields with and without `all`; dump; showconf.
 */
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../net/addr';
import { fromBase64 } from '../../sim/base64';
import { SECOND } from '../../sim/clock';
import { handshakeAge, prettyBytes, prettyDuration, prettyShow, showConf, showField, type WgDeviceView, type WgPeerView } from './wgFormat';

const key = (b64: string): Uint8Array => fromBase64(b64)!;
const NOW = 1_772_442_600 * SECOND + 250_000;
const ZERO = new Uint8Array(32);

const PRIV = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const PUB = 'DrAc2EloK45yqAcjhxerQKwoYUbLDjyrWgt9UXImbEY=';
const P1 = 'RcYfs/GEkcnnv6moK5A1pKnd+YYUue21jO9I08Bv0zo=';
const P2 = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const P3 = 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=';
const PSK = 'gN65BkIKy1eCE9pP1wdc8ROUtkHLF2PfAqYdyYBz6EA=';

const peer = (pub: string, o: Partial<WgPeerView> = {}): WgPeerView => ({
  publicKey: key(pub), presharedKey: ZERO, allowedIps: [], persistentKeepalive: 0, lastHandshake: 0, rxBytes: 0, txBytes: 0, ...o,
});

function device(): WgDeviceView {
  return {
    privateKey: key(PRIV), publicKey: key(PUB), listenPort: 51871, fwmark: 0x1e00,
    peers: [
      // Never shaken hands: last in the pretty output, no handshake or transfer line.
      peer(P3, { endpoint: { ip: parseIp('192.168.61.13'), port: 51871 } }),
      peer(P1, {
        endpoint: { ip: parseIp('192.168.61.12'), port: 51871 },
        allowedIps: [{ net: parseIp('10.154.1.107'), bits: 32 }, { net: parseIp('10.154.1.195'), bits: 32 }],
        lastHandshake: NOW - 72 * SECOND, rxBytes: 1997, txBytes: 2365,
      }),
      peer(P2, { presharedKey: key(PSK), lastHandshake: NOW - 5 * SECOND, rxBytes: 0, txBytes: 148, persistentKeepalive: 25 }),
      // Removed peers are tombstones the tools never see.
      peer('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', { removed: true }),
    ],
  };
}

describe('wg show (pretty)', () => {
  it('prints the interface, then the peers by most recent handshake, each optional line only when set', () => {
    expect(prettyShow([{ name: 'cilium_wg0', device: device() }], NOW)).toBe(`interface: cilium_wg0
  public key: ${PUB}
  private key: (hidden)
  listening port: 51871
  fwmark: 0x1e00

peer: ${P2}
  preshared key: (hidden)
  allowed ips: (none)
  latest handshake: 5 seconds ago
  transfer: 0 B received, 148 B sent
  persistent keepalive: every 25 seconds

peer: ${P1}
  endpoint: 192.168.61.12:51871
  allowed ips: 10.154.1.107/32, 10.154.1.195/32
  latest handshake: 1 minute, 12 seconds ago
  transfer: 1.95 KiB received, 2.31 KiB sent

peer: ${P3}
  endpoint: 192.168.61.13:51871
  allowed ips: (none)
`);
  });

  it('leaves out a zero fwmark, and separates interfaces by a blank line', () => {
    const d = { ...device(), fwmark: 0, peers: [] };
    expect(prettyShow([{ name: 'wg0', device: d }, { name: 'wg1', device: d }], NOW))
      .toBe(`interface: wg0\n  public key: ${PUB}\n  private key: (hidden)\n  listening port: 51871\n\ninterface: wg1\n  public key: ${PUB}\n  private key: (hidden)\n  listening port: 51871\n`);
  });

  it('durations: units from years to seconds, singular and plural, zero units left out; Now; a clock gone backwards', () => {
    expect(prettyDuration(1)).toBe('1 second');
    expect(prettyDuration(60)).toBe('1 minute');
    expect(prettyDuration(3 * 86400 + 2 * 3600 + 7)).toBe('3 days, 2 hours, 7 seconds');
    expect(prettyDuration(366 * 86400 + 61)).toBe('1 year, 1 day, 1 minute, 1 second');
    expect(handshakeAge(NOW - 200_000, NOW)).toBe('Now'); // the same whole second
    expect(handshakeAge(NOW - 900_000, NOW)).toBe('1 second ago');
    expect(handshakeAge(NOW + 2 * SECOND, NOW)).toBe('System clock wound backward; connection problems may ensue.');
  });

  it('bytes: B below 1 KiB, then KiB, MiB, GiB with two decimals', () => {
    expect(prettyBytes(0)).toBe('0 B');
    expect(prettyBytes(1023)).toBe('1023 B');
    expect(prettyBytes(1024)).toBe('1.00 KiB');
    expect(prettyBytes(1997)).toBe('1.95 KiB');
    expect(prettyBytes(5 * 1024 * 1024 + 1024 * 1024 / 4)).toBe('5.25 MiB');
    expect(prettyBytes(3 * 1024 ** 3)).toBe('3.00 GiB');
  });
});

describe('wg show <interface> <field>', () => {
  const ifaces = [{ name: 'cilium_wg0', device: device() }];
  const secs = (us: number) => Math.floor(us / SECOND);

  it('prints one value per line, per-peer fields after the peer key and a tab, in device order', () => {
    expect(showField(ifaces, 'public-key', false)).toBe(`${PUB}\n`);
    expect(showField(ifaces, 'private-key', false)).toBe(`${PRIV}\n`);
    expect(showField(ifaces, 'listen-port', false)).toBe('51871\n');
    expect(showField(ifaces, 'fwmark', false)).toBe('0x1e00\n');
    expect(showField([{ name: 'x', device: { ...device(), fwmark: 0 } }], 'fwmark', false)).toBe('off\n');
    expect(showField(ifaces, 'peers', false)).toBe(`${P3}\n${P1}\n${P2}\n`);
    expect(showField(ifaces, 'preshared-keys', false)).toBe(`${P3}\t(none)\n${P1}\t(none)\n${P2}\t${PSK}\n`);
    expect(showField(ifaces, 'endpoints', false)).toBe(`${P3}\t192.168.61.13:51871\n${P1}\t192.168.61.12:51871\n${P2}\t(none)\n`);
    expect(showField(ifaces, 'allowed-ips', false)).toBe(`${P3}\t(none)\n${P1}\t10.154.1.107/32 10.154.1.195/32\n${P2}\t(none)\n`);
    expect(showField(ifaces, 'latest-handshakes', false)).toBe(`${P3}\t0\n${P1}\t${secs(NOW) - 72}\n${P2}\t${secs(NOW) - 5}\n`);
    expect(showField(ifaces, 'persistent-keepalive', false)).toBe(`${P3}\toff\n${P1}\toff\n${P2}\t25\n`);
    expect(showField(ifaces, 'transfer', false)).toBe(`${P3}\t0\t0\n${P1}\t1997\t2365\n${P2}\t0\t148\n`);
  });

  it('with all, every line starts with the interface name', () => {
    expect(showField(ifaces, 'listen-port', true)).toBe('cilium_wg0\t51871\n');
    expect(showField(ifaces, 'transfer', true).split('\n')[1]).toBe(`cilium_wg0\t${P1}\t1997\t2365`);
  });

  it('dump: the device line, then every field of every peer', () => {
    expect(showField(ifaces, 'dump', false)).toBe(`${PRIV}\t${PUB}\t51871\t0x1e00
${P3}\t(none)\t192.168.61.13:51871\t(none)\t0\t0\t0\toff
${P1}\t(none)\t192.168.61.12:51871\t10.154.1.107/32,10.154.1.195/32\t${secs(NOW) - 72}\t1997\t2365\toff
${P2}\t${PSK}\t(none)\t(none)\t${secs(NOW) - 5}\t0\t148\t25
`);
  });
});

describe('wg showconf', () => {
  it('prints the configuration file format', () => {
    expect(showConf(device())).toBe(`[Interface]
ListenPort = 51871
FwMark = 0x1e00
PrivateKey = ${PRIV}

[Peer]
PublicKey = ${P3}
Endpoint = 192.168.61.13:51871

[Peer]
PublicKey = ${P1}
AllowedIPs = 10.154.1.107/32, 10.154.1.195/32
Endpoint = 192.168.61.12:51871

[Peer]
PublicKey = ${P2}
PresharedKey = ${PSK}
PersistentKeepalive = 25
`);
  });
});
