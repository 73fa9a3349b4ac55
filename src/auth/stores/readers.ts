// Who besides authui can read what a credential store holds, per backend and platform: said by
// `authui doctor` so that nobody assumes a protection the platform does not give.
//
// macOS decision (docs/platforms.md): a Keychain item's default access list trusts the program
// that created it, and authui runs as the `node` binary, so every script that binary runs for
// the same user reads authui's items without a prompt; other programs are asked. authui keeps
// that default — the same reach as Secret Service and Credential Manager, which have no
// per-program access at all — and never tells anyone to answer "Always Allow", which would add
// the asking program too. A per-item access list is not reachable through @napi-rs/keyring.
import type { BackendName } from './types.js';

export interface StoreReadersInput {
  backend: BackendName;
  platform: NodeJS.Platform;
  /** The file store's password variable when a password is in use; absent → machine key. */
  passwordVar?: string;
}

/** One line: who can read the store's secrets besides authui. */
export function storeReaders({ backend, platform, passwordVar }: StoreReadersInput): string {
  if (backend === 'memory') return 'this process only (nothing is kept)';
  if (backend === 'file')
    return passwordVar
      ? `whoever has the file and the password in ${passwordVar}`
      : 'any program you run: the key is derived from this machine and user (set a password to change that)';
  if (platform === 'darwin')
    return 'any script the same node binary runs for you, without a prompt (the Keychain trusts the program that stored an item); other programs are asked — never answer "Always Allow"';
  if (platform === 'win32') return 'any program you run (Credential Manager has no per-program access)';
  return 'any program you run while your keyring is unlocked (Secret Service has no per-program access)';
}
