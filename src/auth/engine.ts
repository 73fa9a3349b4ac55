// The engine: config graph + kinds + stores → sessions. No React, no terminal (DESIGN.md 4).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog, type AuditEvent } from './audit.js';
import { removeAwsFilesTree, type ItemOutcome, type LogoutItem, type LogoutPlan, type LogoutReport, type LogoutScope } from './logout.js';
import { awsFilesBase, awsFilesDir, hasMarker, writeAwsFiles, type AwsProfile } from './aws/files.js';
import { awsRegionOf } from './aws/region.js';
import type { Clock } from './clock.js';
import type { Config, NodeConfig } from './config/types.js';
import { nodeId } from './config/types.js';
import { AuthError } from './errors.js';
import { kindModule as registryLookup } from './kinds/registry.js';
import type { KindContext, KindModule, SessionResult } from './kinds/types.js';
import { withLock } from './lock.js';
import { resolvePaths, type Env } from './paths.js';
import type { Prompter } from './prompter.js';
import { SessionIndex, type IndexedSession } from './session-index.js';
import { stateAt, type NodeState } from './status.js';
import { entryName, type BackendName, type CredentialStore } from './stores/types.js';

/** Sessions with less than this left are renewed before use (DESIGN.md section 2). */
export const REUSE_MIN_REMAINING_MS = 15 * 60 * 1000;

export interface NodeStatus {
  id: string;
  type: NodeConfig['type'];
  name: string;
  kind: string;
  label: string;
  /** Id of the node this one comes via. */
  parent?: string;
  /** Depth in the via tree (roots are 0). */
  depth: number;
  default: boolean;
  state: NodeState;
  /** Epoch ms; undefined when logged out or when the credential does not expire. */
  expiresAt?: number;
  account?: string;
  region?: string;
  subject?: string;
  /** Backend holding its secrets, when it has any. */
  backend?: BackendName;
}

export interface NodeDetail extends NodeStatus {
  /** Root first, this node last. */
  chain: NodeStatus[];
  obtainedAt?: string;
  /** Where its secrets are: the store entry names it has, never values. */
  storage: { backend: BackendName; location: string; entries: string[] };
  /** The AWS files its chain root writes (AWS kinds only). */
  awsFiles?: { credentials: string; config: string; profile?: string; written: boolean };
  /** The last 10 audit events for it, oldest first. */
  history: AuditEvent[];
}

export interface LoginOptions {
  /** Ask for new long-term credentials even when some are stored (the Recovery screen's choice). */
  reenter?: boolean;
}

export interface EngineOptions {
  config: Config;
  store: CredentialStore;
  clock: Clock;
  fetch: typeof fetch;
  env: Env;
  /** Kind lookup; tests may add kinds, the app uses the registry. */
  kinds?: (kind: string) => KindModule | undefined;
  onWarning?: (message: string) => void;
}

export type EngineListener = () => void;

export class Engine {
  readonly config: Config;
  readonly store: CredentialStore;
  private readonly clock: Clock;
  private readonly fetchFn: typeof fetch;
  private readonly env: Env;
  private readonly kinds: (kind: string) => KindModule | undefined;
  private readonly index: SessionIndex;
  private readonly audit: AuditLog;
  private readonly locksDir: string;
  private readonly byId: Map<string, NodeConfig>;
  private readonly listeners = new Set<EngineListener>();
  private readonly inFlight = new Map<string, Promise<SessionResult>>();

  constructor(opts: EngineOptions) {
    this.config = opts.config;
    this.store = opts.store;
    this.clock = opts.clock;
    this.fetchFn = opts.fetch;
    this.env = opts.env;
    this.kinds = opts.kinds ?? registryLookup;
    const paths = resolvePaths(opts.env);
    this.locksDir = paths.locksDir;
    this.index = new SessionIndex(paths.sessionIndex, paths.locksDir, opts.clock, opts.onWarning ?? (() => {}));
    this.audit = new AuditLog(paths.auditLog);
    this.byId = new Map(opts.config.nodes.map((n) => [n.id, n]));
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  /** Providers and identities in tree order (each node after the one it comes via). No network. */
  list(): NodeStatus[] {
    const sessions = this.index.read();
    const now = this.clock.now();
    const children = new Map<string | undefined, NodeConfig[]>();
    for (const node of this.config.nodes) {
      const parent = node.via ? nodeId(node.via.type, node.via.name) : undefined;
      const siblings = children.get(parent) ?? [];
      siblings.push(node);
      children.set(parent, siblings);
    }
    const out: NodeStatus[] = [];
    const visit = (node: NodeConfig, depth: number, inherited: { account?: string; region?: string }) => {
      const module = this.kinds(node.kind);
      const described = module?.describe(node) ?? {};
      const session = sessions[node.id];
      const expiresAt = session?.expiresAt ? Date.parse(session.expiresAt) : undefined;
      const region = session?.region ?? described.region ?? inherited.region;
      out.push({
        id: node.id,
        type: node.type,
        name: node.name,
        kind: node.kind,
        label: module?.label ?? node.kind,
        parent: node.via ? nodeId(node.via.type, node.via.name) : undefined,
        depth,
        default: node.default,
        state: stateAt(session !== undefined, expiresAt, now),
        expiresAt,
        account: session?.account ?? described.account,
        region,
        subject: session?.subject ?? described.subject,
        backend: session?.backend,
      });
      for (const child of children.get(node.id) ?? []) visit(child, depth + 1, { region });
    };
    for (const root of children.get(undefined) ?? []) visit(root, 0, {});
    return out;
  }

  /** Everything the Detail screen shows about a node: entry names, never values; no network. */
  async detail(name: string): Promise<NodeDetail> {
    const node = this.resolve(name);
    const rows = new Map(this.list().map((n) => [n.id, n]));
    const status = rows.get(node.id) as NodeStatus;
    const meta = this.index.read()[node.id];
    const root = this.chain(node)[0] as NodeConfig;
    let awsFiles: NodeDetail['awsFiles'];
    if (node.kind.startsWith('aws/')) {
      const files = awsFilesDir(awsFilesBase(this.config, this.env), root.name);
      awsFiles = { credentials: files.credentials, config: files.config, profile: node.type === 'identity' ? node.name : undefined, written: existsSync(files.credentials) };
    }
    return {
      ...status,
      chain: this.chain(node).map((n) => rows.get(n.id) as NodeStatus),
      obtainedAt: meta?.obtainedAt,
      storage: { backend: meta?.backend ?? this.store.backend, location: this.store.location, entries: (await this.store.list()).filter((e) => e.startsWith(`${node.id}/`)).sort() },
      awsFiles,
      history: this.audit.recent(node.id, 10),
    };
  }

  /** The node for a name: identities first, then providers (names are unique across both). */
  resolve(name: string): NodeConfig {
    const node = this.byId.get(nodeId('identity', name)) ?? this.byId.get(nodeId('provider', name));
    if (node) return node;
    const names = this.config.nodes.map((n) => n.name);
    throw new AuthError('unknown_target', `No provider or identity named "${name}"`, {
      hint: names.length ? `Known names: ${names.join(', ')}.` : 'The configuration defines no providers or identities.',
    });
  }

  /** The default identity, for commands run without a name. */
  defaultNode(): NodeConfig {
    const node = this.config.nodes.find((n) => n.default);
    if (node) return node;
    throw new AuthError('usage', 'No name given and no identity is marked default', {
      hint: 'Pass a name, or set "default: true" on one identity.',
    });
  }

  /** Root first, node last. */
  chain(node: NodeConfig): NodeConfig[] {
    const out: NodeConfig[] = [];
    let current: NodeConfig | undefined = node;
    while (current) {
      out.unshift(current);
      current = current.via ? this.byId.get(nodeId(current.via.type, current.via.name)) : undefined;
    }
    return out;
  }

  private module(node: NodeConfig): KindModule {
    const module = this.kinds(node.kind);
    if (!module) throw new AuthError('invalid_config', `Unknown kind ${node.kind}`, { context: { kind: node.kind } });
    return module;
  }

  private async cached(node: NodeConfig, minRemainingMs: number): Promise<SessionResult | undefined> {
    const meta = this.index.read()[node.id];
    if (!meta) return undefined;
    if (meta.expiresAt && Date.parse(meta.expiresAt) - this.clock.now() < minRemainingMs) return undefined;
    const secret = await this.sessionSecret(node);
    return secret ? { meta, secret } : undefined;
  }

  /** The stored secret part of a node's session; a damaged entry counts as none. */
  private async sessionSecret(node: NodeConfig): Promise<Record<string, string> | undefined> {
    const raw = await this.store.get(entryName.session(node.id));
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as Record<string, string>;
    } catch {
      return undefined;
    }
  }

  private async save(node: NodeConfig, session: SessionResult, event: 'login' | 'refresh'): Promise<void> {
    await this.store.set(entryName.session(node.id), JSON.stringify(session.secret));
    await this.index.update((sessions) => {
      sessions[node.id] = { ...session.meta, backend: this.store.backend } satisfies IndexedSession;
    });
    if (session.secret.accessKeyId) await this.writeAwsFiles(this.chain(node)[0] as NodeConfig);
    this.audit.append({ time: new Date(this.clock.now()).toISOString(), event, target: node.id, outcome: 'ok' });
    this.emit();
  }

  /** Where the AWS files of a chain root are (for `env`, `exec` and logout). */
  awsFiles(name: string): ReturnType<typeof awsFilesDir> {
    return awsFilesDir(awsFilesBase(this.config, this.env), this.chain(this.resolve(name))[0]?.name as string);
  }

  /** Regenerates the root's AWS files from every unexpired AWS session under it. */
  private async writeAwsFiles(root: NodeConfig): Promise<void> {
    const sessions = this.index.read();
    const now = this.clock.now();
    const profiles: AwsProfile[] = [];
    for (const node of this.config.nodes) {
      const meta = sessions[node.id];
      if (node.type !== 'identity' || !meta?.expiresAt || Date.parse(meta.expiresAt) <= now || this.chain(node)[0] !== root) continue;
      const secret = await this.sessionSecret(node);
      if (!secret?.accessKeyId || !secret.secretAccessKey) continue;
      profiles.push({ name: node.name, region: meta.region ?? awsRegionOf(node, this.config), expiresAt: meta.expiresAt, accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey, sessionToken: secret.sessionToken || undefined });
    }
    await writeAwsFiles(awsFilesBase(this.config, this.env), root.name, profiles, this.locksDir);
  }

  private context(node: NodeConfig, prompter: Prompter, parent: SessionResult | undefined, reenter = false): KindContext {
    return { node, config: this.config, store: this.store, prompter, clock: this.clock, fetch: this.fetchFn, env: this.env, parent, reenter };
  }

  /** Walks the chain from its root, reusing every step valid for ≥ 15 more minutes. */
  async login(name: string, prompter: Prompter, opts: LoginOptions = {}): Promise<SessionResult> {
    const chain = this.chain(this.resolve(name));
    let reuseBefore = chain.length - 1;
    for (;;) {
      try {
        return await this.walk(chain, prompter, reuseBefore, opts.reenter ?? false);
      } catch (error) {
        // A reused step that the provider calls expired (clock skew, revoked session): renew
        // it and everything after it. The index only decreases, so this ends; long-term keys
        // are untouched.
        if (error instanceof StaleStepError && error.index < reuseBefore) {
          reuseBefore = error.index;
          continue;
        }
        throw error;
      }
    }
  }

  /** Authenticates chain[reuseBefore..] afresh; earlier steps are reused when still valid. */
  private async walk(chain: NodeConfig[], prompter: Prompter, reuseBefore: number, reenter: boolean): Promise<SessionResult> {
    let parent: SessionResult | undefined;
    let parentReused = false;
    for (const [index, step] of chain.entries()) {
      const reuse = index < reuseBefore ? await this.cached(step, REUSE_MIN_REMAINING_MS) : undefined;
      if (reuse) {
        parent = reuse;
        parentReused = true;
        continue;
      }
      try {
        parent = await this.module(step).authenticate(this.context(step, prompter, parent, reenter));
      } catch (error) {
        this.audit.append({ time: new Date(this.clock.now()).toISOString(), event: 'login', target: step.id, outcome: 'failed', code: error instanceof AuthError ? error.code : 'unknown' });
        if (error instanceof AuthError && error.code === 'expired_token' && parentReused) throw new StaleStepError(index - 1);
        throw error;
      }
      parentReused = false;
      await this.save(step, parent, 'login');
    }
    return parent as SessionResult;
  }

  /**
   * Renews a session without prompting. Single-flight: callers in this process share one
   * promise, and a lock per node serialises other processes (rotating refresh tokens).
   */
  refresh(name: string): Promise<SessionResult> {
    const node = this.resolve(name);
    const running = this.inFlight.get(node.id);
    if (running) return running;
    const work = withLock(this.locksDir, node.id, async () => {
      // Another process may have refreshed while we waited for the lock.
      const fresh = await this.cached(node, REUSE_MIN_REMAINING_MS);
      if (fresh) return fresh;
      const module = this.module(node);
      const current = await this.cached(node, Number.NEGATIVE_INFINITY);
      // Kinds that renew without input (an assumed role, given its parent) may do so even
      // when they have no session yet.
      if (!module.refresh) {
        throw new AuthError('needs_interactive_login', `"${node.name}" cannot be renewed without signing in`, {
          hint: `Run "authui login ${node.name}" in a terminal.`,
          context: { [node.type]: node.name },
        });
      }
      const parent = node.via ? await this.credentialsFor(this.resolve(node.via.name)) : undefined;
      const session = await module.refresh(this.context(node, nonInteractive(node.name), parent), current);
      await this.save(node, session, 'refresh');
      return session;
    }).finally(() => this.inFlight.delete(node.id));
    this.inFlight.set(node.id, work);
    return work;
  }

  private async credentialsFor(node: NodeConfig): Promise<SessionResult> {
    return (await this.cached(node, 60_000)) ?? this.refresh(node.name);
  }

  /** Valid credentials for tools (env, exec, credential-process, token); refreshes if needed. */
  credentials(name: string): Promise<SessionResult> {
    return this.credentialsFor(this.resolve(name));
  }

  /** The nodes a scope covers: an identity's chain, a provider's subtree, or everything. */
  private scopeNodes(scope: Exclude<LogoutScope, { kind: 'expired' }>, keepProvider: boolean): NodeConfig[] {
    if (scope.kind === 'all') return [...this.config.nodes];
    const node = this.resolve(scope.name);
    if (node.type !== scope.kind) {
      const providers = this.config.nodes.filter((n) => n.type === 'provider').map((n) => n.name);
      throw new AuthError('unknown_target', `"${node.name}" is ${node.type === 'provider' ? 'a provider' : 'an identity'}, not ${scope.kind === 'provider' ? 'a provider' : 'an identity'}`, {
        hint: node.type === 'provider' ? `Use --provider ${node.name}.` : `Use "authui logout ${node.name}".${providers.length ? ` Providers: ${providers.join(', ')}.` : ''}`,
      });
    }
    const nodes = scope.kind === 'identity' ? this.chain(node) : this.config.nodes.filter((n) => this.chain(n).includes(node));
    return keepProvider ? nodes.filter((n) => n.type !== 'provider') : nodes;
  }

  /** Exactly what a logout would remove: for preview, --dry-run and the report. */
  async planLogout(scopes: LogoutScope | LogoutScope[], opts: { keepProvider?: boolean } = {}): Promise<LogoutPlan> {
    const list = Array.isArray(scopes) ? scopes : [scopes];
    const all = list.some((s) => s.kind === 'all');
    const chosen = new Map<string, NodeConfig>();
    const chains: string[][] = [];
    for (const scope of list) {
      if (scope.kind === 'expired') throw new AuthError('usage', 'Use planCleanupExpired for expired sessions');
      for (const node of this.scopeNodes(scope, opts.keepProvider ?? false)) chosen.set(node.id, node);
      if (scope.kind === 'identity') chains.push(this.chain(this.resolve(scope.name)).map((n) => n.name));
    }
    // Shallowest first (a stable sort, so config order within a depth): roots before what comes via them.
    const nodes = this.config.nodes.filter((n) => chosen.has(n.id)).sort((a, b) => this.chain(a).length - this.chain(b).length);
    const entries = await this.store.list();
    const items: LogoutItem[] = [];
    for (const node of nodes) {
      for (const entry of entries.filter((e) => e.startsWith(`${node.id}/`)).sort()) items.push(this.storeItem(node.id, entry));
    }
    if (all) {
      for (const entry of entries.filter((e) => !items.some((i) => i.ref === e) && !e.startsWith('__probe__/'))) items.push(this.storeItem('*', entry));
    }
    items.push(...this.planFiles(nodes));
    const base = awsFilesBase(this.config, this.env);
    if (all && existsSync(base)) {
      for (const name of readdirSync(base)) {
        const dir = join(base, name);
        if (!items.some((i) => i.ref === dir) && hasMarker(join(dir, 'credentials'))) items.push({ target: '*', kind: 'files', ref: dir, label: `Files: ${dir}/` });
      }
    }
    return { scopes: list, chains, nodes: nodes.map((n) => n.id), items };
  }

  /** `cleanup-expired`: sessions that have already expired go; long-term keys and renewable sessions stay. */
  async planCleanupExpired(): Promise<LogoutPlan> {
    const sessions = this.index.read();
    const now = this.clock.now();
    const expired: NodeConfig[] = [];
    for (const node of this.config.nodes) {
      const at = sessions[node.id]?.expiresAt;
      if (at === undefined || Date.parse(at) > now) continue;
      // A session with a refresh token still renews without the user (IAM Identity Center): keep it.
      if ((await this.sessionSecret(node))?.refreshToken) continue;
      expired.push(node);
    }
    const entries = new Set(await this.store.list());
    const items = expired.filter((n) => entries.has(entryName.session(n.id))).map((n) => this.storeItem(n.id, entryName.session(n.id)));
    return { scopes: [{ kind: 'expired' }], chains: [], nodes: expired.map((n) => n.id), items: [...items, ...this.planFiles(expired)] };
  }

  private storeItem(target: string, entry: string): LogoutItem {
    const label = this.store.backend === 'system' ? 'Keyring' : `Store (${this.store.backend})`;
    return { target, kind: 'store', ref: entry, label: `${label}: ${entry}` };
  }

  /** AWS files of the roots touched: a tree goes when none of its unexpired sessions stays; otherwise it is rewritten. */
  private planFiles(leaving: NodeConfig[]): LogoutItem[] {
    const ids = new Set(leaving.map((n) => n.id));
    const sessions = this.index.read();
    const now = this.clock.now();
    const base = awsFilesBase(this.config, this.env);
    const files: LogoutItem[] = [];
    for (const root of new Set(leaving.map((n) => this.chain(n)[0] as NodeConfig))) {
      const dir = awsFilesDir(base, root.name).dir;
      if (!existsSync(dir)) continue;
      const stays = this.config.nodes.some((n) => {
        const at = sessions[n.id]?.expiresAt;
        return !ids.has(n.id) && this.chain(n)[0] === root && at !== undefined && Date.parse(at) > now;
      });
      if (stays) files.push({ target: root.id, kind: 'rewrite', ref: dir, label: `Files: ${dir}/ (rewritten without the removed profiles)` });
      else files.push({ target: root.id, kind: 'files', ref: dir, label: `Files: ${dir}/` });
    }
    return files;
  }

  /** Best effort: every item is tried, every outcome reported and audited. */
  async logout(plan: LogoutPlan, opts: { dryRun?: boolean } = {}): Promise<LogoutReport> {
    const outcomes: ItemOutcome[] = [];
    const time = () => new Date(this.clock.now()).toISOString();
    if (opts.dryRun) {
      const planned = plan.items.map((i): ItemOutcome => ({ ...i, status: i.kind === 'rewrite' ? 'rewritten' : 'removed' }));
      return { plan, dryRun: true, items: planned, removed: planned.filter((i) => i.status === 'removed').length, failed: 0 };
    }
    const base = awsFilesBase(this.config, this.env);
    const record = (item: LogoutItem, status: ItemOutcome['status'], reason?: string) => {
      outcomes.push({ ...item, status, reason });
      this.audit.append({ time: time(), event: 'logout', target: item.target, item: item.label, outcome: status === 'failed' ? 'failed' : 'ok', detail: status === 'failed' ? reason : status });
    };
    for (const item of plan.items.filter((i) => i.kind === 'store')) {
      try {
        record(item, (await this.store.delete(item.ref)) ? 'removed' : 'absent');
      } catch (error) {
        record(item, 'failed', error instanceof Error ? error.message : String(error));
      }
    }
    await this.index.update((sessions) => {
      for (const id of plan.nodes) delete sessions[id];
    });
    for (const item of plan.items.filter((i) => i.kind === 'rewrite')) {
      const root = this.byId.get(item.target) as NodeConfig;
      try {
        await this.writeAwsFiles(root);
        record(item, 'rewritten');
      } catch (error) {
        record(item, 'failed', error instanceof Error ? error.message : String(error));
      }
    }
    for (const item of plan.items.filter((i) => i.kind === 'files')) {
      try {
        record(item, removeAwsFilesTree(base, item.ref));
      } catch (error) {
        record(item, 'failed', error instanceof Error ? error.message : String(error));
      }
    }
    this.emit();
    return { plan, dryRun: false, items: outcomes, removed: outcomes.filter((o) => o.status === 'removed').length, failed: outcomes.filter((o) => o.status === 'failed').length };
  }
}

class StaleStepError extends Error {
  constructor(readonly index: number) {
    super('a reused session was rejected as expired');
  }
}

/** The Prompter for non-interactive work: asking is an error whose hint names the command. */
export function nonInteractive(name: string): Prompter {
  const fail = (): never => {
    throw new AuthError('needs_interactive_login', `"${name}" needs input that cannot be asked for here (no terminal)`, {
      hint: `Run "authui login ${name}" in a terminal.`,
    });
  };
  return { ask: async () => fail(), confirm: async () => fail(), showDeviceCode: fail, notice: () => {} };
}

export function createEngine(opts: EngineOptions): Engine {
  return new Engine(opts);
}
