// The platform keyring via @napi-rs/keyring (Secret Service on Linux, Keychain on macOS,
// Credential Manager on Windows). Every call is async with a timeout: a broken keyring
// makes authui say so, never hang.
import { AuthError } from '../errors.js';
import type { CredentialStore } from './types.js';

const KEYRING_SERVICE = 'authui';
const OP_TIMEOUT_MS = 5_000;

type KeyringModule = typeof import('@napi-rs/keyring');
let keyringModule: Promise<KeyringModule> | undefined;

function loadKeyring(): Promise<KeyringModule> {
  keyringModule ??= import('@napi-rs/keyring');
  return keyringModule;
}

// On Linux the library would otherwise fall back to the kernel keyring, which forgets
// everything at logout or reboot: long-term keys must not live there.
const ENTRY_OPTIONS = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;

function keyringFailure(operation: string, error: unknown): AuthError {
  const detail = error instanceof Error ? error.message : String(error);
  const timedOut = /abort|timeout/i.test(detail) || (error as { name?: string })?.name === 'TimeoutError';
  return new AuthError(
    'keyring_unavailable',
    `System keyring ${operation} failed: ${timedOut ? 'no answer within the time limit' : detail}`,
    {
      hint: 'Unlock your keyring (e.g. gnome-keyring or KWallet), or use the encrypted file store: AUTHUI_KEYRING=file.',
      retryable: true,
    },
  );
}

export class SystemStore implements CredentialStore {
  readonly backend = 'system' as const;
  readonly location: string;

  /** The native module loads on first use, so commands that read no secret never pay for it. */
  constructor(
    private readonly service = KEYRING_SERVICE,
    /** Called when an operation fails (forgets a remembered healthy probe). */
    private readonly onFailure: () => void = () => {},
  ) {
    this.location =
      process.platform === 'linux'
        ? 'Secret Service'
        : process.platform === 'darwin'
          ? 'macOS Keychain'
          : 'Windows Credential Manager';
  }

  private async run<T>(operation: string, fn: (keyring: KeyringModule, signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await fn(await loadKeyring(), AbortSignal.timeout(OP_TIMEOUT_MS));
    } catch (error) {
      this.onFailure();
      throw keyringFailure(operation, error);
    }
  }

  private entry(keyring: KeyringModule, name: string) {
    return new keyring.AsyncEntry(this.service, name, ENTRY_OPTIONS);
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.run('read', (k, signal) => this.entry(k, name).getPassword(signal))) ?? undefined;
  }

  async set(name: string, value: string): Promise<void> {
    await this.run('write', (k, signal) => this.entry(k, name).setPassword(value, signal));
  }

  async delete(name: string): Promise<boolean> {
    return this.run('delete', (k, signal) => this.entry(k, name).deleteCredential(signal));
  }

  async list(): Promise<string[]> {
    const found = await this.run('listing', (k, signal) => k.findCredentialsAsync(this.service, null, signal));
    return found.map((c) => c.account);
  }
}

export type ProbeResult = { ok: true; store: SystemStore; ms: number } | { ok: false; reason: string; ms: number };

/**
 * A set/get/delete round trip on a probe entry: a bare read proves nothing, because with no
 * D-Bus session the library returns null without an error.
 */
export async function probeSystemKeyring(
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs = 2_000,
  service = KEYRING_SERVICE,
  onFailure?: () => void,
): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (process.platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS) {
    return {
      ok: false,
      reason: 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service',
      ms: elapsed(),
    };
  }
  const attempt = async (): Promise<ProbeResult> => {
    const keyring = await loadKeyring();
    const signal = AbortSignal.timeout(timeoutMs);
    const entry = new keyring.AsyncEntry(service, `__probe__/${process.pid}`, ENTRY_OPTIONS);
    const token = `probe-${Date.now()}`;
    await entry.setPassword(token, signal);
    const read = await entry.getPassword(signal);
    await entry.deleteCredential(signal);
    if (read !== token) return { ok: false, reason: 'the keyring did not return what was written', ms: elapsed() };
    return { ok: true, store: new SystemStore(service, onFailure), ms: elapsed() };
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          reason: `no answer within ${timeoutMs} ms (locked or unresponsive keyring)`,
          ms: elapsed(),
        }),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    return await Promise.race([
      attempt().catch((error: unknown) => ({ ok: false as const, reason: describeKeyringError(error), ms: elapsed() })),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function describeKeyringError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/no result found/i.test(message)) return 'the Secret Service has no unlocked keyring (locked or never created)';
  if (/AccessDenied|platform storage/i.test(message)) return 'the platform keyring refused access';
  return message;
}
