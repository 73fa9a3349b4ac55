import { describe, expect, it } from 'vitest';
import { Screens } from '../../src/screens/Screens.js';
import { tuiPrompter } from '../../src/tui/prompter.js';
import { frameText, makeStore, renderWith, settle, status } from '../helpers/ui.js';

describe('TUI prompter', () => {
  it('confirm asks through the form: only "yes" confirms, esc declines', async () => {
    const store = makeStore([status('dev')]);
    const ui = renderWith(store, <Screens />);
    const prompter = tuiPrompter(store);
    const first = prompter.confirm('Remove everything?');
    await settle();
    expect(frameText(ui)).toContain('Remove everything?');
    ui.stdin.write('yes\r');
    await expect(first).resolves.toBe(true);
    const second = prompter.confirm('Again?');
    await settle();
    ui.stdin.write('\u001b');
    await expect(second).resolves.toBe(false);
  });

  it('notices reach the notification line', async () => {
    const store = makeStore([status('dev')]);
    const ui = renderWith(store, <Screens />);
    tuiPrompter(store).notice('The stored keys were removed');
    await settle();
    expect(frameText(ui)).toContain('⚠ The stored keys were removed');
  });
});
