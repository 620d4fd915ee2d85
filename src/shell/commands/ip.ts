/**
 * `ip` (iproute2 6.1, Debian 12), read-only: `ip [-4|-6] [-br] addr|link [show [dev] NAME]`, `ip route [show]`,
 * `ip route get ADDR`, `ip neigh [show] [dev NAME]`, `ip [-s] xfrm state|policy` (ipXfrm.ts), in the namespace the
 * terminal is in. Objects and commands may be abbreviated as iproute2 allows (`ip a`, `ip r g 10.0.0.1`, `ip n`,
 * `ip x s`). Changes (`add`, `del`, ...) are refused the way an unprivileged container would refuse them.
 */
import type { Command, CommandCtx } from '../types';
import { placeHost } from '../types';
import { parseIp } from '../../net/addr';
import { briefAddr, briefLink, linksOf, showAddr, showLink, type Family } from './ipAddr';
import { routeGet, showNeigh, showRoutes } from './ipRoute';
import { xfrm } from './ipXfrm';

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** iproute2's `matches(arg, word)`: arg is a non-empty prefix of word. */
const matches = (arg: string, word: string): boolean => arg.length > 0 && word.startsWith(arg);

const OBJECTS = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp',
  'fou', 'ila', 'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm', 'mroute',
  'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats', 'help'];

const MODIFY = ['add', 'change', 'chg', 'replace', 'delete', 'flush', 'set', 'append', 'prepend', 'save', 'restore'];

interface Opts {
  family: Family;
  brief: boolean;
  /** `-s`: statistics (shown by ip xfrm; other objects' counters are not modelled). */
  stats: boolean;
}

function fail(ctx: CommandCtx, msg: string, code: number): number {
  ctx.err(msg);
  return code;
}

/** `[show|list] [dev] NAME` for addr and link. */
function addrOrLink(args: string[], ctx: CommandCtx, o: Opts, link: boolean): number {
  const obj = link ? 'link' : 'address';
  let rest = args;
  if (rest.length && (matches(rest[0], 'show') || matches(rest[0], 'list') || rest[0] === 'lst')) rest = rest.slice(1);
  else if (rest.length && MODIFY.some((m) => matches(rest[0], m))) return fail(ctx, 'RTNETLINK answers: Operation not permitted\n', 2);
  else if (rest.length && matches(rest[0], 'help')) return fail(ctx, `Usage: ip ${obj} show [ dev IFNAME ]\n`, 255);
  let dev: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === 'dev') {
      if (i + 1 >= rest.length) return fail(ctx, 'Command line is not complete. Try option "help"\n', 255);
      dev = rest[++i];
    } else if (a === 'up') continue;
    else if (dev === undefined) dev = a;
    else return fail(ctx, `Error: either "dev" is duplicate, or "${a}" is a garbage.\n`, 255);
  }
  let links = linksOf(ctx.st, placeHost(ctx.place));
  if (dev !== undefined) {
    links = links.filter((l) => l.name === dev);
    if (!links.length) return fail(ctx, `Device "${dev}" does not exist.\n`, 1);
  }
  if (link) ctx.out(o.brief ? briefLink(links) : showLink(links));
  else ctx.out(o.brief ? briefAddr(links, o.family) : showAddr(links, o.family));
  return 0;
}

function route(args: string[], ctx: CommandCtx, o: Opts): number {
  const host = ctx.st.hosts[placeHost(ctx.place)];
  if (!host) return fail(ctx, 'Cannot open netlink socket: Operation not permitted\n', 1);
  const sub = args[0];
  if (sub === undefined || matches(sub, 'show') || matches(sub, 'list')) {
    if (o.family !== 'inet6') ctx.out(showRoutes(ctx.st, host));
    return 0;
  }
  if (matches(sub, 'get')) {
    let addr: string | undefined;
    for (let i = 1; i < args.length; i++) {
      const a = args[i] === 'to' ? args[++i] : args[i];
      if (a === undefined) return fail(ctx, 'Command line is not complete. Try option "help"\n', 255);
      if (addr !== undefined) return fail(ctx, `Error: either "to" is duplicate, or "${a}" is a garbage.\n`, 255);
      addr = a;
    }
    if (addr === undefined) return fail(ctx, 'need at least a destination address\n', 255);
    let ip: number;
    try {
      ip = parseIp(addr.replace(/\/32$/, ''));
    } catch {
      return fail(ctx, `Error: ${o.family === 'inet' ? 'inet' : 'any valid'} prefix is expected rather than "${addr}".\n`, 1);
    }
    const line = routeGet(ctx.st, host, ip);
    if (line === null) return fail(ctx, 'RTNETLINK answers: Network is unreachable\n', 2);
    ctx.out(line);
    return 0;
  }
  if (MODIFY.some((m) => matches(sub, m))) return fail(ctx, 'RTNETLINK answers: Operation not permitted\n', 2);
  if (matches(sub, 'help')) return fail(ctx, 'Usage: ip route { list | flush } SELECTOR\n       ip route get ADDRESS\n', 255);
  return fail(ctx, `Command "${sub}" is unknown, try "ip route help".\n`, 255);
}

function neigh(args: string[], ctx: CommandCtx): number {
  const host = ctx.st.hosts[placeHost(ctx.place)];
  if (!host) return fail(ctx, 'Cannot open netlink socket: Operation not permitted\n', 1);
  let rest = args;
  if (rest.length && (matches(rest[0], 'show') || matches(rest[0], 'list') || rest[0] === 'lst')) rest = rest.slice(1);
  else if (rest.length && MODIFY.some((m) => matches(rest[0], m))) return fail(ctx, 'RTNETLINK answers: Operation not permitted\n', 2);
  else if (rest.length) return fail(ctx, `Command "${rest[0]}" is unknown, try "ip neigh help".\n`, 255);
  let dev: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === 'dev' && rest[i + 1] !== undefined) dev = rest[++i];
    else return fail(ctx, `Error: either "to" is duplicate, or "${rest[i]}" is a garbage.\n`, 255);
  }
  if (dev !== undefined && !linksOf(ctx.st, host.id).some((l) => l.name === dev)) return fail(ctx, `Cannot find device "${dev}"\n`, 1);
  ctx.out(showNeigh(ctx.st, host, dev));
  return 0;
}

export const ip: Command = {
  name: 'ip',
  summary: 'show addresses, links, routes and neighbours of this network namespace (iproute2)',
  man: `IP(8)

NAME
  ip - show routing, network devices, interfaces (read-only in this lab)

SYNOPSIS
  ip [ -4 | -6 ] [ -br ] address [ show [ dev ] IFNAME ]
  ip [ -br ] link [ show [ dev ] IFNAME ]
  ip route [ show ]
  ip route get ADDRESS
  ip neigh [ show ] [ dev IFNAME ]
  ip [ -s ] xfrm state [ list | count ] [ src ADDR ] [ dst ADDR ] [ spi SPI ] [ reqid REQID ] [ nokeys ]
  ip [ -s ] xfrm policy [ list | count ] [ src ADDR[/PLEN] ] [ dst ADDR[/PLEN] ] [ dir in|out|fwd ]

  Objects and commands may be abbreviated: ip a, ip r, ip r g 10.244.2.14, ip n.
  In a pod you see the pod's namespace; on a node, the node's (eth0, the lxc-* or cali* veths, cilium_vxlan in
  tunnel mode, the WireGuard device cilium_wg0 or wireguard.cali when encryption runs).
  ip xfrm shows a Cilium IPsec node's xfrm states (one per remote node and direction per key: SPI = key id, the
  AES-GCM key and salt, the marks that steer packets to them, the sequence numbers and replay window) and the
  policies that send pod traffic through them; -s adds lifetimes, packet and byte counts and error statistics.
`,
  where: 'any',
  run(argv, ctx) {
    const o: Opts = { family: 'any', brief: false, stats: false };
    let i = 1;
    for (; i < argv.length && argv[i].startsWith('-') && argv[i].length > 1; i++) {
      const a = argv[i].replace(/^--/, '-');
      if (a === '-4') o.family = 'inet';
      else if (a === '-6') o.family = 'inet6';
      else if (matches(a, '-brief') && a.length >= 3) o.brief = true;
      else if ((matches(a, '-statistics') || a === '-stats') && a.length >= 2) o.stats = true;
      else if (matches(a, '-family') && a.length >= 2) {
        const f = argv[++i];
        if (f === 'inet' || f === 'inet6') o.family = f;
        else return fail(ctx, `Error: argument "${f ?? ''}" is wrong: invalid address family\n`, 255);
      } else if (matches(a, '-Version') && a.length >= 2) return (ctx.out('ip utility, iproute2-6.1.0, libbpf 1.1.0\n'), 0);
      else if (matches(a, '-help') && a.length >= 2) return fail(ctx, USAGE, 255);
      else return fail(ctx, `Option "${argv[i]}" is unknown, try "ip -help".\n`, 255);
    }
    const obj = argv[i];
    if (obj === undefined) return fail(ctx, USAGE, 255);
    const name = OBJECTS.find((w) => matches(obj, w));
    const rest = argv.slice(i + 1);
    if (o.stats && (name === 'address' || name === 'link' || name === 'neighbor' || name === 'neighbour')) {
      return fail(ctx, `ip -s ${name}: interface and neighbour statistics are not available in this lab (ip -s xfrm is)\n`, 1);
    }
    switch (name) {
      case 'address': return addrOrLink(rest, ctx, o, false);
      case 'link': return addrOrLink(rest, ctx, o, true);
      case 'route': return route(rest, ctx, o);
      case 'neighbor': case 'neighbour': return neigh(rest, ctx);
      case 'xfrm': return xfrm(rest, ctx, o.stats);
      case 'help': return fail(ctx, USAGE, 255);
      case undefined: return fail(ctx, `Object "${obj}" is unknown, try "ip help".\n`, 1);
      default: return fail(ctx, `ip ${name}: not available in this lab (try ip addr, ip link, ip route, ip neigh, ip xfrm)\n`, 1);
    }
  },
  complete(argv, index, st, place) {
    if (index === 1) return ['addr', 'link', 'route', 'neigh', 'xfrm', '-4', '-br', '-s'];
    const prev = argv[index - 1];
    if (prev === 'dev' || matches(argv[index - 2] ?? '', 'show')) return linksOf(st, placeHost(place)).map((l) => l.name);
    if (matches(argv[1] ?? '', 'route') && index === 2) return ['show', 'get'];
    if (argv[index - 1] === 'xfrm') return ['state', 'policy'];
    if (argv[index - 2] === 'xfrm') return ['list', 'count'];
    return [];
  },
};
