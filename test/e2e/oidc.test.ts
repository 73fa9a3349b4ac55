// OIDC browser sign-in in a real pty, against a real OpenID Provider (oidc-provider) on loopback:
// the dashboard's sign-in screen completes a PKCE sign-in driven from outside, esc gives it up
// with the port closed, and `authui login --open` prints the link inline and hands it to the
// opener. The "browser" is a script (AUTHUI_BROWSER) that writes the link to a file; the test
// then plays the user through the provider's pages. Every output is scanned for the tokens.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBinAsync } from '../helpers/cli.js';
import { isolatedEnv, tempDir, writeTrustedConfig } from '../helpers/tmp.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import { deliver, FakeOidc, OIDC_CLIENT_ID } from '../servers/oidc.js';
import { listening } from '../helpers/oidc.js';

const op = new FakeOidc();
let session: TmuxSession | undefined;
beforeAll(async () => {
  await op.start();
});
afterAll(async () => {
  await op.stop();
});
afterEach(() => session?.kill());

function workspace(browser: 'print' | 'open') {
  const dir = tempDir();
  const cwd = join(dir, 'work');
  mkdirSync(cwd, { recursive: true });
  writeTrustedConfig(
    dir,
    cwd,
    `auth:\n  keyring: { type: file }\n  browser: ${browser}\n  providers:\n    corp: { kind: oidc, issuer: "${op.issuer}", client_id: ${OIDC_CLIENT_ID}, flow: pkce, scopes: [openid, offline_access, email], token_env: CORP_TOKEN }\n`,
  );
  const opened = join(dir, 'opened.txt');
  const opener = join(dir, 'browser.sh');
  // Written whole, then renamed: the test must never read a half-written link.
  writeFileSync(opener, `#!/bin/sh\nprintf '%s' "$1" > "${opened}.part" && mv "${opened}.part" "${opened}"\n`, {
    mode: 0o755,
  });
  const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'oidc-e2e-password', AUTHUI_BROWSER: opener });
  return { dir, cwd, env, opened };
}

async function openedUrl(file: string): Promise<string> {
  for (let i = 0; i < 160 && !existsSync(file); i++) await sleep(50);
  return readFileSync(file, 'utf8');
}

const portOf = (url: string) => Number(new URL(new URL(url).searchParams.get('redirect_uri') as string).port);

describe.skipIf(tmuxMissing !== undefined)(
  `OIDC browser sign-in in a pty${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`,
  () => {
    it('dashboard: l opens the sign-in screen; the browser sign-in done outside turns the row active', async () => {
      const { cwd, env, opened } = workspace('open');
      session = TmuxSession.start(`cd ${cwd} && ${process.execPath} ${BIN}; echo "EXIT-CODE=$?"; sleep 30`, {
        env,
        columns: 110,
        rows: 30,
      });
      await session.waitFor((s) => /corp\s+OIDC[^○●]*○ logged out/.test(s));
      session.send('l');
      let screen = await session.waitFor(
        (s) => s.includes('Sign in · OpenID Connect corp') && s.includes('waiting for the browser'),
      );
      console.log(`--- browser sign-in ---\n${screen}`);
      expect(screen).toContain('Open this link in a browser and sign in; you are brought back here:');
      expect(screen).toMatch(/The sign-in times out in (5m 00s|4m 5\ds)\./);
      // auth.browser: open handed the link to the opener; the user signs in there.
      const url = await openedUrl(opened);
      expect(screen).toContain(url.slice(0, 60));
      const page = await deliver(await op.signIn(url));
      expect(page.body).toContain('You can close this tab');
      screen = await session.waitFor((s) => /corp\s+OIDC[^○●]*● active\s+(59m \d\ds|1h 00m)/.test(s));
      expect(screen).toContain('ada@example.c…');
      expect(await listening(portOf(url))).toBe(false);
      session.send('q');
      await session.waitFor((s) => s.includes('EXIT-CODE=0'));

      // The session serves the CLI: token, and exec with the configured variable; no token in stderr.
      const token = await runBinAsync(['token', 'corp'], { cwd, env });
      expect(token.code).toBe(0);
      const exec = await runBinAsync(['exec', 'corp', '--', 'sh', '-c', 'printf %s "$CORP_TOKEN"'], { cwd, env });
      expect(exec.stdout).toBe(token.stdout.trim());
      const status = await runBinAsync(['status', '--json'], { cwd, env });
      for (const out of [screen, token.stderr, exec.stderr, status.stdout, status.stderr])
        expect(out).not.toContain(token.stdout.trim());
    });

    it('dashboard: o opens the link, esc gives the sign-in up and closes the port', async () => {
      const { cwd, env, opened } = workspace('print');
      session = TmuxSession.start(`cd ${cwd} && ${process.execPath} ${BIN}; echo "EXIT-CODE=$?"; sleep 30`, {
        env,
        columns: 110,
        rows: 30,
      });
      await session.waitFor((s) => /corp\s+OIDC[^○●]*○ logged out/.test(s));
      session.send('l');
      await session.waitFor((s) => s.includes('waiting for the browser'));
      expect(existsSync(opened)).toBe(false);
      session.send('o');
      const url = await openedUrl(opened);
      expect(await listening(portOf(url))).toBe(true);
      session.send('Escape');
      const screen = await session.waitFor(
        (s) => /corp\s+OIDC[^○●]*○ logged out/.test(s) && !s.includes('waiting for'),
      );
      console.log(`--- after esc ---\n${screen}`);
      expect(await listening(portOf(url))).toBe(false);
      session.send('q');
      await session.waitFor((s) => s.includes('EXIT-CODE=0'));
    });

    it('authui login --open prints the link inline and hands it to the opener; the summary follows', async () => {
      const { cwd, env, opened } = workspace('print');
      session = TmuxSession.start(
        `cd ${cwd} && ${process.execPath} ${BIN} login corp --open; echo "EXIT-CODE=$?"; sleep 30`,
        { env, columns: 120, rows: 30 },
      );
      const url = await openedUrl(opened);
      let screen = await session.waitFor((s) => s.includes('Waiting for the browser'));
      expect(screen).toContain(
        'OpenID Connect corp: open this link in a browser and sign in; you are brought back here',
      );
      await deliver(await op.signIn(url));
      screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      console.log(`--- authui login corp --open ---\n${screen}`);
      expect(screen).toContain('✓ Logged in to corp');
      expect(screen).toMatch(/corp\s+—\s+ada@example\.com\s+127\.0\.0\.1:\d+/);
      expect(screen).toContain('EXIT-CODE=0');
    });
  },
);
