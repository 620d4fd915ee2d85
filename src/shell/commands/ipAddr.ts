/**
 * `ip addr` and `ip link` as iproute2 6.1 prints them (ip/ipaddress.c), from the interfaces of one network
 * namespace in the engine state: the loopback (display only), veths shown as `eth0@if12` with their peer's
 * ifindex and `link-netnsid`, IPv4 addresses with their label, and the IPv6 link-local address the kernel derives
 * from each Ethernet MAC (EUI-64). Layer-3 devices without a link layer (WireGuard's `cilium_wg0`,
 * `wireguard.cali`: link type RAW) show as `<POINTOPOINT,NOARP,UP,LOWER_UP>` with `link/none` and no IPv6
 * link-local address. Cilium's `cilium_host` is one end of the cilium_host/cilium_net veth pair on a real node
 * (`cilium_host@cilium_net: <BROADCAST,MULTICAST,NOARP,UP,LOWER_UP> ... state UP`, its address `scope global`);
 * the lab has no cilium_net, so only cilium_host is listed (partial), under its real name and flags.
 */
import type { SimState, Host, Iface } from '../../sim/state';
import { fmtIp, fmtMac, maskOf } from '../../net/addr';
import { LinkType } from '../../net/dissect/tree';

export interface Link {
  index: number;
  name: string;
  /** `eth0@if12` for a veth. */
  display: string;
  flags: string;
  mtu: number;
  qdisc: string;
  state: 'UP' | 'UNKNOWN';
  kind: 'loopback' | 'ether' | 'none';
  mac: string;
  netns: string;
  inet: { ip: string; prefix: number; brd?: string; scope: 'global' | 'host' }[];
  inet6: { ip: string; prefix: number; scope: 'link' | 'host' }[];
}

/** RFC 5952 text for eight 16-bit groups. */
function ipv6Text(g: number[]): string {
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The EUI-64 link-local address of a MAC: fe80::(mac[0]^2)(mac[1]):(mac[2])ff:fe(mac[3]):(mac[4])(mac[5]). */
export function linkLocal(mac: Uint8Array): string {
  const b = [mac[0] ^ 0x02, mac[1], mac[2], 0xff, 0xfe, mac[3], mac[4], mac[5]];
  return ipv6Text([0xfe80, 0, 0, 0, (b[0] << 8) | b[1], (b[2] << 8) | b[3], (b[4] << 8) | b[5], (b[6] << 8) | b[7]]);
}

const LO: Link = {
  index: 1, name: 'lo', display: 'lo', flags: 'LOOPBACK,UP,LOWER_UP', mtu: 65536, qdisc: 'noqueue', state: 'UNKNOWN',
  kind: 'loopback', mac: '00:00:00:00:00:00', netns: '', inet: [{ ip: '127.0.0.1', prefix: 8, scope: 'host' }],
  inet6: [{ ip: '::1', prefix: 128, scope: 'host' }],
};

function toLink(st: SimState, host: Host, i: Iface): Link {
  let display = i.name, netns = '';
  if (i.link.kind === 'veth') {
    const peer = st.ifaces[i.link.peer];
    if (peer) display = `${i.name}@if${peer.ifindex}`;
    // From a pod, the node's namespace is netnsid 0; from the node, each pod namespace gets the next id.
    const veths = host.ifaces.filter((x) => st.ifaces[x]?.link.kind === 'veth');
    netns = ` link-netnsid ${host.kind === 'pod' ? 0 : veths.indexOf(i.id)}`;
  }
  const inet = i.addrs.map((a) => ({
    ip: fmtIp(a.ip), prefix: a.prefix, scope: 'global' as const,
    ...(a.prefix < 31 ? { brd: fmtIp((a.ip | ~maskOf(a.prefix)) >>> 0) } : {}),
  }));
  if (i.linkType === LinkType.RAW) {
    return {
      index: i.ifindex, name: i.name, display, flags: 'POINTOPOINT,NOARP,UP,LOWER_UP', mtu: i.mtu, qdisc: 'noqueue',
      state: 'UNKNOWN', kind: 'none', mac: '', netns, inet: inet.map(({ brd: _brd, ...a }) => a), inet6: [],
    };
  }
  if (i.name === 'cilium_host' && i.link.kind === 'none') {
    return {
      index: i.ifindex, name: i.name, display: 'cilium_host@cilium_net', flags: 'BROADCAST,MULTICAST,NOARP,UP,LOWER_UP', mtu: i.mtu,
      qdisc: 'noqueue', state: 'UP', kind: 'ether', mac: fmtMac(i.mac), netns, inet, inet6: [{ ip: linkLocal(i.mac), prefix: 64, scope: 'link' }],
    };
  }
  return {
    index: i.ifindex, name: i.name, display, flags: 'BROADCAST,MULTICAST,UP,LOWER_UP', mtu: i.mtu,
    qdisc: i.link.kind === 'segment' ? 'fq_codel' : 'noqueue', state: i.link.kind === 'none' ? 'UNKNOWN' : 'UP',
    kind: 'ether', mac: fmtMac(i.mac), netns, inet,
    inet6: [{ ip: linkLocal(i.mac), prefix: 64, scope: 'link' }],
  };
}

/** The links of a namespace, by ifindex, loopback first. */
export function linksOf(st: SimState, hostId: string): Link[] {
  const host = st.hosts[hostId];
  if (!host) return [LO];
  // Every namespace has lo; pods model theirs as a device (it carries app <-> sidecar traffic): show it once, as lo.
  const links = host.ifaces.map((id) => st.ifaces[id]).filter((i): i is Iface => !!i && i.link.kind !== 'loopback').map((i) => toLink(st, host, i));
  return [LO, ...links.sort((a, b) => a.index - b.index)];
}

export type Family = 'inet' | 'inet6' | 'any';

function header(l: Link, withMode: boolean): string {
  const mode = withMode ? 'mode DEFAULT ' : '';
  const brd = l.kind === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff';
  // A device without a link-layer address prints only its type (and the space after it).
  const link = l.kind === 'none' ? 'link/none ' : `link/${l.kind} ${l.mac} brd ${brd}${l.netns}`;
  return `${l.index}: ${l.display}: <${l.flags}> mtu ${l.mtu} qdisc ${l.qdisc} state ${l.state} ${mode}group default qlen 1000\n`
    + `    ${link}\n`;
}

const LFT = '       valid_lft forever preferred_lft forever\n';

/** `ip addr [show [dev] NAME]`. */
export function showAddr(links: Link[], family: Family): string {
  let out = '';
  for (const l of links) {
    const v4 = family !== 'inet6' ? l.inet : [];
    const v6 = family !== 'inet' ? l.inet6 : [];
    if (family !== 'any' && v4.length + v6.length === 0) continue;
    out += header(l, false);
    for (const a of v4) out += `    inet ${a.ip}/${a.prefix}${a.brd ? ` brd ${a.brd}` : ''} scope ${a.scope} ${l.name}\n${LFT}`;
    for (const a of v6) out += `    inet6 ${a.ip}/${a.prefix} scope ${a.scope} \n${LFT}`;
  }
  return out;
}

/** `ip -br addr`. */
export function briefAddr(links: Link[], family: Family): string {
  let out = '';
  for (const l of links) {
    const addrs = [...(family !== 'inet6' ? l.inet : []), ...(family !== 'inet' ? l.inet6 : [])];
    if (family !== 'any' && addrs.length === 0) continue;
    out += `${l.display.padEnd(16)} ${l.state.padEnd(14)} ${addrs.map((a) => `${a.ip}/${a.prefix} `).join('')}\n`;
  }
  return out;
}

/** `ip link [show [dev] NAME]`. */
export function showLink(links: Link[]): string {
  return links.map((l) => header(l, true)).join('');
}

/** `ip -br link`. */
export function briefLink(links: Link[]): string {
  return links.map((l) => `${l.display.padEnd(16)} ${l.state.padEnd(14)} ${l.mac ? `${l.mac} ` : ''}<${l.flags}> \n`).join('');
}
