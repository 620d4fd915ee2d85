/**
 * tcpdump's filter expressions (pcap-filter(7)) for the lab's link types: compiles an expression into a matcher
 * over frame bytes, or into tcpdump's refusal, word for word. Written from the man page and from watching
 * Debian's tcpdump 4.99.3 as a black box.
 *
 *   lex (filterLex) → parse (filterParse, filterArith; primitives in filterPrimitives, filterAddr, filterPorts,
 *   filterLink) → a predicate (filterPred) → a decision graph, simplified (filterGraph) → run (filterRun).
 */
import type { LinkType } from '../../net/dissect/tree';
import { Cursor } from './filterCursor';
import { FilterError } from './filterError';
import { buildGraph, optimize, REJECT, survivingError } from './filterGraph';
import { lex } from './filterLex';
import { linkOf } from './filterLink';
import { parseFilter } from './filterParse';
import { compileGraph } from './filterRun';

export interface FilterOptions {
  /** Names the lab knows (pods, services, nodes) to IPv4 addresses; undefined when unknown. */
  resolveHost?: (name: string) => number[] | undefined;
  /** The capture interface's netmask, for `ip broadcast` (0, tcpdump's value when reading a file, if absent). */
  netmask?: number;
  /** Reading a capture file rather than capturing live (`inbound`/`outbound` then need SLL2's packet type). */
  savefile?: boolean;
}

export interface FilterPacket { data: Uint8Array; wireLength?: number; direction?: 'in' | 'out' }

export type CompiledFilter =
  | { ok: true; linkType: LinkType; match: (p: FilterPacket) => boolean }
  | { ok: false; linkType: LinkType; error: string; message: string };

/**
 * Compiles `expression` for frames of `linkType` (Ethernet, raw IP or Linux SLL2; any other number is refused).
 * An empty expression matches everything. Never throws.
 */
export function compileFilter(expression: string, type: LinkType | number, options: FilterOptions = {}): CompiledFilter {
  const linkType = type as LinkType;
  try {
    const link = linkOf(linkType);
    if (expression.trim() === '') return { ok: true, linkType, match: () => true };
    const ctx = { link, resolveHost: options.resolveHost, netmask: options.netmask ?? 0, savefile: options.savefile ?? false };
    const graph = optimize(buildGraph(parseFilter(new Cursor(lex(expression)), ctx)));
    if (graph.root === REJECT) throw new FilterError('expression rejects all packets');
    const refusal = survivingError(graph);
    if (refusal) throw new FilterError(refusal);
    const run = compileGraph(graph);
    return {
      ok: true,
      linkType,
      match: (p) => run({ data: p.data, len: p.wireLength ?? p.data.length, outbound: p.direction === 'out' }),
    };
  } catch (e) {
    let error: string;
    if (e instanceof FilterError) error = e.message;
    else if (e instanceof RangeError) error = "can't parse filter expression: memory exhausted";
    else error = `internal error: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, linkType, error, message: `tcpdump: ${error}` };
  }
}
