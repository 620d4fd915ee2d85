/**
 * A filter as a decision graph: each node runs one test and goes to one of two successors; the leaves accept or
 * reject. `and`/`or`/`not` become shared continuations (what `a` does on failure is what `b` does), so the graph
 * has the shape of the expression. Then the graph is simplified the way a packet-filter optimizer would: an edge
 * whose next test is already decided by what the path to it has established jumps past that test, and a test
 * whose two branches lead to the same place disappears. Both matter beyond speed: a test that is never run
 * never reads past the end of a short packet, and a graph that can only reject is an error for tcpdump.
 */
import { hasLoad, valueKey, type Pred, type Test } from './filterPred';

export const ACCEPT = -1;
export const REJECT = -2;

export interface GraphNode {
  test: Test;
  t: number;
  f: number;
  /** Identity of the test's outcome: equal keys, equal outcomes on the same packet. */
  key: string;
  /** For `value = k` tests: the value's key and k, to infer that other `value = k'` tests fail. */
  eqKey?: string;
  eqValue?: number;
}

export interface Graph { nodes: GraphNode[]; root: number }

function node(nodes: GraphNode[], test: Test, t: number, f: number): number {
  let key: string;
  let eqKey: string | undefined;
  let eqValue: number | undefined;
  if (test.kind === 'cmp') {
    const prefix = test.user && (hasLoad(test.a) || hasLoad(test.b)) ? 'x:' : 'p:';
    const a = prefix + valueKey(test.a);
    key = `${a} ${test.op} ${valueKey(test.b)}`;
    if (test.op === 'eq' && test.b.k === 'num') [eqKey, eqValue] = [a, test.b.n];
  } else key = test.kind === 'outbound' ? 'outbound' : `opaque ${nodes.length}`;
  nodes.push({ test, t, f, key, eqKey, eqValue });
  return nodes.length - 1;
}

/** Flattens a left-leaning chain of one operator (`a or b or c ...`) without recursing down it. */
function chain(p: Pred, op: 'and' | 'or'): Pred[] {
  const items: Pred[] = [];
  let q = p;
  while (q.k === op) {
    items.push(q.b);
    q = q.a;
  }
  items.push(q);
  return items.reverse();
}

export function buildGraph(p: Pred): Graph {
  const nodes: GraphNode[] = [];
  const build = (q: Pred, t: number, f: number): number => {
    let negate = false;
    while (q.k === 'not') {
      q = q.a;
      negate = !negate;
    }
    if (negate) [t, f] = [f, t];
    switch (q.k) {
      case 'const': return q.v ? t : f;
      case 'test': return node(nodes, q.t, t, f);
      case 'and': return chain(q, 'and').reduceRight((next, item) => build(item, next, f), t);
      case 'or': return chain(q, 'or').reduceRight((next, item) => build(item, t, next), f);
    }
  };
  return { nodes, root: build(p, ACCEPT, REJECT) };
}

/**
 * What every path to a node has established, newest first: test outcomes by key (an outcome `true` of a
 * `value = k` test also says the value is k). Shared and never changed, so extending a path's facts is cheap; only
 * the newest MAX_FACTS are consulted, which can only make the optimizer see less.
 */
interface Fact { key: string; outcome: boolean; eqKey?: string; eqValue?: number; parent?: Fact }

const MAX_FACTS = 64;

function decide(facts: Fact | undefined, n: GraphNode): boolean | undefined {
  let seen = 0;
  for (let f = facts; f && seen < MAX_FACTS; f = f.parent, seen++) {
    if (f.key === n.key) return f.outcome;
    if (f.outcome && n.eqKey !== undefined && f.eqKey === n.eqKey) return f.eqValue === n.eqValue;
  }
  return undefined;
}

function plus(facts: Fact | undefined, n: GraphNode, outcome: boolean): Fact | undefined {
  if (n.test.kind === 'opaque') return facts;
  return { key: n.key, outcome, eqKey: n.eqKey, eqValue: n.eqValue, parent: facts };
}

/** The facts both `a` and `b` hold. */
function meet(a: Fact | undefined, b: Fact | undefined): Fact | undefined {
  const inB = new Map<string, boolean>();
  let seen = 0;
  for (let f = b; f && seen < MAX_FACTS; f = f.parent, seen++) if (!inB.has(f.key)) inB.set(f.key, f.outcome);
  const kept: Fact[] = [];
  seen = 0;
  for (let f = a; f && seen < MAX_FACTS; f = f.parent, seen++) if (inB.get(f.key) === f.outcome) kept.push(f);
  let out: Fact | undefined;
  for (let i = kept.length - 1; i >= 0; i--) out = { ...kept[i], parent: out };
  return out;
}

/**
 * Redirects edges past tests that what dominates the edge has decided. The facts are those of the graph as it
 * stands (every path to a node passes the tests it knows), all computed before any edge moves, so a test skipped
 * on some paths in this round still informs the others. Successors always have lower indexes than their nodes.
 */
function thread(g: Graph): boolean {
  if (g.root < 0) return false;
  const facts: (Fact | undefined)[] = new Array(g.root + 1);
  const reached = new Uint8Array(g.root + 1);
  reached[g.root] = 1;
  for (let i = g.root; i >= 0; i--) {
    if (!reached[i]) continue;
    const n = g.nodes[i];
    for (const [outcome, target] of [[true, n.t], [false, n.f]] as const) {
      if (target < 0) continue;
      const f = plus(facts[i], n, outcome);
      facts[target] = reached[target] ? meet(facts[target], f) : f;
      reached[target] = 1;
    }
  }
  // successors first, so a walk can take a decided node's edge already threaded (what that node's facts decide,
  // this edge's facts, which include them, decide the same way)
  let changed = false;
  for (let i = 0; i <= g.root; i++) {
    if (!reached[i]) continue;
    const n = g.nodes[i];
    for (const outcome of [true, false]) {
      const known = plus(facts[i], n, outcome);
      const from = outcome ? n.t : n.f;
      let target = from;
      for (let d: boolean | undefined; target >= 0 && (d = decide(known, g.nodes[target])) !== undefined;) {
        target = d ? g.nodes[target].t : g.nodes[target].f;
      }
      if (target === from) continue;
      changed = true;
      if (outcome) n.t = target;
      else n.f = target;
    }
  }
  return changed;
}

/** Removes tests whose branches meet; returns whether anything changed. */
function prune(g: Graph): boolean {
  const to = new Int32Array(g.nodes.length);
  let changed = false;
  const resolve = (x: number): number => (x < 0 ? x : to[x]);
  g.nodes.forEach((n, i) => {
    n.t = resolve(n.t);
    n.f = resolve(n.f);
    to[i] = n.t === n.f ? n.t : i;
    if (to[i] !== i) changed = true;
  });
  g.root = resolve(g.root);
  return changed;
}

/**
 * Threads and prunes until nothing changes. A fixed-outcome (`opaque`) test is never skipped by threading; it
 * goes only once its branches meet, or as the very first test, whose outcome is then taken (as tcpdump's
 * optimizer sees through a constant comparison only there).
 */
export function optimize(g: Graph): Graph {
  for (let round = 0; round < 8; round++) {
    const threaded = thread(g);
    const pruned = prune(g);
    let root = false;
    while (g.root >= 0 && g.nodes[g.root].test.kind === 'opaque') {
      const n = g.nodes[g.root];
      g.root = (n.test as { value: boolean }).value ? n.t : n.f;
      root = true;
    }
    if (!threaded && !pruned && !root) break;
  }
  return g;
}

/** The refusal carried by a test the optimized graph still runs, if any (shifts first, as tcpdump reports). */
export function survivingError(g: Graph): string | undefined {
  const seen = new Set<number>();
  const stack = [g.root];
  const errors: string[] = [];
  while (stack.length) {
    const i = stack.pop()!;
    if (i < 0 || seen.has(i)) continue;
    seen.add(i);
    const n = g.nodes[i];
    if (n.test.kind !== 'outbound' && n.test.error) errors.push(n.test.error);
    stack.push(n.t, n.f);
  }
  return errors.find((e) => e.startsWith('shift')) ?? errors[0];
}
