// The sign-in screen: link, code (device flow) or none (browser sign-in), time left; esc gives up;
// o opens the link; closing returns to the dashboard.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Screens } from '../../src/screens/Screens.js';
import { tuiPrompter } from '../../src/tui/prompter.js';
import { frameShowing, makeStore, NOW, press, renderWith, status } from '../helpers/ui.js';
import { tempDir } from '../helpers/tmp.js';
import { eventually } from '../helpers/wait.js';

describe('DeviceCode screen', () => {
  it('shows the link and the code with the time left; esc aborts the wait; close goes back', async () => {
    const store = makeStore([status('prod-ro')]);
    const ui = renderWith(store, <Screens />);
    const wait = tuiPrompter(store).showDeviceCode({
      title: 'AWS IAM Identity Center acme-sso',
      verificationUri: 'https://device.sso.eu-central-1.amazonaws.com/?user_code=ABCD-EFGH',
      userCode: 'ABCD-EFGH',
      expiresAt: NOW + 9 * 60_000 + 58_000,
    });
    const text = await frameShowing(ui, 'Sign in · AWS IAM Identity Center acme-sso');
    expect(text).toContain('https://device.sso.eu-central-1.amazonaws.com/?user_code=ABCD-EFGH');
    expect(text).toContain('Check that the page shows the code ABCD-EFGH');
    expect(text).toContain('The code expires in 9m 58s.');
    expect(wait.signal.aborted).toBe(false);
    await press(ui, '\u001b');
    expect(wait.signal.aborted).toBe(true);
    wait.close();
    await frameShowing(ui, 'enter/d detail');
    expect(store.getState().screens).toEqual(['dashboard']);
  });
});

describe('DeviceCode screen, browser sign-in (no code)', () => {
  it('shows the authorization link and the time left without a code; o hands the link to the opener', async () => {
    const dir = tempDir('authui-open-');
    const opener = join(dir, 'opener.sh');
    const opened = join(dir, 'opened.txt');
    writeFileSync(opener, `#!/bin/sh\nprintf '%s' "$1" > "${opened}"\n`, { mode: 0o755 });
    const store = makeStore([status('corp')]);
    const ui = renderWith(store, <Screens />);
    const url = 'http://127.0.0.1:4000/auth?client_id=authui&state=s';
    const wait = tuiPrompter(store, { env: { PATH: process.env.PATH, AUTHUI_BROWSER: opener } }).showDeviceCode({
      title: 'OpenID Connect corp',
      verificationUri: url,
      expiresAt: NOW + 4 * 60_000 + 59_000,
    });
    const text = await frameShowing(ui, 'Sign in · OpenID Connect corp');
    expect(text).toContain('Open this link in a browser and sign in; you are brought back here:');
    expect(text).toContain(url);
    expect(text).toContain('The sign-in times out in 4m 59s.');
    expect(text).toContain('waiting for the browser…');
    expect(text).not.toContain('Check that the page shows the code');
    expect(text).toContain('o open in browser');
    await press(ui, 'o');
    await eventually(() => expect(readFileSync(opened, 'utf8')).toBe(url));
    wait.close();
  });
});
