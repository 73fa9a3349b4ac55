// The configuration and the session index as the engine would open them with nothing of its own
// to say: read from the configuration's cache entry, trusted, without warnings, and with a
// credential store that opens without a word. What is answered without the engine — the
// session-cache answers (src/answer-main.ts) and the dashboard's first frame from kept rows
// (src/tui/first-frame.ts) — starts from here, and leaves anything else to the engine.
import { existsSync } from 'node:fs';
import { findConfig, withOrigin, type KindFacts } from '../config/find.js';
import type { Config } from '../config/types.js';
import type { AuthuiPaths, Env } from '../paths.js';
import { readIndexFile, type IndexedSession } from '../session-index.js';
import { fileStorePath, movedAsideNotice, rememberedProbe, requestedType } from '../stores/backend.js';
import { NodeGraph } from './graph.js';

export interface Settled {
  config: Config;
  /** What the configuration's cache entry records of its kinds and bindings. */
  facts: KindFacts;
  graph: NodeGraph;
  /** The session index. */
  sessions: Readonly<Record<string, IndexedSession>>;
}

export interface SettledOptions {
  /** `--config PATH`, when given. */
  configPath?: string;
  env: Env;
  cwd: string;
  paths: Readonly<AuthuiPaths>;
  now: number;
}

/**
 * Whether opening the credential store would print and hide nothing: a file store not moved
 * aside, or a system keyring whose probe is remembered (else the engine's path probes, and may
 * fall back with a warning).
 */
function storeQuiet(config: Config, env: Env, paths: Readonly<AuthuiPaths>, now: number): boolean {
  const choice = { config, env, paths };
  const type = requestedType(choice);
  if (type === 'file') return !existsSync(movedAsideNotice(fileStorePath(choice)));
  return type === 'system' && rememberedProbe(choice, now);
}

/** The settled configuration, or undefined: the engine's path is the one to take. May throw (an unreadable index). */
export function settledConfig({ configPath, env, cwd, paths, now }: SettledOptions): Settled | undefined {
  // Debug output tells what the engine decided: the engine's path says it.
  if (env.AUTHUI_DEBUG) return undefined;
  const opts = { configPath, env, cwd, paths };
  const found = findConfig(opts, []);
  if (found.found !== 'cached') return undefined;
  const config = withOrigin(found.config, found.candidate, opts, 'hit');
  // An untrusted file is refused, and warnings are printed, on the engine's path.
  if (!config.source.trusted || config.warnings.length > 0 || !storeQuiet(config, env, paths, now)) return undefined;
  return { config, facts: found.facts, graph: new NodeGraph(config), sessions: readIndexFile(paths.sessionIndex) };
}
