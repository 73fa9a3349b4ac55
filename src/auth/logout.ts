// Logout as data: the plan is computed first, so the CLI and the TUI can preview it and
// --dry-run prints it unchanged; the report says what happened to every item.

export interface LogoutItem {
  /** Node id the item belongs to ("*" for orphans found by --all). */
  target: string;
  /**
   * A store entry, an output tree to remove, one to rewrite without the removed sessions, or a
   * session to revoke at its provider (done before the entry is deleted).
   */
  kind: 'store' | 'files' | 'rewrite' | 'revoke';
  /** Store entry name, or the directory of an output tree. */
  ref: string;
  /** "Keyring: identity:dev/session", "Files: /home/me/.aws/authui/dev/". */
  label: string;
  /** The output that wrote a files/rewrite item ("aws-files"). */
  output?: string;
  /** What removing it does not do, from the node's kind ("the server keeps the token valid until it expires"). */
  note?: string;
  /** The provider its node comes via, for an identity under one (the report's "(via P)"). */
  via?: string;
}

/** One thing the user asked to log out from; "expired" is `cleanup-expired`. */
export type LogoutScope = { kind: 'identity' | 'provider'; name: string } | { kind: 'all' } | { kind: 'expired' };

export interface LogoutPlan {
  /** What was asked, in order (the dashboard may select several). */
  scopes: LogoutScope[];
  /** For each identity asked for, its chain by name, root first (the report's chain line). */
  chains: string[][];
  /** Node ids whose sessions go, root first. */
  nodes: string[];
  items: LogoutItem[];
}

/** `skipped`: a revocation the provider does not offer (the reason says what stays valid). */
export type ItemOutcome = LogoutItem & {
  status: 'removed' | 'rewritten' | 'revoked' | 'skipped' | 'absent' | 'failed';
  reason?: string;
};

export interface LogoutReport {
  plan: LogoutPlan;
  dryRun: boolean;
  items: ItemOutcome[];
  removed: number;
  failed: number;
}
