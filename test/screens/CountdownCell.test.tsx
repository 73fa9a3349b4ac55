import { describe, expect, it } from 'vitest';
import { SPINNER } from '../../src/components/lines.js';
import { CountdownCell } from '../../src/screens/CountdownCell.js';
import { makeStore, NOW, renderWith, settle, frameText } from '../helpers/ui.js';

describe('CountdownCell', () => {
  it('ticks with the store clock and changes state at 15 minutes and at expiry', async () => {
    const store = makeStore([]);
    const expiresAt = NOW + 15 * 60_000 + 2_000;
    const ui = renderWith(
      store,
      <CountdownCell id="identity:x" listed="active" expiresAt={expiresAt} stateWidth={12} expiresWidth={9} />,
    );
    expect(frameText(ui)).toMatch(/● active\s+15m 02s/);
    store.getState().tick(NOW + 3_000);
    await settle();
    expect(frameText(ui)).toMatch(/◐ expiring\s+14m 59s/);
    store.getState().tick(expiresAt);
    await settle();
    expect(frameText(ui)).toMatch(/✗ expired\s+expired/);
  });

  it('shows never for credentials without expiry and a dash when logged out', () => {
    const store = makeStore([]);
    expect(
      frameText(renderWith(store, <CountdownCell id="identity:x" listed="active" stateWidth={12} expiresWidth={9} />)),
    ).toMatch(/● active\s+never/);
    expect(
      frameText(
        renderWith(store, <CountdownCell id="identity:x" listed="logged_out" stateWidth={12} expiresWidth={9} />),
      ),
    ).toMatch(/○ logged out\s*—/);
  });

  it('uses colour only when allowed, and symbols always', () => {
    const colored =
      renderWith(
        makeStore([]),
        <CountdownCell id="identity:x" listed="active" expiresAt={NOW + 3600_000} stateWidth={12} expiresWidth={9} />,
      ).lastFrame() ?? '';
    const plain =
      renderWith(
        makeStore([], { color: false }),
        <CountdownCell id="identity:x" listed="active" expiresAt={NOW + 3600_000} stateWidth={12} expiresWidth={9} />,
      ).lastFrame() ?? '';
    expect(colored).toContain('\u001b[32m');
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('● active');
  });

  it('spins while a login is under way and shows the error code after a failed one', async () => {
    const store = makeStore([]);
    const ui = renderWith(
      store,
      <CountdownCell id="identity:dev" listed="active" expiresAt={NOW + 3600_000} stateWidth={22} expiresWidth={9} />,
    );
    store.getState().setBusy('identity:dev', true);
    await settle();
    expect(frameText(ui)).toContain(`${SPINNER[0]} refreshing`);
    store.getState().spinTick();
    await settle();
    expect(frameText(ui)).toContain(`${SPINNER[1]} refreshing`);
    store.getState().setBusy('identity:dev', false);
    store.getState().fail('identity:dev', {
      name: 'dev',
      code: 'invalid_credentials',
      message: 'rejected',
      context: {},
      recoverable: true,
      retryable: false,
      reenterable: true,
    });
    await settle();
    expect(frameText(ui)).toContain('! invalid_credentials');
  });
});
