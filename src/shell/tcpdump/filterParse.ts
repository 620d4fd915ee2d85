/**
 * The grammar of pcap-filter(7) above the primitives. `and` and `or` have equal precedence and group to the
 * left, `not` binds tightest, parentheses group; a parenthesised group restores, at its `)`, the qualifiers bare
 * ids inherit (filterTerm) to what they were before its `(`. This level keeps its own stack instead of recursing,
 * so deep nesting cannot exhaust ours; like tcpdump, it gives up past about ten thousand levels.
 */
import { LOAD_PROTOS } from './filterArith';
import { boolOp, Cursor, isArithOp, isKw, isNot, isOp, isRelOp, syntaxError } from './filterCursor';
import { FilterError } from './filterError';
import type { Token } from './filterLex';
import { and, not, or, type Pred } from './filterPred';
import type { Ctx, Quals } from './filterPrimitives';
import { Terms } from './filterTerm';

type Frame = { k: 'not' } | { k: 'bin'; left: Pred; op: 'and' | 'or' } | { k: 'paren'; saved: Quals | null };

const MAX_DEPTH = 9996;
/** Tokens that after `and (` can only begin a list of ids. */
const ID_START = new Set(['id', 'hid', 'eid', 'aid', 'ip6']);

export function parseFilter(c: Cursor, ctx: Ctx): Pred {
  const terms = new Terms(c, ctx);
  const stack: Frame[] = [];
  const push = (f: Frame): void => {
    if (stack.length + 1 >= MAX_DEPTH + (f.k === 'not' ? 1 : 0)) throw new FilterError("can't parse filter expression: memory exhausted");
    stack.push(f);
  };
  for (;;) {
    const t = c.peek();
    if (isNot(t)) {
      push({ k: 'not' });
      c.next();
      continue;
    }
    let top = stack.length - 1;
    while (top >= 0 && stack[top].k === 'not') top--;
    const bareOk = top >= 0 && stack[top].k === 'bin';
    let operand: Pred;
    const paren = isOp(t, '(') ? openParen(c, bareOk) : undefined;
    if (paren === 'group') {
      push({ k: 'paren', saved: terms.quals });
      c.next();
      continue;
    }
    if (paren === 'ids') operand = terms.bareIds();
    else if (paren === 'arith') operand = terms.relation();
    else operand = terms.term(bareOk);
    for (;;) {
      while (stack.length && stack[stack.length - 1].k === 'not') {
        stack.pop();
        operand = not(operand);
      }
      const f = stack[stack.length - 1];
      if (f?.k === 'bin') {
        stack.pop();
        operand = f.op === 'and' ? and(f.left, operand) : or(f.left, operand);
      }
      const n = c.peek();
      const op = boolOp(n);
      if (op) {
        c.next();
        push({ k: 'bin', left: operand, op });
        break;
      }
      if (isOp(n, ')')) {
        const g = stack.pop();
        if (g?.k !== 'paren') throw syntaxError();
        terms.quals = g.saved;
        c.next();
        continue;
      }
      if (n.kind === 'eof' && stack.length === 0) return operand;
      throw syntaxError();
    }
  }
}

/**
 * What a `(` opens: a list of ids (only after and/or, never `((`), a group, or arithmetic (`(ip[0] + 1) = 2`),
 * decided as tcpdump's grammar would, by the first token that tells them apart.
 */
function openParen(c: Cursor, bareOk: boolean): 'ids' | 'group' | 'arith' {
  const i = c.index;
  const idList = bareOk && !isOp(c.at(1), '(');
  if (idList && ID_START.has(c.toks[c.firstTerm[i]].kind)) return 'ids';
  const close = c.closer[i];
  const after = close < 0 ? undefined : c.toks[close + 1];
  const first = c.firstNonParen[i];
  const arith = after !== undefined && (isArithOp(after) || isRelOp(after)) && startsArith(c.toks[first], c.toks[first + 1]);
  if (arith) return 'arith';
  return idList && c.idsOnly[i] ? 'ids' : 'group';
}

/** Whether `t` (followed by `u`) can begin an arithmetic expression. */
function startsArith(t: Token, u: Token): boolean {
  return t.kind === 'num' || isKw(t, 'len', 'length') || isOp(t, '-') || isOp(t, '(') || (LOAD_PROTOS.has(t.text) && isOp(u, '['));
}
