import { describe, expect, test } from 'vitest';
import { EPOCH_US, HOUR, MINUTE, SECOND } from '../../sim/clock';
import { formatLabels, humanDuration, parseIsoUs, rfc1123z, rfc3339Nano, stableSuffix, stableUuid } from './kubectlFormat';

describe('AGE (apimachinery duration.HumanDuration)', () => {
  test.each([
    [-2 * SECOND, '<invalid>'], [-1 * SECOND, '0s'], [0, '0s'], [SECOND, '1s'], [70 * SECOND, '70s'], [119 * SECOND, '119s'],
    [120 * SECOND, '2m'], [190 * SECOND, '3m10s'], [312 * SECOND, '5m12s'], [10 * MINUTE + 5 * SECOND, '10m'],
    [70 * MINUTE, '70m'], [179 * MINUTE, '179m'], [180 * MINUTE, '3h'], [3 * HOUR + 30 * MINUTE, '3h30m'], [8 * HOUR, '8h'],
    [47 * HOUR, '47h'], [49 * HOUR, '2d1h'], [51 * HOUR, '2d3h'], [(8 * 24 + 2) * HOUR, '8d'], [367 * 24 * HOUR, '367d'],
    [(365 * 2 * 24 + 25) * HOUR, '2y1d'], [(365 * 8 * 24 + 2) * HOUR, '8y'],
  ])('%d µs -> %s', (us, want) => {
    expect(humanDuration(us)).toBe(want);
  });
});

describe('times', () => {
  test('RFC1123Z and RFC3339Nano in UTC', () => {
    expect(rfc1123z(EPOCH_US)).toBe('Mon, 02 Mar 2026 09:00:00 +0000');
    expect(rfc3339Nano(EPOCH_US + 1_412_305)).toBe('2026-03-02T09:00:01.412305000Z');
  });

  test('parseIsoUs reads back what the objects carry', () => {
    expect(parseIsoUs('2026-03-02T09:00:00Z')).toBe(EPOCH_US);
    expect(parseIsoUs('2024-02-29T23:59:59.5Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 500) * 1000);
    expect(parseIsoUs('1970-01-01T00:00:00Z')).toBe(0);
    expect(parseIsoUs('yesterday')).toBeUndefined();
  });
});

describe('labels and stable names', () => {
  test('formatLabels sorts and joins, <none> when empty', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
  });

  test('stable ids are deterministic and well-formed', () => {
    expect(stableUuid('x')).toBe(stableUuid('x'));
    expect(stableUuid('x')).not.toBe(stableUuid('y'));
    expect(stableUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableSuffix('pod')).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});
