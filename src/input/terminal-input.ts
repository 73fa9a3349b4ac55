// Ink's keypresses with bracketed pastes put back together. The screens enable bracketed paste
// (input/terminal-modes.ts), so a terminal wraps pasted text in markers; Ink splits it into chunks and
// escape sequences, and this joins them into one `paste` keypress. A paste is text, never keys:
// the dashboard ignores it, a form takes it whole or refuses it whole.
import { useInput } from 'ink';
import { useRef } from 'react';
import type { InkKey } from './keymap.js';

const ESCAPE = '\x1b';
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
/** Past this a paste is kept cut short: far beyond any field, so a form refuses it whole. */
const MAX_PASTE_LENGTH = 1 << 22;

export interface TerminalKey extends InkKey {
  meta?: boolean;
  /** The keypress is a whole bracketed paste; the input is its text, as pasted. */
  paste?: boolean;
  /** The bytes the keypress came from (scripts/ink-patches.mjs adds them to Ink's key). */
  authuiSequence?: string;
}

/** Terminal escape sequences (colours copied with the text, cursor keys inside a paste). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-_])/g;
/** Invisible characters: C0/C1 controls and format characters (zero-width, bidi overrides). */
export const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

/** Pasted or typed text as one line of plain text: escape sequences and invisible characters go. */
export function plainText(text: string): string {
  return [...text.replace(ESCAPE_SEQUENCE, '')].filter((ch) => !INVISIBLE.test(ch)).join('');
}

export class PasteAssembler {
  private text: string | undefined;

  /**
   * One keypress in; out the keypresses to handle: itself, a whole paste, or nothing (inside a
   * paste). An ESC typed just before a paste arrives glued to its start marker (Ink reads
   * ESC ESC[200~ as alt+marker): it is the ESC, then the paste — never the paste's text as keys.
   */
  push(input: string, key: TerminalKey): [string, TerminalKey][] {
    const raw = key.authuiSequence ?? input;
    if (raw === PASTE_START || raw === ESCAPE + PASTE_START) {
      const typed: [string, TerminalKey][] =
        raw !== PASTE_START && this.text === undefined ? [['', { escape: true }]] : [];
      this.text = '';
      return typed;
    }
    if (this.text === undefined) return raw === PASTE_END || raw === ESCAPE + PASTE_END ? [] : [[input, key]];
    if (raw === PASTE_END || raw === ESCAPE + PASTE_END) {
      const text = this.text;
      this.text = undefined;
      return [[text, { paste: true }]];
    }
    if (this.text.length <= MAX_PASTE_LENGTH) this.text += raw.slice(0, MAX_PASTE_LENGTH + 1 - this.text.length);
    return [];
  }
}

/** Ink's useInput, with a bracketed paste delivered as one keypress marked `paste`. */
export function useTerminalInput(
  handler: (input: string, key: TerminalKey) => void,
  opts: { isActive?: boolean } = {},
): void {
  const assembler = useRef<PasteAssembler | null>(null);
  assembler.current ??= new PasteAssembler();
  useInput((input, key) => {
    for (const keypress of (assembler.current as PasteAssembler).push(input, key as TerminalKey)) handler(...keypress);
  }, opts);
}
