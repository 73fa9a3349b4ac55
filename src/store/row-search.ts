// The dashboard filter's search over every row. At 20,000 rows a keystroke has a few
// milliseconds, so the rows' search texts are lower-cased once into one string and a needle is
// found with the native `indexOf`, jumping to the next row after each hit: one pass over the
// text, no per-row strings to allocate or collect.
import type { NodeStatus } from '../auth/engine/views.js';

export interface RowSearch {
  rows: NodeStatus[];
  /** Every row's search text, lower-cased, each followed by a newline. */
  text: string;
  /** Where row i's text starts in `text`; one more entry marks the end. */
  starts: Int32Array;
}

/** Separates fields within a row's text and rows from each other; a needle holding one never matches. */
const FIELD = '\u0000';
const ROW = '\n';

export function rowSearch(rows: NodeStatus[]): RowSearch {
  const starts = new Int32Array(rows.length + 1);
  const parts: string[] = new Array<string>(rows.length);
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const n = rows[i] as NodeStatus;
    // Lower-cased per row: a few characters change length when lower-cased ("İ"), and the
    // starts must count the text that is searched.
    const part =
      `${n.name}${FIELD}${n.kind}${FIELD}${n.account ?? ''}${FIELD}${n.subject ?? ''}${FIELD}${n.region ?? ''}${ROW}`.toLowerCase();
    parts[i] = part;
    starts[i] = at;
    at += part.length;
  }
  starts[rows.length] = at;
  return { rows, text: parts.join(''), starts };
}

/** The rows whose text contains `needle` (already lower-cased), in order. */
export function searchRows(search: RowSearch, needle: string): NodeStatus[] {
  if (needle === '') return search.rows;
  if (needle.includes(ROW) || needle.includes(FIELD)) return [];
  const { rows, text, starts } = search;
  const found: NodeStatus[] = [];
  let row = 0;
  let hit = text.indexOf(needle);
  while (hit !== -1) {
    // No match spans two rows (the needle holds no newline), so the hit lies in one row.
    while ((starts[row + 1] as number) <= hit) row++;
    found.push(rows[row] as NodeStatus);
    row++;
    if (row === rows.length) break;
    hit = text.indexOf(needle, starts[row]);
  }
  // Every row matched: hand back the rows themselves, so what is drawn from them is unchanged.
  return found.length === rows.length ? rows : found;
}
