import { describe, expect, it } from 'vitest';
import { KeyHints } from '../../src/components/KeyHints.js';
import { StatusBar } from '../../src/components/StatusBar.js';
import { makeStore, renderWith, frameText } from '../helpers/ui.js';

describe('StatusBar and KeyHints', () => {
  it('shows the active backend, marking a fallback', () => {
    expect(frameText(renderWith(makeStore([]), <StatusBar width={100} />))).toContain('Credentials: file · /tmp/store.enc · config: /tmp/authui.yaml');
    const fallback = makeStore([], { backend: { name: 'file', location: '/s', fallbackReason: 'no keyring' } });
    expect(frameText(renderWith(fallback, <StatusBar width={100} />))).toContain('file (fallback)');
  });

  it('hints come from the keymap of the active scope', () => {
    expect(frameText(renderWith(makeStore([]), <KeyHints scope="dashboard" width={120} />))).toContain('/ filter · s sort · ? help · q quit');
    expect(frameText(renderWith(makeStore([]), <KeyHints scope="filter" width={120} />))).toContain('enter keep filter · esc clear');
  });
});
