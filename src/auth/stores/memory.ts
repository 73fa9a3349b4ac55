import { storeReaders } from './readers.js';
import type { CredentialStore } from './types.js';

/** Process-lifetime store for tests and `keyring: { type: memory }`. */
export class MemoryStore implements CredentialStore {
  readonly backend = 'memory' as const;
  readonly location = 'memory (lost when authui exits)';
  private readonly entries = new Map<string, string>();

  get readers(): string {
    return storeReaders({ backend: 'memory', platform: process.platform });
  }

  async get(name: string): Promise<string | undefined> {
    return this.entries.get(name);
  }
  async set(name: string, value: string): Promise<void> {
    this.entries.set(name, value);
  }
  async delete(name: string): Promise<boolean> {
    return this.entries.delete(name);
  }
  async list(): Promise<string[]> {
    return [...this.entries.keys()];
  }
}
