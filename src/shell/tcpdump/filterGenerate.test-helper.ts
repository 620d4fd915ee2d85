/**
 * Test support: random filter expressions from a seeded generator. `expression` draws from pcap-filter(7)'s
 * grammar (qualifiers, ids, parentheses, `and`/`or`/`not`, header loads and arithmetic), biased towards the
 * addresses and ports of the lab so that expressions select some packets and not others; `mutate` then breaks
 * them (drops, doubles or swaps tokens, inserts stray characters) to exercise the error paths.
 */
import { createRng, randomInt, type RngState } from '../../sim/rng';

const HOSTS = ['10.244.1.23', '10.244.2.42', '192.168.61.11', '192.168.61.12', '10.96.0.10', '224.0.0.251', '10.244.1',
  '10.244', '1.2.3.4', '255.255.255.255', '0x0af40117'];
const NETS = ['10.244.0.0/16', '10.244.1.0/24', '10.244', '10', '192.168.61.0 mask 255.255.255.0', '10.96.0.0/12',
  '0.0.0.0/0', '10.244.1.23/32', '224.0.0.0/4'];
const PORTS = ['8080', '80', '443', '53', '8472', '4789', '51871', '5353', '3868', '51116', 'http', 'http-alt', 'domain',
  'https', 'www', '0x1f90', '67'];
const RANGES = ['8000-8100', '1-1024', '50000-60000', '53-domain', 'http-http-alt', '5353', '4000-5000'];
const PROTOS = ['tcp', 'udp', 'icmp', 'arp', 'ip', 'ip6', 'esp', 'ah', 'sctp', 'igmp', 'icmp6', 'rarp', 'pim', 'vrrp'];
const MACS = ['0a:58:0a:f4:01:17', '0a:58:0a:f4:02:2a', 'ff:ff:ff:ff:ff:ff', '52:54:00:00:00:01', '0a580af4022a'];
const LOADS = ['tcp[13]', 'tcp[tcpflags]', 'ip[9]', 'ip[8]', 'ip[0] & 0xf', 'ip[2:2]', 'udp[2:2]', 'icmp[icmptype]',
  'ether[12:2]', 'ether[0] & 1', 'tcp[0:2]', 'ip[6:2] & 0x1fff', 'ip6[6]', 'arp[7]', 'len', 'tcp[12] >> 4', 'ip[1] & 0xfc'];
const VALUES = ['0', '1', '2', '6', '17', '64', '0x12', 'tcp-syn', 'tcp-ack', '(tcp-syn|tcp-ack)', 'icmp-echo', '8080',
  '0x0800', '100', '1000'];
const RELOPS = ['=', '==', '!=', '>', '<', '>=', '<='];
const ARITH = ['+', '-', '*', '&', '|', '<<', '>>', '%', '^', '/'];

function pick<T>(r: RngState, xs: readonly T[]): T {
  return xs[randomInt(r, 0, xs.length - 1)];
}

function chance(r: RngState, percent: number): boolean {
  return randomInt(r, 1, 100) <= percent;
}

function dir(r: RngState): string {
  return pick(r, ['', '', '', 'src ', 'dst ', 'src or dst ', 'src and dst ']);
}

/** One primitive, or a bare id that inherits the previous qualifiers when `bare` allows it. */
function primitive(r: RngState, bare: boolean): string {
  if (bare && chance(r, 15)) return pick(r, [...HOSTS, ...PORTS.filter((p) => /^[0-9]/.test(p))]);
  switch (randomInt(r, 0, 11)) {
    case 0: return `${pick(r, ['', '', 'ip ', 'arp '])}${dir(r)}host ${pick(r, HOSTS)}`;
    case 1: return `${dir(r)}net ${pick(r, NETS)}`;
    case 2: return `${pick(r, ['', '', 'tcp ', 'udp '])}${dir(r)}port ${pick(r, PORTS)}`;
    case 3: return `${pick(r, ['', 'tcp ', 'udp '])}${dir(r)}portrange ${pick(r, RANGES)}`;
    case 4: case 5: return pick(r, PROTOS);
    case 6: return `${pick(r, ['', 'ip ', 'ip6 '])}proto ${pick(r, ['6', '17', '50', '1', '\\tcp', '\\udp', '\\esp', '132'])}`;
    case 7: return `ether ${pick(r, ['', 'src ', 'dst '])}host ${pick(r, MACS)}`;
    case 8: return `${pick(r, LOADS)} ${pick(r, RELOPS)} ${pick(r, VALUES)}`;
    case 9: return `${pick(r, LOADS)} ${pick(r, ARITH)} ${pick(r, VALUES)} ${pick(r, RELOPS)} ${pick(r, VALUES)}`;
    case 10: return pick(r, ['less 60', 'greater 100', 'broadcast', 'multicast', 'ip multicast', 'ip broadcast', 'ether broadcast',
      'ether proto \\arp', 'ether proto 0x86dd', 'ip6 multicast', 'len > 1000']);
    default: return `${dir(r).trim() || 'src'} ${pick(r, HOSTS)}`;
  }
}

/** A random expression of up to `depth` levels of nesting. */
export function expression(r: RngState, depth = 3): string {
  const parts: string[] = [];
  const n = randomInt(r, 1, 3);
  for (let i = 0; i < n; i++) {
    let term = depth > 0 && chance(r, 20) ? `(${expression(r, depth - 1)})` : primitive(r, i > 0);
    if (chance(r, 20)) term = `${pick(r, ['not ', '!', 'not not '])}${term}`;
    if (i > 0) parts.push(pick(r, ['and', 'or', '&&', '||', 'and', 'or']));
    parts.push(term);
  }
  return parts.join(' ');
}

const STRAY = ['(', ')', '[', ']', ':', '!', '&', '|', '=', '-', '.', '/', '\\', '#', '"', "'", '@', '$1', ' ', '0', '1.2',
  'and', 'or', 'not', 'host', 'port', 'tcp', 'src', '08', '99999999999', 'mask', '::1', 'a:b:c', 'vlan', 'é'];

/** Breaks an expression: removes, repeats or swaps tokens and inserts stray ones. */
export function mutate(r: RngState, expr: string): string {
  const toks = expr.split(/(\s+|[()[\]])/).filter((t) => t && !/^\s+$/.test(t));
  const edits = randomInt(r, 1, 3);
  for (let e = 0; e < edits; e++) {
    const i = randomInt(r, 0, Math.max(0, toks.length - 1));
    switch (randomInt(r, 0, 3)) {
      case 0: toks.splice(i, 1); break;
      case 1: toks.splice(i, 0, toks[i] ?? 'tcp'); break;
      case 2: if (toks.length > 1) [toks[i], toks[toks.length - 1 - i]] = [toks[toks.length - 1 - i], toks[i]]; break;
      default: toks.splice(i, 0, pick(r, STRAY));
    }
  }
  return toks.join(chance(r, 80) ? ' ' : '');
}

export function expressions(seed: string, count: number, mutatedPercent: number): string[] {
  const r = createRng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const e = expression(r);
    out.push(chance(r, mutatedPercent) ? mutate(r, e) : e);
  }
  return out;
}
