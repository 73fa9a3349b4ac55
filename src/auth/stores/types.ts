// The credential store: the only place secrets live. Three interchangeable backends.

export type BackendName = 'system' | 'file' | 'memory';

export interface CredentialStore {
  readonly backend: BackendName;
  /** Where it keeps things, for the status bar and `status --json` ("Secret Service", a file path). */
  readonly location: string;
  /** Who besides authui can read what it holds, said by `authui doctor` (stores/readers.ts). */
  readonly readers: string;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  /** Returns whether something was removed. */
  delete(name: string): Promise<boolean>;
  /** Names of every entry this store holds for authui. */
  list(): Promise<string[]>;
  /**
   * When the store's file was damaged and moved aside (file store only): the time before which
   * stored sessions lost their secrets, and what to tell the user. Reads no secret.
   */
  movedAside?(): { message?: string; at: number } | undefined;
}

/** Store entry names for a node: its long-term secret and its current session. */
export const entryName = {
  longTerm: (nodeId: string) => `${nodeId}/long-term`,
  session: (nodeId: string) => `${nodeId}/session`,
};
