import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Countdown } from '../../src/components/Countdown.js';
import { ThemeProvider } from '../../src/components/theme.js';
import { makeTheme } from '../../src/components/look.js';

describe('Countdown', () => {
  it('draws the given cells in the state colour, and symbols only under NO_COLOR', () => {
    const cells = (
      <Countdown state="expiring" label="◐ expiring" remaining="14m 59s" stateWidth={12} expiresWidth={9} />
    );
    const colored = render(cells).lastFrame() ?? '';
    const plain = render(<ThemeProvider theme={makeTheme(false)}>{cells}</ThemeProvider>).lastFrame() ?? '';
    expect(colored).toContain('\u001b[33m');
    expect(plain).not.toContain('\u001b[');
    expect(plain).toMatch(/◐ expiring\s+14m 59s/);
  });
});
