// The dashboard filter's search over every row. At 20,000 rows a keystroke has a few
// milliseconds, so the rows' search texts are lower-cased once into one string and a needle is
// found with the native `indexOf`, jumping to the next row after each hit: one pass over the
// text, no per-row strings to allocate or collect. What it found is the rows' positions in a
// typed array, not an array of the rows: the dashboard's baseline-compiled code stores a position
// for less than it grows an array, and the results the dashboard keeps for recent needles stay
// outside the collector's heap (docs/performance.md, "Memory": the filter's results as positions).
import type { NodeStatus } from '../auth/engine/views.js';

/**
 * The rows in view, in order: the rows themselves, or those a filter found. Only what the
 * dashboard asks of them, which an array of rows also answers.
 */
export interface RowList {
  readonly length: number;
  at(index: number): NodeStatus | undefined;
  slice(start?: number, end?: number): NodeStatus[];
}

/** Rows a search found: their positions among all rows. */
class FoundRows implements RowList {
  constructor(
    private readonly rows: NodeStatus[],
    private readonly found: Int32Array,
  ) {}
  get length(): number {
    return this.found.length;
  }
  at(index: number): NodeStatus | undefined {
    const at = this.found.at(index);
    return at === undefined ? undefined : this.rows[at];
  }
  slice(start?: number, end?: number): NodeStatus[] {
    return Array.from(this.found.subarray(start, end), (at) => this.rows[at] as NodeStatus);
  }
}

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
export function searchRows(search: RowSearch, needle: string): RowList {
  if (needle === '') return search.rows;
  if (needle.includes(ROW) || needle.includes(FIELD)) return [];
  const { rows, text, starts } = search;
  const found = new Int32Array(rows.length);
  let count = 0;
  let row = 0;
  let hit = text.indexOf(needle);
  while (hit !== -1) {
    // No match spans two rows (the needle holds no newline), so the hit lies in one row.
    while ((starts[row + 1] as number) <= hit) row++;
    found[count++] = row;
    row++;
    if (row === rows.length) break;
    hit = text.indexOf(needle, starts[row]);
  }
  // Every row matched: hand back the rows themselves, so what is drawn from them is unchanged.
  return count === rows.length ? rows : new FoundRows(rows, found.slice(0, count));
}
