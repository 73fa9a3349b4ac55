// Loads the configuration validated, its kinds loaded: from its cache entry (config/find.ts),
// which lets the hot paths skip yaml and zod entirely, or parsed, and then cached.
import { readText } from '../whole-file.js';
import { debug } from '../debug.js';
import { AuthError } from '../errors.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { kindFacts } from '../engine/binding.js';
import { kindModule, loadKinds, sharedKindName } from '../kinds/registry.js';
import type { AuthuiPaths } from '../paths.js';
import { visible } from '../visible.js';
import { contentDigest } from './trust.js';
import { nodeId, type Config, type ConfigIssue, type NodeConfig } from './types.js';
import type { ParseResult } from './parse.js';
import {
  CACHE_VERSION,
  cachePath,
  findConfig,
  unreadable,
  withOrigin,
  type CacheEntry,
  type ConfigFormat,
  type LoadConfigOptions,
} from './find.js';

export class ConfigError extends AuthError {
  constructor(readonly issues: ConfigIssue[]) {
    const first = issues[0];
    super('invalid_config', `Configuration has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, {
      explanation: issues.map(formatIssue).join('\n'),
      hint: first?.hint
        ? `Fix the file and run "authui validate"`
        : 'Run "authui validate" to check the configuration.',
      context: first ? { file: first.file } : {},
    });
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  // One line each, sanitised: the key path, an unknown kind and the message quote the file.
  const key = issue.key ? ` ${visible(issue.key)}:` : '';
  return `${visible(where)}: ${issue.severity}:${key} ${visible(issue.message)}${issue.hint ? `\n  hint: ${visible(issue.hint)}` : ''}`;
}

function writeCache(paths: Readonly<AuthuiPaths>, entry: CacheEntry): void {
  try {
    writeFileAtomic(cachePath(paths, entry.path), JSON.stringify(entry));
  } catch {
    // A cache we cannot write only costs speed.
  }
}

type NodeReference = NonNullable<NodeConfig['via']>;

/**
 * What thousands of nodes repeat, held once: the registry's string for each kind's name, and one
 * object for each node that others come via or fall back to (parsed or discovered, each node had
 * its own).
 */
function shareRepeated(config: Config): Config {
  const refs = new Map<string, NodeReference>();
  const shared = (ref: NodeReference) => {
    const id = nodeId(ref.type, ref.name);
    const known = refs.get(id);
    if (known) return known;
    refs.set(id, ref);
    return ref;
  };
  for (const node of config.nodes) {
    node.kind = sharedKindName(node.kind);
    if (node.via) node.via = shared(node.via);
    if (node.fallback) node.fallback = shared(node.fallback);
  }
  return config;
}

let parsedHere = false;

/**
 * Whether this process parsed a configuration file (its cache entry was missing or stale). A
 * start that did ran the parser, not what later starts run from the entry: the scripts keep no
 * code cache from it (src/code-cache.ts, keepCodeCache).
 */
export function configParsed(): boolean {
  return parsedHere;
}

/**
 * The largest configuration file read: three times one of 20,000 identities (`authui demo
 * --identities 20000` writes 2.7 MB). Larger is no configuration a person keeps, and a cloned
 * repository's could otherwise stall every start in it until parsed (docs/architecture.md).
 */
export const MOST_CONFIG_BYTES = 8 * 1024 * 1024;

/** Parses one file (slow path: loads yaml and zod on demand), with the digest of its text. */
async function parseConfigFile(
  path: string,
  format: ConfigFormat,
  size: number,
): Promise<{ result: ParseResult; digest: string }> {
  parsedHere = true;
  if (size > MOST_CONFIG_BYTES)
    throw new AuthError(
      'invalid_config',
      `Configuration file ${path} is ${(size / 1024 / 1024).toFixed(1)} MB: authui reads one of at most ${MOST_CONFIG_BYTES / 1024 / 1024} MB`,
      {
        hint: 'A configuration of 20,000 identities is under 3 MB: pass the one you meant with --config or AUTHUI_CONFIG.',
        context: { file: path },
      },
    );
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  const { parseConfigText } = await import('./parse.js');
  return { result: await parseConfigText(text, path, format), digest: contentDigest(text) };
}

const NO_CONFIGURATION = 'No authui configuration found';

/** Whether an error is "there is no configuration at all" (not a broken one). */
export function isNoConfiguration(error: unknown): boolean {
  return error instanceof AuthError && error.message === NO_CONFIGURATION;
}

export async function loadConfig(opts: LoadConfigOptions): Promise<Config> {
  const looked: string[] = [];
  // Offered once: an entry the other parse could not write is not asked for again.
  let parseElsewhere = opts.parseElsewhere;
  for (let from = 0; ;) {
    const found = findConfig(opts, looked, from);
    if (found.found === 'cached') return adoptConfig(withOrigin(found.config, found.candidate, opts, 'hit'));
    if (found.found === 'none')
      throw new AuthError('invalid_config', NO_CONFIGURATION, {
        explanation: `Looked in: ${looked.join(', ')}.`,
        hint: 'Create ./authui.yaml (see the README for an example), or pass --config PATH. Try "authui demo" to see authui on a sample setup.',
      });
    const { candidate, stat } = found;
    const elsewhere = parseElsewhere?.(stat.size);
    parseElsewhere = undefined;
    if (elsewhere === 'parsed') continue; // its entry is written: read it
    if (elsewhere) throw new ConfigError(elsewhere.errors);
    debug('config parsed here', { size: stat.size }, opts.env);
    const { result, digest } = await parseConfigFile(candidate.path, candidate.format, stat.size);
    // The cache entry for this file as it is now: its config, or null for "no auth: section".
    const remember = (config: Config | null) =>
      writeCache(opts.paths, {
        version: CACHE_VERSION,
        path: candidate.path,
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        ino: stat.ino,
        config,
        ...(config ? { facts: kindFacts(kindModule, config.nodes) } : {}),
      });
    if (result.noAuthSection) {
      remember(null);
      looked.push(`${candidate.origin} (no auth: section)`);
      from = found.next;
      continue;
    }
    if (!result.config) throw new ConfigError(result.issues.filter((i) => i.severity === 'error'));
    const config = { ...result.config, source: { ...result.config.source, digest } };
    remember(config);
    return shareRepeated(withOrigin(config, candidate, opts, 'miss'));
  }
}

/**
 * A configuration read from its cache entry, here or by the dashboard's first frame (which hands
 * its own to the dashboard's bundle as plain data): its kinds' modules loaded, what it repeats shared.
 */
export async function adoptConfig(config: Config): Promise<Config> {
  await loadKinds(config.nodes.map((node) => node.kind));
  return shareRepeated(config);
}
