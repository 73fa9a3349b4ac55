// The demo in a pty keeps everything in its own directory: its prompt broker and its session
// cache's pads live in its own runtime directory, the cache in its own state directory, so it neither answers for the user's real background
// commands nor leaves files in the real runtime directory.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

describe.skipIf(tmuxMissing !== undefined)(
  `the demo's runtime directory${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`,
  () => {
    it('binds its broker and writes its cache under its own directory, none under the real one', async () => {
      const dir = tempDir();
      const runtime = join(dir, 'real-run');
      mkdirSync(runtime, { mode: 0o700 });
      const demo = join(dir, 'demo');
      session = await TmuxSession.demo({ args: `--dir ${demo}`, env: isolatedEnv(dir, { XDG_RUNTIME_DIR: runtime }) });
      const s = session;
      await s.waitFor(() => existsSync(join(demo, 'run', 'authui', 'broker.sock')));
      // dev-audit renews from the seeded dev-admin session without input: a cache write.
      await s.selectRow('dev-audit');
      s.send('l');
      await s.waitFor((text) => text.includes('Logged in to dev-audit'));
      expect(readdirSync(join(demo, 'state', 'authui', 'session-cache')).length).toBeGreaterThan(0);
      expect(readdirSync(join(demo, 'run', 'authui', 'session-pads')).length).toBeGreaterThan(0);
      expect(readdirSync(runtime)).toEqual([]);
      s.send('q');
      await s.waitFor((text) => text.includes('EXIT-CODE=0'));
      expect(readdirSync(runtime)).toEqual([]);
    });
  },
);
