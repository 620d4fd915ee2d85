/**
 * Go's text/tabwriter (flags 0, space padding), which cilium-dbg and hubble print their tables and status through:
 * a cell is text terminated by a tab; a column block is a run of consecutive lines that have a cell in that column;
 * each cell in a block is padded to the block's widest cell plus `padding`, at least `minwidth`. Text after a
 * line's last tab is not part of any column. Widths count Unicode code points, as tabwriter counts runes.
 */

export function tabwrite(text: string, minwidth: number, padding: number): string {
  const lines = text.split('\n');
  const trailingNewline = lines[lines.length - 1] === '';
  if (trailingNewline) lines.pop();
  const cells = lines.map((l) => l.split('\t'));
  const out: string[][] = cells.map(() => []);
  format(cells, out, 0, 0, cells.length, minwidth, padding);
  for (let i = 0; i < cells.length; i++) out[i].push(cells[i][cells[i].length - 1]);
  return out.map((o) => o.join('')).join('\n') + (trailingNewline ? '\n' : '');
}

const width = (s: string): number => [...s].length;

/** The recursive column-block pass of tabwriter.format, writing padded cells of `column` into `out`. */
function format(cells: string[][], out: string[][], column: number, line0: number, line1: number, minwidth: number, padding: number): void {
  for (let line = line0; line < line1; line++) {
    if (column >= cells[line].length - 1) continue;
    let end = line;
    let w = minwidth;
    for (; end < line1 && column < cells[end].length - 1; end++) w = Math.max(w, width(cells[end][column]) + padding);
    for (let i = line; i < end; i++) out[i].push(cells[i][column] + ' '.repeat(w - width(cells[i][column])));
    format(cells, out, column + 1, line, end, minwidth, padding);
    line = end - 1;
  }
}
