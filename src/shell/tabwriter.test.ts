import { describe, expect, test } from 'vitest';
import { DESCRIBE, TABLE, table, tabwrite } from './tabwriter';

describe('Go text/tabwriter', () => {
  test('pads every column but the last to its widest cell plus padding', () => {
    expect(table([['NAME', 'READY', 'AGE'], ['frontend', '1/1', '5m']])).toBe(
      'NAME       READY   AGE\n' +
      'frontend   1/1     5m\n');
  });

  test('minwidth 6 applies to narrow columns', () => {
    expect(table([['A', 'B', 'C'], ['x', 'y', 'z']], TABLE)).toBe('A     B     C\nx     y     z\n');
  });

  test('a line without tabs ends a column block (describe pages)', () => {
    const text = 'Name:\tfrontend\nService Account:\tfrontend\nIPs:\n  IP:\t10.0.0.1\n';
    expect(tabwrite(text, DESCRIBE)).toBe('Name:             frontend\nService Account:  frontend\nIPs:\n  IP:  10.0.0.1\n');
  });

  test('cells of deeper columns align only among lines that have them', () => {
    const text = 'Port:\thttp\t8080/TCP\nTargetPort:\t8080/TCP\n';
    expect(tabwrite(text, DESCRIBE)).toBe('Port:        http  8080/TCP\nTargetPort:  8080/TCP\n');
  });

  test('empty cells still take their column width; trailing text is kept as is', () => {
    expect(tabwrite('a\t\tb\nlonger\tx\ty \n', DESCRIBE)).toBe('a          b\nlonger  x  y \n');
  });

  test('counts characters, not UTF-16 units', () => {
    expect(table([['A', 'B'], ['√√', 'x']])).toBe('A     B\n√√    x\n');
  });

  test('a line with fewer cells splits the blocks of the deeper columns', () => {
    expect(tabwrite('a\tb\tc\nlong\tx\n\tyy\tz\n', DESCRIBE)).toBe('a     b  c\nlong  x\n      yy  z\n');
  });

  test('no rows, no output', () => {
    expect(table([])).toBe('');
    expect(tabwrite('', DESCRIBE)).toBe('');
  });
});
