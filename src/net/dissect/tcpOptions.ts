/**
 * TCP options (RFC 9293 §3.2: End of Option List, No-Operation, Maximum Segment Size; RFC 7323 §2.2 Window Scale and
 * §3.2 Timestamps; RFC 2018 §2 and §3 SACK-Permitted and SACK). Names and labels follow Wireshark's
 * `tcp.options.*`; each option also adds its Info-column words (`MSS=1460 SACK_PERM TSval=1 TSecr=0 WS=128`).
 * Every zero byte is its own End of Option List, as Wireshark shows padding (non-zero padding ends the list). A length under 2, or one that
 * runs past the header, makes the option malformed and ends the list.
 */
import { u16, u32 } from '../bytes';
import { container, field, generated, hexOf, malformed, type DissectCtx } from './context';
import type { Field } from './tree';

/** kind -> [field suffix, list name, kind name, fixed length or 0 for variable] */
const KINDS: Record<number, [string, string, string, number]> = {
  0: ['eol', 'End of Option List (EOL)', 'End of Option List', 1],
  1: ['nop', 'No-Operation (NOP)', 'No-Operation', 1],
  2: ['mss', 'Maximum segment size', 'Maximum Segment Size', 4],
  3: ['wscale', 'Window scale', 'Window Scale', 3],
  4: ['sack_perm', 'SACK permitted', 'SACK Permitted', 2],
  5: ['sack', 'SACK', 'SACK', 0],
  8: ['timestamp', 'Timestamps', 'Time Stamp Option', 10],
};

export interface TcpOptionsResult {
  field: Field;
  /** Words for the Info column, in option order. */
  info: string[];
}

/** `b` holds the frame (or a zero-padded copy of it when the header runs past the data; the caller clips). */
export function dissectTcpOptions(ctx: DissectCtx, layer: Field, b: Uint8Array, start: number, end: number): TcpOptionsResult {
  const opts: Field[] = [];
  const names: string[] = [];
  const info: string[] = [];
  let o = start;
  while (o < end) {
    const kind = b[o];
    const known = KINDS[kind];
    const [suffix, listName, kindName, fixed] = known ?? ['unknown', `Unknown (0x${kind.toString(16).padStart(2, '0')})`, 'Unknown', 0];
    const kindF = field('tcp.option_kind', `Kind: ${kindName} (${kind})`, o, 1, kind);
    if (kind === 0 || kind === 1) {
      opts.push(field(`tcp.options.${suffix}`, `TCP Option - ${listName}`, o, 1, kind, [kindF]));
      names.push(listName);
      o += 1;
      if (kind === 0 && o < end && b[o] !== 0) {
        // after End of Option List only zero padding may follow (RFC 9293 §3.1); Wireshark stops at the first other byte
        opts.push(field('', 'Non-zero header padding', o, end - o));
        break;
      }
      continue;
    }
    // Wireshark's rules (dissect_ip_tcp_options): a length that cannot be right ends the list with a text item
    const len = o + 1 < end ? b[o + 1] : -1;
    const stop = len < 0
      ? `${listName} (length byte past end of options)`
      : len < 2
        ? `${listName} (with too-short option length = ${len} byte${len === 1 ? '' : 's'})`
        : o + len > end ? `${listName} (option length = ${len} bytes says option goes past end of options)` : undefined;
    if (stop) {
      const bad = field('', stop, o, len < 0 ? 1 : Math.min(len < 2 ? 2 : len, end - o), kind);
      opts.push(bad);
      names.push(listName);
      malformed(ctx, layer, `TCP option ${stop}`, o, bad);
      break;
    }
    const lenF = field('tcp.option_len', `Length: ${len}`, o + 1, 1, len);
    const opt = container(field(`tcp.options.${suffix}`, `TCP Option - ${listName}`, o, len, kind, [kindF, lenF]));
    const kids = opt.children!;
    if (fixed > 0 && len !== fixed) {
      malformed(ctx, layer, `TCP option ${listName} has length ${len}, must be ${fixed}`, o + 1, lenF);
    } else if (kind === 2) {
      const mss = u16(b, o + 2);
      opt.label += `: ${mss} bytes`;
      opt.value = mss;
      kids.push(field('tcp.options.mss_val', `MSS Value: ${mss}`, o + 2, 2, mss));
      info.push(`MSS=${mss}`);
    } else if (kind === 3) {
      const shift = b[o + 2];
      const mult = 2 ** Math.min(shift, 14);
      opt.label += `: ${shift} (multiply by ${mult})`;
      opt.value = shift;
      kids.push(field('tcp.options.wscale.shift', `Shift count: ${shift}`, o + 2, 1, shift),
        field('tcp.options.wscale.multiplier', `Multiplier: ${mult}`, o + 2, 1, mult));
      info.push(`WS=${mult}`);
    } else if (kind === 4) {
      info.push('SACK_PERM');
    } else if (kind === 5) {
      const edges: string[] = [];
      let e = o + 2;
      for (; e + 8 <= o + len; e += 8) {
        const le = u32(b, e);
        const re = u32(b, e + 4);
        kids.push(field('tcp.options.sack_le', `left edge = ${le}`, e, 4, le), field('tcp.options.sack_re', `right edge = ${re}`, e + 4, 4, re));
        edges.push(`${le}-${re}`);
        info.push(`SLE=${le} SRE=${re}`);
      }
      if (e < o + len) {
        // a block cut by the option's length: Wireshark shows the left edge if it fits, then the error
        if (e + 4 <= o + len) kids.push(field('tcp.options.sack_le', `left edge = ${u32(b, e)}`, e, 4, u32(b, e)));
        const at = e + 4 <= o + len ? e + 4 : e;
        const bad = field('', 'suboption would go past end of option', at, o + len - at);
        kids.push(bad);
        malformed(ctx, layer, 'TCP SACK option: suboption would go past end of option', at, bad);
      }
      opt.label += ` ${edges.join(' ')}`;
      kids.push(generated('tcp.options.sack.count', `TCP SACK Count: ${edges.length}`, o, edges.length));
    } else if (kind === 8) {
      const tsval = u32(b, o + 2);
      const tsecr = u32(b, o + 6);
      opt.label += `: TSval ${tsval}, TSecr ${tsecr}`;
      kids.push(field('tcp.options.timestamp.tsval', `Timestamp value: ${tsval}`, o + 2, 4, tsval),
        field('tcp.options.timestamp.tsecr', `Timestamp echo reply: ${tsecr}`, o + 6, 4, tsecr));
      info.push(`TSval=${tsval} TSecr=${tsecr}`);
    } else if (len > 2) {
      kids.push(field('tcp.options.unknown.payload', `Payload: ${hexOf(b, o + 2, o + len)}`, o + 2, len - 2));
    }
    opts.push(opt);
    names.push(listName);
    o += len;
  }
  const f = container(field('tcp.options', `Options: (${end - start} bytes), ${names.join(', ')}`, start, end - start, undefined, opts));
  return { field: f, info };
}
