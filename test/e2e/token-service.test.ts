// The token service in a real pty: `authui login kitty` inline (username pre-filled, password
// masked, a rejected password asked again), and the dashboard logging in with `l`, then keeping
// a 30-second session alive by itself (short lead and check interval in the config).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { isolatedEnv, tempDir, writeTrustedConfig } from '../helpers/tmp.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import { FakeTokenService } from '../servers/token-service.js';

const PASSWORD = 'CANARY-pty-kitty-password';
const peer = new FakeTokenService();
let session: TmuxSession | undefined;
beforeAll(async () => {
  await peer.start();
  peer.addUser('ada', PASSWORD);
});
afterAll(() => peer.stop());
afterEach(() => session?.kill());

function workspace(refresh = '') {
  const dir = tempDir();
  const cwd = join(dir, 'work');
  mkdirSync(cwd, { recursive: true });
  writeTrustedConfig(
    dir,
    cwd,
    `auth:\n  keyring: { type: file }\n${refresh}  providers:\n    kitty: { kind: token-service, base_url: "${peer.url}", username: ada }\n`,
  );
  const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'pty-store-password' });
  return { cwd, env };
}

describe.skipIf(tmuxMissing !== undefined)(
  `token service in a pty${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`,
  () => {
    it('authui login kitty: username pre-filled, password masked and asked again when rejected', async () => {
      peer.accessSeconds = 15 * 60;
      const { cwd, env } = workspace();
      session = TmuxSession.start(
        `cd ${cwd} && ${process.execPath} ${BIN} login kitty; echo "EXIT-CODE=$?"; sleep 30`,
        {
          env,
          columns: 120,
        },
      );
      await session.waitFor((s) => s.includes('Username [ada]:'));
      session.send('Enter');
      await session.waitFor((s) => s.includes('› Password:'));
      session.send('not-the-password', 'Enter');
      await session.waitFor((s) => s.includes('That username or password was rejected'));
      session.send('Enter');
      await session.waitFor((s) => s.includes('› Password:'));
      session.send(PASSWORD, 'Enter');
      const screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      console.log(`--- token-service login ---\n${screen}`);
      expect(screen).toContain('✓ Logged in to kitty');
      expect(screen).toMatch(/Provider\s+Identity\s+User\s+Server\s+Expires\s+Renewable for/);
      expect(screen).toMatch(
        new RegExp(
          `kitty\\s+—\\s+ada\\s+${new URL(peer.url).host}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+ \\((14m \\d\\ds|15m 00s)\\)\\s+(6d 23h|7d 0h)`,
        ),
      );
      expect(screen).toContain('EXIT-CODE=0');
      expect(screen).not.toContain(PASSWORD);
      expect(screen).not.toContain('not-the-password');
    });

    it('the dashboard logs in with l and then renews a 30-second session by itself', async () => {
      peer.accessSeconds = 30;
      peer.calls.length = 0;
      const { cwd, env } = workspace('  refresh: { ahead: 20s, check_interval: 2s }\n');
      session = TmuxSession.start(`cd ${cwd} && ${process.execPath} ${BIN}; echo "EXIT-CODE=$?"; sleep 30`, { env });
      await session.waitFor((s) => s.includes('Credentials: file'));
      session.send('l');
      await session.waitFor((s) => s.includes('Sign in to kitty') && s.includes('Username [ada]:'));
      session.send('Enter');
      await session.waitFor((s) => s.includes('› Password:'));
      session.send(PASSWORD, 'Enter');
      const left = (s: string) => Number(/kitty\s+Token service.*?(\d+)s\s/.exec(s)?.[1] ?? Number.NaN);
      let screen = await session.waitFor((s) => s.includes('Logged in to kitty') && left(s) >= 25);
      const loggedIn = Date.now();
      console.log(`--- dashboard after login ---\n${screen}`);
      // It counts down to the lead (15 s: half the lifetime), then is renewed, untouched: ≈ 10 s
      // after the screen showed ≥ 25 s left (7 s allows for a slow capture). Waiting to see "15s"
      // on the screen raced the renewal, which can follow it within a frame.
      await session.waitFor(() => peer.refreshCalls >= 1, 30_000);
      expect(Date.now() - loggedIn).toBeGreaterThanOrEqual(7_000);
      // The row shows the new expiry as soon as the session is stored, a moment before the
      // renewal ends; until it has, its spinner is on and r is not taken (one is under way).
      screen = await session.waitFor((s) => left(s) >= 25 && !s.includes('refreshing'), 10_000);
      console.log(`--- renewed by itself ---\n${screen}`);
      expect(peer.refreshCalls).toBeGreaterThanOrEqual(1);
      expect(screen).not.toContain('renewal failed');
      // r renews the selected row now.
      const before = peer.refreshCalls;
      session.send('r');
      await session.waitFor(() => peer.refreshCalls > before);
      session.send('q');
      screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      expect(screen).toContain('EXIT-CODE=0');
      expect(screen).not.toContain(PASSWORD);
    }, 60_000);
  },
);
