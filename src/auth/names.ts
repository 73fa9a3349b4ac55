// Provider and identity names are user text. They may contain dots, dashes and slashes,
// but they never become a path segment unescaped (docs/architecture.md, "Never").

const MAX_NAME_LENGTH = 128;

/** Returns why a name is unacceptable, or undefined when it is fine. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.length > MAX_NAME_LENGTH) return `the name is longer than ${MAX_NAME_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'the name contains a control character (NUL, newline, tab, …)';
  if (/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(name))
    return 'the name contains a bidirectional control, which can make it look like another name';
  if (name.split('/').some((part) => part === '..' || part === '.'))
    return 'the name contains a "." or ".." path step, which looks like path traversal';
  if (name.startsWith('/') || name.endsWith('/')) return 'the name starts or ends with "/"';
  // Names are AWS profile names in [section] headers of the files authui writes.
  if (/[[\]]/.test(name)) return 'the name contains "[" or "]", which AWS config files cannot hold';
  // Names reach shells (`AWS_PROFILE=…`, completion) and scripts parsing --json: no quoting games.
  if (/["'`\\$]/.test(name)) return 'the name contains a quote, a backtick, a backslash or "$"';
  return undefined;
}

/**
 * Encodes a name as one safe path segment: [A-Za-z0-9_.-] pass through, everything else
 * (including "/") becomes %XX of its UTF-8 bytes, and a leading "." is escaped so the
 * result can never be ".", ".." or a hidden file.
 */
export function pathSegment(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out.startsWith('.')) out = `%2E${out.slice(1)}`;
  return out === '' ? '%00' : out;
}

/**
 * A name as one shell word, for the commands hints print: names may hold spaces and `;|&()<>*?~{}#`
 * (never quotes, backslashes or `$`: nameProblem), so single quotes make any of them literal,
 * and a copied hint runs the command it shows.
 */
export function shellWord(name: string): string {
  return /^[A-Za-z0-9._/@%+=:,-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}
