// Text laid out by display width: a CJK character or most emoji take two columns, a combining
// mark none. Its own module, so the hot paths that print no table never load string-width.
import stringWidth from 'string-width';
import { ONE_COLUMN_TEXT } from './one-column.mjs';

/** Text whose characters are each one column and one code unit (one-column.mjs). */
const ONE_COLUMN = new RegExp(ONE_COLUMN_TEXT);

/**
 * How many columns `text` takes in a terminal: a CJK character or most emoji two, a combining
 * mark none. Tables and cells are laid out by this, never by code units.
 */
export function columns(text: string): number {
  return stringWidth(text);
}

let segmenter: Intl.Segmenter | undefined;

/** What a reader sees as one character each (a base with its combining marks, an emoji sequence). */
function graphemes(text: string): string[] {
  // One code unit each (ASCII, the table's symbols, a path's "·"), and no segmenter to build: the
  // first costs ≈ 10 ms, and a status bar with a long path is cut at every start.
  if (ONE_COLUMN.test(text)) return text.split('');
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** `text` padded with spaces to `width` columns; never cut. */
export function padColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - columns(text)));
}

/** `text` in exactly `width` columns: cut with "…" when wider (never inside a character), else padded. */
export function fitColumns(text: string, width: number): string {
  if (width <= 0) return '';
  if (columns(text) <= width) return padColumns(text, width);
  let kept = '';
  let used = 0;
  for (const grapheme of graphemes(text)) {
    const w = columns(grapheme);
    if (used + w > width - 1) break;
    kept += grapheme;
    used += w;
  }
  return `${kept}…${' '.repeat(width - 1 - used)}`;
}
