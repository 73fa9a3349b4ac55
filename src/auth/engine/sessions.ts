// The session repository: non-secret facts in the session index, secrets in the credential
// store, read back through the kind's own secret shape (a damaged entry counts as no session).
import type { Clock } from '../clock.js';
import type { NodeConfig } from '../config/types.js';
import { AuthError } from '../errors.js';
import type { AnyKind, Session, SessionMeta } from '../kind.js';
import type { Yields } from '../credential-types.js';
import type { SessionCache } from '../session-cache.js';
import { SessionIndex, type IndexedSession } from '../session-index.js';
import { debug } from '../debug.js';
import { shellWord } from '../names.js';
import { shortened } from '../visible.js';
import { liveAt } from '../status.js';
import { entryName, type CredentialStore } from '../stores/types.js';
import { bindingOf, sessionBound, type KindLookup } from './binding.js';
import { cacheHit } from './cache-hit.js';

/** The kind module of a node; a kind the build does not know is a config error. */
export function kindOf(kinds: KindLookup, node: NodeConfig): AnyKind {
  const module = kinds(node.kind);
  if (!module) throw new AuthError('invalid_config', `Unknown kind ${node.kind}`, { context: { kind: node.kind } });
  return module;
}

/**
 * The most characters of each thing a session shows (its user, account, region, server, facts):
 * peers say them (an ID token's claims, a vendor's account name), and the session index is read
 * by every tool call and drawn in every row.
 */
const MOST_SHOWN = 1_000;

/** The session's meta with what it shows cut to MOST_SHOWN characters. */
function shownWithin(meta: SessionMeta): SessionMeta {
  const shown = { ...meta };
  for (const key of ['account', 'region', 'subject', 'server'] as const) {
    const value = shown[key];
    if (value !== undefined) shown[key] = shortened(value, MOST_SHOWN);
  }
  if (shown.facts)
    shown.facts = shown.facts.map(({ label, value }) => ({
      label: shortened(label, MOST_SHOWN),
      value: shortened(value, MOST_SHOWN),
    }));
  return shown;
}

/** A binding for people: "https://kitty.example.com" or "issuer https://…, client_id authui". */
function shownBinding(binding: string): string {
  const entries = JSON.parse(binding) as [string, string | number][];
  return entries.length === 1 ? String(entries[0]?.[1]) : entries.map(([k, v]) => `${k} ${v}`).join(', ');
}

/** A stored secret whose server is not the one the configuration names now: nothing is sent. */
function bindingMismatch(node: NodeConfig, stored: string | undefined, current: string): AuthError {
  const from =
    stored === undefined ? 'an unrecorded server (stored before authui recorded servers)' : shownBinding(stored);
  return new AuthError(
    'binding_mismatch',
    `The session of ${node.name} was issued by ${from}, and the configuration now names ${shownBinding(current)}: authui sends it nowhere else`,
    {
      hint: `Run "authui login ${shellWord(node.name)}" to sign in to the new server (it replaces the session), or "authui logout ${shellWord(node.name)}".`,
      context: { [node.type]: node.name },
    },
  );
}

/**
 * A session kept in another backend than the one this process could open (cron or ssh without
 * the D-Bus session that reaches the system keyring): the real cause, not "log in again".
 */
function elsewhere(node: NodeConfig, kept: string, active: string): AuthError {
  const where = (backend: string) => (backend === 'system' ? 'the system keyring' : `the ${backend} store`);
  return new AuthError(
    'keyring_unavailable',
    `The session of ${node.name} is kept in ${where(kept)}, which this process cannot reach (it uses ${where(active)})`,
    {
      explanation:
        kept === 'system'
          ? 'The system keyring is reached through the D-Bus session of a desktop login; cron jobs and ssh sessions have none.'
          : undefined,
      hint:
        kept === 'system'
          ? 'Run it inside your desktop session (or export its DBUS_SESSION_BUS_ADDRESS). For unattended use, set AUTHUI_KEYRING=file and AUTHUI_KEYRING_PASSWORD, and log in once that way.'
          : `Use the same backend as when you logged in (AUTHUI_KEYRING=${kept}), or log in again here.`,
      context: { [node.type]: node.name },
    },
  );
}

export interface BindingPolicy {
  /**
   * A session stored before bindings were recorded takes the current one: only for the user's
   * own configuration (named, or in the config directory), never a project's.
   */
  adoptUnbound: boolean;
  /** Told once per node when a session adopts its binding. */
  onAdopt?(node: NodeConfig, binding: string): void;
}

export class SessionRepository {
  private readonly damaged = new Set<string>();

  constructor(
    readonly store: CredentialStore,
    private readonly index: SessionIndex,
    private readonly kinds: KindLookup,
    private readonly clock: Clock,
    private readonly onWarning: (message: string) => void = () => {},
    private readonly cache?: SessionCache,
    private readonly bindings: BindingPolicy = { adoptUnbound: false },
  ) {}

  /** Whether the node's stored session was issued by the server its configuration names now. */
  bound(node: NodeConfig, meta: Pick<IndexedSession, 'binding'> | undefined = this.all()[node.id]): boolean {
    return sessionBound(bindingOf(this.kinds, node), meta, this.bindings.adoptUnbound);
  }

  /**
   * Throws `binding_mismatch` unless the stored session may go to the node's server: every
   * read of a stored secret passes here. An unbound session of the user's own configuration
   * takes the current binding, once.
   */
  private async checkBinding(node: NodeConfig): Promise<void> {
    const meta = this.all()[node.id];
    const current = bindingOf(this.kinds, node);
    if (current === undefined || meta === undefined || meta.binding === current) return;
    // One rule for what may go where: the same `bound` the rows and the refresh manager ask.
    if (!this.bound(node, meta)) throw bindingMismatch(node, meta.binding, current);
    // Bound only by adoption (an unbound session of the user's own configuration): recorded once.
    await this.index.update((sessions) => {
      const session = sessions[node.id];
      if (session && session.binding === undefined) session.binding = current;
    });
    this.bindings.onAdopt?.(node, current);
  }

  /** What an integration made from the node's session `obtainedAt` (session-cache.ts), while it lasts. */
  derived(node: NodeConfig, what: string, obtainedAt: string): { yields: Yields; expiresAt: string } | undefined {
    const found = this.cache?.readDerived(node.id, what, obtainedAt);
    debug('session-cache', { node: node.id, derived: what, result: found ? 'hit' : 'miss' });
    return found;
  }

  /** Keeps what an integration made from the node's session, until `expiresAt` or that session's end. */
  keepDerived(node: NodeConfig, what: string, obtainedAt: string, expiresAt: string, yields: Yields): void {
    this.cache?.writeDerived(node.id, what, obtainedAt, expiresAt, yields);
  }

  /**
   * A session's yields from the short-lived cache (no credential store), when it has them and may
   * hand them out now: the rule in engine/cache-hit.ts.
   */
  cached(
    node: NodeConfig,
    leadMs: (meta: SessionMeta) => number,
  ): { meta: IndexedSession; yields: Yields } | undefined {
    const meta = this.all()[node.id];
    const binding = meta && bindingOf(this.kinds, node);
    const hit = cacheHit(this.cache, { id: node.id, meta, binding, leadMs, now: this.clock.now() });
    debug('session-cache', {
      node: node.id,
      result: hit === 'unbound' ? 'skipped: not bound to this server' : hit ? 'hit' : 'miss',
    });
    return hit === 'unbound' ? undefined : hit;
  }

  private lost:
    { from: Readonly<Record<string, IndexedSession>>; at: number; left: Record<string, IndexedSession> } | undefined;

  /**
   * Every indexed session by node id (no secrets, no keyring). Sessions kept in a file store
   * that was moved aside since they were stored are left out: their secrets are gone.
   */
  all(): Readonly<Record<string, IndexedSession>> {
    const sessions = this.index.read();
    const movedAt = this.store.movedAside?.()?.at;
    if (movedAt === undefined) return sessions;
    if (this.lost?.from !== sessions || this.lost.at !== movedAt) {
      const left = Object.fromEntries(
        Object.entries(sessions).filter(([, s]) => s.backend !== 'file' || Date.parse(s.obtainedAt) > movedAt),
      );
      this.lost = { from: sessions, at: movedAt, left };
    }
    return this.lost.left;
  }

  /** True when the node has a session that has not expired. */
  isLive(id: string, sessions = this.all()): boolean {
    return liveAt(sessions[id], this.clock.now());
  }

  /** The node's session when it is valid for at least `minRemainingMs` more; secret included. */
  async read(node: NodeConfig, minRemainingMs = Number.NEGATIVE_INFINITY): Promise<Session | undefined> {
    const meta = this.all()[node.id];
    if (!meta) return undefined;
    if (meta.expiresAt && Date.parse(meta.expiresAt) - this.clock.now() < minRemainingMs) return undefined;
    const secret = await this.secret(node);
    return secret === undefined ? undefined : { meta, secret };
  }

  /**
   * Throws the real cause when the node's session is kept in another backend than the one this
   * process opened (the system keyring from cron or ssh), rather than "log in again".
   */
  assertReachable(node: NodeConfig): void {
    const kept = this.all()[node.id]?.backend;
    if (kept !== undefined && kept !== this.store.backend) throw elsewhere(node, kept, this.store.backend);
  }

  /** The stored secret part of a node's session, in the kind's shape, when it may go to the node's server. */
  async secret(node: NodeConfig): Promise<unknown> {
    await this.checkBinding(node);
    const raw = await this.store.get(entryName.session(node.id));
    if (raw === undefined) return undefined;
    let secret: unknown;
    try {
      secret = kindOf(this.kinds, node).parseSecret(JSON.parse(raw));
    } catch {
      secret = undefined;
    }
    if (secret === undefined && !this.damaged.has(node.id)) {
      // Once per node and process: a damaged entry counts as no session, and the next login replaces it.
      this.damaged.add(node.id);
      this.onWarning(
        `The stored session of ${node.name} is unreadable; it counts as logged out until you log in again.`,
      );
    }
    return secret;
  }

  /** Stores the secret, and indexes what the session shows (within MOST_SHOWN: a peer says it). */
  async save(node: NodeConfig, session: Session): Promise<void> {
    await this.store.set(entryName.session(node.id), JSON.stringify(session.secret));
    const binding = bindingOf(this.kinds, node);
    await this.index.update((sessions) => {
      sessions[node.id] = {
        ...shownWithin(session.meta),
        ...(binding === undefined ? {} : { binding }),
        backend: this.store.backend,
      } satisfies IndexedSession;
    });
    this.cacheWrite(node, session);
  }

  /**
   * Puts back in the short-lived cache a session a tool had to read from the store because the
   * cache had lost it (the runtime directory with its pads is emptied at every logout and
   * reboot), so that the next call skips the store. Nothing when the cache is off.
   */
  refill(node: NodeConfig, session: Session): void {
    if (this.cache?.enabled && session.meta.expiresAt) this.cacheWrite(node, session);
  }

  /** Caches the session's short-lived yields (a session that cannot be cached drops its old copy). */
  private cacheWrite(node: NodeConfig, session: Session): void {
    this.cache?.write(node.id, session.meta, kindOf(this.kinds, node).yields(session.secret as never));
  }

  /** Drops a node's session: its store entry, then its index entry. Long-term secrets stay. */
  async clear(node: NodeConfig): Promise<void> {
    await this.store.delete(entryName.session(node.id));
    await this.forget([node.id]);
  }

  async forget(ids: readonly string[]): Promise<void> {
    this.cache?.remove(ids);
    await this.index.update((sessions) => {
      for (const id of ids) delete sessions[id];
    });
  }

  /** Store entry names that belong to a node ("identity:dev/session", …). */
  async entriesOf(id: string): Promise<string[]> {
    return (await this.store.list()).filter((e) => e.startsWith(`${id}/`)).sort();
  }
}

/** The node with the settings entered at its last login (an organization typed in the form) over the config's. */
export function withEntered(node: NodeConfig, meta: { fields?: Record<string, string> } | undefined): NodeConfig {
  return meta?.fields ? { ...node, settings: { ...node.settings, ...meta.fields } } : node;
}
