// The built binary in a real pty: start the demo, move, filter, help, quit, terminal restored.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runBinAsync } from '../helpers/cli.js';
import { codeCacheName } from '../helpers/hot-path.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

const selectedRow = (screen: string) => screen.split('\n').find((l) => l.startsWith('›')) ?? '';

describe.skipIf(tmuxMissing !== undefined)(
  `dashboard in a pty${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`,
  () => {
    it('starts, shows rows, moves, filters, opens help, quits and restores the terminal', async () => {
      const env = isolatedEnv(tempDir());
      session = TmuxSession.start(`echo SHELL-BEFORE; ${process.execPath} ${BIN} demo; echo "EXIT-CODE=$?"; sleep 30`, {
        env,
      });
      let screen = await session.waitFor((s) => s.includes('Credentials: file'));
      console.log(`--- first frame ---\n${screen}`);
      expect(screen).toContain('authui · 8 providers · 8 identities');
      expect(screen).not.toContain('SHELL-BEFORE'); // alternate screen
      expect(screen).toMatch(/dev-audit\s+AWS role\s+◐ expiring/);
      expect(screen).toMatch(/ci-bot\s+AWS user\s+✗ expired/);
      expect(screen.split('\n').filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(29);
      expect(selectedRow(screen)).toContain('acme-sso');

      session.send('j');
      await session.waitFor((s) => selectedRow(s).includes('prod-ro'));
      session.send('Down');
      screen = await session.waitFor((s) => selectedRow(s).includes('prod-admin'));

      // The clock ticks: the countdown of a row changes (once a second; the wait's bound is a
      // busy machine's, not the clock's).
      const countdown = (s: string) => /corp\s+OIDC.*?(\d+m \d+s|\d+s)/.exec(s)?.[1];
      const before = countdown(screen);
      await session.waitFor((s) => countdown(s) !== before);

      session.send('/', 'a', 'd', 'm', 'i', 'n');
      screen = await session.waitFor((s) => s.includes('/ admin▏'));
      console.log(`--- filtered ---\n${screen}`);
      expect(screen).toMatch(/› prod-admin/);
      expect(screen).toContain('dev-admin');
      expect(screen).not.toContain('ci-bot');
      session.send('Escape');
      await session.waitFor((s) => s.includes('ci-bot') && !s.includes('/ admin'));

      session.send('?');
      screen = await session.waitFor((s) => s.includes('authui · keys'));
      expect(screen).toContain('filter rows as you type');
      session.send('Escape');
      await session.waitFor((s) => s.includes('Credentials: file'));

      // Log out screen: preview, dry run, result panel, back; nothing removed.
      session.send('o');
      screen = await session.waitFor(
        (s) => s.includes('All identities (complete logout)') && s.includes('Will be removed:'),
      );
      console.log(`--- log out ---\n${screen}`);
      session.send('d');
      await session.waitFor((s) => s.includes('Dry run: ON'));
      session.send('Enter');
      screen = await session.waitFor((s) => s.includes('Dry run: nothing was changed'));
      console.log(`--- log out, dry run result ---\n${screen}`);
      session.send('Escape');
      screen = await session.waitFor((s) => s.includes('Credentials: file'));
      expect(screen).toMatch(/acme-sso\s+AWS SSO \(prov…\s+● active/);

      // Sort by name: the Enter that chooses closes the menu and nothing else (it once also
      // reached the dashboard below and opened Detail).
      session.send('s');
      await session.waitFor((s) => s.includes('Sort rows by') && s.includes('› Tree'));
      session.send('Down');
      await session.waitFor((s) => s.includes('› Name'));
      session.send('Enter');
      screen = await session.waitFor((s) => s.includes('· sort: name'));
      expect(screen).not.toContain('Detail ·');

      session.send('q');
      screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      console.log(`--- after quit ---\n${screen}`);
      expect(screen).toContain('SHELL-BEFORE');
      expect(screen).toContain('EXIT-CODE=0');
      expect(screen).not.toContain('Credentials:');
    });

    it('`authui --config` keeps a code cache for each of the two first-frame scripts and one for the dashboard: made at the first start, reused as is, replaced when damaged', async () => {
      const ws = tempDir();
      const env = isolatedEnv(ws, { AUTHUI_KEYRING: 'file' });
      expect((await runBinAsync(['demo', '--dir', ws], { env: { ...env, CI: 'true' }, cwd: ws })).code).toBe(0);
      const configCache = join(ws, 'cache', 'authui', 'config');
      const open = async () => {
        // Without the rows the demo kept, so that each start runs the engine's listing too.
        for (const file of existsSync(configCache) ? readdirSync(configCache) : [])
          if (file.endsWith('.status.json')) rmSync(join(configCache, file));
        session = TmuxSession.start(
          `${process.execPath} ${BIN} --config ${join(ws, 'authui.yaml')}; echo "EXIT-CODE=$?"; sleep 30`,
          {
            env,
          },
        );
        const screen = await session.waitFor((s) => s.includes('Credentials: file'));
        expect(screen).toMatch(/dev-audit\s+AWS role/);
        session.send('q');
        await session.waitFor((s) => s.includes('EXIT-CODE=0'));
        session.kill();
      };
      const cacheDir = join(ws, 'cache', 'authui', 'code-cache');
      await open();
      const runtime = `${process.version}-${process.arch}.v8`;
      const names = readdirSync(cacheDir).filter((name) => name.endsWith('.v8'));
      expect(names.sort()).toEqual(
        (['dashboard', 'first-frame', 'listed-frame'] as const).map((family) => codeCacheName(family, runtime)),
      );
      const caches = names.map((name) => join(cacheDir, name));
      for (const cache of caches) expect(statSync(cache).mode & 0o777).toBe(0o600);
      const made = caches.map((cache) => statSync(cache).mtimeMs);

      // Without the config cache the dashboard parses the YAML itself: yaml and zod are not in its
      // bundle but required from node_modules.
      rmSync(configCache, { recursive: true, force: true });
      await open();
      expect(caches.map((cache) => statSync(cache).mtimeMs)).toEqual(made); // accepted: not written again
      expect(readdirSync(configCache)).not.toEqual([]);

      const damaged = caches.map((cache) => Buffer.alloc(statSync(cache).size, 0x5a));
      caches.forEach((cache, i) => writeFileSync(cache, damaged[i] as Buffer));
      await open();
      caches.forEach((cache, i) => expect(readFileSync(cache).equals(damaged[i] as Buffer)).toBe(false));
    });

    it('shows what another process changed: a logout elsewhere reaches the open dashboard at its next re-list', async () => {
      const ws = tempDir();
      const env = isolatedEnv(ws, { AUTHUI_KEYRING: 'file' });
      expect((await runBinAsync(['demo', '--dir', ws], { env: { ...env, CI: 'true' }, cwd: ws })).code).toBe(0);
      const config = join(ws, 'authui.yaml');
      session = TmuxSession.start(`${process.execPath} ${BIN} --config ${config}; sleep 30`, { env });
      await session.waitFor((s) => /dev-audit\s+AWS role\s+◐ expiring/.test(s));
      const logout = await runBinAsync(['--config', config, 'logout', 'dev-audit', '--keep-provider'], {
        env,
        cwd: ws,
      });
      expect(logout.code, logout.stderr).toBe(0);
      // The re-list runs every 5 s: waited for on screen, within the wait's bound for a busy machine.
      await session.waitFor((s) => /dev-audit\s+AWS role\s+○ logged out/.test(s), 20_000);
    });

    it('restores the terminal on ctrl-c and shows a message when too small', async () => {
      const env = isolatedEnv(tempDir());
      session = TmuxSession.start(`echo SHELL-BEFORE; ${process.execPath} ${BIN} demo; echo "EXIT-CODE=$?"; sleep 30`, {
        env,
        columns: 50,
        rows: 12,
      });
      const small = await session.waitFor((s) => s.includes('Terminal too small'));
      expect(small).toContain('50×12');
      session.send('C-c');
      const after = await session.waitFor((s) => s.includes('EXIT-CODE='));
      expect(after).toContain('SHELL-BEFORE');
      expect(after).not.toContain('Terminal too small');
    });

    it('logs in for real inside the demo (its loopback STS), with the keys from the README', async () => {
      session = await TmuxSession.demo();
      session.send('G'); // last row: team/data.eng, via the expired ci-bot
      await session.waitFor((s) => selectedRow(s).includes('team/data.eng'));
      session.send('l');
      await session.waitFor((s) => s.includes('AWS access keys for ci-bot'));
      session.send('AKIADEMOCIBOT0000002', 'Enter');
      await session.waitFor((s) => s.includes('› Secret Access Key:'));
      session.send('demo-ci-secret-not-a-real-key-0000002', 'Enter', 'Enter', 'Enter');
      await session.waitFor((s) => s.includes('Logged in to team/data.eng'));
      // The rows redraw a moment after the notice: wait for them rather than read that frame.
      const screen = await session.waitFor((s) =>
        /team\/data\.eng\s+AWS role\s+● active\s+(59m \d\ds|1h 00m)\s+222233334444/.test(s),
      );
      console.log(`--- demo after login ---\n${screen}`);
      expect(screen).toMatch(/ci-bot\s+AWS user\s+● active/);
      // dev-audit renews from the seeded dev-admin session: no prompt at all.
      await session.selectRow('dev-audit');
      session.send('l');
      await session.waitFor((s) => s.includes('Logged in to dev-audit'));
      // As above: the row stops spinning a frame after the notice; wait for it, not the notice's frame.
      await session.waitFor((s) => /dev-audit\s+AWS role\s+● active\s+(59m \d\ds|1h 00m)/.test(s));
      session.send('q');
      await session.waitFor((s) => s.includes('EXIT-CODE=0'));
    });

    it('signs in to the demo OIDC provider with l (the device code is approved by the demo)', async () => {
      session = await TmuxSession.demo();
      session.send('/', 'corp', 'Enter');
      await session.waitFor((s) => selectedRow(s).includes('corp'));
      session.send('l');
      let screen = await session.waitFor((s) => s.includes('Sign in · OpenID Connect corp'));
      expect(screen).toMatch(/Check that the page shows the code [0-9A-F]{4}-[0-9A-F]{4}/);
      screen = await session.waitFor(
        (s) => !s.includes('Sign in ·') && /corp\s+OIDC[^●○]*● active\s+(59m \d\ds|1h 00m)\s+ada@example\.c/.test(s),
        15_000,
      );
      console.log(`--- demo after OIDC login ---\n${screen}`);
      session.send('q');
      await session.waitFor((s) => s.includes('EXIT-CODE=0'));
    });
  },
);
