// Hostile input in a real pty, through the built binary: colour codes, unknown keys and huge
// pastes into the dashboard, its filter, a login form and the inline CLI form. Never a crash,
// never a stack trace; a paste is text, never keys (a pasted "q" or "o" quits or logs out nothing).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { isolatedEnv, tempDir, writeTrustedConfig } from '../helpers/tmp.js';
import { selectedName, TmuxSession, tmuxMissing } from '../helpers/tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

const COLOURED = '\x1b[31mred\x1b[0m';
/** Sequences no key of ours is bound to: typed, each must be ignored. */
const UNKNOWN_KEYS = ['\x1b[31m', '\x1bOZ', '\x1b[99~', '\x1b[1;2P', '\x1b[200~x\x1b[201~'];
/** Then text with an OSC title sequence and a lone ESC (esc: it closes a form). */
const CORPUS = [...UNKNOWN_KEYS, '\x1b]0;PWNED\x07', '\xff\xfe', '\x1b'];
const crashed = (screen: string) => /authui crashed|Cannot read properties|\n\s+at /.test(screen);

describe.skipIf(tmuxMissing !== undefined)(
  `hostile input in a pty${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`,
  () => {
    it('the dashboard, its filter and a login form survive the corpus; a paste presses no keys', async () => {
      session = await TmuxSession.demo({ columns: 110, rows: 32 });
      const s = session;
      // Typed (not pasted) unknown sequences and colour codes: ignored.
      for (const chunk of CORPUS) s.send('-l', chunk);
      // Pasted: "q" would quit, "o" open logout, "l" a login, if a paste were keys.
      s.paste(`q o l ${COLOURED}`);
      // An ESC and a paste in one read (ESC typed just before pasting): the ESC, then text.
      s.send('-l', '\x1b\x1b[200~q o l\x1b[201~');
      s.send('j');
      let screen = await s.waitFor((text) => selectedName(text) === 'prod-ro');
      expect(crashed(screen)).toBe(false);
      expect(screen).toContain('authui · 8 providers');

      s.send('/');
      await s.waitFor((text) => text.includes('/ ▏'));
      s.paste(`${COLOURED}\x1b[0m dev`);
      await s.waitFor((text) => text.includes('/ red dev▏'));

      s.send('Escape');
      // Wait for the filter to close: a key sent right after ESC reads as alt+key.
      await s.waitFor((text) => !text.includes('/ red dev'));
      await s.selectRow('ci-bot');
      s.send('l');
      await s.waitFor((text) => text.includes('› Access Key ID: ▏'));
      s.paste(`\x1b[32mAKIA${'X'.repeat(60)}\x1b[0m`.repeat(20_000));
      screen = await s.waitFor((text) => text.includes('Nothing was added.'), 20_000);
      expect(screen).toContain('Too long: Access Key ID takes at most 16,384 characters, this would be 1,280,000.');
      expect(screen).toContain('› Access Key ID: ▏');
      s.paste(`${COLOURED}AKIADEMOCIBOT0000002`);
      await s.waitFor((text) => text.includes('› Access Key ID: redAKIADEMOCIBOT0000002▏'));
      for (const chunk of CORPUS) s.send('-l', chunk);
      s.send('Escape');
      screen = await s.waitFor((text) => text.includes('Login cancelled'));
      expect(crashed(screen)).toBe(false);
      s.send('q');
      await s.waitFor((text) => text.includes('EXIT-CODE=0'));
    }, 60_000);

    it('the inline CLI form takes a coloured paste as its text, and the corpus without a stack trace', async () => {
      const dir = tempDir();
      const cwd = join(dir, 'work');
      mkdirSync(cwd);
      writeTrustedConfig(
        dir,
        cwd,
        'auth:\n  keyring: { type: file }\n  providers:\n    k: { kind: api-key/generic }\n',
      );
      const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'hostile-input-pw' });
      session = TmuxSession.start(
        `cd ${cwd} && ${process.execPath} ${BIN} login k --no-verify; echo "EXIT-CODE=$?"; sleep 30`,
        { env },
      );
      const s = session;
      await s.waitFor((text) => text.includes('› API key: ▏'));
      for (const chunk of UNKNOWN_KEYS) s.send('-l', chunk);
      s.paste(`${COLOURED}-key-123`);
      s.send('C-r');
      await s.waitFor((text) => text.includes('› API key: xred-key-123▏'));
      s.send('Enter', 'Enter');
      const screen = await s.waitFor((text) => text.includes('EXIT-CODE='));
      expect(screen).toContain('EXIT-CODE=0');
      expect(crashed(screen)).toBe(false);
    });
  },
);
