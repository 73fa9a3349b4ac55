// A node's environment exports kept beside its cached session (session-cache.ts, derived), with
// what they were made from, so that `authui env` can be answered from the session cache
// (src/answer-main.ts) without the kinds' modules that make them. They are handed out again only
// while every input is what it was: the build (src/auth/build-id.ts), the configuration file's
// text, the chain's nodes and their sessions, each environment variable the kind read, and the
// working directory (a relative path in the configuration resolves against it).
import { BUILD_ID } from '../build-id.js';
import type { Config, NodeConfig } from '../config/types.js';
import { CREDENTIAL_TYPES, type KeptExports } from '../credential-types.js';
import type { AnyKind } from '../kind.js';
import type { Env } from '../paths.js';
import type { IndexedSession } from '../session-index.js';

/** What they are kept under beside the session (mintKey's namespace, engine/cache-hit.ts). */
export const KEPT_EXPORTS = 'env exports';

/**
 * Whether a kind's exports may be kept: it has some, and the session cache may hold every
 * credential it provides (a long-lived one, an API key, stays in the credential store only).
 */
export function exportsKeepable(kind: Pick<AnyKind, 'env' | 'provides'>): boolean {
  return kind.env !== undefined && kind.provides.every((type) => CREDENTIAL_TYPES[type].cached);
}

export interface ExportInputs {
  config: Config;
  /** The node's chain, root first (NodeGraph.chain). */
  chain: readonly NodeConfig[];
  sessions: Readonly<Record<string, IndexedSession>>;
  read: Readonly<Record<string, string | null>>;
  cwd: string;
}

/** The inputs as one string: equal strings, equal exports. */
export function inputsOf({ config, chain, sessions, read, cwd }: ExportInputs): string {
  return JSON.stringify([
    BUILD_ID,
    config.source.path,
    config.source.digest,
    cwd,
    chain.map((node) => [node, sessions[node.id] ?? null]),
    read,
  ]);
}

/** The environment as a kind sees it, and what it read of it. */
export interface RecordingEnv {
  env: Env;
  /** Each variable read, and its value (null: unset). */
  read: Record<string, string | null>;
  /** Whether it looked at the environment as a whole (its names), which no list of reads describes. */
  whole: () => boolean;
}

/** The environment as a kind sees it, recording each variable it reads. */
export function recordingEnv(env: Env): RecordingEnv {
  const read: Record<string, string | null> = {};
  let whole = false;
  const note = (key: string | symbol) => {
    if (typeof key === 'string') read[key] = env[key] ?? null;
  };
  const recording = new Proxy(env, {
    get: (target, key) => (note(key), Reflect.get(target, key)),
    has: (target, key) => (note(key), Reflect.has(target, key)),
    ownKeys: (target) => ((whole = true), Reflect.ownKeys(target)),
    getOwnPropertyDescriptor: (target, key) => (note(key), Reflect.getOwnPropertyDescriptor(target, key)),
  });
  return { env: recording, read, whole: () => whole };
}

/** The kept exports, when every input they were made from is the same now. */
export function stillKept(kept: unknown, now: Omit<ExportInputs, 'read'> & { env: Env }): KeptExports | undefined {
  const k = kept as Partial<KeptExports> | undefined;
  if (typeof k?.inputs !== 'string' || typeof k.read !== 'object' || k.read === null) return undefined;
  const read = Object.fromEntries(Object.keys(k.read).map((key) => [key, now.env[key] ?? null]));
  return inputsOf({ ...now, read }) === k.inputs ? (k as KeptExports) : undefined;
}
