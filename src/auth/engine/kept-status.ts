// The rows `authui status` listed, kept beside the configuration's cache entry with what they
// were made from, so that the next `status --json` can be answered (src/answer-main.ts) without
// the kinds' modules that describe each node. Only what the clock changes is worked out again,
// by the rules the rows were listed with (status.ts): each row's state and the fallback standing
// in for it. They are handed out only while every input is what it was: the build, the
// configuration (its source, whose digest is its text's, and the nodes its provider discovered),
// the session index, and the credential store a process would open.
import { BUILD_ID } from '../build-id.js';
import { keptStatusPath } from '../config/find.js';
import type { Config, KeyringType } from '../config/types.js';
import { readOwnJson, writeFileAtomic } from '../fs-atomic.js';
import type { AuthuiPaths, Env } from '../paths.js';
import type { IndexedSession } from '../session-index.js';
import { rowStateAt, standingInAt } from '../status.js';
import { fileStorePath, requestedType } from '../stores/backend.js';
import type { BackendName } from '../stores/types.js';
import type { NodeGraph } from './graph.js';
import type { NodeStatus } from './views.js';

/** The credential store as `status --json` describes it. */
export interface StatusBackend {
  active: BackendName;
  requested: KeyringType;
  location: string;
}

interface KeptStatus {
  inputs: string;
  backend: StatusBackend;
  rows: NodeStatus[];
}

export interface StatusInputs {
  config: Config;
  sessions: Readonly<Record<string, IndexedSession>>;
  env: Env;
  paths: Readonly<AuthuiPaths>;
}

/**
 * The inputs as one string: equal strings, equal rows but for the clock. The file's nodes are
 * its text's (the source's digest) as this build reads it, so only the discovered ones are
 * written out: a configuration of thousands costs the answer no copy of each.
 */
function inputsOf({ config, sessions, env, paths }: StatusInputs): string {
  const choice = { config, env, paths };
  return JSON.stringify([
    BUILD_ID,
    config.source,
    config.nodes.filter((node) => node.discovered),
    sessions,
    requestedType(choice),
    fileStorePath(choice),
  ]);
}

/**
 * The most rows kept. Reading them back costs the answer about 7 µs a row on Node 20 (parsing
 * the file, the fingerprint), where the engine's listing costs less per row and more to start:
 * 3 ms less at 40 rows, 34 ms more at 5,000 (Node 24: even there), so past a few hundred the
 * engine lists them.
 */
const MOST_KEPT_ROWS = 500;

/** Whether a configuration's rows are kept at all: one row a node, no more than MOST_KEPT_ROWS. */
export function rowsKept(config: Pick<Config, 'nodes'>): boolean {
  return config.nodes.length <= MOST_KEPT_ROWS;
}

/** Rows just listed, and what keeps them: at once (`status`), or once the first frame is drawn. */
export interface ListedRows {
  rows: NodeStatus[];
  /** Writes them beside the configuration (not when too many, or when a path does not resolve). */
  keep(): void;
}

/**
 * Lists the rows to keep. The inputs are read first: rows listed after another process changed
 * the session index are kept under the index before the change, which no later start matches,
 * never the other way round.
 */
export function listToKeep(inputs: StatusInputs, backend: StatusBackend, list: () => NodeStatus[]): ListedRows {
  // Too many to keep: their fingerprint is not worth taking.
  if (!rowsKept(inputs.config)) return { rows: list(), keep: () => {} };
  const listedFrom = inputsOf(inputs);
  const rows = list();
  const keep = () => {
    try {
      const kept: KeptStatus = { inputs: listedFrom, backend, rows };
      writeFileAtomic(keptStatusPath(inputs.paths, inputs.config.source.path), JSON.stringify(kept), 0o600);
    } catch {
      // The next start lists them again.
    }
  };
  return { rows, keep };
}

/**
 * The kept rows as they stand at `now`, and the store they were listed with, when every input is
 * the same; undefined otherwise. A row's kept state tells whether its session was issued by the
 * server the configuration names (`other_server`), which the same inputs leave as it was.
 */
export function keptStatus(
  inputs: StatusInputs,
  graph: NodeGraph,
  now: number,
): { backend: StatusBackend; rows: NodeStatus[] } | undefined {
  const kept = readOwnJson(keptStatusPath(inputs.paths, inputs.config.source.path)) as Partial<KeptStatus> | undefined;
  if (typeof kept?.inputs !== 'string' || kept.inputs !== inputsOf(inputs) || !Array.isArray(kept.rows))
    return undefined;
  const { sessions } = inputs;
  const rows = kept.rows.map((row) => {
    const session = sessions[row.id];
    const state = rowStateAt(row, session, row.state !== 'other_server', now);
    const node = graph.byIdOf(row.id);
    const fallback = node && graph.fallbackOf(node);
    return { ...row, state, fallback: standingInAt(state, fallback, fallback && sessions[fallback.id], now) };
  });
  return { backend: kept.backend as StatusBackend, rows };
}
