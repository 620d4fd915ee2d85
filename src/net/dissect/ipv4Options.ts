/**
 * IPv4 options (RFC 791 §3.1 "Options"; Router Alert RFC 2113): type octet (copied flag, class, number), length,
 * shown one per subtree the way Wireshark does (`ip.options.nop`, `ip.opt.type`, `ip.opt.len`). Parsing stops at
 * End of Option List; an option whose length is under 2 or runs past the header is malformed.
 */
import { u16 } from '../bytes';
import { bits, container, field, malformed, type DissectCtx } from './context';
import type { Field } from './tree';

/** whole type octet -> [field suffix, name] (Wireshark matches the whole octet, copied flag and class included) */
const OPTIONS: Record<number, [string, string]> = {
  0: ['eol', 'End of Options List (EOL)'], 1: ['nop', 'No-Operation (NOP)'], 130: ['security', 'Security'],
  131: ['lsr', 'Loose Source Route'], 68: ['timestamp', 'Time Stamp'], 7: ['rr', 'Record Route'], 136: ['sid', 'Stream ID'],
  137: ['ssr', 'Strict Source Route'], 148: ['routeralert', 'Router Alert'],
};
/** number (low five bits) -> name, for `ip.opt.type.number` */
const NUMBERS: Record<number, string> = {
  0: 'End of Option List (EOL)', 1: 'No-Operation (NOP)', 2: 'Security', 3: 'Loose source route', 4: 'Time stamp',
  7: 'Record route', 8: 'Stream identifier', 9: 'Strict source route', 20: 'Router Alert',
};
const CLASSES = ['Control', 'Reserved for future use', 'Debugging and measurement', 'Reserved for future use'];

function typeField(type: number, at: number): Field {
  const number = type & 0x1f;
  const name = NUMBERS[number] ?? 'Unknown';
  return field('ip.opt.type', `Type: ${type}`, at, 1, type, [
    field('ip.opt.type.copy', `${bits(type, 0x80, 8)}Copy on fragmentation: ${type & 0x80 ? 'Yes' : 'No'}`, at, 1, type >> 7),
    field('ip.opt.type.class', `${bits(type, 0x60, 8)}Class: ${CLASSES[(type >> 5) & 3]} (${(type >> 5) & 3})`, at, 1, (type >> 5) & 3),
    field('ip.opt.type.number', `${bits(type, 0x1f, 8)}Number: ${name} (${number})`, at, 1, number),
  ]);
}

/** Adds the options text item to the IPv4 layer; `start`/`end` bound the option bytes. */
export function dissectIpOptions(ctx: DissectCtx, layer: Field, start: number, end: number): void {
  const b = ctx.frame;
  const opts: Field[] = [];
  const names: string[] = [];
  let o = start;
  while (o < end) {
    const type = b[o];
    const [suffix, name] = OPTIONS[type] ?? ['unknown', `Unknown (0x${type.toString(16).padStart(2, '0')})`];
    if (type === 0 || type === 1) {
      opts.push(field(`ip.options.${suffix}`, `IP Option - ${name}`, o, 1, type, [typeField(type, o)]));
      o += 1;
      if (type === 0) break;
      continue;
    }
    // Wireshark's rules (dissect_ip_tcp_options): a length that cannot be right ends the list with a text item
    const len = o + 1 < end ? b[o + 1] : -1;
    const stop = len < 0
      ? `${name} (length byte past end of options)`
      : len < 2
        ? `${name} (with too-short option length = ${len} byte${len === 1 ? '' : 's'})`
        : o + len > end ? `${name} (option length = ${len} bytes says option goes past end of options)` : undefined;
    if (stop) {
      const bad = field('', stop, o, len < 0 ? 1 : Math.min(len < 2 ? 2 : len, end - o), type);
      opts.push(bad);
      malformed(ctx, layer, `IPv4 option ${stop}`, o, bad);
      break;
    }
    if (!OPTIONS[type]) {
      // Wireshark shows an unknown option as a bare text item
      opts.push(field('', `${name} (${len} bytes)`, o, len, type));
      o += len;
      continue;
    }
    names.push(name); // the summary line lists the known options other than NOP and EOL
    const opt = field(`ip.options.${suffix}`, `IP Option - ${name} (${len} bytes)`, o, len, type, [typeField(type, o), field('ip.opt.len', `Length: ${len}`, o + 1, 1, len)]);
    if (type === 148 && len === 4) {
      const ra = u16(b, o + 2);
      const what = ra === 0 ? 'Router shall examine packet' : 'Reserved';
      opt.label += `: ${what} (${ra})`;
      opt.children!.push(field('ip.opt.ra', `Router Alert: ${what} (${ra})`, o + 2, 2, ra));
    }
    opts.push(opt);
    o += len;
  }
  (layer.children ??= []).push(container(field('', `Options: (${end - start} bytes)${names.map((n) => `, ${n}`).join('')}`, start, end - start, undefined, opts)));
}
