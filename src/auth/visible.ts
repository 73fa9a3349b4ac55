// The one sanitiser for text on its way to a terminal: a config's description, a peer's error,
// a claim, an asker's name. C0 and C1 controls, the ESC that starts every terminal sequence and
// the bidi controls that reorder what is shown are written out (`\x1b`, `\u202e`), never sent
// raw, so no string can set the title, clear the screen or disguise itself. Ink's text nodes
// (scripts/ink-patches.mjs) and the CLI's errors, tables, warnings and reports go through it.

// eslint-disable-next-line no-control-regex -- control characters are what this finds
const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
// eslint-disable-next-line no-control-regex -- the same, line feeds included
const UNSAFE_ALL_LF = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const written = (ch: string) => {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * `text` with every control written out. Line feeds stay when `lines` is true (Ink lays out
 * multi-line text); elsewhere a value is one line, so a line feed cannot forge another one.
 * Applying it twice changes nothing more.
 */
export function visible(text: string, lines = false): string {
  if (lines ? !UNSAFE.test(text) : isOneVisibleLine(text)) return text;
  return text.replace(lines ? UNSAFE_ALL : UNSAFE_ALL_LF, written);
}

/** Whether `text` is one line that `visible` leaves as it is: no control, ESC, bidi control or line feed. */
export function isOneVisibleLine(text: string): boolean {
  return !UNSAFE.test(text) && !text.includes('\n');
}

/**
 * `text` cut to `most` characters (never inside a surrogate pair), saying how many were left out:
 * for what a peer or a file says (an error's description, a claim), which can run to megabytes
 * that no terminal or screen should lay out.
 */
export function shortened(text: string, most: number): string {
  if (text.length <= most) return text;
  const high = text.charCodeAt(most - 1);
  const end = high >= 0xd800 && high <= 0xdbff ? most - 1 : most;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
}

// What JSON.stringify leaves raw that a terminal acts on: DEL, the C1 controls (one is CSI) and
// the bidi controls. C0 controls it escapes itself.
const UNSAFE_IN_JSON = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `value` as the indented JSON document a `--json` command prints, every control escaped
 * (`\u009b`): the same value to a parser, and nothing a terminal acts on when no parser reads it.
 */
export function jsonDocument(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return `${text.replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
