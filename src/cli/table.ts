// Plain aligned text tables for the CLI (no colour: they are read by people and by grep). Cells
// hold names, subjects and peers' facts: each goes through the sanitiser.
import { visible } from '../auth/visible.js';

export function renderTable(headers: readonly string[], raw: readonly (readonly string[])[]): string {
  const rows = raw.map((cells) => cells.map((cell) => visible(cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
