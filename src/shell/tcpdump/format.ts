/**
 * The tcpdump printer: a frame's bytes in, the lines Debian's tcpdump 4.99.3 prints for it out (checked line for
 * line against the real tool in formatCompare.test.ts, formatFrames.test.ts and formatFuzz.test.ts). Written
 * from tcpdump(8), pcap-filter(7), the RFCs and the LINKTYPE documentation, and from watching what the tool
 * prints; no tcpdump source went into it.
 *
 * One printer per capture: it keeps what tcpdump keeps between packets (the TCP connections' initial sequence
 * numbers for relative numbering, the previous time stamp for -ttt). It never throws: bytes that run out end
 * the packet's text with tcpdump's ` [|proto]` marker.
 */
import { LinkType } from '../../net/dissect/tree';
import { Ctx, Truncated } from './printCtx';
import { asciiText, hexLines } from './printHex';
import { dumpUnprinted, printEthernet, printRaw, printSll2 } from './printLink';
import { Clock } from './printTime';
import { SeqTable } from './tcpSeq';

export type HexMode = 'none' | 'x' | 'xx' | 'X' | 'XX' | 'A' | 'AA';

export interface PrinterOptions {
  /** 0: port names from /etc/services; 1 (-n) and 2 (-nn): numbers. Addresses are always numeric. */
  n: 0 | 1 | 2;
  verbose: 0 | 1 | 2 | 3;
  /** -e: the link-level header. */
  e: boolean;
  x: HexMode;
  /** LinkType (src/net/dissect/tree.ts). */
  linkType: number;
  /** -S: absolute TCP sequence numbers. */
  S?: boolean;
  /** The number of -t flags. */
  t?: 0 | 1 | 2 | 3 | 4 | 5;
}

/** What the capture knows about a packet besides its bytes. */
export interface PacketMeta {
  /** Linux cooked captures (-i any): the interface name tcpdump shows. */
  iface?: string;
  dir?: 'in' | 'out';
  /** The packet's length on the wire, when the capture kept fewer bytes. */
  origLen?: number;
}

export interface Printer {
  readonly options: PrinterOptions;
  /** The lines tcpdump prints for one packet (its time stamp first). */
  print(frame: Uint8Array, tUs: number, meta?: PacketMeta): string[];
  /** Forgets the connections and times seen so far, as a new tcpdump process would. */
  reset(): void;
  readingBanner(file: string, snaplen?: number): string[];
  listeningBanner(iface: string, opts?: { writing?: boolean; snaplen?: number }): string[];
}

export const DEFAULT_SNAPLEN = 262144;

const LINK_NAMES: Record<number, string> = {
  [LinkType.ETHERNET]: 'EN10MB (Ethernet)',
  [LinkType.RAW]: 'RAW (Raw IP)',
  [LinkType.LINUX_SLL2]: 'LINUX_SLL2 (Linux cooked v2)',
};

/** `EN10MB (Ethernet)`; a link type tcpdump has no name for is `link-type 147`. */
export function linkTypeText(linkType: number): string {
  return LINK_NAMES[linkType] ?? `link-type ${linkType}`;
}

/** `link-type EN10MB (Ethernet)`, `link-type 147`, as the banners say it. */
const linkTypePhrase = (linkType: number): string =>
  LINK_NAMES[linkType] ? `link-type ${LINK_NAMES[linkType]}` : `link-type ${linkType}`;

/** What `tcpdump -r FILE` writes to stderr before the packets. */
export function readingBanner(file: string, linkType: number, snaplen = DEFAULT_SNAPLEN): string[] {
  const lines = [`reading from file ${file}, ${linkTypePhrase(linkType)}, snapshot length ${snaplen}`];
  if (linkType === LinkType.LINUX_SLL2) lines.push('Warning: interface names might be incorrect');
  return lines;
}

/** What a live capture writes to stderr when it starts (`-w` writes packets instead of decoding them). */
export function listeningBanner(iface: string, linkType: number, opts: { verbose?: number; writing?: boolean; snaplen?: number } = {}): string[] {
  const lines = linkType === LinkType.LINUX_SLL2 ? ['tcpdump: data link type LINUX_SLL2'] : [];
  const listening = `listening on ${iface}, ${linkTypePhrase(linkType)}, snapshot length ${opts.snaplen ?? DEFAULT_SNAPLEN} bytes`;
  if ((opts.verbose ?? 0) > 0 || opts.writing) lines.push(`tcpdump: ${listening}`);
  else lines.push('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode', listening);
  return lines;
}

/** The counts a live capture prints when it stops. */
export function captureStats(captured: number, received: number, dropped = 0): string[] {
  const packets = (n: number): string => `${n} packet${n === 1 ? '' : 's'}`;
  return [`${packets(captured)} captured`, `${packets(received)} received by filter`, `${packets(dropped)} dropped by kernel`];
}

export function createPrinter(opts: Partial<PrinterOptions> & { linkType: number }): Printer {
  const options: PrinterOptions = { n: 2, verbose: 0, e: false, x: 'none', S: false, t: 0, ...opts };
  const seqs = new SeqTable();
  const clock = new Clock(options.t ?? 0);
  return {
    options,
    print: (frame, tUs, meta = {}) => printPacket(options, seqs, clock, frame, tUs, meta),
    reset: () => {
      seqs.reset();
      clock.reset();
    },
    readingBanner: (file, snaplen) => readingBanner(file, options.linkType, snaplen),
    listeningBanner: (iface, o = {}) => listeningBanner(iface, options.linkType, { ...o, verbose: options.verbose }),
  };
}

function printPacket(o: PrinterOptions, seqs: SeqTable, clock: Clock, frame: Uint8Array, tUs: number, meta: PacketMeta): string[] {
  const wire = Math.max(meta.origLen ?? frame.length, frame.length);
  if (frame.length === 0) return [`[Invalid header: caplen==0${wire === 0 ? ', len==0' : ''}]`];
  const c = new Ctx(frame, o, seqs);
  try {
    if (o.linkType === LinkType.ETHERNET) {
      c.linkEnd = frame.length;
      printEthernet(c, 0, wire);
    } else if (o.linkType === LinkType.RAW) {
      printRaw(c, wire);
    } else if (o.linkType === LinkType.LINUX_SLL2) {
      printSll2(c, wire, meta.iface);
    } else {
      c.put('UNSUPPORTED');
      dumpUnprinted(c, 0);
    }
  } catch (e) {
    if (e instanceof Truncated) c.cutShort(e);
    else c.put(` [printer error: ${e instanceof Error ? e.message : String(e)}]`);
  }
  return (clock.stamp(tUs) + c.text + dump(o.x, frame, c.hardCut ? 0 : c.linkEnd)).split('\n');
}

/** The -x/-xx/-X/-XX/-A/-AA part: from the end of the link header, or from the first byte when doubled. */
function dump(mode: HexMode, b: Uint8Array, linkEnd: number): string {
  if (mode === 'none') return '';
  const from = mode.length === 2 ? 0 : Math.min(linkEnd, b.length);
  if (from >= b.length) return '';
  if (mode === 'A' || mode === 'AA') return asciiText(b, from, b.length);
  const lines = hexLines(b, from, b.length, mode === 'X' || mode === 'XX');
  return lines.length ? '\n' + lines.join('\n') : '';
}
