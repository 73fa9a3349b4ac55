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
  /** Kind-specific, non-secret settings as written in the config (snake_case keys). */
  settings: Record<string, unknown>;
}

export type KeyringType = 'system' | 'file' | 'memory';

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

export interface Config {
  source: { path: string; format: 'authui' | 'atmos' };
  keyring: { type: KeyringType; path?: string; passwordEnv?: string };
  files: { basePath?: string };
  nodes: NodeConfig[];
  warnings: ConfigIssue[];
}

export function nodeId(type: NodeType, name: string): string {
  return `${type}:${name}`;
}
