/**
 * The time stamp that starts each packet's line, per the number of -t flags (tcpdump(8)): none is the time of
 * day, -t nothing, -tt seconds since the epoch, -ttt the time since the previous packet, -tttt the date and
 * time of day, -ttttt the time since the first packet. Times are UTC, from the virtual clock.
 */
import { toCivil } from '../../sim/clock';

const p2 = (n: number): string => String(n).padStart(2, '0');
const p6 = (n: number): string => String(n).padStart(6, '0');

/** `HH:MM:SS.uuuuuu` of a (non-negative) span of microseconds, hours not wrapped. */
function span(us: number): string {
  const sec = Math.floor(us / 1e6);
  return `${p2(Math.floor(sec / 3600))}:${p2(Math.floor(sec / 60) % 60)}:${p2(sec % 60)}.${p6(us % 1e6)}`;
}

/** A signed difference: a space or a minus sign, then the span. */
function delta(us: number): string {
  return us < 0 ? `-${span(-us)}` : ` ${span(us)}`;
}

export class Clock {
  private first: number | undefined;
  private previous: number | undefined;

  constructor(private readonly mode: number) {}

  reset(): void {
    this.first = undefined;
    this.previous = undefined;
  }

  /** The prefix for a packet seen at `us`, its trailing space included (empty under -t). */
  stamp(us: number): string {
    const first = (this.first ??= us);
    const previous = this.previous ?? us;
    this.previous = us;
    const c = toCivil(us);
    const tod = `${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)}.${p6(c.micro)}`;
    switch (this.mode) {
      case 1:
        return '';
      case 2:
        return `${Math.floor(us / 1e6)}.${p6(((us % 1e6) + 1e6) % 1e6)} `;
      case 3:
        return `${delta(us - previous)} `;
      case 4:
        return `${c.year}-${p2(c.month)}-${p2(c.day)} ${tod} `;
      case 5:
        return `${delta(us - first)} `;
      default:
        return `${tod} `;
    }
  }
}
