/**
 * Primitives: `[proto] [dir] [type] id` (and `type (id and/or/not id ...)`), `proto` alone, `less`/`greater`,
 * `[proto] broadcast|multicast`, `inbound`/`outbound`, relations, and after `and`/`or` a bare id that takes the
 * qualifiers of the last `qualifiers id` primitive. Directions: `src`, `dst`, `src or dst`, `src and dst`.
 * Each primitive is judged as soon as it is read, so its refusal comes before a syntax error further on, as
 * tcpdump's do.
 */
import { dotted } from './filterAddr';
import { LOAD_PROTOS, parseRelation } from './filterArith';
import { boolOp, Cursor, endsPrimitive, isArithOp, isKw, isNot, isOp, isRelOp, syntaxError } from './filterCursor';
import { unsupportedKeyword } from './filterError';
import { outbound } from './filterLink';
import { REFUSED } from './filterNames';
import { and, cmp, not, or, type Pred } from './filterPred';
import { castPrimitive, primitive, protocolAlone, type Ctx, type Id, type Quals, type TypeQual } from './filterPrimitives';

const PROTO_QUALS = new Set(['ether', 'link', 'ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'sctp', 'icmp', 'icmp6', 'igmp',
  'igrp', 'pim', 'vrrp', 'carp', 'ah', 'esp']);
const ID_KINDS = new Set(['id', 'num', 'hid', 'eid', 'aid', 'ip6']);

export class Terms {
  /** Qualifiers a bare id inherits; null when the last primitive leaves none. */
  quals: Quals | null = null;

  constructor(private readonly c: Cursor, private readonly ctx: Ctx) {}

  relation(): Pred {
    this.quals = null;
    return parseRelation(this.c, this.ctx.link);
  }

  /** A primitive, a relation, or (after and/or) a bare id. */
  term(bareOk: boolean): Pred {
    const { c, ctx } = this;
    const t = c.peek();
    if (t.kind === 'num' && (!bareOk || isArithOp(c.at(1)) || isRelOp(c.at(1)))) return this.relation();
    if (isOp(t, '-')) return this.relation();
    if (ID_KINDS.has(t.kind)) {
      if (!bareOk) throw syntaxError();
      return this.bareIds();
    }
    if (t.kind !== 'kw') throw syntaxError();
    const w = t.text;
    if (REFUSED.has(w)) throw unsupportedKeyword(w);
    if (w === 'len' || w === 'length' || (LOAD_PROTOS.has(w) && isOp(c.at(1), '['))) return this.relation();
    if (w === 'less' || w === 'greater') {
      c.next();
      const n = c.next();
      if (n.kind !== 'num') throw syntaxError();
      this.quals = null;
      return w === 'less' ? not(cmp({ k: 'len' }, 'gt', n.value!)) : cmp({ k: 'len' }, 'ge', n.value!);
    }
    if (w === 'broadcast' || w === 'multicast') {
      c.next();
      this.quals = null;
      return castPrimitive(ctx, undefined, w);
    }
    if (w === 'inbound' || w === 'outbound') {
      c.next();
      this.quals = null;
      const out = outbound(ctx.link, ctx.savefile);
      return w === 'outbound' ? out : not(out);
    }
    const q: Quals = {};
    if (PROTO_QUALS.has(w)) {
      c.next();
      q.proto = w;
      const n = c.peek();
      if (isKw(n, 'broadcast', 'multicast')) {
        c.next();
        this.quals = null;
        return castPrimitive(ctx, w, n.text as 'broadcast' | 'multicast');
      }
      if (n.kind === 'kw' && REFUSED.has(n.text)) throw unsupportedKeyword(n.text);
      if (isKw(n, 'proto', 'gateway')) return this.qualified(q, c.next().text as TypeQual);
      if (!isKw(n, 'src', 'dst', 'host', 'net', 'port', 'portrange')) {
        // tcpdump reads the next token before it judges a lone protocol name
        if (!endsPrimitive(n)) throw syntaxError();
        this.quals = null;
        return protocolAlone(ctx, w);
      }
    }
    if (isKw(c.peek(), 'src', 'dst')) q.dir = this.direction();
    if (q.dir === undefined && isKw(c.peek(), 'proto', 'gateway')) return this.qualified(q, c.next().text as TypeQual);
    if (isKw(c.peek(), 'host', 'net', 'port', 'portrange')) return this.qualified(q, c.next().text as TypeQual);
    if (q.proto === undefined && q.dir === undefined) throw syntaxError();
    return this.qualified(q, undefined);
  }

  private direction(): Quals['dir'] {
    const { c } = this;
    const first = c.next().text;
    const other = first === 'src' ? 'dst' : 'src';
    const op = boolOp(c.peek());
    if (op && isKw(c.peek(1), other)) {
      c.next();
      c.next();
      return op;
    }
    return first as 'src' | 'dst';
  }

  private qualified(q: Quals, type: TypeQual | undefined): Pred {
    if (type) q.type = type;
    this.quals = q;
    return this.ids(q);
  }

  /** A bare id, or a parenthesised list of them, under the inherited qualifiers. */
  bareIds(): Pred {
    return this.ids(this.quals ?? {}, this.quals === null, true);
  }

  /**
   * `id`, or `( id-list )` where ids combine with and/or/not under the same qualifiers. `orphan`: a bare id with no
   * qualifiers to inherit. `bare`: a number standing alone after and/or, which tcpdump judges only once it has
   * seen that no arithmetic follows.
   */
  private ids(q: Quals, orphan = false, bare = false): Pred {
    const { c } = this;
    const t = c.peek();
    if (isNot(t)) {
      c.next();
      return not(this.ids(q, orphan));
    }
    if (isOp(t, '(')) {
      c.next();
      if (isOp(c.peek(), '(')) throw syntaxError();
      let p = this.ids(q, orphan);
      for (let op = boolOp(c.peek()); op; op = boolOp(c.peek())) {
        c.next();
        const r = this.ids(q, orphan);
        p = op === 'and' ? and(p, r) : or(p, r);
      }
      c.expectOp(')');
      return p;
    }
    if (!ID_KINDS.has(t.kind)) throw syntaxError();
    const id: Id = { tok: c.next() };
    if (id.tok.kind === 'hid') {
      if (isOp(c.at(), '/')) {
        c.next();
        id.len = c.next();
        if (id.len.kind !== 'num') throw syntaxError();
      } else if (isKw(c.at(), 'mask')) {
        c.next();
        id.mask = c.next();
        if (id.mask.kind !== 'hid') throw syntaxError();
      }
      dotted(id.tok.text);
      if (id.mask) dotted(id.mask.text);
    }
    if (bare && id.tok.kind === 'num' && !endsPrimitive(c.peek())) throw syntaxError();
    return primitive(this.ctx, q, id, orphan);
  }
}
