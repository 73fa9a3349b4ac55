// Login and renewal: walks a chain from its root, reusing steps that stay valid long enough,
// and renews single-flight (one promise per node in this process, a lock across processes).
import type { Config, NodeConfig } from '../config/types.js';
import { AuthError } from '../errors.js';
import type { KindContext, ParentSession, Session } from '../kinds/types.js';
import { withLock } from '../lock.js';
import type { Env } from '../paths.js';
import type { Prompter } from '../prompter.js';
import type { ServiceDeps } from './deps.js';
import { kindOf } from './sessions.js';

/** Sessions with less than this left are renewed before use. */
const REUSE_MIN_REMAINING_MS = 15 * 60 * 1000;

export interface LoginOptions {
  /** Ask for new long-term credentials even when some are stored (the Recovery screen's choice). */
  reenter?: boolean;
}

export interface LoginDeps extends ServiceDeps {
  config: Config;
  fetch: typeof fetch;
  env: Env;
  locksDir: string;
}

/** A session and what it yields, as a child step or a tool receives it. */
export interface Credentials extends ParentSession {
  node: NodeConfig;
}

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
        hint: `Run "authui login ${name}" in a terminal.`,
      },
    );
  };
  return { ask: async () => fail(), confirm: async () => fail(), showDeviceCode: fail, notice: () => {} };
}

export class LoginService {
  private readonly inFlight = new Map<string, Promise<Session>>();

  constructor(private readonly deps: LoginDeps) {}

  private time(): string {
    return new Date(this.deps.clock.now()).toISOString();
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
    reenter = false,
  ): KindContext<never> {
    const { config, sessions, clock, fetch, env } = this.deps;
    return {
      node,
      settings: node.settings as never,
      config,
      store: sessions.store,
      prompter,
      clock,
      fetch,
      env,
      inheritedRegion: this.inheritedRegion(node),
      parent,
      reenter,
    };
  }

  private async save(node: NodeConfig, session: Session, event: 'login' | 'refresh'): Promise<void> {
    await this.deps.sessions.save(node, session);
    await this.deps.outputs.saved(node);
    this.deps.audit.append({ time: this.time(), event, target: node.id, outcome: 'ok' });
    this.deps.changed();
  }

  /** Walks the chain from its root, reusing every step valid for ≥ 15 more minutes. */
  async login(node: NodeConfig, prompter: Prompter, opts: LoginOptions = {}): Promise<Session> {
    const chain = this.deps.graph.chain(node);
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
  private async walk(chain: NodeConfig[], prompter: Prompter, reuseBefore: number, reenter: boolean): Promise<Session> {
    let parent: ParentSession | undefined;
    let session: Session | undefined;
    let parentReused = false;
    for (const [index, step] of chain.entries()) {
      const reuse = index < reuseBefore ? await this.deps.sessions.read(step, REUSE_MIN_REMAINING_MS) : undefined;
      if (reuse) {
        session = reuse;
        parent = this.parentSession(step, reuse);
        parentReused = true;
        continue;
      }
      try {
        session = await kindOf(this.deps.kinds, step).authenticate(this.context(step, prompter, parent, reenter));
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
   * Renews a session without prompting. Single-flight: callers in this process share one
   * promise, and a lock per node serialises other processes (rotating refresh tokens).
   */
  refresh(node: NodeConfig): Promise<Session> {
    const running = this.inFlight.get(node.id);
    if (running) return running;
    const work = withLock(this.deps.locksDir, node.id, async () => {
      const { sessions, graph } = this.deps;
      // Another process may have refreshed while we waited for the lock.
      const fresh = await sessions.read(node, REUSE_MIN_REMAINING_MS);
      if (fresh) return fresh;
      const module = kindOf(this.deps.kinds, node);
      // Kinds that renew without input (an assumed role, given its parent) may do so even
      // when they have no session yet.
      if (!module.refresh) {
        throw new AuthError('needs_interactive_login', `"${node.name}" cannot be renewed without signing in`, {
          hint: `Run "authui login ${node.name}" in a terminal.`,
          context: { [node.type]: node.name },
        });
      }
      const current = await sessions.read(node);
      const parentNode = graph.parentOf(node);
      const parent = parentNode ? await this.credentials(parentNode) : undefined;
      const session = await module.refresh(this.context(node, nonInteractive(node.name), parent), current as never);
      await this.save(node, session, 'refresh');
      return session;
    }).finally(() => this.inFlight.delete(node.id));
    this.inFlight.set(node.id, work);
    return work;
  }

  /** A session valid for at least another minute, renewed when needed; never prompts. */
  async credentials(node: NodeConfig): Promise<Credentials> {
    const session = (await this.deps.sessions.read(node, 60_000)) ?? (await this.refresh(node));
    return { node, ...this.parentSession(node, session) };
  }
}
