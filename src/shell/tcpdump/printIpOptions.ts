/**
 * IPv4 options (RFC 791 §3.1, RFC 2113 router alert) in -v's `options (...)`, as tcpdump 4.99.3 prints them:
 * `NOP`, `EOL` (which ends the list), `RR 10.0.0.1, 10.0.0.2` (a comma after each address already recorded,
 * i.e. before the pointer), `LSRR`/`SSRR` alike, `timestamp TS{TSONLY ^ 1@ 2@}` (`^` marks the pointer),
 * `RA`, `security`, `traceroute`, `unknown N`; options are joined by commas. Problems are reported in brackets;
 * a length that cannot be right stops the list. An option type or length past the captured bytes stops the
 * packet with ` [|ip]`; an option whose data is not all captured ends the list with `[truncated-option]`.
 */
import { u32 } from '../../net/bytes';
import type { Ctx } from './printCtx';

/** An option's data runs past the captured bytes: the list ends with `[truncated-option]`. */
class OptionCut {}

function need(c: Ctx, at: number, n: number): void {
  if (!c.has(at, n)) throw new OptionCut();
}

function byte(c: Ctx, at: number): number {
  need(c, at, 1);
  return c.b[at];
}

function word(c: Ctx, at: number): number {
  need(c, at, 4);
  return u32(c.b, at);
}

function address(c: Ctx, at: number): string {
  need(c, at, 4);
  return `${c.b[at]}.${c.b[at + 1]}.${c.b[at + 2]}.${c.b[at + 3]}`;
}

const NAMES: Record<number, string> = {
  7: 'RR', 68: 'timestamp', 82: 'traceroute', 130: 'security', 131: 'LSRR', 137: 'SSRR', 148: 'RA',
};

/**
 * Prints the options in `[start, end)` (the header's option bytes). Returns true when an option's data was cut
 * short (`[truncated-option]`), which changes how the packet goes on (printIp.ts).
 */
export function printIpOptions(c: Ctx, start: number, end: number): boolean {
  try {
    list(c, start, end);
    return false;
  } catch (e) {
    if (!(e instanceof OptionCut)) throw e;
    c.put(' [truncated-option]');
    return true;
  }
}

function list(c: Ctx, start: number, end: number): void {
  for (let pos = start; pos < end; ) {
    if (pos > start) c.put(',');
    const type = c.u8(pos);
    if (type === 0) {
      c.put('EOL');
      return;
    }
    if (type === 1) {
      c.put('NOP');
      pos++;
      continue;
    }
    c.put(NAMES[type] ?? `unknown ${type}`);
    const len = c.u8(pos + 1);
    if (len < 2 || len > end - pos) {
      c.put(` [bad length ${len}]`);
      return;
    }
    need(c, pos, len);
    if (type === 7 || type === 131 || type === 137) route(c, pos, len);
    else if (type === 68) timestamps(c, pos, len);
    else if (type === 148) routerAlert(c, pos, len);
    pos += len;
  }
}

/** RFC 2113: the value, when not zero. */
function routerAlert(c: Ctx, pos: number, len: number): void {
  if (len < 4) {
    c.put(` [bad length ${len}]`);
    return;
  }
  const value = (byte(c, pos + 2) << 8) | byte(c, pos + 3);
  if (value) c.put(` value ${value}`);
}

/** Record route and source routes: pointer, then the addresses. */
function route(c: Ctx, pos: number, len: number): void {
  if (len < 3) {
    c.put(` [bad length ${len}]`);
    return;
  }
  const ptr = byte(c, pos + 2);
  if ((len - 3) & 3) c.put(` [bad length ${len}]`);
  if (ptr < 4 || ptr > len + 1 || ptr & 3) c.put(` [bad ptr ${ptr}]`);
  for (let i = 3; i < len; i += 4) c.put(` ${address(c, pos + i)}${((ptr - 1) & 0xff) > i ? ',' : ''}`);
}

const TS_TYPES: Record<number, string> = { 0: 'TSONLY', 1: 'TS+ADDR', 3: 'PRESPEC' };

/** The Internet timestamp option (RFC 791): `TS{type entries}`, `^` where the pointer points. */
function timestamps(c: Ctx, pos: number, len: number): void {
  if (len < 4) {
    c.put(`[bad length ${len}]`);
    return;
  }
  c.put(' TS{');
  const ptr = byte(c, pos + 2);
  const flags = byte(c, pos + 3);
  const type = flags & 0x0f;
  const hop = type === 0 ? 4 : 8;
  if ((len - 4) & (hop - 1)) c.put(`[bad length ${len}]`);
  if (ptr < 5 || ptr > len + 1 || (ptr - 5) % hop) c.put(`[bad ptr ${ptr}]`);
  const name = TS_TYPES[type];
  if (name === undefined) {
    c.put(`[bad ts type ${type}]${ptr === 1 ? ' ^ ' : ''}`);
  } else {
    c.put(name);
    let at = 5;
    for (; at - 1 < len; at += hop) {
      c.put(ptr === at ? ' ^ ' : ' ');
      const p = pos + at - 1;
      c.put(type === 0 ? `${word(c, p)}@` : `${word(c, p + 4)}@${address(c, p)}`);
    }
    if (ptr === at) c.put(' ^ ');
  }
  c.put(flags >> 4 ? ` [${flags >> 4} hops not recorded]} ` : '}');
}
