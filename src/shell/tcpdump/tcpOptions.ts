/**
 * TCP options (RFC 9293 §3.1, RFC 7323, RFC 2018, RFC 2385, RFC 5482, RFC 5925, RFC 7413, RFC 6994) inside
 * `options [...]`, as tcpdump 4.99.3 prints them: `mss 1330`, `sackOK`, `TS val 1 ecr 2`, `nop`, `wscale 7`,
 * `sack 2 {53:73}{93:113}`, `unknown-99 0xbeef`... separated by commas. An option of a fixed size consumes
 * that size whatever its length byte says (and the length is shown as `[len N]` when it differs); a length
 * byte that cannot be right, or a fixed size that does not fit, ends everything with `[bad opt]`.
 * Observed quirk kept: data cut short in any option but the first ends with ` [|tcp]>`.
 */
import { Truncated, type Ctx } from './printCtx';
import { minus } from './tcpSeq';

/** Reading an option's data: what the data printers need besides the packet. */
interface Opt {
  c: Ctx;
  /** True for the list's first option (a cut-short one then ends without the `>`). */
  first: boolean;
  /** The whole segment is captured (an MD5 signature could be checked). */
  whole: boolean;
  sackBase: number;
}

/** Data bytes `[at, at + n)` must be captured. */
function data(o: Opt, at: number, n: number): void {
  if (!o.c.has(at, n)) throw new Truncated('tcp', false, o.first ? '' : '>');
}

function hex(o: Opt, at: number, n: number, eachByte = false): string {
  if (!eachByte) data(o, at, n);
  let s = '';
  for (let i = 0; i < n; i++) {
    if (eachByte) {
      data(o, at + i, 1);
      o.c.put(o.c.b[at + i].toString(16).padStart(2, '0'));
    } else {
      s += o.c.b[at + i].toString(16).padStart(2, '0');
    }
  }
  return s;
}

/** Fixed-size options: name, bytes of data, and how the data prints. */
const FIXED: Record<number, [string, number, (o: Opt, at: number) => string]> = {
  2: ['mss', 2, (o, at) => ` ${o.c.u16(at)}`],
  3: ['wscale', 1, (o, at) => ` ${o.c.u8(at)}`],
  4: ['sackOK', 0, () => ''],
  6: ['echo', 4, (o, at) => ` ${o.c.u32(at)}`],
  7: ['echoreply', 4, (o, at) => ` ${o.c.u32(at)}`],
  8: ['TS', 8, (o, at) => ` val ${o.c.u32(at)} ecr ${o.c.u32(at + 4)}`],
  11: ['cc', 4, (o, at) => ` ${o.c.u32(at)}`],
  12: ['ccnew', 4, (o, at) => ` ${o.c.u32(at)}`],
  13: ['', 4, (o, at) => ` ${o.c.u32(at)}`],
  19: ['md5', 16, (o, at) => ` ${o.whole ? 'shared secret not supplied with -M' : 'snaplen too short'}, can't check - ${hex(o, at, 16)}`],
  20: ['scps', 2, (o, at) => ` cap ${o.c.u8(at).toString(16).padStart(2, '0')} id ${o.c.u8(at + 1)}`],
  28: ['uto', 2, (o, at) => uto(o.c.u16(at))],
};

const uto = (v: number): string => ` 0x${v.toString(16)} ${(v >> 1) * (v & 1 ? 60 : 1)}`;

/** TCP Fast Open's cookie field (`n` bytes at `at`, already checked). */
function cookie(o: Opt, at: number, n: number): string {
  if (n === 0) return ' cookiereq';
  if (n < 4 || n > 16 || n & 1) return ' (invalid)';
  return ` cookie ${hex(o, at, n)}`;
}

/**
 * Prints the options in `[start, end)`, the closing bracket included. Returns false after `[bad opt]` (the
 * segment's line ends there; a `[bad opt]` first in the list is not even followed by the bracket).
 * `sackBase` turns SACK edges into relative numbers (0 for absolute); `whole`: the segment is all captured.
 */
export function printTcpOptions(c: Ctx, start: number, end: number, sackBase: number, whole: boolean): boolean {
  const o: Opt = { c, first: true, whole, sackBase };
  let at = start;
  for (; at < end; o.first = false) {
    const kind = c.u8(at++);
    if (kind === 0 || kind === 1) {
      c.put(kind === 0 ? 'eol' : 'nop');
      if (kind === 0) {
        c.put(']');
        return true;
      }
    } else {
      const len = c.u8(at++);
      const room = end - at;
      if (len < 2 || len - 2 > room) return badOpt(o);
      const fixed = FIXED[kind];
      if (fixed) {
        const [name, size, show] = fixed;
        c.put(name);
        if (size > room) return badOpt(o);
        data(o, at, size);
        c.put(show(o, at) + (size !== len - 2 ? `[len ${len}]` : ''));
        at += size;
      } else {
        if (!variable(o, kind, at, len - 2)) return badOpt(o);
        at += len - 2;
      }
    }
    if (at < end) c.put(',');
  }
  c.put(']');
  return true;
}

function badOpt(o: Opt): false {
  o.c.put(o.first ? '[bad opt]' : '[bad opt]]');
  return false;
}

/** Options whose data runs the whole length; false on `[bad opt]`. */
function variable(o: Opt, kind: number, at: number, n: number): boolean {
  const { c } = o;
  switch (kind) {
    case 5:
      c.put('sack');
      if (n % 8 !== 0) {
        c.put(' invalid sack');
        return true;
      }
      c.put(` ${n / 8} `);
      for (let i = 0; i < n; i += 8) {
        data(o, at + i, 8);
        c.put(`{${minus(c.u32(at + i), o.sackBase)}:${minus(c.u32(at + i + 4), o.sackBase)}}`);
      }
      return true;
    case 29:
      c.put('tcp-ao');
      if (n < 2) {
        c.put(' (invalid)');
        return true;
      }
      data(o, at, 1);
      c.put(` keyid ${c.b[at]}`);
      data(o, at + 1, 1);
      c.put(` rnextkeyid ${c.b[at + 1]}`);
      if (n > 2) {
        c.put(' mac 0x');
        hex(o, at + 2, n - 2, true);
      }
      return true;
    case 34:
      c.put('tfo');
      data(o, at, n);
      c.put(` ${cookie(o, at, n)}`);
      return true;
    case 254: {
      c.put('exp');
      if (n < 2) return false;
      data(o, at, n);
      const id = c.u16(at);
      c.put(id === 0xf989 ? `-tfo${cookie(o, at + 2, n - 2)}` : `-${id.toString(16).padStart(4, '0')}`);
      return true;
    }
    default:
      c.put(`unknown-${kind}`);
      if (n > 0) {
        c.put(' 0x');
        hex(o, at, n, true);
      }
      return true;
  }
}
