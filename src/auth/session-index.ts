// Non-secret facts about every session (expiry, account, region), in one JSON file, so
// `status` and the dashboard never need the keyring. Secrets stay in the credential store.
import { statSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from './clock.js';
import { moveAside, writeFileAtomic } from './fs-atomic.js';
import type { SessionMeta } from './kind.js';
import { withLock } from './lock.js';
import type { BackendName } from './stores/types.js';
import { readText } from './whole-file.js';

export interface IndexedSession extends SessionMeta {
  backend: BackendName;
}

interface IndexFile {
  version: 1;
  sessions: Record<string, IndexedSession>;
}

/**
 * Gives each entry of a new parse that says what it said in the last one the last one's object.
 * A login rewrites the whole file: without this, every other session came back as a new object,
 * so the dashboard remade the row of each of 20,000 nodes, and kept two of each (its store keeps
 * the rows it already drew while they read the same).
 */
function keepUnchanged(before: Readonly<Record<string, IndexedSession>>, after: Record<string, IndexedSession>): void {
  for (const id of Object.keys(after)) {
    // Own entries only (not `constructor` from the prototype). An own `__proto__` is a plain
    // property of both: assigning it sets that property, not the prototype.
    if (!Object.hasOwn(before, id)) continue;
    const old = before[id] as IndexedSession;
    if (isDeepStrictEqual(old, after[id])) after[id] = old;
  }
}

/** The index file's sessions (none without a file); throws for a file that is unreadable or damaged. */
export function readIndexFile(path: string): Record<string, IndexedSession> {
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const file = JSON.parse(text) as IndexFile;
  if (file.version !== 1 || typeof file.sessions !== 'object' || file.sessions === null) throw new Error('bad shape');
  return file.sessions;
}

export class SessionIndex {
  constructor(
    private readonly path: string,
    private readonly locksDir: string,
    private readonly clock: Clock,
    private readonly onWarning: (message: string) => void,
  ) {}

  /** The file's last parse, and the stat it was read at: unchanged file, no new parse. */
  private last: { stamp: string; sessions: Readonly<Record<string, IndexedSession>> } | undefined;

  /**
   * Every session, parsed once per change of the file: a pass over 20,000 rows asks for it per
   * row, and parsing the whole index each time made that quadratic. Callers must not mutate it.
   */
  read(): Readonly<Record<string, IndexedSession>> {
    let stat;
    try {
      stat = statSync(this.path, { throwIfNoEntry: false });
    } catch {
      return {}; // a path through a file, or no permission: no sessions, as for a missing index
    }
    if (!stat) return {};
    // Writes are renames of a new file, so inode, size and mtime (ns) together name one version.
    const stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    if (this.last?.stamp === stamp) return this.last.sessions;
    const sessions = this.parse();
    if (this.last) keepUnchanged(this.last.sessions, sessions);
    this.last = { stamp, sessions };
    return sessions;
  }

  private parse(): Record<string, IndexedSession> {
    try {
      return readIndexFile(this.path);
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
      // A fresh parse, not the shared one: `change` edits it, and a failed write must leave no trace.
      const sessions = this.parse();
      change(sessions);
      writeFileAtomic(this.path, JSON.stringify({ version: 1, sessions } satisfies IndexFile, null, 1));
    });
  }
}
