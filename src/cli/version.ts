// `authui --version [--json]`: the version, the runtime and the credential backend in use (what
// a bug report needs). The backend is the configuration's, opened as any command opens it; without
// a configuration, what would be asked for. Never a secret: names and paths only.
import type { CommandDeps } from '../app/app.js';
import { isAuthError } from '../auth/errors.js';
import { jsonDocument, visible } from '../auth/visible.js';

export const VERSION = '0.1.0';

export interface VersionOptions {
  json: boolean;
}

interface VersionFacts {
  version: string;
  node: string;
  platform: string;
  arch: string;
  config?: { path: string; origin: string; trusted: boolean };
  store?: { backend: string; requested: string; location: string; fallback?: string };
  /** Why there is no configuration or store to report. */
  note?: string;
}

/** Whether a command line asks for the version: `--version`/`-V`, alone or with `--json`. */
export function versionRequest(argv: readonly string[]): VersionOptions | undefined {
  const words = new Set(argv);
  if (!(words.has('--version') || words.has('-V'))) return undefined;
  const rest = argv.filter((w) => w !== '--version' && w !== '-V' && w !== '--json');
  return rest.length === 0 ? { json: words.has('--json') } : undefined;
}

export async function runVersion(opts: VersionOptions, { io, app }: CommandDeps): Promise<number> {
  const facts: VersionFacts = {
    version: VERSION,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
  };
  try {
    const { engine, store, requested, fallbackReason } = await app.workspace();
    const { path, origin, trusted } = engine.config.source;
    facts.config = { path, origin, trusted };
    facts.store = {
      backend: store.backend,
      requested,
      location: store.location,
      ...(fallbackReason ? { fallback: fallbackReason } : {}),
    };
  } catch (error) {
    facts.note = isAuthError(error) ? error.message : 'the configuration or the store could not be opened';
  }
  if (opts.json) {
    io.stdout.write(jsonDocument(facts));
    return 0;
  }
  const lines = [
    `authui ${facts.version}`,
    `node ${facts.node} (${facts.platform} ${facts.arch})`,
    facts.config
      ? `config: ${facts.config.path} (${facts.config.origin}${facts.config.trusted ? '' : ', not trusted'})`
      : '',
    facts.store
      ? `store: ${facts.store.backend} · ${facts.store.location}${facts.store.fallback ? ` (asked for ${facts.store.requested}: ${facts.store.fallback})` : ''}`
      : `store: not opened (${facts.note ?? '?'})`,
  ].filter(Boolean);
  io.stdout.write(`${lines.map((l) => visible(l)).join('\n')}\n`);
  return 0;
}
