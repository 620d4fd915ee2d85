/**
 * Certificate validity times (RFC 5280 §4.1.2.5): UTCTime `YYMMDDHHMMSSZ` for years 1950–2049 (YY >= 50 means
 * 19YY), GeneralizedTime `YYYYMMDDHHMMSSZ` from 2050 on; always UTC ("Z") with seconds, no fractions. Times are
 * virtual-clock microseconds since 1970-01-01T00:00:00Z (src/sim/clock.ts); no host Date is used.
 */
import { fmtIso, SECOND, toCivil } from '../../sim/clock';
import { DerError } from './der';

export { fmtIso };

const p2 = (n: number) => String(n).padStart(2, '0');

/** The text and type RFC 5280 prescribes for a time (seconds are truncated). */
export function x509TimeText(us: number): { text: string; generalized: boolean } {
  const c = toCivil(Math.floor(us / SECOND) * SECOND);
  const rest = `${p2(c.month)}${p2(c.day)}${p2(c.hour)}${p2(c.minute)}${p2(c.second)}Z`;
  if (c.year >= 1950 && c.year <= 2049) return { text: `${p2(c.year % 100)}${rest}`, generalized: false };
  return { text: `${String(c.year).padStart(4, '0')}${rest}`, generalized: true };
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const UTC_RE = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GEN_RE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;

/** Parses a validity time in RFC 5280's strict profile into virtual-clock microseconds. */
export function parseX509Time(text: string, generalized: boolean, what: string): number {
  const m = (generalized ? GEN_RE : UTC_RE).exec(text);
  if (!m) throw new DerError(`${what}: "${text}" is not a ${generalized ? 'GeneralizedTime' : 'UTCTime'} in RFC 5280 form`);
  let year = Number(m[1]);
  if (!generalized) year += year >= 50 ? 1900 : 2000;
  const [month, day, hour, minute, second] = [2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    throw new DerError(`${what}: "${text}" is not a valid date`);
  }
  const days = daysFromCivil(year, month, day);
  return ((days * 86400) + hour * 3600 + minute * 60 + second) * SECOND;
}
