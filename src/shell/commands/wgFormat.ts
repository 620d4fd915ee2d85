/**
 * What wireguard-tools' `wg` prints for a device (wg(8)): the pretty `show` (an `interface:` block, then one
 * `peer:` block per peer, most recent handshake first, private and preshared keys `(hidden)`), the script-friendly
 * fields of `show <interface> <field>` (tabs and newlines, interface name first with `all`), `dump`, and
 * `showconf` in the configuration file format. Plain text: wg colours its output only on a TTY.
 *
 * Devices come in as plain data (the view below is what the kernel reports over netlink); times are µs of the
 * lab's virtual clock, whose epoch is the Unix epoch.
 */
import { toBase64 } from '../../sim/base64';
import { fmtIp } from '../../net/addr';

export interface WgPeerView {
  publicKey: Uint8Array;
  presharedKey: Uint8Array;
  endpoint?: { ip: number; port: number };
  allowedIps: { net: number; bits: number }[];
  /** Seconds, 0: off. */
  persistentKeepalive: number;
  /** µs since 1970, 0: never. */
  lastHandshake: number;
  rxBytes: number;
  txBytes: number;
  /** A peer the device removed (kept as a tombstone by the protocol library): the tools never see it. */
  removed?: boolean;
}

export interface WgDeviceView {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  listenPort: number;
  fwmark: number;
  peers: WgPeerView[];
}

/** A device under its interface name. */
export interface WgIface {
  name: string;
  device: WgDeviceView;
}

/** The fields `wg show <interface> <field>` prints, in wg(8)'s order. */
export const SHOW_FIELDS = ['public-key', 'private-key', 'listen-port', 'fwmark', 'peers', 'preshared-keys', 'endpoints',
  'allowed-ips', 'latest-handshakes', 'persistent-keepalive', 'transfer', 'dump'] as const;
export type ShowField = (typeof SHOW_FIELDS)[number];

/** The peers the kernel would report: removed ones left out, in device order. */
export const livePeers = (d: WgDeviceView): WgPeerView[] => d.peers.filter((p) => !p.removed);

const isSet = (key: Uint8Array): boolean => key.some((b) => b !== 0);
const key = (k: Uint8Array): string => (isSet(k) ? toBase64(k) : '(none)');
const endpoint = (p: WgPeerView): string => (p.endpoint ? `${fmtIp(p.endpoint.ip)}:${p.endpoint.port}` : '(none)');
const cidrs = (p: WgPeerView): string[] => p.allowedIps.map((a) => `${fmtIp(a.net)}/${a.bits}`);
const seconds = (us: number): number => Math.floor(us / 1e6);

/** `1 minute, 12 seconds`: years, days, hours, minutes, seconds, zero units left out. */
export function prettyDuration(secs: number): string {
  const units: [number, string][] = [
    [Math.floor(secs / (365 * 86400)), 'year'], [Math.floor(secs / 86400) % 365, 'day'], [Math.floor(secs / 3600) % 24, 'hour'],
    [Math.floor(secs / 60) % 60, 'minute'], [secs % 60, 'second'],
  ];
  return units.filter(([n]) => n > 0).map(([n, u]) => `${n} ${u}${n === 1 ? '' : 's'}`).join(', ');
}

/** `1.95 KiB`: bytes below 1 KiB as a count, larger amounts with two decimals in the binary unit below the next. */
export function prettyBytes(b: number): string {
  if (b < 1024) return `${b} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0, v = b / 1024;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)} ${units[i]}`;
}

/** The `latest handshake:` value, seen at `now` (whole seconds, as the tool compares them). */
export function handshakeAge(lastHandshake: number, now: number): string {
  const secs = seconds(now) - seconds(lastHandshake);
  if (secs < 0) return 'System clock wound backward; connection problems may ensue.';
  return secs === 0 ? 'Now' : `${prettyDuration(secs)} ago`;
}

/** Peers with the most recent handshake first (never-handshaken ones last, in device order). */
const byHandshake = (peers: WgPeerView[]): WgPeerView[] => [...peers].sort((a, b) => b.lastHandshake - a.lastHandshake);

/** `wg show [<interface>|all]` without a field: the terminal layout. */
export function prettyShow(ifaces: WgIface[], now: number): string {
  return ifaces.map(({ name, device: d }) => {
    let t = `interface: ${name}\n`;
    if (isSet(d.publicKey)) t += `  public key: ${toBase64(d.publicKey)}\n`;
    if (isSet(d.privateKey)) t += '  private key: (hidden)\n';
    if (d.listenPort) t += `  listening port: ${d.listenPort}\n`;
    if (d.fwmark) t += `  fwmark: 0x${d.fwmark.toString(16)}\n`;
    for (const p of byHandshake(livePeers(d))) {
      t += `\npeer: ${toBase64(p.publicKey)}\n`;
      if (isSet(p.presharedKey)) t += '  preshared key: (hidden)\n';
      if (p.endpoint) t += `  endpoint: ${endpoint(p)}\n`;
      t += `  allowed ips: ${p.allowedIps.length ? cidrs(p).join(', ') : '(none)'}\n`;
      if (p.lastHandshake) t += `  latest handshake: ${handshakeAge(p.lastHandshake, now)}\n`;
      if (p.rxBytes || p.txBytes) t += `  transfer: ${prettyBytes(p.rxBytes)} received, ${prettyBytes(p.txBytes)} sent\n`;
      if (p.persistentKeepalive) t += `  persistent keepalive: every ${prettyDuration(p.persistentKeepalive)}\n`;
    }
    return t;
  }).join('\n');
}

/** One peer's value for a per-peer field (without the public key in front). */
function peerValue(p: WgPeerView, field: ShowField): string {
  switch (field) {
    case 'preshared-keys': return key(p.presharedKey);
    case 'endpoints': return endpoint(p);
    case 'allowed-ips': return p.allowedIps.length ? cidrs(p).join(' ') : '(none)';
    case 'latest-handshakes': return String(seconds(p.lastHandshake));
    case 'persistent-keepalive': return p.persistentKeepalive ? String(p.persistentKeepalive) : 'off';
    case 'transfer': return `${p.rxBytes}\t${p.txBytes}`;
    default: return '';
  }
}

function dumpLines(d: WgDeviceView): string[] {
  const fwmark = d.fwmark ? `0x${d.fwmark.toString(16)}` : 'off';
  return [
    `${key(d.privateKey)}\t${key(d.publicKey)}\t${d.listenPort}\t${fwmark}`,
    ...livePeers(d).map((p) => [toBase64(p.publicKey), key(p.presharedKey), endpoint(p), p.allowedIps.length ? cidrs(p).join(',') : '(none)',
      String(seconds(p.lastHandshake)), String(p.rxBytes), String(p.txBytes), p.persistentKeepalive ? String(p.persistentKeepalive) : 'off'].join('\t')),
  ];
}

/** `wg show <interface>|all <field>`: with `all` (prefix true) every line starts with the interface name and a tab. */
export function showField(ifaces: WgIface[], field: ShowField, prefix: boolean): string {
  const lines: string[] = [];
  for (const { name, device: d } of ifaces) {
    const pre = prefix ? `${name}\t` : '';
    let own: string[];
    switch (field) {
      case 'public-key': own = [key(d.publicKey)]; break;
      case 'private-key': own = [key(d.privateKey)]; break;
      case 'listen-port': own = [String(d.listenPort)]; break;
      case 'fwmark': own = [d.fwmark ? `0x${d.fwmark.toString(16)}` : 'off']; break;
      case 'peers': own = livePeers(d).map((p) => toBase64(p.publicKey)); break;
      case 'dump': own = dumpLines(d); break;
      default: own = livePeers(d).map((p) => `${toBase64(p.publicKey)}\t${peerValue(p, field)}`);
    }
    lines.push(...own.map((l) => pre + l));
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** `wg showconf <interface>`: the device as a configuration file (wg(8) CONFIGURATION FILE FORMAT). */
export function showConf(d: WgDeviceView): string {
  let t = '[Interface]\n';
  if (d.listenPort) t += `ListenPort = ${d.listenPort}\n`;
  if (d.fwmark) t += `FwMark = 0x${d.fwmark.toString(16)}\n`;
  if (isSet(d.privateKey)) t += `PrivateKey = ${toBase64(d.privateKey)}\n`;
  for (const p of livePeers(d)) {
    t += `\n[Peer]\nPublicKey = ${toBase64(p.publicKey)}\n`;
    if (isSet(p.presharedKey)) t += `PresharedKey = ${toBase64(p.presharedKey)}\n`;
    if (p.allowedIps.length) t += `AllowedIPs = ${cidrs(p).join(', ')}\n`;
    if (p.endpoint) t += `Endpoint = ${endpoint(p)}\n`;
    if (p.persistentKeepalive) t += `PersistentKeepalive = ${p.persistentKeepalive}\n`;
  }
  return t;
}
