// AES-256-GCM encrypted file store. One file, every write atomic and under a lock.
// Key: scrypt over AUTHUI_KEYRING_PASSWORD when set; otherwise a key derived from this
// machine and user — obfuscation against casual reading, not secrecy (README says so).
// node:crypto is loaded on first use (process.getBuiltinModule): commands served from the session
// cache construct this store but never open it.
const crypto = () => process.getBuiltinModule('node:crypto');
import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../clock.js';
import { AuthError, isAuthError, withFileProblem } from '../errors.js';
import { moveAside, writeFileAtomic } from '../fs-atomic.js';
import { isoTime } from '../iso-time.js';
import { machineSecret } from '../machine-secret.js';
import { withLock } from '../lock.js';
import { storeReaders } from './readers.js';
import type { CredentialStore } from './types.js';
import { movedAsideNotice } from './backend.js';

type Kdf = { name: 'scrypt'; salt: string; N: number; r: number; p: number } | { name: 'machine'; salt: string };

interface StoreFile {
  format: 'authui-store';
  version: 1;
  kdf: Kdf;
  iv: string;
  tag: string;
  data: string;
}

export interface FileStoreOptions {
  path: string;
  locksDir: string;
  /** ≥ 8 characters; absent → machine-bound key. */
  password?: string;
  /** The variable the password came from, for messages. */
  passwordVar?: string;
  clock: Clock;
  /** Told once about a repaired permission. */
  onWarning(message: string): void;
  /** Told when a damaged file was moved aside (for the audit log); the caller also gets an error. */
  onMovedAside?(message: string): void;
}

/** What `<store>.moved-aside.json` records: the store file that was moved aside, and why. */
interface MovedAsideNotice {
  movedTo: string;
  because: string;
  at: string;
  /** The moved file's size and mtime: a rename back keeps both, which tells a restore from a delete. */
  size: number;
  mtimeMs: number;
}

const MIN_PASSWORD_LENGTH = 8;
const SCRYPT = { N: 1 << 14, r: 8, p: 1 };

function movedAsideMessage(path: string, notice: MovedAsideNotice): string {
  return `The credential file ${path} was moved aside to ${notice.movedTo} at ${notice.at} because ${notice.because}; the sessions and keys stored in it are gone from authui until it is moved back (deleting it dismisses this).`;
}

export class FileStore implements CredentialStore {
  readonly backend = 'file' as const;
  readonly location: string;
  private readonly keys = new Map<string, Buffer>();
  private permissionsChecked = false;
  private notice: { message?: string; at: number } | null | undefined;

  get readers(): string {
    const passwordVar = this.opts.password === undefined ? undefined : this.passwordVar;
    return storeReaders({ backend: 'file', platform: process.platform, passwordVar });
  }

  /** The variable the password comes from, for messages. */
  private get passwordVar(): string {
    return this.opts.passwordVar ?? 'AUTHUI_KEYRING_PASSWORD';
  }

  constructor(private readonly opts: FileStoreOptions) {
    if (opts.password !== undefined && opts.password.length < MIN_PASSWORD_LENGTH) {
      throw new AuthError(
        'keyring_unavailable',
        `The file store password is shorter than ${MIN_PASSWORD_LENGTH} characters`,
        {
          hint: `Set AUTHUI_KEYRING_PASSWORD to at least ${MIN_PASSWORD_LENGTH} characters.`,
          context: { file: opts.path },
        },
      );
    }
    this.location = opts.path;
  }

  async get(name: string): Promise<string | undefined> {
    return this.read()[name];
  }

  async set(name: string, value: string): Promise<void> {
    await this.update((entries) => {
      entries[name] = value;
    });
  }

  async delete(name: string): Promise<boolean> {
    let removed = false;
    await this.update((entries) => {
      removed = Object.hasOwn(entries, name);
      delete entries[name];
    });
    return removed;
  }

  async list(): Promise<string[]> {
    return Object.keys(this.read());
  }

  /**
   * The moved-aside notice: sessions stored before `at` lost their secrets. The message is there
   * while the moved file is; deleting it keeps the sessions hidden, moving it back ends the
   * notice. Read once per process.
   */
  movedAside(): { message?: string; at: number } | undefined {
    if (this.notice === undefined) this.notice = this.readNotice();
    return this.notice ?? undefined;
  }

  private get noticePath(): string {
    return movedAsideNotice(this.opts.path);
  }

  private readNotice(): { message?: string; at: number } | null {
    let notice: MovedAsideNotice;
    try {
      notice = JSON.parse(readFileSync(this.noticePath, 'utf8')) as MovedAsideNotice;
    } catch {
      return null;
    }
    const at = Date.parse(notice.at);
    if (existsSync(notice.movedTo)) return { message: movedAsideMessage(this.opts.path, notice), at };
    const now = statSync(this.opts.path, { throwIfNoEntry: false });
    if (now?.size === notice.size && now.mtimeMs === notice.mtimeMs) {
      rmSync(this.noticePath, { force: true }); // moved back: its sessions are whole again
      return null;
    }
    return { at };
  }

  private async update(change: (entries: Record<string, string>) => void): Promise<void> {
    await withLock(this.opts.locksDir, 'file-store', () => {
      const entries = this.read();
      change(entries);
      this.write(entries);
    });
  }

  private key(kdf: Kdf): Buffer {
    const cacheKey = `${kdf.name}:${kdf.salt}`;
    let key = this.keys.get(cacheKey);
    if (!key) {
      const salt = Buffer.from(kdf.salt, 'base64');
      if (kdf.name === 'scrypt') {
        if (this.opts.password === undefined) {
          throw new AuthError(
            'keyring_unavailable',
            'The credential file is protected by a password, and none is set',
            {
              hint: 'Set AUTHUI_KEYRING_PASSWORD (or the variable named in auth.keyring.spec.password_env) to the password it was created with.',
              context: { file: this.opts.path },
            },
          );
        }
        key = crypto().scryptSync(this.opts.password, salt, 32, { ...kdf, maxmem: 64 * 1024 * 1024 });
      } else {
        key = Buffer.from(crypto().hkdfSync('sha256', machineSecret(), salt, 'authui file store v1', 32));
      }
      this.keys.set(cacheKey, key);
    }
    return key;
  }

  private checkPermissions(): void {
    if (this.permissionsChecked) return;
    const stat = statSync(this.opts.path);
    if ((stat.mode & 0o077) !== 0) {
      try {
        chmodSync(this.opts.path, 0o600);
      } catch {
        throw new AuthError(
          'file_permission',
          `The credential file ${this.opts.path} is readable by other users and cannot be fixed`,
          {
            hint: `Run: chmod 600 "${this.opts.path}" (as its owner).`,
            context: { file: this.opts.path },
          },
        );
      }
      this.opts.onWarning(
        `The credential file ${this.opts.path} was readable by other users (mode ${(stat.mode & 0o777).toString(8)}); authui set it to 600.`,
      );
    }
    this.permissionsChecked = true;
  }

  private read(): Record<string, string> {
    let text: string;
    try {
      text = readFileSync(this.opts.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new AuthError(
        'file_permission',
        `Cannot read the credential file ${this.opts.path}: ${(error as NodeJS.ErrnoException).code}`,
        {
          hint:
            (error as NodeJS.ErrnoException).code === 'ENOTDIR'
              ? `${dirname(this.opts.path)} is not a directory: point auth.keyring.spec.path elsewhere, or move what is there.`
              : 'Check that the file belongs to you and is readable (chmod 600).',
          context: { file: this.opts.path },
        },
      );
    }
    this.checkPermissions();
    let file: StoreFile;
    try {
      file = JSON.parse(text) as StoreFile;
      if (file.format !== 'authui-store' || file.version !== 1 || !file.kdf || typeof file.data !== 'string')
        throw new Error('not an authui store');
    } catch {
      return this.quarantine('it is not a valid authui store file');
    }
    // GCM cannot tell a wrong key from damage, so an undecryptable file is never moved: a
    // mistyped password must not cost the user the store.
    const key = this.key(file.kdf);
    try {
      const decipher = crypto().createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]);
      const entries = JSON.parse(plain.toString('utf8')) as unknown;
      if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) throw new Error('bad payload');
      return entries as Record<string, string>;
    } catch {
      const { passwordVar } = this;
      throw new AuthError(
        'keyring_unavailable',
        file.kdf.name === 'scrypt'
          ? `The credential file ${this.opts.path} could not be decrypted with the password in ${passwordVar}: wrong password? (the store was not changed)`
          : `The credential file ${this.opts.path} could not be decrypted: it was created on another machine or account, or it is damaged (the store was not changed)`,
        {
          hint:
            file.kdf.name === 'scrypt'
              ? `Set ${passwordVar} to the password the store was created with. If it is right, the file is damaged: move it aside to start over with an empty store.`
              : 'Use the account and machine it was created on, or move the file aside to start over with an empty store.',
          context: { file: this.opts.path },
        },
      );
    }
  }

  /**
   * A file that is not an authui store at all is damaged beyond doubt: it is moved aside, a
   * notice beside it keeps telling `status` and the dashboard until the moved file is restored or
   * deleted, and this call fails so the command that found it says so too.
   */
  private quarantine(why: string): never {
    const now = this.opts.clock.now();
    const movedTo = moveAside(this.opts.path, new Date(now));
    const { size, mtimeMs } = statSync(movedTo);
    const notice: MovedAsideNotice = { movedTo, because: why, at: isoTime(now), size, mtimeMs };
    try {
      writeFileAtomic(this.noticePath, JSON.stringify(notice));
    } catch {
      // Without the notice only later commands lose the warning; this one still fails below.
    }
    const message = movedAsideMessage(this.opts.path, notice);
    this.notice = { message, at: now };
    this.opts.onMovedAside?.(message);
    throw new AuthError('keyring_unavailable', message, {
      hint: 'Run the command again to continue with an empty store (log in again), or move the file back once it is repaired.',
      context: { file: this.opts.path },
    });
  }

  private write(entries: Record<string, string>): void {
    let kdf: Kdf;
    let existing: Kdf | undefined;
    try {
      existing = (JSON.parse(readFileSync(this.opts.path, 'utf8')) as StoreFile).kdf;
    } catch {
      existing = undefined;
    }
    const wanted = this.opts.password === undefined ? 'machine' : 'scrypt';
    if (existing && existing.name === wanted) kdf = existing;
    else {
      const salt = crypto().randomBytes(16).toString('base64');
      kdf = wanted === 'scrypt' ? { name: 'scrypt', salt, ...SCRYPT } : { name: 'machine', salt };
    }
    const iv = crypto().randomBytes(12);
    const cipher = crypto().createCipheriv('aes-256-gcm', this.key(kdf), iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(entries), 'utf8'), cipher.final()]);
    const file: StoreFile = {
      format: 'authui-store',
      version: 1,
      kdf,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    try {
      writeFileAtomic(this.opts.path, JSON.stringify(file));
    } catch (error) {
      // The file on disk is the previous one (the write goes through a temp file).
      const problem = withFileProblem(error);
      if (isAuthError(problem)) throw problem;
      throw new AuthError(
        'file_permission',
        `Cannot write the credential file ${this.opts.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        {
          hint: `Check that ${dirname(this.opts.path)} is a directory you own and can write to (chmod 700), then try again.`,
          context: { file: this.opts.path },
        },
      );
    }
  }
}
