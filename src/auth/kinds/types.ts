// The contract every kind implements. A kind is one module plus one line in registry.ts.
import type { Config, NodeConfig, NodeType } from '../config/types.js';
import type { CredentialStore } from '../stores/types.js';
import type { Prompter } from '../prompter.js';
import type { Clock } from '../clock.js';
import type { Env } from '../paths.js';

/** What the dashboard and `status` can say about a node from config alone. */
export interface NodeDescription {
  account?: string;
  region?: string;
  /** Who or what this node signs in as: a user, an issuer host, "smtp.example.com:587". */
  subject?: string;
}

export interface DurationRules {
  default: number;
  min: number;
  /** Upper bound for this node as configured (e.g. 36h with MFA, 12h without). */
  max(node: NodeConfig): number;
  /** Lower cap when the node is assumed from role credentials (AWS role chaining). */
  chainedMax?: number;
}

/** Non-secret facts about a session, kept in the session index for `status` and the TUI. */
export interface SessionMeta {
  obtainedAt: string;
  /** ISO-8601; absent for credentials that do not expire (API keys, SMTP passwords). */
  expiresAt?: string;
  account?: string;
  region?: string;
  subject?: string;
}

/** A fresh session: the metadata plus the secret part, which only the credential store sees. */
export interface SessionResult {
  meta: SessionMeta;
  secret: Record<string, string>;
}

export interface KindContext {
  node: NodeConfig;
  config: Config;
  store: CredentialStore;
  prompter: Prompter;
  clock: Clock;
  fetch: typeof fetch;
  env: Env;
  /** The session of the node this one comes via, already valid (the engine walks the chain). */
  parent?: SessionResult;
  /** The user asked to enter new long-term credentials (Recovery's "re-enter"), even if some are stored. */
  reenter?: boolean;
}

export interface KindModule {
  kind: string;
  role: NodeType;
  /** Short human label for tables: "AWS user", "OIDC". */
  label: string;
  /** Kinds this node may come `via`; absent → it is always a root. */
  via?: { kinds: readonly string[] };
  duration?: DurationRules;
  describe(node: NodeConfig): NodeDescription;
  authenticate(ctx: KindContext): Promise<SessionResult>;
  /** Renews without prompting; `current` is absent when there is no session yet. */
  refresh?(ctx: KindContext, current: SessionResult | undefined): Promise<SessionResult>;
  /** Checks a session against the provider (e.g. STS GetCallerIdentity); rejects with AuthError. */
  validate?(ctx: KindContext, current: SessionResult): Promise<void>;
  revoke?(ctx: KindContext, current: SessionResult): Promise<void>;
}
