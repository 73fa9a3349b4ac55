// The engine: a facade over small services (docs/architecture.md): the node graph, the session
// repository, login/refresh, logout and the kinds' outputs. It decides nothing from a kind's
// name or from the fields of a secret; kinds declare what they can do. No React, no terminal.
import { trustConfig, untrustedError } from './config/trust.js';
import { urlProblem } from './net.js';
import { redirectSafeFetch } from './redirects.js';
import { AuditLog, type AuditEvent } from './audit.js';
import { AuthError } from './errors.js';
import type { Clock } from './clock.js';
import { refreshPolicyOf, type Config, type NodeConfig, type RefreshPolicy } from './config/types.js';
import { NodeGraph } from './engine/graph.js';
import { LoginService, type Credentials, type LoginOptions, type RefreshOptions } from './engine/login.js';
import { LogoutService } from './engine/logout.js';
import { Outputs } from './engine/outputs.js';
import { kindOf, SessionRepository, type KindLookup } from './engine/sessions.js';
import { SessionCache } from './session-cache.js';
import { kindModule as registryLookup } from './kinds/registry.js';
import type { OutputDetail, RotateReport, Session, TestContext, TestResult } from './kinds/types.js';
import type { LogoutPlan, LogoutReport, LogoutScope } from './logout.js';
import type { AuthuiPaths, Env } from './paths.js';
import type { Prompter } from './prompter.js';
import { SessionIndex } from './session-index.js';
import { stateAt, type NodeState } from './status.js';
import type { BackendName, CredentialStore } from './stores/types.js';
import { isoTime } from './iso-time.js';

export { nonInteractive } from './engine/login.js';
export type { Credentials, LoginOptions } from './engine/login.js';

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
  /** Epoch ms the session was obtained (its lifetime sets how early it is renewed). */
  obtainedAt?: number;
  /** Epoch ms when a stored key is due for rotation (`rotate_after`); the row turns expiring then. */
  rotateAt?: number;
  account?: string;
  region?: string;
  subject?: string;
  /** The host it talks to, when the kind names one. */
  server?: string;
  /** Epoch ms until which the session renews without the user (a refresh token's lifetime). */
  renewableUntil?: number;
  /** The node standing in for this one: its session is gone and the fallback's is live. */
  fallback?: string;
  /** Backend holding its secrets, when it has any. */
  backend?: BackendName;
  /** Recovery can ask for this node's long-term credentials again. */
  reenterable: boolean;
}

/** The facts the Detail screen is built from: entry names and paths, never values. */
export interface NodeDetail extends NodeStatus {
  /** Root first, this node last. */
  chain: NodeStatus[];
  storage: { backend: BackendName; location: string; entries: string[] };
  /** What its kind writes for other tools (the AWS files). */
  outputs: OutputDetail[];
  /** What the provider said about the credential when it was checked (user, orgs, token role). */
  facts?: { label: string; value: string }[];
  /** Epoch ms the provider last accepted the credential. */
  validatedAt?: number;
  /** Epoch ms `token` or `exec` last handed it out. */
  lastUsedAt?: number;
  /** The last 10 audit events for it, oldest first. */
  history: AuditEvent[];
}

/** Environment variables for a child process: `env` prints `variables`, `exec` adds `secrets`. */
export interface NodeExports {
  variables: Record<string, string>;
  secrets: Record<string, string>;
  /** Set when the secrets are the fallback node's: says so, for stderr. */
  warning?: string;
  /** Without secrets: the names of the ones left out (what `env` says to use --reveal or exec for). */
  hidden?: string[];
}

export interface EngineOptions {
  config: Config;
  store: CredentialStore;
  clock: Clock;
  fetch: typeof fetch;
  env: Env;
  paths: Readonly<AuthuiPaths>;
  /** Kind lookup; tests may add kinds, the app uses the registry. */
  kinds?: KindLookup;
  onWarning?: (message: string) => void;
}

export type EngineListener = () => void;

export class Engine {
  readonly config: Config;
  readonly store: CredentialStore;
  private readonly env: Env;
  private readonly paths: Readonly<AuthuiPaths>;
  private readonly clock: Clock;
  private readonly fetchFn: typeof fetch;
  private readonly kinds: KindLookup;
  private readonly graph: NodeGraph;
  private readonly sessions: SessionRepository;
  private readonly outputs: Outputs;
  private readonly audit: AuditLog;
  private readonly logins: LoginService;
  private readonly logouts: LogoutService;
  private readonly listeners = new Set<EngineListener>();

  constructor(opts: EngineOptions) {
    this.config = opts.config;
    this.store = opts.store;
    this.env = opts.env;
    this.paths = opts.paths;
    this.clock = opts.clock;
    this.fetchFn = redirectSafeFetch(opts.fetch);
    this.kinds = opts.kinds ?? registryLookup;
    const { paths } = opts;
    this.graph = new NodeGraph(opts.config);
    this.audit = new AuditLog(paths.auditLog);
    this.sessions = new SessionRepository(
      opts.store,
      new SessionIndex(paths.sessionIndex, paths.locksDir, opts.clock, opts.onWarning ?? (() => {})),
      this.kinds,
      opts.clock,
      opts.onWarning,
      new SessionCache(paths.sessionCache, opts.clock, opts.onWarning),
      {
        adoptUnbound: opts.config.source.origin !== 'project',
        onAdopt: (node) =>
          this.audit.append({
            time: isoTime(opts.clock.now()),
            event: 'store',
            target: node.id,
            outcome: 'ok',
            detail: 'a session stored before servers were recorded now belongs to the server this configuration names',
          }),
      },
    );
    this.outputs = new Outputs(this.graph, this.sessions, this.kinds, {
      config: opts.config,
      env: opts.env,
      locksDir: paths.locksDir,
    });
    const changed = () => this.emit();
    const shared = {
      graph: this.graph,
      sessions: this.sessions,
      outputs: this.outputs,
      kinds: this.kinds,
      audit: this.audit,
      clock: opts.clock,
      fetch: this.fetchFn,
      env: opts.env,
      paths,
      changed,
    };
    this.logins = new LoginService({
      ...shared,
      config: opts.config,
    });
    this.logouts = new LogoutService(shared);
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
    const sessions = this.sessions.all();
    const now = this.clock.now();
    const regions = new Map<string, string | undefined>();
    return this.graph.tree().map(({ node, depth }) => {
      const module = this.kinds(node.kind);
      const session = sessions[node.id];
      const described = module?.describe(withEntered(node, session).settings as never) ?? {};
      const expiresAt = session?.expiresAt ? Date.parse(session.expiresAt) : undefined;
      const parent = this.graph.parentOf(node);
      const region = session?.region ?? described.region ?? (parent ? regions.get(parent.id) : undefined);
      regions.set(node.id, region);
      const rotation = session ? module?.rotation?.(node.settings as never) : undefined;
      const rotateAt = rotation && session ? Date.parse(session.obtainedAt) + rotation : undefined;
      let state = stateAt(session !== undefined, expiresAt, now);
      if (session && state !== 'logged_out' && !this.sessions.bound(node, session)) state = 'other_server';
      if (state === 'active' && session?.unvalidated) state = 'unvalidated';
      if ((state === 'active' || state === 'unvalidated') && rotateAt !== undefined && rotateAt <= now)
        state = 'expiring';
      const fallback = node.fallback ? this.graph.byRef(node.fallback) : undefined;
      const standsIn =
        fallback && (state === 'expired' || state === 'logged_out') && this.sessions.isLive(fallback.id, sessions);
      return {
        id: node.id,
        type: node.type,
        name: node.name,
        kind: node.kind,
        label: module?.label ?? node.kind,
        parent: parent?.id,
        depth,
        default: node.default,
        state,
        expiresAt,
        obtainedAt: session ? Date.parse(session.obtainedAt) : undefined,
        rotateAt,
        account: session?.account ?? described.account,
        region,
        subject: session?.subject ?? described.subject,
        server: session?.server ?? described.server,
        renewableUntil: session?.renewableUntil ? Date.parse(session.renewableUntil) : undefined,
        fallback: standsIn ? fallback.name : undefined,
        backend: session?.backend,
        reenterable: module?.reenterable ?? false,
      };
    });
  }

  /** Everything the Detail screen shows about a node: entry names, never values; no network. */
  async detail(name: string): Promise<NodeDetail> {
    const node = this.graph.resolve(name);
    const rows = new Map(this.list().map((n) => [n.id, n]));
    const meta = this.sessions.all()[node.id];
    const lastUse = this.audit.recent(node.id, 1, (e) => e.event === 'use')[0];
    return {
      ...(rows.get(node.id) as NodeStatus),
      chain: this.graph.chain(node).map((n) => rows.get(n.id) as NodeStatus),
      storage: {
        backend: meta?.backend ?? this.store.backend,
        location: this.store.location,
        entries: await this.sessions.entriesOf(node.id),
      },
      outputs: this.outputs.describe(node),
      facts: [
        ...(this.kinds(node.kind)?.describe(withEntered(node, meta).settings as never).facts ?? []),
        ...(meta?.facts ?? []),
      ],
      validatedAt: meta?.validatedAt ? Date.parse(meta.validatedAt) : undefined,
      // Uses by token/exec are many and say little: the last one is shown, not each.
      history: this.audit.recent(node.id, 10, (e) => e.event !== 'use'),
      lastUsedAt: lastUse ? Date.parse(lastUse.time) : undefined,
    };
  }

  /** The node for a name: identities first, then providers (names are unique across both). */
  resolve(name: string): NodeConfig {
    return this.graph.resolve(name);
  }

  /** The default identity, for commands run without a name. */
  defaultNode(): NodeConfig {
    return this.graph.defaultNode();
  }

  /** Root first, node last. */
  chain(node: NodeConfig): NodeConfig[] {
    return this.graph.chain(node);
  }

  /** Walks the chain from its root, reusing every step valid for ≥ 15 more minutes. */
  async login(name: string, prompter: Prompter, opts: LoginOptions = {}): Promise<Session> {
    return this.logins.login(this.trustedNode(name, 'log in'), prompter, opts);
  }

  /**
   * The node, when the configuration may be used for `what`: an untrusted project
   * configuration (config/trust.ts) is read-only, so nothing that prompts for, sends or hands
   * out a secret, or writes files, runs with it.
   */
  private trustedNode(name: string, what: string): NodeConfig {
    const node = this.graph.resolve(name);
    if (!this.config.source.trusted) throw untrustedError(this.config.source.path, what);
    return node;
  }

  /**
   * Trusts the project configuration this engine runs on, as it was read (`T` in the dashboard;
   * `authui trust` on the command line). A file changed since then is refused: what would be
   * trusted is not what the user saw.
   */
  trustConfig(): void {
    const source = this.config.source;
    if (source.trusted) return;
    trustConfig(this.paths.trustFile, source.path, source.digest);
    source.trusted = true;
    this.emit();
  }

  /**
   * Whether a sign-in link a background command asks the dashboard to show for `name` (the
   * prompt broker) leads to a place the node's configuration names: its issuer, start URL or
   * endpoints, or its provider's sign-in domains. Another process cannot send the user elsewhere.
   */
  signInUrlAllowed(name: string, url: string): boolean {
    const node = this.graph.nodes.find((n) => n.name === name);
    const places = node && this.kinds(node.kind)?.signInPlaces?.(node.settings as never, this.env);
    if (!places || urlProblem(url) !== undefined) return false;
    const target = new URL(url);
    return (
      places.origins.includes(target.origin) ||
      (target.protocol === 'https:' &&
        (places.domains ?? []).some((d) => target.hostname === d || target.hostname.endsWith(`.${d}`)))
    );
  }

  /**
   * Writes the node's outputs (the AWS files of its chain) from the sessions stored now, for
   * sessions that reached the store another way than a login (the demo's seeded ones).
   */
  async writeOutputs(name: string): Promise<void> {
    await this.outputs.saved(this.graph.resolve(name));
  }

  /** Renews a session without prompting (single-flight in this process and across processes). */
  async refresh(name: string, opts: RefreshOptions = {}): Promise<Session> {
    return this.logins.refresh(this.trustedNode(name, 'renew sessions'), opts);
  }

  /** True when the node's session can be renewed now without the user (the refresh manager asks). */
  renewsUnattended(name: string, opts: { ownSessionOnly?: boolean } = {}): Promise<boolean> {
    const node = this.graph.resolve(name);
    // Untrusted, or issued by another server than the one named now: only a login can fix it.
    if (!this.config.source.trusted || !this.sessions.bound(node)) return Promise.resolve(false);
    return this.logins.renewsUnattended(node, opts);
  }

  /** The node's refresh settings: its own `session.refresh` over `auth.refresh`. */
  refreshPolicy(name: string): RefreshPolicy {
    return refreshPolicyOf(this.config, this.graph.resolve(name));
  }

  /** Records that a secret was handed to a tool (Detail's "last used"). One appended line; never the secret. */
  private noteUse(node: NodeConfig, by: 'token' | 'exec'): void {
    this.audit.append({
      time: isoTime(this.clock.now()),
      event: 'use',
      target: node.id,
      outcome: 'ok',
      detail: by,
    });
  }

  /** Audits a scheduled retry of a failed renewal (the refresh manager's). Never a secret. */
  noteRetry(name: string, attempt: number, delayMs: number, error: AuthError): void {
    this.audit.append({
      time: isoTime(this.clock.now()),
      event: 'refresh',
      target: this.graph.resolve(name).id,
      outcome: 'warning',
      code: error.code,
      detail: `retry ${attempt} in ${Math.round(delayMs / 1000)}s`,
    });
  }

  /** Valid credentials for tools (env, exec, credential-process, token); refreshes if needed. */
  async credentials(name: string): Promise<Credentials> {
    return this.logins.credentials(this.trustedNode(name, 'hand out credentials'));
  }

  /**
   * What `authui token` prints: the session's bearer token (or API key), its ID token, or a
   * token its kind mints from it (`mint: "ws"`). A node with `fallback` hands out the fallback's
   * key when its own session cannot be had; `fallback` then says so.
   */
  async token(
    name: string,
    opts: { idToken?: boolean; mint?: string; options?: TestContext['options'] } = {},
  ): Promise<{ token: string; warning?: string }> {
    const node = this.trustedNode(name, 'hand out tokens');
    const module = kindOf(this.kinds, node);
    const mint = opts.mint === undefined ? undefined : module.mint?.[opts.mint];
    if (opts.mint !== undefined && !mint)
      throw new AuthError('usage', `"${name}" (${node.kind}) cannot mint a ${opts.mint} token`, {
        hint: `Its kind mints no ${opts.mint} tokens; ask a node whose kind does (README, "Token services").`,
      });
    if (mint)
      return { token: (await this.withRenewal(node, (y, c) => mint(y, { ...c, options: opts.options }))).token };
    const wanted: readonly ('idToken' | 'accessToken' | 'apiKey')[] = opts.idToken
      ? ['idToken']
      : ['accessToken', 'apiKey'];
    const noToken = () =>
      new AuthError('usage', `"${name}" (${node.kind}) holds no ${opts.idToken ? 'ID token' : 'bearer token or key'}`, {
        hint: opts.idToken
          ? 'ID tokens come from oidc providers.'
          : 'For AWS identities use "authui credential-process NAME" or "authui exec NAME -- cmd".',
      });
    // Known from the kind alone: no keyring read, no network, before a login is asked for.
    if (!module.provides.some((y) => (wanted as readonly string[]).includes(y))) throw noToken();
    const creds = await this.logins.credentialsOrFallback(node);
    const token = wanted.map((y) => creds.yields[y]).find((t) => t !== undefined);
    if (!token) throw noToken();
    this.noteUse(creds.node, 'token');
    return { token, warning: fallbackWarning(creds) };
  }

  /**
   * The node's environment exports: the variables always, the secrets from a valid session. When
   * secrets are asked for and the node falls back, they are the fallback node's exports.
   */
  async exports(name: string, opts: { secrets: boolean }): Promise<NodeExports> {
    const node = this.trustedNode(name, 'export variables');
    if (!opts.secrets) return { variables: this.variables(node), secrets: {}, hidden: this.secretNames(node) };
    const creds = await this.logins.credentialsOrFallback(node);
    const exports = kindOf(this.kinds, creds.node).env;
    this.noteUse(creds.node, 'exec');
    return {
      variables: this.variables(creds.node),
      secrets: exports ? exports.secrets(creds.yields, creds.meta, withEntered(creds.node, creds.meta)) : {},
      warning: fallbackWarning(creds),
    };
  }

  private secretNames(node: NodeConfig): string[] {
    return kindOf(this.kinds, node).env?.secretNames(node) ?? [];
  }

  private variables(node: NodeConfig): Record<string, string> {
    const exports = kindOf(this.kinds, node).env;
    if (!exports) return {};
    const region = this.list().find((n) => n.id === node.id)?.region;
    return exports.variables({
      node: withEntered(node, this.sessions.all()[node.id]),
      root: this.graph.root(node),
      config: this.config,
      env: this.env,
      region,
    });
  }

  /**
   * The kind's connection test with a valid session (renewed first when needed; when the provider
   * refuses a session we thought valid, renewed once and tried once more).
   */
  async test(name: string, options: TestContext['options'] = {}): Promise<TestResult & { expiresAt?: string }> {
    const node = this.trustedNode(name, 'run connection tests');
    const test = kindOf(this.kinds, node).test;
    if (!test) {
      throw new AuthError('usage', `"${name}" (${node.kind}) has no connection test yet`, {
        hint: 'SMTP accounts get theirs with their login flow.',
      });
    }
    const parentNode = this.graph.parentOf(node);
    const parent = async () => (parentNode ? this.logins.credentials(parentNode) : undefined);
    const { token, meta } = await this.withRenewal(node, (yields, context) =>
      test(yields, { ...context, parent, options }),
    );
    return { ...token, expiresAt: meta.expiresAt };
  }

  /** Runs `work` with the node's credentials; a `token_expired` from it renews once and runs it once more. */
  private async withRenewal<T>(
    node: NodeConfig,
    work: (yields: Credentials['yields'], ctx: TestContext) => Promise<T>,
  ): Promise<{ token: T; meta: Credentials['meta'] }> {
    const context = (meta: Credentials['meta']): TestContext => ({
      node: withEntered(node, meta),
      meta,
      env: this.env,
      paths: this.paths,
      fetch: this.fetchFn,
      store: this.sessions.store,
    });
    const creds = await this.logins.credentials(node);
    try {
      return { token: await work(creds.yields, context(creds.meta)), meta: creds.meta };
    } catch (error) {
      if (!(error instanceof AuthError) || error.code !== 'token_expired' || !kindOf(this.kinds, node).refresh)
        throw error;
      const renewed = await this.logins.refresh(node, { force: true });
      const yields = kindOf(this.kinds, node).yields(renewed.secret as never);
      return { token: await work(yields, context(renewed.meta)), meta: renewed.meta };
    }
  }

  /**
   * Replaces the node's long-term credential at its provider (aws/user keys). Logs in first when
   * there is no valid session (the MFA session is what IAM is called with); audited, never a key.
   */
  async rotate(name: string, prompter: Prompter, opts: { dryRun?: boolean } = {}): Promise<RotateReport> {
    const node = this.trustedNode(name, 'rotate keys');
    const rotate = kindOf(this.kinds, node).rotate;
    if (!rotate)
      throw new AuthError('usage', `"${name}" (${node.kind}) has no key to rotate`, {
        hint: 'Rotation replaces the access keys of an aws/user.',
      });
    // A valid session is reused; only without one does the user sign in (MFA) first.
    const yields = await this.logins.credentials(node).then(
      (creds) => creds.yields,
      async (error: unknown) => {
        if (!(error instanceof AuthError) || error.code !== 'needs_interactive_login') throw error;
        return kindOf(this.kinds, node).yields((await this.login(name, prompter)).secret as never);
      },
    );
    const report = await rotate({
      node,
      env: this.env,
      paths: this.paths,
      fetch: this.fetchFn,
      store: this.sessions.store,
      session: yields,
      dryRun: opts.dryRun === true,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    });
    if (!opts.dryRun)
      this.audit.append({
        time: isoTime(this.clock.now()),
        event: 'rotate',
        target: node.id,
        outcome: report.ok ? 'ok' : 'failed',
        detail: report.partly ? 'new key stored; the old key could not be deleted' : undefined,
      });
    return report;
  }

  /** Exactly what a logout would remove: for preview, --dry-run and the report. */
  planLogout(scopes: LogoutScope | LogoutScope[], opts: { keepProvider?: boolean } = {}): Promise<LogoutPlan> {
    return this.logouts.plan(scopes, opts);
  }

  /** `cleanup-expired`: sessions that have already expired go; long-term keys and renewable sessions stay. */
  planCleanupExpired(): Promise<LogoutPlan> {
    return this.logouts.planCleanupExpired();
  }

  /** Best effort: every item is tried, every outcome reported and audited. */
  logout(plan: LogoutPlan, opts: { dryRun?: boolean } = {}): Promise<LogoutReport> {
    // Logout revokes tokens at the configured servers and rewrites files: a preview only, untrusted.
    if (!opts.dryRun && !this.config.source.trusted)
      return Promise.reject(untrustedError(this.config.source.path, 'log out'));
    return this.logouts.execute(plan, opts);
  }
}

/** The node with the settings entered at its last login (an organization typed in the form) over the config's. */
function withEntered(node: NodeConfig, meta: { fields?: Record<string, string> } | undefined): NodeConfig {
  return meta?.fields ? { ...node, settings: { ...node.settings, ...meta.fields } } : node;
}

/** The one-line stderr warning when a fallback stands in; undefined otherwise. */
function fallbackWarning(creds: Credentials): string | undefined {
  const { fallback } = creds;
  if (!fallback) return undefined;
  return `${fallback.for.name} could not be renewed (${fallback.reason.message}); using the key of ${creds.node.name} instead`;
}

export function createEngine(opts: EngineOptions): Engine {
  return new Engine(opts);
}
