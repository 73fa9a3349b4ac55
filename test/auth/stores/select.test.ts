import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/auth/clock.js';
import { selectCredentialStore } from '../../../src/auth/stores/select.js';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';

const config = (type: 'system' | 'file' | 'memory') => ({ keyring: { type } });

describe('credential store selection', () => {
  it('falls back to the file store at once, with one clear line, when there is no D-Bus session', async () => {
    const env = isolatedEnv(tempDir());
    const started = performance.now();
    const selection = await selectCredentialStore({ config: config('system'), env, clock: systemClock });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(selection.store.backend).toBe('file');
    expect(selection.fallbackReason).toMatch(/^System keyring unavailable: no D-Bus session.*encrypted file store at .*store\.enc/);
    expect(selection.fallbackReason?.split('\n')).toHaveLength(1);
  });

  it('lets AUTHUI_KEYRING override the config, and rejects unknown values', async () => {
    const env = isolatedEnv(tempDir(), { AUTHUI_KEYRING: 'memory' });
    expect((await selectCredentialStore({ config: config('file'), env, clock: systemClock })).store.backend).toBe('memory');
    await expect(selectCredentialStore({ config: config('file'), env: { ...env, AUTHUI_KEYRING: 'vault' }, clock: systemClock })).rejects.toThrow(/not a credential backend/);
  });
});
