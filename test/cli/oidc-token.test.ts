// `authui token` as the built binary on an OpenID Connect session that is due for renewal: the
// hot paths' bundle requires oauth4webapi from its own file beside it (scripts/build.mjs), and
// the renewal runs against a real OpenID Provider (oidc-provider) on loopback, through authui's
// own transport (src/auth/fetch.ts), not Node's fetch.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import type { DeviceCodePrompt } from '../../src/auth/prompter.js';
import { runBinAsync } from '../helpers/cli.js';
import { captureIO } from '../helpers/io.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { FakeOidc, OIDC_CLIENT_ID } from '../servers/oidc.js';
import { builtinsTrace, UNDICI } from '../helpers/builtins.js';
import { tempDir } from '../helpers/tmp.js';

// Renewed once half of it is gone (config/types.ts, renewalLeadMs). The first `token` must run
// before that: 4 s of the token's life, against ≈ 0.5 s for a start on a busy machine.
const ACCESS_TOKEN_SECONDS = 8;
const op = new FakeOidc({ accessTokenTtl: ACCESS_TOKEN_SECONDS });
beforeAll(() => op.start());
afterAll(() => op.stop());

describe('authui token on an OpenID Connect provider', () => {
  it('renews an access token past half its life with the refresh token, and prints the new one', async () => {
    const config = `auth:\n  keyring: { type: file }\n  providers:\n    corp: { kind: oidc, issuer: "${op.issuer}", client_id: ${OIDC_CLIENT_ID}, scopes: [openid, offline_access, email] }\n`;
    const ws = cliWorkspace(config, 'oidc-token-store-pw');
    const workspace = await createApp({ io: captureIO(ws.env, ws.cwd) }).workspace();
    const browser = new ScriptedPrompter([]);
    browser.onDeviceCode = (prompt: DeviceCodePrompt) => void op.approveDevice(prompt.verificationUri, prompt.userCode);
    await workspace.engine.login('corp', browser);
    const accessToken = async () =>
      (JSON.parse((await ws.store.get('provider:corp/session')) as string) as { accessToken: string }).accessToken;
    const before = await accessToken();

    const fresh = await runBinAsync(['token', 'corp'], { env: ws.env, cwd: ws.cwd });
    expect(fresh).toEqual({ code: 0, stdout: `${before}\n`, stderr: '' });

    await sleep((ACCESS_TOKEN_SECONDS / 2) * 1000 + 300);
    const builtins = builtinsTrace(tempDir());
    const renewed = await runBinAsync(['token', 'corp'], {
      env: { ...ws.env, ...builtins.env },
      cwd: ws.cwd,
      nodeArgs: builtins.nodeArgs,
    });
    expect(renewed.stderr).toBe('');
    expect(renewed.code).toBe(0);
    const after = await accessToken();
    expect(after).not.toBe(before);
    expect(renewed.stdout).toBe(`${after}\n`);
    // The renewal went over node:http, and Node's fetch (undici, 10–20 MB) was never loaded.
    expect(builtins.loaded()).toContain('NativeModule http');
    expect(builtins.loaded()).not.toContain(UNDICI);
  });
});
