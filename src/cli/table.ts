// Plain aligned text tables for the CLI (no colour: they are read by people and by grep). Cells
// hold names, subjects and peers' facts: each goes through the sanitiser.
import { columns, padColumns } from '../auth/text-width.js';
import { visible } from '../auth/visible.js';

export function renderTable(headers: readonly string[], raw: readonly (readonly string[])[]): string {
  const rows = raw.map((cells) => cells.map((cell) => visible(cell)));
  // By display width: a CJK name or an emoji takes two columns, a combining mark none.
  const widths = headers.map((h, i) => Math.max(columns(h), ...rows.map((r) => columns(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : padColumns(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
