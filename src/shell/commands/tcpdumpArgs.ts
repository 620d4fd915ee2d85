/**
 * tcpdump's command line as getopt reads it (tcpdump(8)): clustered short options (`-nnvvX`, `-c5`), options
 * taking a value (`-c 5`, `-i eth0`), the long options the lab supports, options anywhere among the words (GNU
 * getopt permutes), and the remaining words joined into the filter expression. Errors read like tcpdump's.
 */

export interface TcpdumpArgs {
  iface?: string;
  count?: number;
  n: 0 | 1 | 2;
  verbose: 0 | 1 | 2 | 3;
  e: boolean;
  x: 'none' | 'x' | 'xx' | 'X' | 'XX' | 'A' | 'AA';
  S: boolean;
  t: 0 | 1 | 2 | 3 | 4 | 5;
  read?: string;
  write?: string;
  expression: string;
  help: boolean;
  version: boolean;
}

/** What tcpdump 4.99.3 prints with its usage (as Debian 12 builds it). */
export const VERSION = 'tcpdump version 4.99.3\nlibpcap version 1.10.3 (with TPACKET_V3)\nOpenSSL 3.0.19 27 Jan 2026\n';
export const USAGE = `${VERSION}Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]
\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]
\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]
\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]
\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]
\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]
\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]
\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]
`;

/** Options tcpdump has that take a value, and those without one; the lab implements a subset of each. */
const WITH_VALUE = new Set('BcCEFGijMQrsTVwWyzZ');
const FLAGS = new Set('AbdDefhHIJKlLnNOpqStuUvxX#');
const IMPLEMENTED = new Set('AcenSvxXirwlht');

export function parseTcpdumpArgs(argv: string[]): TcpdumpArgs | { error: string } {
  const a: TcpdumpArgs = { n: 0, verbose: 0, e: false, x: 'none', S: false, t: 0, expression: '', help: false, version: false };
  let xs = 0, Xs = 0, As = 0;
  const words: string[] = [];
  const bad = (msg: string) => ({ error: `tcpdump: ${msg}\n` });
  const usage = (msg: string) => ({ error: `tcpdump: ${msg}\n${USAGE}` });
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (w.startsWith('--')) {
      const [name, inline] = w.slice(2).split(/=(.*)/s, 2);
      if (name === 'help') a.help = true;
      else if (name === 'version') a.version = true;
      else if (name === 'count') return bad("option '--count' is not supported in the lab");
      else if (['number', 'print', 'immediate-mode', 'micro', 'nano', 'time-stamp-precision'].includes(name)) {
        return bad(`option '--${name}' is not supported in the lab`);
      } else return usage(`unrecognized option '--${name}${inline !== undefined ? `=${inline}` : ''}'`);
      continue;
    }
    if (!w.startsWith('-') || w === '-') {
      words.push(w);
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      const o = w[j];
      if (WITH_VALUE.has(o)) {
        const value = j + 1 < w.length ? w.slice(j + 1) : argv[++i];
        if (value === undefined) return usage(`option requires an argument -- '${o}'`);
        if (!IMPLEMENTED.has(o)) return bad(`option -${o} is not supported in the lab`);
        if (o === 'c') {
          const n = Number(value);
          if (!/^\d+$/.test(value) || n <= 0 || !Number.isSafeInteger(n)) return bad(`invalid packet count ${value}`);
          a.count = n;
        } else if (o === 'i') a.iface = value;
        else if (o === 'r') a.read = value;
        else if (o === 'w') a.write = value;
        break;
      }
      if (!FLAGS.has(o)) return usage(`invalid option -- '${o}'`);
      if (!IMPLEMENTED.has(o)) return bad(`option -${o} is not supported in the lab`);
      switch (o) {
        case 'n': a.n = Math.min(2, a.n + 1) as TcpdumpArgs['n']; break;
        case 'v': a.verbose = Math.min(3, a.verbose + 1) as TcpdumpArgs['verbose']; break;
        case 'e': a.e = true; break;
        case 'S': a.S = true; break;
        case 't': a.t = Math.min(5, a.t + 1) as TcpdumpArgs['t']; break;
        case 'x': xs++; break;
        case 'X': Xs++; break;
        case 'A': As++; break;
        case 'h': a.help = true; break;
        case 'l': break; // line-buffered: every line is delivered as soon as it is printed anyway
      }
    }
  }
  // The last of -x/-X/-A wins in tcpdump; doubling includes the link-level header.
  if (As) a.x = As > 1 ? 'AA' : 'A';
  else if (Xs) a.x = Xs > 1 ? 'XX' : 'X';
  else if (xs) a.x = xs > 1 ? 'xx' : 'x';
  a.expression = words.join(' ');
  return a;
}
