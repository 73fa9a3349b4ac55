// Non-secret facts about every session (expiry, account, region), in one JSON file, so
// `status` and the dashboard never need the keyring. Secrets stay in the credential store.
import { existsSync, readFileSync } from 'node:fs';
import type { Clock } from './clock.js';
import { moveAside, writeFileAtomic } from './fs-atomic.js';
import type { SessionMeta } from './kinds/types.js';
import { withLock } from './lock.js';
import type { BackendName } from './stores/types.js';

export interface IndexedSession extends SessionMeta {
  backend: BackendName;
}

interface IndexFile {
  version: 1;
  sessions: Record<string, IndexedSession>;
}

export class SessionIndex {
  constructor(
    private readonly path: string,
    private readonly locksDir: string,
    private readonly clock: Clock,
    private readonly onWarning: (message: string) => void,
  ) {}

  read(): Record<string, IndexedSession> {
    if (!existsSync(this.path)) return {};
    try {
      const file = JSON.parse(readFileSync(this.path, 'utf8')) as IndexFile;
      if (file.version !== 1 || typeof file.sessions !== 'object' || file.sessions === null)
        throw new Error('bad shape');
      return file.sessions;
    } catch {
      try {
        const aside = moveAside(this.path, new Date(this.clock.now()));
        this.onWarning(
          `The session index ${this.path} was unreadable and was moved aside to ${aside}; sessions show as logged out until you log in again.`,
        );
      } catch {
        this.onWarning(`The session index ${this.path} is unreadable; sessions show as logged out.`);
      }
      return {};
    }
  }

  async update(change: (sessions: Record<string, IndexedSession>) => void): Promise<void> {
    await withLock(this.locksDir, 'session-index', () => {
      const sessions = this.read();
      change(sessions);
      writeFileAtomic(this.path, JSON.stringify({ version: 1, sessions } satisfies IndexFile, null, 1));
    });
  }
}
