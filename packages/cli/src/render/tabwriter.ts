/*
 * Column alignment with the semantics of Go's text/tabwriter (minwidth 0, padding 2, pad with
 * spaces): tab-terminated cells are aligned per block of consecutive lines that have the column;
 * the last cell of a line is written as is. ANSI colour codes take no width.
 */

// eslint-disable-next-line no-control-regex -- SGR colour codes start with the ESC control character
const ANSI = /\x1b\[[0-9;]*m/g;

/** Display width of a cell: characters, not bytes, without colour codes. */
export function cellWidth(s: string): number {
  return Array.from(s.replace(ANSI, '')).length;
}

/** Aligns `text` (lines separated by \n, cells terminated by \t). */
export function tabwrite(text: string, padding = 2): string {
  const endsWithNewline = text.endsWith('\n');
  const rawLines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  const lines = rawLines.map(l => l.split('\t'));
  const widths: number[][] = lines.map(() => []);

  const format = (column: number, line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      let j = i;
      let width = 0;
      for (; j < line1 && column < lines[j].length - 1; j++) {
        width = Math.max(width, cellWidth(lines[j][column]) + padding);
      }
      for (let k = i; k < j; k++) widths[k][column] = width;
      format(column + 1, i, j);
      i = j - 1;
    }
  };
  format(0, 0, lines.length);

  const out = lines.map((cells, li) =>
    cells
      .map((cell, ci) => (ci < cells.length - 1 ? cell + ' '.repeat(Math.max(0, widths[li][ci] - cellWidth(cell))) : cell))
      .join(''),
  );
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

/** Go's %-Ns: left-justified, padded with spaces to at least n characters. */
export function padRight(s: string | number, n: number): string {
  const v = String(s);
  return v + ' '.repeat(Math.max(0, n - cellWidth(v)));
}
