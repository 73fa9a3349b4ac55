// The validated configuration. Plain data, so it can be cached as JSON and read back on the
// fast paths without loading yaml or zod.

export type NodeType = 'provider' | 'identity';

/** A provider or identity; `id` is "provider:<name>" or "identity:<name>". */
export interface NodeConfig {
  id: string;
  type: NodeType;
  name: string;
  kind: string;
  default: boolean;
  via?: { type: NodeType; name: string };
  /** Session duration in seconds, already clamped to the kind's limits. */
  sessionDuration?: number;
  /** A node whose key stands in when this one cannot be renewed (`fallback:`). */
  fallback?: { type: NodeType; name: string };
  /** This node's own refresh settings (`session.refresh`), over the config's. */
  refresh?: Partial<RefreshPolicy>;
  /** Kind-specific, non-secret settings as written in the config (snake_case keys). */
  settings: Record<string, unknown>;
  /** Not in the file: its provider discovered it (`auto_provision_identities`, config/discovered.ts). */
  discovered?: true;
}

export type KeyringType = 'system' | 'file' | 'memory';

/**
 * `auth.integrations` (Atmos's name): a tool's endpoint that takes its credentials from a node.
 * `aws/ecr`: an ECR registry's login from an AWS identity; `registry`: any registry that takes
 * the node's token (or API key) as the password.
 */
export interface IntegrationConfig {
  name: string;
  kind: 'aws/ecr' | 'registry';
  via: { type: NodeType; name: string };
  /** The registry as docker and skopeo name it: HOST[:PORT], lower case. */
  host: string;
  /** aws/ecr: the region whose ECR issues the login. */
  region?: string;
  /** registry: the user name sent with the token (default: x-access-token for GitHub, else oauth2). */
  username?: string;
}

export interface ConfigIssue {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: number;
  /** Dotted path of the offending key, e.g. "auth.identities.dev.via.identity". */
  key: string;
  message: string;
  hint?: string;
}

/**
 * `authui validate --json` (README), also what the dashboard's parse apart reads back
 * (app/config-apart.ts); `version` changes only when a field changes meaning.
 */
export interface ValidateDocument {
  version: 1;
  valid: boolean;
  /** The file validated; absent when it has errors (each issue names its file). */
  path?: string;
  providers?: number;
  identities?: number;
  /** The errors when it is not valid, else the warnings. */
  issues: ConfigIssue[];
}

/** When and how renewable sessions are renewed (`auth.refresh`); all in milliseconds but `retries`. */
export interface RefreshPolicy {
  /** Renew this long before expiry. */
  aheadMs: number;
  /** How often the dashboard looks for sessions to renew. */
  checkIntervalMs: number;
  /** Retries after a transient failure, before giving up until the next check. */
  retries: number;
  /** The first retry's delay; each next one doubles (full jitter). */
  backoffMs: number;
}

export const DEFAULT_REFRESH: RefreshPolicy = {
  aheadMs: 5 * 60_000,
  checkIntervalMs: 60_000,
  retries: 3,
  backoffMs: 30_000,
};

/** A node's refresh policy: its own settings over the config's. */
export function refreshPolicyOf(config: Pick<Config, 'refresh'>, node: Pick<NodeConfig, 'refresh'>): RefreshPolicy {
  return { ...(config.refresh ?? DEFAULT_REFRESH), ...node.refresh };
}

/**
 * How long before expiry a session is renewed: the configured lead, but at most half the session's
 * lifetime, so a token that lives less than the lead is not renewed on every use.
 */
export function renewalLeadMs(aheadMs: number, obtainedAt: number | undefined, expiresAt: number | undefined): number {
  if (obtainedAt === undefined || expiresAt === undefined || !(expiresAt > obtainedAt)) return aheadMs;
  return Math.min(aheadMs, (expiresAt - obtainedAt) / 2);
}

/** How long before its expiry a node's session is renewed. */
export function sessionLeadMs(
  config: Pick<Config, 'refresh'>,
  node: Pick<NodeConfig, 'refresh'>,
  meta: { obtainedAt: string; expiresAt?: string },
): number {
  const time = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);
  return renewalLeadMs(refreshPolicyOf(config, node).aheadMs, time(meta.obtainedAt), time(meta.expiresAt));
}

export interface Config {
  source: {
    path: string;
    format: 'authui' | 'atmos';
    /** named (--config, AUTHUI_CONFIG), user (the user's config directory) or project (found in the working directory). */
    origin: 'named' | 'user' | 'project';
    /** SHA-256 of the file's text ('' for a config that was never a file). */
    digest: string;
    /** False for a project configuration the user has not trusted (config/trust.ts). */
    trusted: boolean;
  };
  keyring: { type: KeyringType; path?: string; passwordEnv?: string };
  files: { basePath?: string };
  /** `auth.browser`: whether browser sign-ins also open the system browser. */
  browser: 'print' | 'open';
  /** `auth.session_cache`: false turns the short-lived session cache off (as AUTHUI_NO_SESSION_CACHE=1 does). */
  sessionCache: boolean;
  refresh: RefreshPolicy;
  nodes: NodeConfig[];
  integrations: IntegrationConfig[];
  warnings: ConfigIssue[];
}

export function nodeId(type: NodeType, name: string): string {
  return `${type}:${name}`;
}
