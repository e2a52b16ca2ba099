/** Plain-text tables for the terminal, and the number formats the CLI prints. */

/** Renders rows under headers; columns listed in `rightAligned` (indexes) are right-aligned. */
export function textTable(headers: string[], rows: string[][], rightAligned: number[] = []): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (rightAligned.includes(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Milliseconds with precision that suits the magnitude; "-" when not measured. */
export function fmtMs(v: number): string {
  if (!Number.isFinite(v)) return '-';
  if (Math.abs(v) < 1) return v.toFixed(3);
  if (Math.abs(v) < 100) return v.toFixed(2);
  return v.toFixed(1);
}

/** A rate or count with one decimal below 100, none above. */
export function fmtNum(v: number, decimals = 1): string {
  if (!Number.isFinite(v)) return '-';
  return Math.abs(v) >= 100 ? Math.round(v).toString() : v.toFixed(decimals);
}

export function fmtPercent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '-';
}
