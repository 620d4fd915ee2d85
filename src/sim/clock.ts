/**
 * The virtual clock. Time is an integer count of microseconds since 1970-01-01T00:00:00Z, so pcapng timestamps,
 * tcpdump's times (UTC), HTTP Date headers, WireGuard TAI64N timestamps and certificate validity all read the same
 * number. A lab starts at EPOCH_US; nothing in the engine reads the host's clock.
 */

export const US = 1;
export const MS = 1000;
export const SECOND = 1_000_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** 2026-03-02T09:00:00Z: when every lab's cluster boots. */
export const EPOCH_US = 1_772_442_000_000_000;

export interface Civil {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
  weekday: number; // 0 = Sunday
}

/** Splits a microsecond timestamp into UTC calendar fields (Howard Hinnant's civil_from_days). */
export function toCivil(us: number): Civil {
  const totalSec = Math.floor(us / SECOND);
  const micro = us - totalSec * SECOND;
  const days = Math.floor(totalSec / 86400);
  let rem = totalSec - days * 86400;
  const hour = Math.floor(rem / 3600);
  rem -= hour * 3600;
  const minute = Math.floor(rem / 60);
  const second = rem - minute * 60;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const weekday = (((days + 4) % 7) + 7) % 7;
  return { year, month, day, hour, minute, second, micro, weekday };
}

const p2 = (n: number) => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `HH:MM:SS.uuuuuu`, as tcpdump prints a packet's time (UTC). */
export function fmtTimeOfDay(us: number): string {
  const c = toCivil(us);
  return `${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)}.${String(c.micro).padStart(6, '0')}`;
}

/** RFC 3339 / ISO 8601 UTC with seconds: `2026-03-02T09:00:00Z`. */
export function fmtIso(us: number): string {
  const c = toCivil(us);
  return `${c.year}-${p2(c.month)}-${p2(c.day)}T${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)}Z`;
}

/** RFC 9110 §5.6.7 IMF-fixdate, as in an HTTP Date header: `Mon, 02 Mar 2026 09:00:01 GMT`. */
export function fmtHttpDate(us: number): string {
  const c = toCivil(us);
  return `${DAYS[c.weekday]}, ${p2(c.day)} ${MONTHS[c.month - 1]} ${c.year} ${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)} GMT`;
}
