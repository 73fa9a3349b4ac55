// The session-cache answers (dist/answer-HASH.cjs): `authui [--config PATH] credential-process
// NAME`, `… token NAME`, `… kube token NAME [--cluster C]`, `… env [NAME] [--reveal] [--format F]`,
// `… exec [NAME…] -- CMD…`, `… status --json` and `… prompt [NAME…]` answered from the
// configuration's cache entry, the session index and the session cache alone — no engine, no
// credential store, no kind's module — as the aws CLI and kubectl ask, before every call, and as a
// shell asks for its variables and its prompt. The binary (src/bin.ts) offers these lines here
// first, through a code cache of their own, and runs the hot paths' bundle when this declines: it
// declines, having printed and written nothing, whenever the full path could do or print anything
// else (docs/architecture.md, "Start-up"). Each rule it applies is the engine's own module: when
// the configuration is settled (engine/settled.ts), the kinds' facts and the bindings recorded in
// the cache entry (engine/binding.ts), the cache-hit and kept-mint rules (engine/cache-hit.ts), the
// kept exports' inputs (engine/kept-exports.ts), the renewal lead (config/types.ts), the outputs
// (cli/aws-credentials.ts, credential-types.ts, cli/exec-credential.ts, cli/env-formats.ts,
// cli/status-document.ts, cli/prompt.ts), the command's environment and its run
// (cli/exec-process.ts) and the audit line (audit.ts).
import { descriptorIO, exitOnceWritten } from './app/io.js';
import { AuditLog, handedOutEvent } from './auth/audit.js';
import { systemClock } from './auth/clock.js';
import { sessionLeadMs, type NodeConfig } from './auth/config/types.js';
import type { KindFacts } from './auth/config/find.js';
import { printsAs, tokenIn, type CredentialType, type KeptExports, type Yields } from './auth/credential-types.js';
import { cacheHit, mintKey, reusableMint } from './auth/engine/cache-hit.js';
import { KEPT_EXPORTS, stillKept } from './auth/engine/kept-exports.js';
import { keptStatus } from './auth/engine/kept-status.js';
import { settledConfig, type Settled as SettledConfig } from './auth/engine/settled.js';
import type { AuthuiPaths } from './auth/paths.js';
import { SessionCache, sessionCacheEnabled } from './auth/session-cache.js';
import type { IndexedSession } from './auth/session-index.js';
import { isOneVisibleLine } from './auth/visible.js';
import { storePasswordVariable } from './auth/stores/backend.js';
import { credentialProcessOutput } from './cli/aws-credentials.js';
import type { Invocation } from './cli/commands.js';
import { ENV_FORMATS, envOutput, type EnvFormat } from './cli/env-formats.js';
import { plainOptions, type LineSpec } from './cli/plain-line.js';
import { promptLine } from './cli/prompt.js';
import { statusJson } from './cli/status-document.js';
import { reportError } from './cli/errors.js';
import { execCredential, idTokenExpiresAt, requestedApiVersion } from './cli/exec-credential.js';
import { commandEnv, mergeExports, runCommand } from './cli/exec-process.js';

export interface AnswerStart {
  /** The command line's words (after `node authui.js`). */
  argv: readonly string[];
  paths: Readonly<AuthuiPaths>;
  /** Called just before `exec`'s command replaces the process (no exit event follows). */
  beforeReplace?: () => void;
}

interface Line {
  command: string;
  config?: string;
  /** Its arguments and flags by key (cli/plain-line.ts): `name` absent only for `env` (the node marked default). */
  options: Invocation['options'];
}

/** What an answer prints… */
interface Printed {
  stdout: string;
  stderr?: string;
}

/** …or, for `exec`, the command it runs and the environment it runs it in. */
interface Run {
  commandLine: readonly string[];
  env: NodeJS.ProcessEnv;
}

/** The configuration, when the engine would act on it with nothing of its own to say, and the line. */
interface Settled extends SettledConfig {
  line: Line;
  paths: Readonly<AuthuiPaths>;
  now: number;
}

/** A session-cache hit for the line's node, and what the answer may need besides. */
interface Hit extends Settled {
  node: NodeConfig;
  meta: IndexedSession;
  yields: Yields;
  /** What the node's kind provides (the configuration's cache entry says, config/find.ts). */
  provides: readonly CredentialType[];
  cache: SessionCache;
}

/**
 * What `authui token` prints as `what` (Handout.token): only of a kind that provides one, and
 * only one line with nothing a terminal acts on (the engine refuses the rest, with its reason).
 */
function printedToken({ provides, yields }: Hit, what: 'bearer' | 'id'): string | undefined {
  const token = provides.some((type) => printsAs(type, what)) ? tokenIn(yields, what) : undefined;
  return token !== undefined && isOneVisibleLine(token) ? token : undefined;
}

/** Records that the node's secret went to a tool, as the engine does (Handout.noteUse). */
function noteUse({ node, paths, now }: Hit, by: 'token' | 'exec' = 'token'): void {
  new AuditLog(paths.auditLog).append(handedOutEvent(node.id, by, now));
}

/** An answer about one node: from its session-cache hit, when there is one. */
function forNode(
  answerOf: (hit: Hit) => Printed | undefined,
  reads: Reads = sessionReads,
): (settled: Settled) => Printed | undefined {
  return (settled) => {
    const hit = settledHit(settled, reads);
    return hit && answerOf(hit);
  };
}

/** What a hit reads from the session cache under the engine's cache-hit rule: the session's yields… */
type Reads = (cache: SessionCache) => Pick<SessionCache, 'read'>;
const sessionReads: Reads = (cache) => cache;

/**
 * …or, for `env`, the exports kept beside it, which stand in for it: made from that very session
 * (its obtainedAt) and ending when it does, they say as much as reading it would.
 */
const keptExportsReads: Reads = (cache) => ({
  read: (id, meta) => {
    const kept = meta.expiresAt ? cache.readDerived(id, KEPT_EXPORTS, meta.obtainedAt) : undefined;
    return kept && kept.expiresAt === meta.expiresAt ? kept.yields : undefined;
  },
});

/** The exports kept beside the hit's session, while every input they were made from holds. */
function keptExportsOf({ yields, config, graph, node, sessions }: Hit): KeptExports | undefined {
  return stillKept(yields.exports, {
    config,
    chain: graph.chain(node),
    sessions,
    env: process.env,
    cwd: process.cwd(),
  });
}

const NAME = { args: [{ name: 'name', required: true }], flags: [] } as const satisfies LineSpec;

/**
 * Each answered command: the plain lines it takes (a subset of the command table's, read by the
 * matcher the hot paths use), and what it prints (or runs) when the configuration is settled, having
 * recorded what it must; undefined: the engine's to say.
 */
const ANSWERS: Readonly<Record<string, { line: LineSpec; answer: (settled: Settled) => Printed | Run | undefined }>> = {
  'credential-process': {
    line: NAME,
    answer: forNode(({ meta, yields }) =>
      yields.aws ? { stdout: credentialProcessOutput(yields.aws, meta.expiresAt) } : undefined,
    ),
  },
  token: {
    line: NAME,
    answer: forNode((hit) => {
      const token = printedToken(hit, 'bearer');
      if (token === undefined) return undefined;
      noteUse(hit);
      return { stdout: `${token}\n` };
    }),
  },
  // As cli/env.ts, from the exports the engine kept beside the session while their inputs hold.
  env: {
    line: {
      args: [{ name: 'name', required: false }],
      flags: [{ flag: 'format', value: 'format', choices: ENV_FORMATS, default: 'bash' }, { flag: 'reveal' }],
    },
    answer: forNode((hit) => {
      const { line, node } = hit;
      const kept = keptExportsOf(hit);
      if (!kept) return undefined;
      const reveal = line.options.reveal === true;
      const printed = envOutput(
        node.name,
        reveal ? { ...kept, hidden: [] } : { ...kept, secrets: {} },
        line.options.format as EnvFormat,
      );
      if (reveal) noteUse(hit, 'exec');
      return printed;
    }, keptExportsReads),
  },
  // As cli/exec.ts (not `--serve`): every node's kept exports, merged, in the command's environment.
  exec: {
    line: { args: [{ name: 'names', required: false, variadic: true }], flags: [], commandLine: true },
    answer: (settled) => {
      const names = settled.line.options.names as string[];
      const exported: Record<string, string> = {};
      const hits: Hit[] = [];
      for (const name of names.length > 0 ? names : [undefined]) {
        const hit = settledHit({ ...settled, line: { ...settled.line, options: { name } } }, keptExportsReads);
        const kept = hit && keptExportsOf(hit);
        // A variable two of them set otherwise: the engine's usage error.
        if (!kept || mergeExports(exported, { ...kept.variables, ...kept.secrets }) !== undefined) return undefined;
        hits.push(hit);
      }
      for (const hit of hits) noteUse(hit, 'exec');
      const passwordVariable = storePasswordVariable(settled.config);
      return {
        commandLine: settled.line.options.commandLine as string[],
        env: commandEnv(process.env, passwordVariable, exported),
      };
    },
  },
  // As cli/kube.ts: an AWS identity's EKS token kept from an earlier call (one to be signed is
  // the engine's), or an oidc provider's ID token until it or its session ends.
  'kube token': {
    line: { ...NAME, flags: [{ flag: 'cluster', value: 'name' }] },
    answer: forNode((hit) => {
      const { line, node, meta, provides, cache, now } = hit;
      const apiVersion = requestedApiVersion(process.env.KUBERNETES_EXEC_INFO);
      if (provides.includes('aws')) {
        const key = mintKey('EKS token', { cluster: line.options.cluster as string | undefined });
        const kept = reusableMint(cache.readDerived(node.id, key, meta.obtainedAt), now);
        if (!kept) return undefined;
        noteUse(hit);
        return { stdout: execCredential(apiVersion, kept.token, kept.expiresAt) };
      }
      const token = provides.includes('idToken') ? printedToken(hit, 'id') : undefined;
      if (token === undefined) return undefined;
      noteUse(hit);
      const sessionEnds = meta.expiresAt ? Date.parse(meta.expiresAt) : undefined;
      return { stdout: execCredential(apiVersion, token, idTokenExpiresAt(token, sessionEnds, now)) };
    }),
  },
  // As cli/status.ts, from the rows it kept (engine/kept-status.ts), their states worked out for now.
  status: {
    line: { args: [], flags: [{ flag: 'json' }] },
    answer: ({ line, config, graph, sessions, paths, now }) => {
      const kept = line.options.json
        ? keptStatus({ config, sessions, env: process.env, paths }, graph, now)
        : undefined;
      return kept && { stdout: statusJson(config.source, kept.backend, [], kept.rows, now) };
    },
  },
  // As cli/prompt.ts: before every shell prompt, from the configuration and the session index.
  prompt: {
    line: { args: [{ name: 'names', required: false, variadic: true }], flags: [] },
    answer: ({ line, config, sessions, now }) => {
      const printed = promptLine(line.options.names as string[], process.env, config, sessions, now);
      return { stdout: printed ? `${printed}\n` : '' };
    },
  },
};

/** The commands answered here (the command table marks them `answered`; a test checks both agree). */
export const ANSWERED_COMMANDS = Object.keys(ANSWERS);

/**
 * `[--config PATH] COMMAND …` as the answered command takes it: the plain lines the hot paths'
 * matcher (cli/fast-argv.ts) reads the same way (a test checks it), with no other flag to weigh.
 */
export function plainLine(argv: readonly string[]): Line | undefined {
  const withConfig = argv[0] === '--config';
  const config = withConfig ? argv[1] : undefined;
  if (config === '' || config?.startsWith('-')) return undefined;
  const words = withConfig ? argv.slice(2) : argv;
  const sub = words[0] === 'kube' && words[1] === 'token';
  const command = sub ? 'kube token' : words[0];
  const spec = command !== undefined && Object.hasOwn(ANSWERS, command) ? ANSWERS[command] : undefined;
  const options = spec && plainOptions(spec.line, words.slice(sub ? 2 : 1));
  if (command === undefined || !options) return undefined;
  return { command, ...(config === undefined ? {} : { config }), options };
}

/** The node's binding as the configuration's cache entry records it; null: not recorded. */
function bindingIn(facts: KindFacts, node: NodeConfig, binds: boolean): string | undefined | null {
  if (!binds) return undefined;
  return Object.hasOwn(facts.bindings, node.id) ? facts.bindings[node.id] : null;
}

/** The configuration and the session index, when the engine would open them with nothing to say. */
function settled(line: Line, paths: Readonly<AuthuiPaths>, now: number): Settled | undefined {
  const found = settledConfig({ configPath: line.config, env: process.env, cwd: process.cwd(), paths, now });
  return found && { ...found, line, paths, now };
}

/** The session-cache hit for the line's node, when the whole answer is settled by it. */
function settledHit(settled: Settled, reads: Reads): Hit | undefined {
  const { line, config, facts, graph, sessions, now } = settled;
  // An unknown name, or none and no default, throws: the engine's path says so.
  const name = line.options.name as string | undefined;
  const node = name === undefined ? graph.defaultNode() : graph.resolve(name);
  // A discovered node is not in the file the entry describes.
  const kind = !node.discovered && Object.hasOwn(facts.kinds, node.kind) ? facts.kinds[node.kind] : undefined;
  const binding = kind ? bindingIn(facts, node, kind.binds) : null;
  if (!kind || binding === null || !sessionCacheEnabled(config, process.env)) return undefined;
  const meta = Object.hasOwn(sessions, node.id) ? sessions[node.id] : undefined;
  let warned = false;
  const cache = new SessionCache({
    dir: settled.paths.sessionCache,
    padDir: settled.paths.sessionCachePads,
    enabled: true,
    clock: systemClock,
    onWarning: () => (warned = true),
  });
  const hit = cacheHit(reads(cache), {
    id: node.id,
    meta,
    binding,
    leadMs: (m) => sessionLeadMs(config, node, m),
    now,
  });
  return hit && hit !== 'unbound' && !warned ? { ...settled, node, ...hit, provides: kind.provides, cache } : undefined;
}

let answered = false;

/**
 * Whether this start's code cache is worth keeping (src/code-cache.ts): a start that declined
 * ran too little of what answering runs.
 */
export function keepCodeCache(): boolean {
  return answered;
}

/**
 * Prints the answer and ends the process once it has left (returning true until then), or returns
 * false having done nothing: the binary then runs the hot paths' bundle.
 */
export function answer({ argv, paths, beforeReplace }: AnswerStart): boolean {
  const line = plainLine(argv);
  if (!line) return false;
  const now = systemClock.now();
  let outcome: Printed | Run | undefined;
  try {
    const config = settled(line, paths, now);
    outcome = config && ANSWERS[line.command]?.answer(config);
  } catch {
    // Whatever failed (an unreadable index, a bad AUTHUI_KEYRING), the engine's path reports it.
    return false;
  }
  if (outcome === undefined) return false;
  answered = true;
  if ('commandLine' in outcome) {
    const io = descriptorIO();
    void runCommand(outcome.commandLine, outcome.env, io, { before: beforeReplace }).then(exitOnceWritten);
    return true;
  }
  try {
    descriptorIO().stdout.write(outcome.stdout);
    if (outcome.stderr) descriptorIO().stderr.write(outcome.stderr);
  } catch (error) {
    // The caller went away, or stdout is closed: reported as the hot paths' bundle would.
    process.exitCode = reportError(descriptorIO().stderr, error);
  }
  exitOnceWritten(undefined, (error) => reportError(descriptorIO().stderr, error));
  return true;
}
