// The dashboard's logout screen (`o`) against a real engine on the memory store: choose, preview,
// dry run, confirm, result panel, rows updated.
import { describe, expect, it } from 'vitest';
import { engineDashboard } from '../helpers/engine-ui.js';
import { press } from '../helpers/ui.js';
import { LOGOUT_CONFIG } from '../helpers/workspace.js';

const CANARY = 'CANARY-TUI-LOGOUT-SECRET';
function dashboard() {
  return engineDashboard({
    config: LOGOUT_CONFIG,
    entries: Object.fromEntries(
      ['identity:dev/long-term', 'identity:dev/session', 'identity:admin/session', 'provider:corp/session'].map((e) => [
        e,
        JSON.stringify({ token: CANARY }),
      ]),
    ),
    sessions: ['identity:dev', 'identity:admin', 'provider:corp'],
  });
}

describe('Logout screen', () => {
  it('previews what the row under the cursor removes, and moves the preview with the cursor', async () => {
    const { app, frame } = await dashboard();
    await press(app, 'o');
    let text = await frame(/Will be removed:\s+• /);
    expect(text).toContain('Log out — tick with space, enter to confirm');
    expect(text).toContain('› [ ] ● corp (the provider only)');
    expect(text).toContain('[ ]   ● admin');
    expect(text).toContain('All identities (complete logout)');
    expect(text).toMatch(/Will be removed:\s+• Store \(memory\): provider:corp\/session/);
    await press(app, 'j', 'j');
    text = await frame('identity:admin/session');
    expect(text).toContain('› [ ] ');
    expect(text).toContain('• Store (memory): identity:admin/session');
    expect(text).toContain('• Store (memory): identity:dev/long-term');
    expect(text).not.toContain('provider:corp/session');
  });

  it('a dry run shows the report and removes nothing; esc goes back', async () => {
    const { app, store, frame } = await dashboard();
    await press(app, 'o', 'a', 'd');
    await frame('Dry run — would be removed (nothing changes):');
    await press(app, '\r');
    const text = await frame('This would be removed:');
    expect(text).toContain('Dry run: nothing was changed.');
    expect(text).toContain('✓ Store (memory): provider:corp/session');
    expect((await store.list()).length).toBe(4);
    await press(app, '\u001b');
    await frame('1 provider · 2 identities');
  });

  it('ticked rows are logged out, the result lists each item, and the rows update at once', async () => {
    const { app, store, frame, frames } = await dashboard();
    await press(app, 'o', 'j', 'j', ' ', '\r');
    let text = await frame('✓ Chain: dev → admin');
    expect(text).toContain('✓ Store (memory): identity:dev/long-term');
    expect(text).toContain('Logged out from 2 identities');
    expect(text).toContain('browser session');
    expect(await store.list()).toEqual(['provider:corp/session']);
    await press(app, '\r');
    text = await frame(/dev\s+AWS user\s+○ logged out/);
    expect(text).toMatch(/corp\s+OIDC \(provide…\s+● active/);
    for (const f of frames) expect(f).not.toContain(CANARY);
  });

  it('esc in the selection removes nothing', async () => {
    const { app, store, frame } = await dashboard();
    await press(app, 'o', 'a');
    await frame('[x]');
    await press(app, '\u001b');
    await frame('1 provider · 2 identities');
    expect((await store.list()).length).toBe(4);
  });
});
