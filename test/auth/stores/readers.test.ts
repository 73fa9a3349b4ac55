import { describe, expect, it } from 'vitest';
import { storeReaders } from '../../../src/auth/stores/readers.js';

describe('who else can read the store, as doctor says it', () => {
  it('names the platform keyring’s reach, and on macOS the node binary and never “Always Allow” as advice', () => {
    expect(storeReaders({ backend: 'system', platform: 'linux' })).toMatch(/while your keyring is unlocked/);
    expect(storeReaders({ backend: 'system', platform: 'win32' })).toMatch(/Credential Manager has no per-program/);
    const mac = storeReaders({ backend: 'system', platform: 'darwin' });
    expect(mac).toMatch(/same node binary .* without a prompt/);
    expect(mac).toMatch(/never answer "Always Allow"/);
  });

  it('a file store is open to the user’s programs unless a password seals it', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(storeReaders({ backend: 'file', platform })).toMatch(/derived from this machine and user/);
      expect(storeReaders({ backend: 'file', platform, passwordVar: 'MY_PW' })).toBe(
        'whoever has the file and the password in MY_PW',
      );
    }
    expect(storeReaders({ backend: 'memory', platform: 'linux' })).toMatch(/this process only/);
  });
});
