/**
 * The virtual clock's calendar: known dates (the lab epoch, leap days, century rules, year ends, before 1970),
 * the three formats tcpdump, JSON and HTTP use, and a seeded sweep against the platform's own UTC calendar.
 */
import { describe, expect, it } from 'vitest';
import { DAY, EPOCH_US, HOUR, MINUTE, SECOND, fmtHttpDate, fmtIso, fmtTimeOfDay, toCivil } from './clock';

/** Microseconds since 1970 for a UTC date, computed by hand-known day counts (no Date). */
const at = (days: number, h = 0, m = 0, s = 0, us = 0) => days * DAY + h * HOUR + m * MINUTE + s * SECOND + us;

describe('toCivil', () => {
  it('reads the lab epoch as Monday 2026-03-02 09:00:00 UTC', () => {
    expect(EPOCH_US).toBe(Date.UTC(2026, 2, 2, 9, 0, 0) * 1000);
    expect(toCivil(EPOCH_US)).toEqual({ year: 2026, month: 3, day: 2, hour: 9, minute: 0, second: 0, micro: 0, weekday: 1 });
  });

  it('reads the Unix epoch as Thursday 1970-01-01', () => {
    expect(toCivil(0)).toEqual({ year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, micro: 0, weekday: 4 });
  });

  it('handles the leap day 2024-02-29 (a Thursday) and the day after it', () => {
    // 2024-02-29 is day 19782 since 1970-01-01.
    const leap = at(19782, 12, 34, 56, 789);
    expect(toCivil(leap)).toEqual({ year: 2024, month: 2, day: 29, hour: 12, minute: 34, second: 56, micro: 789, weekday: 4 });
    expect(toCivil(leap + DAY)).toMatchObject({ year: 2024, month: 3, day: 1, weekday: 5 });
    expect(toCivil(at(19782) - 1)).toMatchObject({ year: 2024, month: 2, day: 28, hour: 23, minute: 59, second: 59, micro: 999_999 });
  });

  it('treats 2000 as a leap year (divisible by 400) and 2100 as not', () => {
    // 2000-03-01 is day 11017 (a Wednesday); the day before is 2000-02-29.
    expect(toCivil(at(11017))).toMatchObject({ year: 2000, month: 3, day: 1, weekday: 3 });
    expect(toCivil(at(11017) - 1)).toMatchObject({ year: 2000, month: 2, day: 29 });
    // 2100-03-01 is day 47541; the day before is 2100-02-28.
    expect(toCivil(at(47541) - 1)).toMatchObject({ year: 2100, month: 2, day: 28 });
  });

  it('rolls over at the end of a year', () => {
    // 2026-01-01 is day 20454 (a Thursday).
    expect(toCivil(at(20454) - 1)).toEqual({ year: 2025, month: 12, day: 31, hour: 23, minute: 59, second: 59, micro: 999_999, weekday: 3 });
    expect(toCivil(at(20454))).toEqual({ year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0, micro: 0, weekday: 4 });
  });

  it('works before 1970 with a non-negative microsecond part', () => {
    expect(toCivil(-1)).toEqual({ year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, micro: 999_999, weekday: 3 });
  });

  it('agrees with the platform UTC calendar on 3000 seeded timestamps from 1900 to 2400', () => {
    let s = 0x2f6b_1d3a;
    const next = () => ((s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0), s / 2 ** 32);
    const lo = Date.UTC(1900, 0, 1), hi = Date.UTC(2400, 0, 1);
    for (let i = 0; i < 3000; i++) {
      const ms = Math.floor(lo + next() * (hi - lo));
      const us = ms * 1000 + Math.floor(next() * 1000);
      const d = new Date(ms);
      expect(toCivil(us)).toEqual({
        year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
        minute: d.getUTCMinutes(), second: d.getUTCSeconds(), micro: (ms % 1000 + 1000) % 1000 * 1000 + (us - ms * 1000),
        weekday: d.getUTCDay(),
      });
    }
  });
});

describe('formats', () => {
  it('prints the time of day as tcpdump does, with six microsecond digits', () => {
    expect(fmtTimeOfDay(EPOCH_US)).toBe('09:00:00.000000');
    expect(fmtTimeOfDay(EPOCH_US + 7)).toBe('09:00:00.000007');
    expect(fmtTimeOfDay(EPOCH_US + 45_000)).toBe('09:00:00.045000');
    expect(fmtTimeOfDay(EPOCH_US + 3 * HOUR + 4 * MINUTE + 5 * SECOND + 123_456)).toBe('12:04:05.123456');
    expect(fmtTimeOfDay(at(20454) - 1)).toBe('23:59:59.999999');
    expect(fmtTimeOfDay(0)).toBe('00:00:00.000000');
  });

  it('prints RFC 3339 UTC with zero-padded fields and truncated (not rounded) seconds', () => {
    expect(fmtIso(EPOCH_US)).toBe('2026-03-02T09:00:00Z');
    expect(fmtIso(0)).toBe('1970-01-01T00:00:00Z');
    expect(fmtIso(at(19782, 1, 2, 3))).toBe('2024-02-29T01:02:03Z');
    expect(fmtIso(at(11017))).toBe('2000-03-01T00:00:00Z');
    expect(fmtIso(at(20454) - 1)).toBe('2025-12-31T23:59:59Z');
  });

  it('prints an IMF-fixdate for HTTP Date headers', () => {
    expect(fmtHttpDate(EPOCH_US)).toBe('Mon, 02 Mar 2026 09:00:00 GMT');
    expect(fmtHttpDate(EPOCH_US + SECOND + 999_999)).toBe('Mon, 02 Mar 2026 09:00:01 GMT');
    expect(fmtHttpDate(0)).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    expect(fmtHttpDate(at(19782))).toBe('Thu, 29 Feb 2024 00:00:00 GMT');
    expect(fmtHttpDate(at(11017))).toBe('Wed, 01 Mar 2000 00:00:00 GMT');
    expect(fmtHttpDate(at(20454) - 1)).toBe('Wed, 31 Dec 2025 23:59:59 GMT');
    // RFC 9110's own example.
    expect(fmtHttpDate(Date.UTC(1994, 10, 6, 8, 49, 37) * 1000)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
  });

  it('matches the platform toUTCString for every day of a leap year', () => {
    for (let d = 0; d < 366; d++) {
      const ms = Date.UTC(2024, 0, 1) + d * 86_400_000 + 13 * 3_600_000;
      expect(fmtHttpDate(ms * 1000)).toBe(new Date(ms).toUTCString());
    }
  });
});
