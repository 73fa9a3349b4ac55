// The rows `authui status` listed, kept beside the configuration's cache entry with what they
// were made from, so that the next `status --json` can be answered (src/answer-main.ts) without
// the kinds' modules that describe each node. Only what the clock changes is worked out again,
// by the rules the rows were listed with (status.ts): each row's state and the fallback standing
// in for it. They are handed out only while every input is what it was: the build, the
// configuration (its source, whose digest is its text's, and the nodes its provider discovered)
// and the credential store a process would open. A row whose session another process changed
// (a login, a renewal, a logout) is made again from the new session and what its kind said of
// it, kept beside it, while that still holds: the settings entered at its login are the same.
import { BUILD_ID } from '../build-id.js';
import { keptStatusPath } from '../config/find.js';
import type { Config, KeyringType } from '../config/types.js';
import { readOwnJson, writeFileAtomic } from '../fs-atomic.js';
import type { AuthuiPaths, Env } from '../paths.js';
import type { IndexedSession } from '../session-index.js';
import { rowStateAt, standingInAt } from '../status.js';
import { fileStorePath, requestedType } from '../stores/backend.js';
import type { BackendName } from '../stores/types.js';
import { adoptsUnbound, sessionBound } from './binding.js';
import type { NodeGraph } from './graph.js';
import { rowOf, type NodeStatus, type RowFacts } from './views.js';

/** The credential store as `status --json` describes it. */
export interface StatusBackend {
  active: BackendName;
  requested: KeyringType;
  location: string;
}

/** What a row was made from besides its session: what its kind said of it, and with which entered settings. */
export interface KeptFacts extends RowFacts {
  /** The server the configuration names for the node's sessions (engine/binding.ts), if its kind binds. */
  binding?: string;
  /** The settings entered at the login the kind described it with (the session's `fields`). */
  fields?: Record<string, string>;
}

interface KeptStatus {
  inputs: string;
  /** The session index the rows were listed from. */
  sessions: Record<string, IndexedSession>;
  backend: StatusBackend;
  rows: NodeStatus[];
  /** Each row's facts, in the rows' order. */
  facts: KeptFacts[];
}

export interface StatusInputs {
  config: Config;
  sessions: Readonly<Record<string, IndexedSession>>;
  env: Env;
  paths: Readonly<AuthuiPaths>;
}

/**
 * The inputs but the session index as one string: equal strings, equal rows but for the clock and
 * the sessions. The file's nodes are its text's (the source's digest) as this build reads it, so
 * only the discovered ones are written out: a configuration of thousands costs the answer no copy
 * of each.
 */
function inputsOf({ config, env, paths }: Omit<StatusInputs, 'sessions'>): string {
  const choice = { config, env, paths };
  return JSON.stringify([
    BUILD_ID,
    config.source,
    config.nodes.filter((node) => node.discovered),
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
 * Lists the rows to keep, with each row's facts (`factsOf`, asked when they are kept). The inputs
 * are read first: rows listed after another process changed the session index are kept under the
 * index before the change, so a later start makes the changed rows again, never the other way round.
 */
export function listToKeep(
  inputs: StatusInputs,
  backend: StatusBackend,
  list: () => NodeStatus[],
  factsOf: (row: NodeStatus) => KeptFacts,
): ListedRows {
  // Too many to keep: their fingerprint is not worth taking.
  if (!rowsKept(inputs.config)) return { rows: list(), keep: () => {} };
  const listedFrom = inputsOf(inputs);
  // A copy: the caller's index may be changed while listing.
  const sessions = structuredClone(inputs.sessions);
  const rows = list();
  const keep = () => {
    try {
      const kept: KeptStatus = { inputs: listedFrom, sessions, backend, rows, facts: rows.map(factsOf) };
      writeFileAtomic(keptStatusPath(inputs.paths, inputs.config.source.path), JSON.stringify(kept), 0o600);
    } catch {
      // The next start lists them again.
    }
  };
  return { rows, keep };
}

/**
 * Whether two values read from JSON say the same, written alike: both come from the same writer
 * (the session index), so the same session is the same text, and a difference of key order only
 * makes a row again. (`isDeepStrictEqual` would load Node's comparisons module at every start.)
 */
function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The kept rows as they stand at `now`, and the store they were listed with, when every input but
 * the session index is the same; undefined otherwise. A row whose session is the one it was
 * listed with keeps its kept state's word on whether that session was issued by the server the
 * configuration names (`other_server`); a row whose session changed is made again from it and
 * its kept facts, unless the settings entered at its login changed (its kind would describe it
 * anew): then undefined too.
 */
export function keptStatus(
  inputs: StatusInputs,
  graph: NodeGraph,
  now: number,
): { backend: StatusBackend; rows: NodeStatus[] } | undefined {
  const kept = readOwnJson(keptStatusPath(inputs.paths, inputs.config.source.path)) as Partial<KeptStatus> | undefined;
  if (
    typeof kept?.inputs !== 'string' ||
    kept.inputs !== inputsOf(inputs) ||
    !Array.isArray(kept.rows) ||
    !Array.isArray(kept.facts) ||
    kept.facts.length !== kept.rows.length ||
    typeof kept.sessions !== 'object' ||
    kept.sessions === null
  )
    return undefined;
  const { sessions } = inputs;
  // Most often the index is the one they were listed from: no session to compare one by one.
  const before = sameJson(sessions, kept.sessions) ? sessions : kept.sessions;
  const adoptUnbound = adoptsUnbound(inputs.config);
  const keptRows = new Map(kept.rows.map((row) => [row.id, row]));
  const rows: NodeStatus[] = [];
  // In tree order: a row's parent, whose region it may inherit, stands before it.
  const standing = new Map<string, NodeStatus>();
  for (const [at, keptRow] of kept.rows.entries()) {
    const session = Object.hasOwn(sessions, keptRow.id) ? sessions[keptRow.id] : undefined;
    const was = Object.hasOwn(before, keptRow.id) ? before[keptRow.id] : undefined;
    const node = graph.byIdOf(keptRow.id);
    const parent = keptRow.parent;
    const inherited = parent === undefined ? undefined : standing.get(parent)?.region;
    let row = keptRow;
    let bound = keptRow.state !== 'other_server';
    if ((before !== sessions && !sameJson(session, was)) || inherited !== (parent && keptRows.get(parent)?.region)) {
      const facts = kept.facts[at] as KeptFacts;
      if (!node || !sameJson(session?.fields, facts.fields)) return undefined;
      row = rowOf(node, keptRow.depth, parent, session, inherited, facts);
      bound = sessionBound(facts.binding, session, adoptUnbound);
    }
    const state = rowStateAt(row, session, bound, now);
    const fallback = node && graph.fallbackOf(node);
    const stands = { ...row, state, fallback: standingInAt(state, fallback, fallback && sessions[fallback.id], now) };
    standing.set(stands.id, stands);
    rows.push(stands);
  }
  return { backend: kept.backend as StatusBackend, rows };
}
