// The platform keyring via @napi-rs/keyring (Secret Service on Linux, Keychain on macOS,
// Credential Manager on Windows). Every call is async with a timeout: a broken keyring
// makes authui say so, never hang.
import { AuthError } from '../errors.js';
import { storeReaders } from './readers.js';
import type { CredentialStore } from './types.js';

const KEYRING_SERVICE = 'authui';
const OP_TIMEOUT_MS = 5_000;

type KeyringModule = typeof import('@napi-rs/keyring');
let keyringModule: Promise<KeyringModule> | undefined;

function loadKeyring(): Promise<KeyringModule> {
  keyringModule ??= import('@napi-rs/keyring');
  return keyringModule;
}

/**
 * On Linux the library opens a D-Bus connection and negotiates an encrypted Secret Service
 * session for every get, set and delete, and gnome-keyring aborts when such sessions are
 * negotiated at once and a client leaves mid-way; the daemon D-Bus starts in its place has every
 * keyring locked (docs/platforms.md). So a process runs its keyring operations one at a time, on
 * every platform (the dashboard renews a few sessions together).
 */
let running: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(operation: () => Promise<T>): Promise<T> {
  const result = running.then(operation);
  running = result.catch(() => undefined);
  return result;
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

/**
 * Windows Credential Manager keeps at most 2,560 bytes per secret (CRED_MAX_CREDENTIAL_BLOB_SIZE),
 * stored as UTF-16: a value longer than 1,200 UTF-16 units is kept in parts there.
 */
const WINDOWS_MAX_UNITS = 1_200;

/** What a value kept in parts holds in its own entry: how many parts follow. */
const PARTS = /^authui-parts:v1:(\d{1,4})$/;
const partName = (name: string, i: number) => `${name}#part-${i}`;
const isPart = (name: string) => /#part-\d+$/.test(name);

/** `value` cut into pieces of at most `units` UTF-16 units, never inside a character. */
function pieces(value: string, units: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of value) {
    if (current.length + ch.length > units) {
      out.push(current);
      current = '';
    }
    current += ch;
  }
  return [...out, current];
}

export class SystemStore implements CredentialStore {
  readonly backend = 'system' as const;
  readonly location: string;

  get readers(): string {
    return storeReaders({ backend: 'system', platform: process.platform });
  }

  /** The native module loads on first use, so commands that read no secret never pay for it. */
  constructor(
    private readonly service = KEYRING_SERVICE,
    /** Called when an operation fails (forgets a remembered healthy probe). */
    private readonly onFailure: () => void = () => {},
    /** The longest value one entry holds (UTF-16 units); longer ones are kept in parts. */
    private readonly maxUnits: number | undefined = process.platform === 'win32' ? WINDOWS_MAX_UNITS : undefined,
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
      const keyring = await loadKeyring();
      // The time limit starts when the operation does, not while it waits its turn.
      return await oneAtATime(() => fn(keyring, AbortSignal.timeout(OP_TIMEOUT_MS)));
    } catch (error) {
      this.onFailure();
      throw keyringFailure(operation, error);
    }
  }

  private entry(keyring: KeyringModule, name: string) {
    return new keyring.AsyncEntry(this.service, name, ENTRY_OPTIONS);
  }

  private read(name: string): Promise<string | undefined> {
    return this.run('read', (k, signal) => this.entry(k, name).getPassword(signal)).then((v) => v ?? undefined);
  }

  private write(name: string, value: string): Promise<void> {
    return this.run('write', (k, signal) => this.entry(k, name).setPassword(value, signal));
  }

  private remove(name: string): Promise<boolean> {
    return this.run('delete', (k, signal) => this.entry(k, name).deleteCredential(signal));
  }

  /** How many parts an entry's value is kept in (0: it is the value). */
  private static partsOf(head: string | undefined): number {
    const m = head === undefined ? null : PARTS.exec(head);
    return m ? Number(m[1]) : 0;
  }

  async get(name: string): Promise<string | undefined> {
    const head = await this.read(name);
    const count = SystemStore.partsOf(head);
    if (count === 0) return head;
    const parts = await Promise.all(Array.from({ length: count }, (_, i) => this.read(partName(name, i + 1))));
    // A part gone (removed by hand, a write cut short) leaves no value rather than a wrong one.
    return parts.every((p): p is string => p !== undefined) ? parts.join('') : undefined;
  }

  async set(name: string, value: string): Promise<void> {
    const before = this.maxUnits === undefined ? 0 : SystemStore.partsOf(await this.read(name));
    const parts = this.maxUnits !== undefined && value.length > this.maxUnits ? pieces(value, this.maxUnits) : [];
    // The parts first, then the entry that names them: a reader never finds a count without its parts.
    for (const [i, part] of parts.entries()) await this.write(partName(name, i + 1), part);
    await this.write(name, parts.length ? `authui-parts:v1:${parts.length}` : value);
    for (let i = parts.length + 1; i <= before; i++) await this.remove(partName(name, i));
  }

  async delete(name: string): Promise<boolean> {
    const count = this.maxUnits === undefined ? 0 : SystemStore.partsOf(await this.read(name));
    const removed = await this.remove(name);
    for (let i = 1; i <= count; i++) await this.remove(partName(name, i));
    return removed;
  }

  async list(): Promise<string[]> {
    const found = await this.run('listing', (k, signal) => k.findCredentialsAsync(this.service, null, signal));
    return found.map((c) => c.account).filter((account) => !isPart(account));
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
    await oneAtATime(() => entry.setPassword(token, signal));
    const read = await oneAtATime(() => entry.getPassword(signal));
    await oneAtATime(() => entry.deleteCredential(signal));
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
