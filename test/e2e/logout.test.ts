// `authui logout` without arguments in a real pty: the interactive selection, its preview, and
// backing out with esc / ctrl-c (nothing removed).
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import { loggedInWorkspace } from '../helpers/workspace.js';

const CANARY = 'CANARY-E2E-LOGOUT-SECRET';
let session: TmuxSession | undefined;
afterEach(() => session?.kill());

async function workspace() {
  const { cwd, env, store } = await loggedInWorkspace(CANARY);
  const start = (args = '') =>
    TmuxSession.start(`cd ${cwd} && ${process.execPath} ${BIN} logout ${args}; echo "EXIT-CODE=$?"; sleep 30`, {
      env,
      columns: 100,
      rows: 30,
    });
  return { store, start };
}

describe.skipIf(tmuxMissing !== undefined)(
  `authui logout, interactive${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`,
  () => {
    it('lists identities, providers and everything; space ticks, enter logs out and prints the report', async () => {
      const { store, start } = await workspace();
      session = start();
      let screen = await session.waitFor(
        (s) => s.includes('All identities (complete logout)') && s.includes('• Store (file): provider:corp/session'),
      );
      console.log(`--- selection ---\n${screen}`);
      expect(screen).toContain('corp (the provider only)');
      session.send('j', 'j', 'Space');
      await session.waitFor((s) => s.includes('[x]') && s.includes('• Store (file): identity:admin/session'));
      session.send('Enter');
      screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      console.log(`--- report ---\n${screen}`);
      expect(screen).toContain('✓ Chain: dev → admin');
      expect(screen).toContain('Logged out from 2 identities');
      expect(screen).toContain('EXIT-CODE=0');
      expect(screen).not.toContain(CANARY);
      expect(await store.list()).toEqual(['provider:corp/session']);
    });

    it('esc and ctrl-c back out with nothing removed (exit 0 and 130)', async () => {
      const { store, start } = await workspace();
      for (const [key, code] of [
        ['Escape', 0],
        ['C-c', 130],
      ] as const) {
        session = start();
        await session.waitFor((s) => s.includes('• Store (file): provider:corp/session'));
        session.send('a');
        await session.waitFor((s) => s.includes('[x]'));
        session.send(key);
        const screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
        expect(screen).toContain('Cancelled; nothing was removed.');
        expect(screen).toContain(`EXIT-CODE=${code}`);
        session.kill();
      }
      expect(await store.list()).toHaveLength(4);
    });

    it('--all asks for confirmation in a terminal: no keeps everything, yes removes everything', async () => {
      const { store, start } = await workspace();
      session = start('--all');
      await session.waitFor((s) => s.includes('Remove all 4 items authui stored? [y/N]'));
      session.send('n', 'Enter');
      let screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      expect(screen).toContain('Cancelled; nothing was removed.');
      expect(await store.list()).toHaveLength(4);
      session.kill();
      session = start('--all');
      await session.waitFor((s) => s.includes('[y/N]'));
      session.send('y', 'Enter');
      screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      console.log(`--- logout --all ---\n${screen}`);
      expect(screen).toContain('Logged out from 2 identities');
      expect(screen).toContain('EXIT-CODE=0');
      expect(await store.list()).toEqual([]);
    });
  },
);
