// The engine: a facade over small services (docs/architecture.md): the node graph, the session
// repository, login/refresh, logout and the kinds' outputs. It decides nothing from a kind's
// name or from the fields of a secret; kinds declare what they can do. No React, no terminal.
import { trustConfig, untrustedError } from './config/trust.js';
import { leadsTo } from './engine/sign-in-places.js';
import { redirectSafeFetch } from './redirects.js';
import { AuditLog } from './audit.js';
import { AuthError } from './errors.js';
import type { Clock } from './clock.js';
import type { Fetch } from './http-message.js';
import { refreshPolicyOf, type Config, type NodeConfig, type RefreshPolicy } from './config/types.js';
import { NodeGraph } from './engine/graph.js';
import { LoginService, type Credentials, type LoginOptions, type RefreshOptions } from './engine/login.js';
import { LogoutService } from './engine/logout.js';
import { Outputs } from './engine/outputs.js';
import { adoptsUnbound, bindingOf, type KindLookup } from './engine/binding.js';
import { SessionRepository, kindOf } from './engine/sessions.js';
import type { CredentialType, RegistryLogin } from './credential-types.js';
import { SessionCache, sessionCacheEnabled } from './session-cache.js';
import { autoProvisions, discoveredNodes, saveDiscovered } from './config/discovered.js';
import { kindModule as registryLookup } from './kinds/registry.js';
import type { DiscoveredIdentity, MintOptions, RotateReport, Session, TestResult } from './kind.js';
import type { LogoutPlan, LogoutReport, LogoutScope } from './logout.js';
import type { AuthuiPaths, Env } from './paths.js';
import type { Prompter } from './prompter.js';
import { SessionIndex } from './session-index.js';
import type { CredentialStore } from './stores/types.js';
import { isoTime } from './iso-time.js';
import { Handout, type ExportOptions, type NodeExports } from './engine/handout.js';
import { NodeViews, type NodeDetail, type NodeStatus } from './engine/views.js';
import { listToKeep, type ListedRows, type StatusBackend } from './engine/kept-status.js';

export { nonInteractive } from './engine/login.js';
export type { Credentials, LoginOptions } from './engine/login.js';

export interface EngineOptions {
  config: Config;
  store: CredentialStore;
  clock: Clock;
  fetch: Fetch;
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
  private readonly kinds: KindLookup;
  private readonly graph: NodeGraph;
  private readonly sessions: SessionRepository;
  private readonly outputs: Outputs;
  private readonly audit: AuditLog;
  private readonly logins: LoginService;
  private readonly logouts: LogoutService;
  private readonly views: NodeViews;
  private readonly handout: Handout;
  private readonly onWarning: (message: string) => void;
  private readonly listeners = new Set<EngineListener>();

  constructor(opts: EngineOptions) {
    const { config, clock, paths } = opts;
    this.config = config;
    this.store = opts.store;
    this.env = opts.env;
    this.paths = paths;
    this.clock = clock;
    this.kinds = opts.kinds ?? registryLookup;
    this.onWarning = opts.onWarning ?? (() => {});
    this.graph = new NodeGraph(config);
    this.audit = new AuditLog(paths.auditLog);
    this.sessions = new SessionRepository(
      opts.store,
      new SessionIndex(paths.sessionIndex, paths.locksDir, clock, opts.onWarning ?? (() => {})),
      this.kinds,
      clock,
      opts.onWarning,
      new SessionCache({
        dir: paths.sessionCache,
        padDir: paths.sessionCachePads,
        enabled: sessionCacheEnabled(config, opts.env),
        clock,
        onWarning: opts.onWarning,
      }),
      {
        adoptUnbound: adoptsUnbound(config),
        onAdopt: (node) =>
          this.audit.append({
            time: isoTime(clock.now()),
            event: 'store',
            target: node.id,
            outcome: 'ok',
            detail: 'a session stored before servers were recorded now belongs to the server this configuration names',
          }),
      },
    );
    this.outputs = new Outputs(this.graph, this.sessions, this.kinds, {
      config,
      env: opts.env,
      locksDir: paths.locksDir,
    });
    const shared = {
      graph: this.graph,
      sessions: this.sessions,
      outputs: this.outputs,
      kinds: this.kinds,
      audit: this.audit,
      clock,
      fetch: redirectSafeFetch(opts.fetch),
      env: opts.env,
      paths,
      changed: () => this.emit(),
    };
    this.logins = new LoginService({ ...shared, config });
    this.logouts = new LogoutService(shared);
    this.views = new NodeViews(shared);
    this.handout = new Handout({ ...shared, config, logins: this.logins, views: this.views });
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
    return this.views.list();
  }

  /** Whether rows listed now could differ from the last list (NodeViews.stale): the dashboard's re-list asks. */
  listStale(): boolean {
    return this.views.stale();
  }

  /** Lists the rows to keep for the answers and the dashboard's first frame (engine/kept-status.ts). */
  listToKeep(backend: StatusBackend): ListedRows {
    const inputs = { config: this.config, sessions: this.sessions.all(), env: this.env, paths: this.paths };
    return listToKeep(
      inputs,
      backend,
      () => this.list(),
      (row) => {
        const node = this.graph.byIdOf(row.id) as NodeConfig;
        const session = inputs.sessions[row.id];
        return { ...this.views.factsOf(node, session), binding: bindingOf(this.kinds, node), fields: session?.fields };
      },
    );
  }

  /** Everything the Detail screen shows about a node: entry names, never values; no network. */
  detail(name: string): Promise<NodeDetail> {
    return this.views.detail(name);
  }

  /** The node for a name: identities first, then providers (names are unique across both). */
  resolve(name: string): NodeConfig {
    return this.graph.resolve(name);
  }

  /** The credential types the node's kind hands out: known from the kind alone (no store, no network). */
  provides(name: string): readonly CredentialType[] {
    return kindOf(this.kinds, this.graph.resolve(name)).provides;
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
    const node = this.trustedNode(name, 'log in');
    const session = await this.logins.login(node, prompter, opts);
    for (const provider of this.graph.chain(node).filter(autoProvisions)) await this.provision(provider);
    return session;
  }

  /**
   * An auto-provisioning provider's identities, discovered with its fresh session: saved for the
   * next runs and added to this one (the dashboard shows them under it). A failure is a warning:
   * the login itself succeeded.
   */
  private async provision(provider: NodeConfig): Promise<void> {
    try {
      const found = await this.handout.discover(provider);
      saveDiscovered(this.paths, provider, found);
      this.graph.add(discoveredNodes(this.graph.nodes, provider, found));
      this.emit();
    } catch (error) {
      this.onWarning(
        `Could not list the identities of ${provider.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
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
    return places !== undefined && leadsTo(places, url);
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

  /** Audits a scheduled retry of a failed renewal (the refresh manager's). Never a secret. */
  noteRetry(name: string, attempt: number, delayMs: number, error: AuthError): void {
    this.logins.noteRetry(this.graph.resolve(name), attempt, delayMs, error);
  }

  /** Valid credentials for tools (env, exec, credential-process, token); refreshes if needed. */
  async credentials(name: string): Promise<Credentials> {
    return this.logins.credentials(this.trustedNode(name, 'hand out credentials'));
  }

  /** What `authui token` prints: the bearer token (or API key), or the ID token; a fallback's key says so. */
  token(name: string, opts: { idToken?: boolean } = {}): Promise<{ token: string; warning?: string }> {
    return this.handout.token(this.trustedNode(name, 'hand out tokens'), opts);
  }

  /** Something the node's kind makes from a valid session and never stores (`token --ws`, `console`). */
  mint(name: string, what: string, options: MintOptions = {}): Promise<string> {
    return this.handout.mint(this.trustedNode(name, `make a ${what}`), what, options);
  }

  /** The identities a provider's signed-in user has there (IAM Identity Center's accounts and permission sets). */
  discover(name: string): Promise<DiscoveredIdentity[]> {
    return this.handout.discover(this.trustedNode(name, 'list the identities it gives'));
  }

  /**
   * The login for a registry host that an integration (`auth.integrations`) names; undefined
   * when none does: a login goes only to the registry the user's configuration names.
   */
  async registryLogin(host: string): Promise<RegistryLogin | undefined> {
    const integration = this.config.integrations.find((i) => i.host === host.toLowerCase());
    if (!integration) return undefined;
    return this.handout.registryLogin(integration, this.trustedNode(integration.via.name, 'hand out registry logins'));
  }

  /** A mint kept beside its session for `lifetimeMs` and handed out again while enough of it is left (an EKS token). */
  mintKept(
    name: string,
    what: string,
    options: MintOptions,
    lifetimeMs: number,
  ): Promise<{ token: string; expiresAt: number }> {
    return this.handout.mintKept(this.trustedNode(name, `make a ${what}`), what, options, lifetimeMs);
  }

  /** The node's environment exports: the variables always, the secrets from a valid session. */
  exports(name: string, opts: ExportOptions): Promise<NodeExports> {
    return this.handout.exports(this.trustedNode(name, 'export variables'), opts);
  }

  /** The kind's connection test with a valid session; before the first login, its probe of the provider (unless `probe: false`). */
  test(
    name: string,
    options: MintOptions = {},
    opts: { probe?: boolean } = {},
  ): Promise<TestResult & { expiresAt?: string }> {
    return this.handout.test(this.trustedNode(name, 'run connection tests'), options, opts);
  }

  /** Replaces the node's long-term credential at its provider (aws/user keys). */
  rotate(name: string, prompter: Prompter, opts: { dryRun?: boolean } = {}): Promise<RotateReport> {
    return this.handout.rotate(this.trustedNode(name, 'rotate keys'), prompter, opts);
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

export function createEngine(opts: EngineOptions): Engine {
  return new Engine(opts);
}
