// The device-code screen: link, code, time left; esc gives up; closing returns to the dashboard.
import { describe, expect, it } from 'vitest';
import { App } from '../../src/screens/App.js';
import { tuiPrompter } from '../../src/tui/prompter.js';
import { frameShowing, makeStore, NOW, press, renderWith, status } from '../helpers/ui.js';

describe('DeviceCode screen', () => {
  it('shows the link and the code with the time left; esc aborts the wait; close goes back', async () => {
    const store = makeStore([status('prod-ro')]);
    const ui = renderWith(store, <App />);
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
