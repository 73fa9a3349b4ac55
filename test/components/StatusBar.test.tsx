import { describe, expect, it } from 'vitest';
import { KeyHints } from '../../src/components/KeyHints.js';
import { StatusBar } from '../../src/components/StatusBar.js';
import { ThemeProvider } from '../../src/components/theme.js';
import { makeTheme } from '../../src/components/look.js';
import { render } from 'ink-testing-library';
import { makeStore, renderWith, frameText } from '../helpers/ui.js';

describe('StatusBar and KeyHints', () => {
  it('shows the active backend, marking a fallback', () => {
    expect(
      frameText(
        render(
          <StatusBar
            backend={{ name: 'file', location: '/tmp/store.enc' }}
            configPath="/tmp/authui.yaml"
            width={100}
          />,
        ),
      ),
    ).toContain('Credentials: file · /tmp/store.enc · config: /tmp/authui.yaml');
    const fallback = render(
      <StatusBar
        backend={{ name: 'file', location: '/s', fallbackReason: 'no keyring' }}
        configPath="/c"
        width={100}
      />,
    );
    expect(frameText(fallback)).toContain('file (fallback)');
    // The fallback is yellow, and plain under NO_COLOR.
    expect(fallback.lastFrame()).toContain('\u001b[33m');
    const plain = render(
      <ThemeProvider theme={makeTheme(false)}>
        <StatusBar
          backend={{ name: 'file', location: '/s', fallbackReason: 'no keyring' }}
          configPath="/c"
          width={100}
        />
      </ThemeProvider>,
    );
    expect(plain.lastFrame()).not.toContain('\u001b[33m');
  });

  it('hints come from the keymap of the active scope', () => {
    expect(frameText(renderWith(makeStore([]), <KeyHints scope="dashboard" width={120} />))).toContain(
      'r renew · o log out · / filter · ? help · q quit',
    );
    expect(frameText(renderWith(makeStore([]), <KeyHints scope="filter" width={120} />))).toContain(
      'enter keep filter · esc clear',
    );
  });
});
