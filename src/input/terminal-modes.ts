// The terminal modes the screens turn on and off (no React here: the first frame, drawn before
// Ink loads, enters the alternate screen too).

/** Bracketed paste: the terminal wraps a paste in markers, so it arrives as text, never as keys. */
export const BRACKETED_PASTE_ON = '\x1b[?2004h';
export const BRACKETED_PASTE_OFF = '\x1b[?2004l';
/** The full-screen dashboard: the alternate screen, cursor home, bracketed paste on. */
export const ENTER_ALT = `\x1b[?1049h\x1b[H${BRACKETED_PASTE_ON}`;
/** Back: paste markers off, the cursor shown, the screen the user had. */
export const LEAVE_ALT = `${BRACKETED_PASTE_OFF}\x1b[?25h\x1b[?1049l`;
