/**
 * The column layout of Go's text/tabwriter, which kubectl, cilium-dbg and hubble print their tables through: cells end with a tab, a column
 * is as wide as its widest cell in a block of adjacent lines that have that column, plus padding (never below
 * minwidth); the text after a line's last tab is not a cell and is printed as is.
 *
 * kubectl's tables: minwidth 6, padding 3 (`printers.GetNewTabWriter`); describe: minwidth 0, padding 2.
 */

export interface TabOptions {
  minwidth: number;
  padding: number;
}

export const TABLE: TabOptions = { minwidth: 6, padding: 3 };
export const DESCRIBE: TabOptions = { minwidth: 0, padding: 2 };

const width = (s: string): number => [...s].length;

/**
 * Formats text the way tabwriter prints it once flushed. Line i's cell j (its j-th tab-terminated cell) belongs to
 * the block of consecutive lines that all have a cell j; every cell of a block is padded to the same width.
 */
export function tabwrite(text: string, opts: TabOptions): string {
  if (text === '') return '';
  const trailingNewline = text.endsWith('\n');
  const rows = (trailingNewline ? text.slice(0, -1) : text).split('\n').map((line) => line.split('\t'));
  const cellCount = (row: string[]): number => row.length - 1; // the text after the last tab is no cell
  const padTo: number[][] = rows.map(() => []);
  const columns = rows.reduce((most, row) => Math.max(most, cellCount(row)), 0);
  for (let col = 0; col < columns; col++) {
    let first = 0;
    while (first < rows.length) {
      if (cellCount(rows[first]) <= col) {
        first++;
        continue;
      }
      let after = first;
      let w = opts.minwidth;
      for (; after < rows.length && cellCount(rows[after]) > col; after++) w = Math.max(w, width(rows[after][col]) + opts.padding);
      for (let i = first; i < after; i++) padTo[i][col] = w;
      first = after;
    }
  }
  const lines = rows.map((row, i) => row.map((cell, j) => (j < cellCount(row) ? cell + ' '.repeat(padTo[i][j] - width(cell)) : cell)).join(''));
  return lines.join('\n') + (trailingNewline ? '\n' : '');
}

/** A table: rows of cells joined by tabs, as kubectl's printer writes them. */
export function table(rows: string[][], opts: TabOptions = TABLE): string {
  if (rows.length === 0) return '';
  return tabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n', opts);
}
