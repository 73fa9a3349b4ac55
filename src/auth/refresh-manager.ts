// The one refresh manager (docs/architecture.md, "Automatic refresh"): while the dashboard runs it
// looks at every session on start and every `check_interval`, renews each one that can renew
// without the user once it is within `ahead` of expiry, retries transient failures with
// exponential backoff and full jitter (honouring Retry-After), gives up on refusals, and tells the
// user in time about sessions only they can renew (MFA, a browser). It never prompts. Time and
// timers are injected so the schedule is tested with a fake clock. No React.
import { debug } from './debug.js';
import type { Clock } from './clock.js';
import { renewalLeadMs, type RefreshPolicy } from './config/types.js';
import type { NodeStatus } from './engine/views.js';
import { AuthError } from './errors.js';
import { timerDelayMs } from './time-bounds.js';
import { EXPIRING_WITHIN_MS } from './status.js';

/** What the manager needs from the engine. */
export interface Renewer {
  list(): NodeStatus[];
  refreshPolicy(name: string): RefreshPolicy;
  /**
   * True when the session can be renewed now without the user; with `ownSessionOnly`, only from
   * its own stored session (a refresh token), not through its parent.
   */
  renewsUnattended(name: string, opts?: { ownSessionOnly?: boolean }): Promise<boolean>;
  /** `force` renews even a session outside the lead time (the user asked). */
  refresh(name: string, opts: { force?: boolean }): Promise<unknown>;
  /** Records a retry in the audit trail. */
  noteRetry(name: string, attempt: number, delayMs: number, error: AuthError): void;
}

/** What the manager tells the front end. */
export interface RenewalEvents {
  renewing(node: NodeStatus): void;
  renewed(node: NodeStatus): void;
  /** A transient failure; another attempt follows in `delayMs`. */
  retrying(node: NodeStatus, error: AuthError, delayMs: number, attempt: number): void;
  /** Refused, or out of retries: left to the user (`l`). */
  failed(node: NodeStatus, error: AuthError): void;
  /** Expires within 15 minutes and only the user can renew it. Once per session. */
  needsUser(node: NodeStatus): void;
  /** A stored key is older than its `rotate_after`. Once per key. */
  rotationDue(node: NodeStatus): void;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * The delay before retry `attempt` (0-based): the server's Retry-After, else full jitter over
 * backoff·2^attempt; at most what a timer holds (a day's backoff doubled ten times is more).
 */
export function retryDelay(policy: RefreshPolicy, attempt: number, error: AuthError, random: () => number): number {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  return timerDelayMs(Math.round(random() * policy.backoffMs * 2 ** attempt));
}

type Phase = 'renewing' | 'waiting' | 'failed' | 'told';

const RENEWALS_AT_ONCE = 4;

/**
 * Failures that say the server behind a session is out of reach or asks for fewer requests, not
 * that this one session is refused: the sessions renewed through the same node wait for it too.
 */
const SERVER_WIDE = new Set(['network', 'timeout', 'rate_limited']);

/** Sessions renewed through the same node (an SSO provider's permission sets) share its server. */
const serverGroup = (node: NodeStatus): string => node.parent ?? node.id;

export class RefreshManager {
  /** Per node id: what the manager is doing about it, for which session (its expiry). */
  private readonly phases = new Map<string, { phase: Phase; expiresAt: number | undefined; timer?: unknown }>();
  /** Keys already reported as due for rotation ("id@rotateAt"). */
  private readonly rotationTold = new Set<string>();
  /**
   * Per server group: the node whose retries probe a server that could not be reached. Its
   * siblings are not tried meanwhile (offline, 600 sessions due at once each failed in turn, five a
   * second, for minutes); they follow once it renews, or at a later pass once it gives up.
   */
  private readonly held = new Map<string, string>();
  private checkTimer: unknown;
  private stopped = false;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly renewer: Renewer,
    private readonly events: RenewalEvents,
    private readonly clock: Clock,
    private readonly checkIntervalMs: number,
    private readonly timers: Timers = realTimers,
    private readonly random: () => number = Math.random,
  ) {}

  /** Checks now, then every check interval. */
  start(): void {
    this.stopped = false;
    void this.check();
    const loop = () => {
      this.checkTimer = this.timers.set(() => {
        void this.check();
        loop();
      }, this.checkIntervalMs);
    };
    loop();
  }

  stop(): void {
    this.stopped = true;
    this.timers.clear(this.checkTimer);
    for (const state of this.phases.values()) if (state.timer !== undefined) this.timers.clear(state.timer);
    this.phases.clear();
    this.held.clear();
  }

  /** True while another node's retries probe the server behind `node`. */
  private heldBack(node: NodeStatus): boolean {
    const group = serverGroup(node);
    const holder = this.held.get(group);
    if (holder === undefined || holder === node.id) return false;
    const phase = this.phases.get(holder)?.phase;
    if (phase === 'waiting' || phase === 'renewing') return true;
    this.held.delete(group); // the holder was logged out or renewed elsewhere
    return false;
  }

  /** One pass over every session; overlapping calls share the pass under way. */
  check(): Promise<void> {
    this.checking ??= this.pass().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async pass(): Promise<void> {
    const now = this.clock.now();
    const due: { node: NodeStatus; policy: RefreshPolicy }[] = [];
    for (const node of this.renewer.list()) {
      if (this.stopped) return;
      if (
        node.rotateAt !== undefined &&
        node.rotateAt <= now &&
        !this.rotationTold.has(`${node.id}@${node.rotateAt}`)
      ) {
        this.rotationTold.add(`${node.id}@${node.rotateAt}`);
        this.events.rotationDue(node);
      }
      if (node.state === 'logged_out' || node.expiresAt === undefined) {
        this.phases.delete(node.id);
        continue;
      }
      const known = this.phases.get(node.id);
      // A new session (renewed here or elsewhere, or a login) starts with a clean slate.
      if (known && known.expiresAt !== node.expiresAt && known.phase !== 'renewing' && known.phase !== 'waiting') {
        this.phases.delete(node.id);
      } else if (known) continue;
      const left = node.expiresAt - now;
      const policy = this.renewer.refreshPolicy(node.name);
      const lead = renewalLeadMs(policy.aheadMs, node.obtainedAt, node.expiresAt);
      if (left > Math.max(lead, EXPIRING_WITHIN_MS)) continue;
      // An expired session is revived only from its own refresh token (one call for a provider);
      // expired chain steps wait for the user, so opening the dashboard never logs in to everything.
      const unattended = await this.renewer
        .renewsUnattended(node.name, { ownSessionOnly: left <= 0 })
        .catch(() => false);
      if (unattended && left <= lead) due.push({ node, policy });
      else if (!unattended && left > 0) {
        this.phases.set(node.id, { phase: 'told', expiresAt: node.expiresAt });
        this.events.needsUser(node);
      }
    }
    // A few at a time: many sessions expiring together must not flood the network or the loop.
    const workers = Array.from({ length: Math.min(RENEWALS_AT_ONCE, due.length) }, async () => {
      for (let next = due.shift(); next && !this.stopped; next = due.shift())
        if (!this.heldBack(next.node)) await this.renew(next.node, 0, next.policy);
    });
    await Promise.all(workers);
  }

  /** Renews now, whatever the lead time (the dashboard's `r`). */
  renewNow(node: NodeStatus): Promise<void> {
    const known = this.phases.get(node.id);
    if (known?.phase === 'renewing') return Promise.resolve();
    if (known?.timer !== undefined) this.timers.clear(known.timer);
    return this.renew(node, 0, this.renewer.refreshPolicy(node.name), true);
  }

  private async renew(node: NodeStatus, attempt: number, policy: RefreshPolicy, force = false): Promise<void> {
    debug('renew', { node: node.id, attempt, force, expiresAt: node.expiresAt });
    this.phases.set(node.id, { phase: 'renewing', expiresAt: node.expiresAt });
    this.events.renewing(node);
    try {
      await this.renewer.refresh(node.name, { force });
      if (this.stopped) return;
      this.phases.delete(node.id);
      this.events.renewed(node);
      if (this.release(node)) void this.check(); // the server answers again: its group follows now
    } catch (caught) {
      if (this.stopped) return;
      const error =
        caught instanceof AuthError
          ? caught
          : new AuthError('server_error', caught instanceof Error ? caught.message : String(caught));
      if (error.retryable && attempt < policy.retries) {
        if (SERVER_WIDE.has(error.code) && !this.held.has(serverGroup(node))) this.held.set(serverGroup(node), node.id);
        const delay = retryDelay(policy, attempt, error, this.random);
        debug('retry', { node: node.id, attempt: attempt + 1, inMs: delay, code: error.code });
        this.renewer.noteRetry(node.name, attempt + 1, delay, error);
        const timer = this.timers.set(() => void this.renew(node, attempt + 1, policy), delay);
        this.phases.set(node.id, { phase: 'waiting', expiresAt: node.expiresAt, timer });
        this.events.retrying(node, error, delay, attempt + 1);
        return;
      }
      this.phases.set(node.id, { phase: 'failed', expiresAt: node.expiresAt });
      this.release(node);
      this.events.failed(node, error);
    }
  }

  /** Ends `node`'s hold on its server group; true when it had one. */
  private release(node: NodeStatus): boolean {
    const group = serverGroup(node);
    if (this.held.get(group) !== node.id) return false;
    this.held.delete(group);
    return true;
  }
}
