/**
 * Runs a decision graph on one packet. Values are 32-bit unsigned, loads big-endian; as with BPF, a load past
 * the captured bytes, or a division by zero, ends the run and rejects the packet (whatever `not` surrounds it).
 * `len` is the packet's length on the wire, not the captured length.
 */
import { u16, u32 } from '../../net/bytes';
import { ACCEPT, type Graph } from './filterGraph';
import { applyOp, compare, type Test, type Value } from './filterPred';

export interface Packet { data: Uint8Array; len: number; outbound: boolean }

type Eval = (p: Packet) => number;

/** Thrown (never escapes `run`) when a packet cannot be judged: BPF returns 0 for it. */
const ABORT = { abort: true };

function load(data: Uint8Array, at: number, size: 1 | 2 | 4): number {
  if (at < 0 || at + size > data.length) throw ABORT;
  return size === 1 ? data[at] : size === 2 ? u16(data, at) : u32(data, at);
}

function compileValue(v: Value): Eval {
  switch (v.k) {
    case 'num': {
      const n = v.n;
      return () => n;
    }
    case 'len': return (p) => p.len;
    case 'neg': {
      const a = compileValue(v.a);
      return (p) => -a(p) >>> 0;
    }
    case 'bin': {
      const a = compileValue(v.a);
      const b = compileValue(v.b);
      const op = v.op;
      if (op === '/' || op === '%') {
        return (p) => {
          const x = a(p);
          const y = b(p);
          if (y === 0) throw ABORT;
          return applyOp(op, x, y);
        };
      }
      return (p) => applyOp(op, a(p), b(p));
    }
    case 'load': {
      const at = compileValue(v.at);
      const { size, netOff } = v;
      if (v.base === 'frame') return (p) => load(p.data, at(p), size);
      return (p) => {
        const ihl = (load(p.data, netOff, 1) & 0xf) * 4;
        return load(p.data, netOff + ihl + at(p), size);
      };
    }
  }
}

function compileTest(t: Test): (p: Packet) => boolean {
  if (t.kind === 'opaque') return () => t.value;
  if (t.kind === 'outbound') return (p) => p.outbound;
  const a = compileValue(t.a);
  const b = compileValue(t.b);
  const op = t.op;
  return (p) => compare(op, a(p), b(p));
}

export function compileGraph(g: Graph): (p: Packet) => boolean {
  const tests = g.nodes.map((n) => compileTest(n.test));
  const { nodes, root } = g;
  return (p) => {
    let i = root;
    try {
      while (i >= 0) i = tests[i](p) ? nodes[i].t : nodes[i].f;
    } catch (e) {
      if (e === ABORT) return false;
      throw e;
    }
    return i === ACCEPT;
  };
}
