/**
 * tcpdump on a node or inside a pod: live captures on one of the place's interfaces (or `-i any`, as Linux cooked
 * v2), reading (`-r`) and writing (`-w`, pcapng into the terminal's files, downloadable) captures, filter
 * expressions, and the output formats of tcpdump 4.99.3 (the printer in ../tcpdump/format.ts; what it prints is
 * compared line for line with the real tcpdump in tests). Packets come from the engine's frame events at the
 * interface's capture point: the bytes on that wire, nothing else.
 */
import type { Command, CommandCtx, CommandResult } from '../types';
import { placeHost, signalCode } from '../types';
import type { FrameEvent } from '../../sim/events';
import { LinkType } from '../../net/dissect/tree';
import { parseIp } from '../../net/addr';
import { resolveName } from '../../sim/cluster';
import { writePcapng, type PcapngPacket } from '../../capture/pcapng';
import { readCapture, CaptureFormatError } from '../../capture/pcapRead';
import { captureStats, createPrinter, listeningBanner, readingBanner, type Printer } from '../tcpdump/format';
import { compileFilter, type FilterPacket } from '../tcpdump/filter';
import { toCookedV2 } from '../tcpdump/cookedFrame';
import { parseTcpdumpArgs, USAGE, VERSION, type TcpdumpArgs } from './tcpdumpArgs';

const MAN = `tcpdump [-AenSvxX] [-c count] [-i interface|any] [-r file] [-w file] [expression]
  Prints the packets crossing an interface of this node or pod, as tcpdump 4.99 does.
  -i IFACE  capture on IFACE (default: eth0); any: every interface, with In/Out columns
  -n, -nn   do not convert port numbers to names    -c N   stop after N packets
  -v, -vv   more header detail                       -e     print the Ethernet header
  -X, -XX   hex and ASCII of each packet             -A     ASCII of each packet
  -w FILE   write the packets to FILE (pcapng, download it from the terminal's files)
  -r FILE   read packets from FILE instead of an interface
  expression: host A, src/dst host A, net 10.244.0.0/16, port 8080, portrange 1-1024, tcp, udp, icmp, esp, arp,
    proto 50, tcp[tcpflags] & tcp-syn != 0, combined with and, or, not and parentheses.`;

/** Host names this place can resolve: node names (/etc/hosts), and service names from a pod (cluster DNS). */
function resolver(ctx: CommandCtx): (name: string) => number[] | undefined {
  return (name) => {
    const node = ctx.st.cluster.nodes.find((n) => n.name === name);
    if (node) return [parseIp(node.ip)];
    if (ctx.place.kind !== 'pod') return undefined;
    const ip = resolveName(ctx.st.cluster, name, ctx.place.namespace);
    return ip ? [parseIp(ip)] : undefined;
  };
}

/** The compiled filter's predicate, or null after printing tcpdump's complaint. */
function compile(ctx: CommandCtx, a: TcpdumpArgs, linkType: number, savefile: boolean): ((p: FilterPacket) => boolean) | null {
  const f = compileFilter(a.expression, linkType, { resolveHost: resolver(ctx), savefile });
  if (f.ok) return f.match;
  ctx.err(`${f.message}\n`);
  return null;
}

function printerFor(a: TcpdumpArgs, linkType: number): Printer {
  return createPrinter({ n: a.n, verbose: a.verbose, e: a.e, x: a.x, S: a.S, t: a.t, linkType });
}

/** `-r FILE`: every packet of a capture the terminal has (written by `tcpdump -w` or uploaded). */
function readFile(ctx: CommandCtx, a: TcpdumpArgs, path: string): number {
  const bytes = ctx.files.read(path);
  if (!bytes) {
    ctx.err(`tcpdump: ${path}: No such file or directory\n`);
    return 1;
  }
  let cap;
  try {
    cap = readCapture(bytes);
  } catch (e) {
    if (!(e instanceof CaptureFormatError)) throw e;
    ctx.err(`tcpdump: ${path}: unknown file format\n`);
    return 1;
  }
  const linkType = cap.interfaces[0]?.linkType ?? LinkType.ETHERNET;
  const match = compile(ctx, a, linkType, true);
  if (!match) return 1;
  // The file's own snapshot length (0 in a pcapng means no limit: libpcap reports its maximum then).
  const snaplen = cap.interfaces[0]?.snaplen || undefined;
  ctx.err(readingBanner(path, linkType, snaplen).map((l) => `${l}\n`).join(''));
  const printer = printerFor(a, linkType);
  let shown = 0;
  for (const p of cap.packets) {
    if (a.count !== undefined && shown >= a.count) break;
    if (cap.interfaces[p.ifIndex]?.linkType !== linkType) continue;
    if (!match({ data: p.data, wireLength: p.origLen, direction: p.direction })) continue;
    shown++;
    ctx.out(printer.print(p.data, p.tsUs, { origLen: p.origLen, dir: p.direction }).map((l) => `${l}\n`).join(''));
  }
  return 0;
}

function live(ctx: CommandCtx, a: TcpdumpArgs): CommandResult {
  const host = ctx.st.hosts[placeHost(ctx.place)];
  const name = a.iface ?? 'eth0';
  const any = name === 'any';
  const points = any ? host.ifaces : host.ifaces.filter((id) => ctx.st.ifaces[id].name === name);
  if (!points.length) {
    ctx.err(`tcpdump: ${name}: No such device exists\n(No such device exists)\n`);
    return 1;
  }
  const linkType = any ? LinkType.LINUX_SLL2 : ctx.st.ifaces[points[0]].linkType;
  const match = compile(ctx, a, linkType, false);
  if (!match) return 1;
  const printer = printerFor(a, linkType);
  ctx.err(listeningBanner(name, linkType, { verbose: a.verbose, writing: !!a.write }).map((l) => `${l}\n`).join(''));
  let captured = 0, received = 0;
  const written: PcapngPacket[] = [];
  let done = false;
  const finish = (signalled: boolean) => {
    done = true;
    if (a.write) {
      ctx.files.write(a.write, writePcapng({ interfaces: [{ linkType, name }], packets: written }));
    }
    ctx.err(`${signalled ? '\n' : ''}${captureStats(captured, received).map((l) => `${l}\n`).join('')}`);
    ctx.exit(0);
  };
  const onFrame = (f: FrameEvent) => {
    if (done || !points.includes(f.point)) return;
    const iface = ctx.st.ifaces[f.point];
    const data = any ? toCookedV2(f.frame, { linkType: f.linkType, ifindex: iface.ifindex, dir: f.dir, ownMac: iface.mac }) : f.frame;
    if (!data) return;
    received++;
    if (!match({ data, direction: f.dir })) return;
    captured++;
    if (a.write) written.push({ ifIndex: 0, tsUs: f.t, data, direction: f.dir });
    else ctx.out(printer.print(data, f.t, { iface: iface.name, dir: f.dir }).map((l) => `${l}\n`).join(''));
    if (a.count !== undefined && captured >= a.count) finish(false);
  };
  return {
    onEvent(e) {
      if (e.name === 'frame') onFrame(e.ev as FrameEvent);
    },
    interrupt(sig) {
      if (done) return;
      if (sig === 'PIPE') {
        done = true;
        return ctx.exit(signalCode(sig));
      }
      finish(true);
    },
  };
}

export const tcpdump: Command = {
  name: 'tcpdump',
  summary: 'dump the packets crossing an interface',
  where: 'any',
  man: MAN,
  run(argv, ctx) {
    const a = parseTcpdumpArgs(argv);
    if ('error' in a) {
      ctx.err(a.error);
      return 1;
    }
    if (a.help) {
      ctx.out(USAGE);
      return 0;
    }
    if (a.version) {
      ctx.out(VERSION);
      return 0;
    }
    if (a.read) return readFile(ctx, a, a.read);
    return live(ctx, a);
  },
  complete(argv, index, st, place) {
    const prev = argv[index - 1];
    if (prev === '-i') return ['any', ...st.hosts[placeHost(place)].ifaces.map((id) => st.ifaces[id].name)];
    if (argv[index].startsWith('-')) return ['-i', '-n', '-nn', '-c', '-v', '-vv', '-e', '-X', '-XX', '-A', '-w', '-r', '-l'];
    return ['host', 'src', 'dst', 'net', 'port', 'portrange', 'tcp', 'udp', 'icmp', 'esp', 'arp', 'and', 'or', 'not'];
  },
};
