/**
 * Port ids: service names (with the transport /etc/services lists them for) and `lo-hi` ranges, where either end
 * may be a number or a name. A range is read as tcpdump reads it: two leading decimal numbers first (as C's
 * `%d-%d` would, wrapping at 32 bits and ignoring what follows), otherwise a name or number on each side of the
 * first dash. A range of two names listed for the same single transport is that transport's.
 */
import { FilterError } from './filterError';
import { SERVICES, serviceTransport, type Transport } from './filterNames';

export interface PortSpec { port: number; proto?: Transport }

/** `port NAME`: its number, and the transport it is restricted to when the name is listed for one only. */
export function servicePort(name: string, qualifier: string | undefined): PortSpec {
  const s = SERVICES.get(name);
  if (!s) throw new FilterError(`unknown port '${name}'`);
  const proto = serviceTransport(s);
  if (proto && qualifier && qualifier !== proto) throw new FilterError(`port '${name}' is ${proto}`);
  return { port: s.port, proto };
}

export function checkPort(v: number): number {
  if (v > 65535) throw new FilterError(`illegal port number ${v} > 65535`);
  if (v < 0) throw new FilterError(`illegal port number ${v} < 0`);
  return v;
}

/** C's `%d` of a decimal string: wraps to a signed 32-bit integer. */
function cInt(text: string): number {
  return Number(BigInt.asIntN(32, BigInt(text)));
}

export function portRange(text: string, qualifier: string | undefined): { lo: number; hi: number; proto?: Transport } {
  let lo: number;
  let hi: number;
  let proto: Transport | undefined;
  const numeric = /^([0-9]+)-([+-]?[0-9]+)/.exec(text);
  if (numeric) {
    lo = cInt(numeric[1]);
    hi = cInt(numeric[2]);
  } else {
    const dash = text.indexOf('-');
    if (dash < 0) throw new FilterError(`unknown port in range '${text}'`);
    const ends = [text.slice(0, dash), text.slice(dash + 1)].map((side) => {
      if (/^[0-9]+$/.test(side)) return { port: cInt(side), proto: undefined, named: false };
      const s = SERVICES.get(side);
      if (!s) throw new FilterError(`unknown port in range '${text}'`);
      return { port: s.port, proto: serviceTransport(s), named: true };
    });
    [lo, hi] = [ends[0].port, ends[1].port];
    if (ends[0].named && ends[1].named && ends[0].proto && ends[0].proto === ends[1].proto) proto = ends[0].proto;
    if (proto && qualifier && qualifier !== proto) throw new FilterError(`port in range '${text}' is ${proto}`);
  }
  checkPort(lo);
  checkPort(hi);
  return lo <= hi ? { lo, hi, proto } : { lo: hi, hi: lo, proto };
}
