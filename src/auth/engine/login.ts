// Login and renewal: walks a chain from its root, reusing steps that stay valid long enough,
// and renews single-flight (one promise per node in this process, a lock across processes).
import { nodeSecrets } from './node-secrets.js';
import { sessionLeadMs, type Config, type NodeConfig } from '../config/types.js';
import { AuthError } from '../errors.js';
import type { KindContext, ParentSession, Session, SessionMeta } from '../kind.js';
import { debug } from '../debug.js';
import { withLock } from '../lock.js';
import type { Prompter } from '../prompter.js';
import type { ServiceDeps } from './deps.js';
import { kindOf } from './sessions.js';
import { isoTime } from '../iso-time.js';
import { shellWord } from '../names.js';

/** How long a login waits for another process's login under the same root (a person typing). */
const LOGIN_WAIT_MS = 5 * 60_000;

/** A login reuses chain steps with at least this long left. */
const REUSE_MIN_REMAINING_MS = 15 * 60 * 1000;
/** Less than this left is as good as expired: a tool could not finish a call with it. */
const MIN_USABLE_MS = 60_000;

export interface RefreshOptions {
  /** Renew even when the stored session looks fresh (the user asked). */
  force?: boolean;
  /** `obtainedAt` of the session the caller saw: a different one is another process's renewal, adopted. */
  seen?: string;
}

export interface LoginOptions {
  /** Ask for new long-term credentials even when some are stored (the Recovery screen's choice). */
  reenter?: boolean;
  /** Store what was entered without the provider's check (`--no-verify`); kept marked unvalidated. */
  noVerify?: boolean;
}

export interface LoginDeps extends ServiceDeps {
  config: Config;
}

/** A session and what it yields, as a child step or a tool receives it. */
export interface Credentials extends ParentSession {
  node: NodeConfig;
  /** Set when these are the fallback node's credentials, standing in for the one asked for. */
  fallback?: { for: NodeConfig; reason: AuthError };
}

/** Failures a fallback stands in for: the session cannot be had now. Config and usage errors are not. */
const NOT_FALLBACK = new Set(['usage', 'invalid_config', 'unknown_target', 'cancelled']);

class StaleStepError extends Error {
  constructor(readonly index: number) {
    super('a reused session was rejected as expired');
  }
}

/** The Prompter for non-interactive work: asking is an error whose hint names the command. */
export function nonInteractive(name: string): Prompter {
  const fail = (): never => {
    throw new AuthError(
      'needs_interactive_login',
      `"${name}" needs input that cannot be asked for here (no terminal)`,
      {
        hint: `Run "authui login ${shellWord(name)}" in a terminal.`,
      },
    );
  };
  return { ask: async () => fail(), confirm: async () => fail(), showDeviceCode: fail, notice: () => {} };
}

export class LoginService {
  private readonly inFlight = new Map<string, Promise<Session>>();

  constructor(private readonly deps: LoginDeps) {}

  private time(): string {
    return isoTime(this.deps.clock.now());
  }

  /** The nearest region configured on the nodes a node comes via. */
  private inheritedRegion(node: NodeConfig): string | undefined {
    const { graph, kinds } = this.deps;
    for (let current = graph.parentOf(node); current; current = graph.parentOf(current)) {
      const region = kinds(current.kind)?.describe(current.settings as never).region;
      if (region) return region;
    }
    return undefined;
  }

  private parentSession(node: NodeConfig, session: Session): ParentSession {
    return { meta: session.meta, yields: kindOf(this.deps.kinds, node).yields(session.secret as never) };
  }

  private context(
    node: NodeConfig,
    prompter: Prompter,
    parent: ParentSession | undefined,
    opts: LoginOptions = {},
  ): KindContext<never> {
    const { config, sessions, clock, fetch, env, paths } = this.deps;
    return {
      node,
      settings: node.settings as never,
      config,
      secrets: nodeSecrets(sessions, node),
      prompter,
      clock,
      fetch,
      env,
      paths,
      inheritedRegion: this.inheritedRegion(node),
      parent,
      reenter: opts.reenter ?? false,
      noVerify: opts.noVerify ?? false,
    };
  }

  private async save(node: NodeConfig, session: Session, event: 'login' | 'refresh'): Promise<void> {
    await this.deps.sessions.save(node, session);
    await this.deps.outputs.saved(node);
    this.deps.audit.append({ time: this.time(), event, target: node.id, outcome: 'ok' });
    this.deps.changed();
  }

  /** Walks the chain from its root, reusing every step valid for ≥ 15 more minutes. */
  /**
   * Logs in to `node`, walking its chain. Logins under the same chain root run one at a time
   * across processes (a lock on the root): a second terminal waits for the first instead of
   * asking for the same MFA code again, then adopts the session the first one made for this
   * node, or walks the chain reusing the steps it renewed.
   */
  async login(node: NodeConfig, prompter: Prompter, opts: LoginOptions = {}): Promise<Session> {
    // The session this login would replace; if another process replaces it while this one waits
    // for the lock, that one is adopted (compared as recorded, so clock changes cannot fool it).
    const seen = this.deps.sessions.all()[node.id]?.obtainedAt;
    const root = this.deps.graph.root(node);
    return withLock(
      this.deps.paths.locksDir,
      `login:${root.id}`,
      async () => {
        const meta = this.deps.sessions.all()[node.id];
        if (meta && meta.obtainedAt !== seen && !opts.reenter) {
          const adopted = await this.deps.sessions.read(node);
          if (adopted) return adopted;
        }
        return this.loginNow(node, prompter, opts);
      },
      {
        waitMs: LOGIN_WAIT_MS,
        // Not a blank terminal for minutes: say who is being waited for.
        onWait: (pid) =>
          prompter.notice(
            `Waiting for the login of ${root.name} in another terminal${pid === undefined ? '' : ` (pid ${pid})`}…`,
          ),
      },
    );
  }

  private async loginNow(node: NodeConfig, prompter: Prompter, opts: LoginOptions): Promise<Session> {
    const chain = this.deps.graph.chain(node);
    let reuseBefore = chain.length - 1;
    for (;;) {
      try {
        return await this.walk(chain, prompter, reuseBefore, opts);
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
  private async walk(
    chain: NodeConfig[],
    prompter: Prompter,
    reuseBefore: number,
    opts: LoginOptions,
  ): Promise<Session> {
    let parent: ParentSession | undefined;
    let session: Session | undefined;
    let parentReused = false;
    for (const [index, step] of chain.entries()) {
      const reuse = index < reuseBefore ? await this.reusable(step) : undefined;
      if (reuse) {
        session = reuse;
        parent = this.parentSession(step, reuse);
        parentReused = true;
        continue;
      }
      try {
        session = await kindOf(this.deps.kinds, step).authenticate(this.context(step, prompter, parent, opts));
      } catch (error) {
        this.deps.audit.append({
          time: this.time(),
          event: 'login',
          target: step.id,
          outcome: 'failed',
          code: error instanceof AuthError ? error.code : 'unknown',
        });
        if (error instanceof AuthError && error.code === 'expired_token' && parentReused)
          throw new StaleStepError(index - 1);
        throw error;
      }
      parentReused = false;
      await this.save(step, session, 'login');
      parent = this.parentSession(step, session);
    }
    return session as Session;
  }

  /**
   * A step of the chain that need not be signed in to again: valid for 15 more minutes, or
   * renewable without the user (a refresh token; a session with under 15 minutes left that its
   * kind renews) — a short-lived token service under an SMTP account is renewed, not asked for again.
   */
  private async reusable(step: NodeConfig): Promise<Session | undefined> {
    const valid = await this.deps.sessions.read(step, REUSE_MIN_REMAINING_MS);
    if (valid) return valid;
    const meta = this.deps.sessions.all()[step.id];
    if (!meta || !kindOf(this.deps.kinds, step).renewable) return undefined;
    if (!(await this.renewsUnattended(step))) return undefined;
    // Renewed inside its lead time; a session still outside it (or renewed by another process) is used as is.
    return this.refresh(step, { seen: meta.obtainedAt }).catch(() => undefined);
  }

  /**
   * Renews a session without prompting. Single flight: callers in this process share one
   * promise; other processes wait on a lock per node and, once they hold it, adopt a renewal
   * that happened while they waited instead of spending a (rotating) refresh token again.
   */
  /** Audits a scheduled retry of a failed renewal (the refresh manager's). Never a secret. */
  noteRetry(node: NodeConfig, attempt: number, delayMs: number, error: AuthError): void {
    this.deps.audit.append({
      time: isoTime(this.deps.clock.now()),
      event: 'refresh',
      target: node.id,
      outcome: 'warning',
      code: error.code,
      detail: `retry ${attempt} in ${Math.round(delayMs / 1000)}s`,
    });
  }

  refresh(node: NodeConfig, opts: RefreshOptions = {}): Promise<Session> {
    const running = this.inFlight.get(node.id);
    if (running) return running;
    const work = this.refreshOnce(node, opts).finally(() => this.inFlight.delete(node.id));
    this.inFlight.set(node.id, work);
    return work;
  }

  private async refreshOnce(node: NodeConfig, opts: RefreshOptions): Promise<Session> {
    const { sessions, graph, clock } = this.deps;
    const module = kindOf(this.deps.kinds, node);
    // A kind that only logs in (aws/user) renews by logging in when that asks nothing (keys
    // stored, no MFA); when it would ask, the non-interactive prompter says a terminal is needed.
    if (!module.refresh) return this.login(node, nonInteractive(node.name));
    const renewed = await withLock(this.deps.paths.locksDir, node.id, async () => {
      // Only the index is read under the lock (cheap); the secret is read once it is released.
      const meta = sessions.all()[node.id];
      if (meta && !opts.force) {
        const left = meta.expiresAt ? Date.parse(meta.expiresAt) - clock.now() : Number.POSITIVE_INFINITY;
        const freshFor = this.leadFor(node, meta);
        const renewedElsewhere = opts.seen !== undefined && meta.obtainedAt !== opts.seen;
        if (left >= freshFor || (renewedElsewhere && left >= MIN_USABLE_MS)) {
          debug('refresh', { node: node.id, decision: renewedElsewhere ? 'adopt: renewed elsewhere' : 'fresh enough' });
          return undefined;
        }
      }
      debug('refresh', { node: node.id, decision: 'renew', force: opts.force === true });
      const current = await sessions.read(node);
      // Kinds that renew from their own session (a refresh token) need one to start from.
      if (!current && module.renewable) {
        throw new AuthError('needs_interactive_login', `"${node.name}" is not logged in`, {
          hint: `Run "authui login ${shellWord(node.name)}" in a terminal.`,
          context: { [node.type]: node.name },
        });
      }
      const parentNode = graph.parentOf(node);
      const parent = parentNode ? await this.credentials(parentNode) : undefined;
      try {
        const session = await (module.refresh as NonNullable<typeof module.refresh>)(
          this.context(node, nonInteractive(node.name), parent),
          current as never,
        );
        await this.save(node, session, 'refresh');
        return session;
      } catch (error) {
        return this.refreshFailed(node, current, error);
      }
    });
    if (renewed) return renewed;
    // Fresh under the lock. Renewed by another process while this one waited: adopted while it
    // is outside its own lead or has a minute left, whichever asks less (a token that lives under
    // two minutes never has a minute outside its lead: 16 callers made 16 renewals). Otherwise
    // only with a minute left, else renewed here.
    const fresh = sessions.all()[node.id];
    const renewedWhileWaiting = fresh !== undefined && opts.seen !== undefined && fresh.obtainedAt !== opts.seen;
    const adopted = await sessions.read(
      node,
      renewedWhileWaiting ? Math.min(MIN_USABLE_MS, this.leadFor(node, fresh)) : MIN_USABLE_MS,
    );
    if (adopted) return adopted;
    // The stored secret vanished or is damaged although the index looks fresh: renew ourselves
    // (this call is the in-flight one, so not through refresh()).
    return this.refreshOnce(node, { force: true });
  }

  /**
   * A refused renewal is not yet proof the session is dead: another process (or an older authui
   * without the lock) may have spent the refresh token and stored a newer one. Adopt that; only
   * when the store still holds what we sent is the session cleared.
   */
  private async refreshFailed(node: NodeConfig, sent: Session | undefined, error: unknown): Promise<Session> {
    const { sessions, audit } = this.deps;
    const code = error instanceof AuthError ? error.code : 'unknown';
    if (code !== 'token_expired') {
      audit.append({ time: this.time(), event: 'refresh', target: node.id, outcome: 'failed', code });
      throw error;
    }
    const stored = await sessions.read(node, MIN_USABLE_MS);
    if (stored && JSON.stringify(stored.secret) !== JSON.stringify(sent?.secret)) {
      audit.append({
        time: this.time(),
        event: 'refresh',
        target: node.id,
        outcome: 'ok',
        detail: 'adopted a newer session',
      });
      return stored;
    }
    await sessions.clear(node);
    await this.deps.outputs.saved(node);
    audit.append({
      time: this.time(),
      event: 'refresh',
      target: node.id,
      outcome: 'failed',
      code,
      detail: 'session cleared',
    });
    this.deps.changed();
    const { explanation, context } = error as AuthError;
    throw new AuthError('token_expired', 'Session expired. Please log in again.', {
      explanation,
      hint: `Run "authui login ${shellWord(node.name)}".`,
      context: { ...context, [node.type]: node.name },
    });
  }

  /**
   * Credentials for tools: the stored session while it has more than the refresh lead time left,
   * else a renewal; when renewing fails for a reason that may pass, a session still valid for a
   * minute serves (the next call tries again). Never prompts.
   */
  async credentials(node: NodeConfig): Promise<Credentials> {
    const { sessions, clock } = this.deps;
    // The fast path: the short-lived cache, while the session is outside the renewal lead.
    const cached = sessions.cached(node, (meta) => this.leadFor(node, meta));
    if (cached) return { node, meta: cached.meta, yields: cached.yields };
    const current = await sessions.read(node);
    const lead = current ? this.leadFor(node, current.meta) : undefined;
    debug('credentials', {
      node: node.id,
      stored: current !== undefined,
      expiresAt: current?.meta.expiresAt,
      leadMs: lead,
    });
    if (!current) sessions.assertReachable(node);
    const left = (s: Session) =>
      s.meta.expiresAt ? Date.parse(s.meta.expiresAt) - clock.now() : Number.POSITIVE_INFINITY;
    if (current && lead !== undefined && left(current) >= lead) {
      if (!cached) sessions.refill(node, current);
      return this.credentialsOf(node, current);
    }
    try {
      return this.credentialsOf(node, await this.refresh(node, { seen: current?.meta.obtainedAt }));
    } catch (error) {
      const final = error instanceof AuthError && error.code === 'token_expired';
      if (current && !final && left(current) >= MIN_USABLE_MS) return this.credentialsOf(node, current);
      throw error;
    }
  }

  /**
   * Whether the node's session can be renewed now without the user: its kind renews, and either
   * the stored session allows it (a live refresh token) or, for a chain step, its parent can be had.
   */
  async renewsUnattended(node: NodeConfig, opts: { ownSessionOnly?: boolean } = {}): Promise<boolean> {
    const { sessions, graph, clock } = this.deps;
    const module = kindOf(this.deps.kinds, node);
    if (!module.refresh) return false;
    if (module.renewable) {
      const secret = await sessions.secret(node);
      return secret !== undefined && module.renewable(secret as never, clock.now());
    }
    if (opts.ownSessionOnly) return false;
    const parent = graph.parentOf(node);
    if (!parent) return true;
    const meta = sessions.all()[parent.id];
    const left = meta ? (meta.expiresAt ? Date.parse(meta.expiresAt) - clock.now() : Number.POSITIVE_INFINITY) : -1;
    return left >= MIN_USABLE_MS || this.renewsUnattended(parent);
  }

  /** `credentials`, or those of the node's `fallback` when its own cannot be had (audited). */
  async credentialsOrFallback(node: NodeConfig): Promise<Credentials> {
    try {
      return await this.credentials(node);
    } catch (error) {
      const fallback = this.deps.graph.fallbackOf(node);
      if (!fallback || !(error instanceof AuthError) || NOT_FALLBACK.has(error.code)) throw error;
      const stand = await this.credentials(fallback).catch(() => {
        throw error;
      });
      this.deps.audit.append({
        time: this.time(),
        event: 'fallback',
        target: node.id,
        outcome: 'warning',
        code: error.code,
        detail: `used ${fallback.id}`,
      });
      return { ...stand, fallback: { for: node, reason: error } };
    }
  }

  /** How long before its expiry this session is renewed. */
  leadFor(node: NodeConfig, meta: SessionMeta): number {
    return sessionLeadMs(this.deps.config, node, meta);
  }

  private credentialsOf(node: NodeConfig, session: Session): Credentials {
    return { node, ...this.parentSession(node, session) };
  }
}
