// What the engine hands out to tools and asks of providers with a valid session: tokens (and
// tokens minted from a session), environment exports, connection tests and key rotation. The
// engine checks that the configuration may be used before it asks (engine.ts, trustedNode).
import { nodeSecrets } from './node-secrets.js';
import { refreshPolicyOf, type Config, type IntegrationConfig, type NodeConfig } from '../config/types.js';
import { handedOutEvent, type UseBy } from '../audit.js';
import {
  CREDENTIAL_TYPES,
  printsAs,
  tokenIn,
  tokenTypes,
  type KeptExports,
  type RegistryLogin,
} from '../credential-types.js';
import { AuthError } from '../errors.js';
import { isoTime } from '../iso-time.js';
import { shellWord } from '../names.js';
import { isOneVisibleLine } from '../visible.js';
import type { DiscoveredIdentity, MintOptions, RotateReport, TestContext, TestResult } from '../kind.js';
import type { Prompter } from '../prompter.js';
import type { ServiceDeps } from './deps.js';
import type { Credentials, LoginService } from './login.js';
import { mintKey, reusableMint } from './cache-hit.js';
import { exportsKeepable, inputsOf, KEPT_EXPORTS, recordingEnv, type RecordingEnv } from './kept-exports.js';
import { kindOf, withEntered } from './sessions.js';
import type { NodeViews } from './views.js';

/**
 * A token on its way to a terminal, an HTTP header or a helper's line protocol, refused when it
 * holds what no bearer token, API key or ID token does: a control, an ESC, a bidi control or a
 * line break would act there (docs/architecture.md, "Trust boundaries"). The answers decline
 * such a token (answer-main.ts) and leave it to this.
 */
function handedOut(token: string, node: NodeConfig, shown: string): string {
  if (isOneVisibleLine(token)) return token;
  throw new AuthError('server_error', `The ${shown} of "${node.name}" holds a control character or a line break`, {
    explanation: 'No token or key holds one: printed or sent as it is, it could act on your terminal or add a header.',
    hint: `Log in again with "authui login ${shellWord(node.name)}"; if it comes back, its server sends it.`,
  });
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

export interface ExportOptions {
  secrets: boolean;
  /** Keep them beside the session, for the answers to `env` and `exec` (engine/kept-exports.ts). */
  keep?: boolean;
}

export interface HandoutDeps extends ServiceDeps {
  config: Config;
  logins: LoginService;
  views: NodeViews;
}

export class Handout {
  constructor(private readonly deps: HandoutDeps) {}

  /** Epoch ms the node's credential was last handed to a tool, from the audit log. */
  private lastUse(node: NodeConfig): number | undefined {
    const last = this.deps.audit.recent(node.id, 1, (e) => e.event === 'use')[0];
    return last ? Date.parse(last.time) : undefined;
  }

  /** Records that a secret was handed to a tool (Detail's "last used"). One appended line; never the secret. */
  private noteUse(node: NodeConfig, by: UseBy): void {
    this.deps.audit.append(handedOutEvent(node.id, by, this.deps.clock.now()));
  }

  /**
   * Something its kind makes from a valid session and never stores (a WebSocket token, a console
   * sign-in link); a mint that finds the session rejected renews it once and tries again.
   */
  async mint(node: NodeConfig, what: string, options: MintOptions = {}): Promise<string> {
    const mint = kindOf(this.deps.kinds, node).mint?.[what];
    if (!mint)
      throw new AuthError('usage', `"${node.name}" (${node.kind}) cannot make a ${what}`, {
        hint: `Its kind makes no ${what}; ask a node whose kind does (README).`,
      });
    return handedOut((await this.withRenewal(node, (y, c) => mint(y, { ...c, options }))).token, node, what);
  }

  /**
   * A mint kept beside its session (sealed, session-cache.ts) for `lifetimeMs`: an EKS token lives
   * 15 minutes, and kubectl asks on every run, so it is signed once and handed out again while
   * more than MINT_REUSE_MS of it remain; a new login or a logout ends it with the session.
   */
  async mintKept(
    node: NodeConfig,
    what: string,
    options: MintOptions,
    lifetimeMs: number,
  ): Promise<{ token: string; expiresAt: number }> {
    const creds = await this.deps.logins.credentials(node);
    const key = mintKey(what, options);
    const kept = reusableMint(this.deps.sessions.derived(node, key, creds.meta.obtainedAt), this.deps.clock.now());
    if (kept) {
      this.noteUse(node, 'token');
      return kept;
    }
    const now = this.deps.clock.now();
    const token = await this.mint(node, what, options);
    const meta = this.deps.sessions.all()[node.id] ?? creds.meta;
    const expiresAt = Math.min(now + lifetimeMs, Date.parse(meta.expiresAt ?? '') || Infinity);
    this.deps.sessions.keepDerived(node, key, meta.obtainedAt, isoTime(expiresAt), { minted: token });
    this.noteUse(node, 'token');
    return { token, expiresAt };
  }

  /**
   * What `authui token` prints: the session's bearer token (or API key), or its ID token. A node
   * with `fallback` hands out the fallback's key when its own session cannot be had; `warning`
   * then says so.
   */
  async token(node: NodeConfig, opts: { idToken?: boolean } = {}): Promise<{ token: string; warning?: string }> {
    const module = kindOf(this.deps.kinds, node);
    const what = opts.idToken ? 'id' : 'bearer';
    const wanted = tokenTypes(what);
    const noToken = () =>
      new AuthError(
        'usage',
        `"${node.name}" (${node.kind}) holds no ${wanted.map((type) => CREDENTIAL_TYPES[type].shown).join(' or ')}`,
        {
          hint: opts.idToken
            ? 'ID tokens come from oidc providers.'
            : 'For AWS identities use "authui credential-process NAME" or "authui exec NAME -- cmd".',
        },
      );
    // Known from the kind alone: no keyring read, no network, before a login is asked for.
    if (!module.provides.some((type) => printsAs(type, what))) throw noToken();
    const creds = await this.deps.logins.credentialsOrFallback(node);
    const token = tokenIn(creds.yields, what);
    if (!token) throw noToken();
    handedOut(token, creds.node, opts.idToken ? 'ID token' : 'token');
    this.noteUse(creds.node, 'token');
    return { token, warning: fallbackWarning(creds) };
  }

  /** The identities the provider's user has there (its kind's `discover`), with a valid session. */
  async discover(node: NodeConfig): Promise<DiscoveredIdentity[]> {
    const discover = kindOf(this.deps.kinds, node).discover;
    if (!discover)
      throw new AuthError('usage', `"${node.name}" (${node.kind}) cannot list the identities it gives`, {
        hint: 'Discovery lists the accounts and permission sets of an aws/iam-identity-center provider.',
      });
    return (await this.withRenewal(node, discover)).token;
  }

  /**
   * A registry's login for an integration (docker's credential helper): `registry` hands over the
   * node's token as the password; `aws/ecr` has the node's kind make one (ECR's) and keeps it
   * beside the session (sealed, session-cache.ts) until it nears its end or the session does.
   */
  async registryLogin(integration: IntegrationConfig, node: NodeConfig): Promise<RegistryLogin> {
    if (integration.kind === 'registry') {
      const { token } = await this.token(node);
      return { username: integration.username ?? tokenUsername(node), password: token };
    }
    const registryLogin = kindOf(this.deps.kinds, node).registryLogin;
    if (!registryLogin)
      throw new AuthError('usage', `"${node.name}" (${node.kind}) cannot log in to ${integration.host}`, {
        hint: `An ${integration.kind} integration comes via a node whose kind makes registry logins (an AWS identity).`,
      });
    const creds = await this.deps.logins.credentials(node);
    const what = `${integration.kind.replace('/', '-')}-${integration.host}`;
    const kept = this.deps.sessions.derived(node, what, creds.meta.obtainedAt);
    const lead = refreshPolicyOf(this.deps.config, node).aheadMs;
    if (kept?.yields.registry && Date.parse(kept.expiresAt) - this.deps.clock.now() > lead) {
      this.noteUse(node, 'registry');
      return kept.yields.registry;
    }
    const made = await this.withRenewal(node, (y, c) =>
      registryLogin(y, { ...c, options: { region: integration.region } }),
    );
    const login = made.token;
    // Kept no longer than the session it came from: a logout or a new login ends it.
    const ends = Math.min(Date.parse(login.expiresAt ?? ''), Date.parse(made.meta.expiresAt ?? '') || Infinity);
    if (Number.isFinite(ends))
      this.deps.sessions.keepDerived(node, what, made.meta.obtainedAt, isoTime(ends), { registry: login });
    this.noteUse(node, 'registry');
    return login;
  }

  /**
   * The node's environment exports: the variables always, the secrets from a valid session. When
   * secrets are asked for and the node falls back, they are the fallback node's exports.
   */
  async exports(node: NodeConfig, opts: ExportOptions): Promise<NodeExports> {
    // Kept exports need the variables the kind reads: recorded as it makes the ones printed.
    const recording = opts.keep ? recordingEnv(this.deps.env) : undefined;
    if (!opts.secrets) {
      const variables = this.variables(node, recording?.env);
      if (recording) this.keepExports(node, variables, recording);
      return { variables, secrets: {}, hidden: this.secretNames(node) };
    }
    const creds = await this.deps.logins.credentialsOrFallback(node);
    this.noteUse(creds.node, 'exec');
    const variables = this.variables(creds.node, recording?.env);
    if (recording && !creds.fallback) this.keepExports(node, variables, recording);
    return { variables, secrets: this.secrets(creds), warning: fallbackWarning(creds) };
  }

  private secretNames(node: NodeConfig): string[] {
    return kindOf(this.deps.kinds, node).env?.secretNames(node) ?? [];
  }

  private secrets({ node, yields, meta }: Pick<Credentials, 'node' | 'yields' | 'meta'>): Record<string, string> {
    return kindOf(this.deps.kinds, node).env?.secrets(yields, meta, withEntered(node, meta)) ?? {};
  }

  private variables(node: NodeConfig, env = this.deps.env): Record<string, string> {
    const exports = kindOf(this.deps.kinds, node).env;
    if (!exports) return {};
    const region = this.deps.views.region(node);
    return exports.variables({
      node: withEntered(node, this.deps.sessions.all()[node.id]),
      root: this.deps.graph.root(node),
      config: this.deps.config,
      env,
      region,
    });
  }

  /**
   * Keeps the node's exports beside its cached session, for `env`'s answer (engine/kept-exports.ts):
   * the variables just made, with the environment variables the kind read to make them, and
   * the secrets made from that cached session.
   */
  private keepExports(node: NodeConfig, variables: Record<string, string>, recording: RecordingEnv): void {
    if (recording.whole() || !exportsKeepable(kindOf(this.deps.kinds, node))) return;
    const hit = this.deps.sessions.cached(node, (meta) => this.deps.logins.leadFor(node, meta));
    if (!hit?.meta.expiresAt) return;
    const inputs = inputsOf({
      config: this.deps.config,
      chain: this.deps.graph.chain(node),
      sessions: this.deps.sessions.all(),
      read: recording.read,
      cwd: process.cwd(),
    });
    const exports: KeptExports = {
      variables,
      secrets: this.secrets({ node, ...hit }),
      hidden: this.secretNames(node),
      read: recording.read,
      inputs,
    };
    this.deps.sessions.keepDerived(node, KEPT_EXPORTS, hit.meta.obtainedAt, hit.meta.expiresAt, { exports });
  }

  /**
   * The kind's connection test with a valid session (renewed first when needed; when the provider
   * refuses a session we thought valid, renewed once and tried once more).
   */
  async test(
    node: NodeConfig,
    options: MintOptions = {},
    opts: { probe?: boolean } = {},
  ): Promise<TestResult & { expiresAt?: string }> {
    const { test, probe } = kindOf(this.deps.kinds, node);
    // Before the first login, a kind that can check its provider without credentials does.
    if (probe && opts.probe !== false && this.deps.sessions.all()[node.id] === undefined)
      return probe({ node, env: this.deps.env, paths: this.deps.paths, fetch: this.deps.fetch });
    if (!test) {
      throw new AuthError('usage', `"${node.name}" (${node.kind}) has no connection test yet`, {
        hint: 'SMTP accounts get theirs with their login flow.',
      });
    }
    const parentNode = this.deps.graph.parentOf(node);
    const parent = async () => (parentNode ? this.deps.logins.credentials(parentNode) : undefined);
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
      env: this.deps.env,
      paths: this.deps.paths,
      fetch: this.deps.fetch,
      secrets: nodeSecrets(this.deps.sessions, node),
    });
    const creds = await this.deps.logins.credentials(node);
    try {
      return { token: await work(creds.yields, context(creds.meta)), meta: creds.meta };
    } catch (error) {
      if (!(error instanceof AuthError) || error.code !== 'token_expired' || !kindOf(this.deps.kinds, node).refresh)
        throw error;
      const renewed = await this.deps.logins.refresh(node, { force: true });
      const yields = kindOf(this.deps.kinds, node).yields(renewed.secret as never);
      return { token: await work(yields, context(renewed.meta)), meta: renewed.meta };
    }
  }

  /**
   * Replaces the node's long-term credential at its provider (aws/user keys). Logs in first when
   * there is no valid session (the MFA session is what IAM is called with); audited, never a key.
   */
  async rotate(node: NodeConfig, prompter: Prompter, opts: { dryRun?: boolean } = {}): Promise<RotateReport> {
    const rotate = kindOf(this.deps.kinds, node).rotate;
    if (!rotate)
      throw new AuthError('usage', `"${node.name}" (${node.kind}) has no key to rotate`, {
        hint: 'Rotation replaces the access keys of an aws/user and the key of an API-key provider.',
      });
    // A valid session is reused; only without one does the user sign in (MFA) first.
    const yields = await this.deps.logins.credentials(node).then(
      (creds) => creds.yields,
      async (error: unknown) => {
        if (!(error instanceof AuthError) || error.code !== 'needs_interactive_login') throw error;
        return kindOf(this.deps.kinds, node).yields((await this.deps.logins.login(node, prompter)).secret as never);
      },
    );
    const report = await rotate({
      node,
      env: this.deps.env,
      paths: this.deps.paths,
      fetch: this.deps.fetch,
      secrets: nodeSecrets(this.deps.sessions, node),
      session: yields,
      dryRun: opts.dryRun === true,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      prompter,
      clock: this.deps.clock,
      lastUsedAt: this.lastUse(node),
    });
    if (report.session && !opts.dryRun) {
      await this.deps.sessions.save(node, report.session);
      this.deps.changed();
    }
    if (!opts.dryRun)
      this.deps.audit.append({
        time: isoTime(this.deps.clock.now()),
        event: 'rotate',
        target: node.id,
        outcome: report.ok ? 'ok' : 'failed',
        detail: report.partly ? 'new key stored; the old key could not be deleted' : undefined,
      });
    return report;
  }
}

/** The one-line stderr warning when a fallback stands in; undefined otherwise. */
function fallbackWarning(creds: Credentials): string | undefined {
  const { fallback } = creds;
  if (!fallback) return undefined;
  return `${fallback.for.name} could not be renewed (${fallback.reason.message}); using the key of ${creds.node.name} instead`;
}

/** The user name sent with a node's token where one is needed (git, registries): GitHub's, else OAuth's convention. */
export function tokenUsername(node: NodeConfig): string {
  return node.settings.preset === 'github' ? 'x-access-token' : 'oauth2';
}
