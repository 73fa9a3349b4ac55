// What the dashboard, `status` and Detail show about the nodes: rows in tree order with their
// state, and a node's Detail (entry names, never values). Read-only; no network.
import { usedBy } from './used-by.js';
import type { AuditEvent } from '../audit.js';
import type { NodeConfig } from '../config/types.js';
import type { NodeDescription, OutputDetail } from '../kind.js';
import { nextStateChangeAt, rowStateAt, standingInAt, type NodeState } from '../status.js';
import type { IndexedSession } from '../session-index.js';
import type { BackendName } from '../stores/types.js';
import type { ServiceDeps } from './deps.js';
import type { Tree } from './graph.js';
import { withEntered } from './sessions.js';

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
  /** The tools that take its credentials through authui, one line each (engine/used-by.ts). */
  usedBy: string[];
  /** Added by its provider's discovery at login, not written in the configuration file. */
  discovered: boolean;
}

/** A row's region: its session's, else its settings', else that of the node it comes via. */
function regionOf(session: IndexedSession | undefined, described: NodeDescription, inherited: string | undefined) {
  return session?.region ?? described.region ?? inherited;
}

/**
 * What a node's kind says of its row: from the node's settings, and those entered at its last
 * login (its session's `fields`). Kept beside the rows, it lets a row whose session changed be
 * made again without the kind's module (engine/kept-status.ts).
 */
export interface RowFacts extends Pick<NodeDescription, 'account' | 'region' | 'subject' | 'server'> {
  label: string;
  reenterable: boolean;
  /** How long after a login its stored key falls due for rotation (`rotate_after`). */
  rotation?: number;
}

/**
 * A node's row from its session and what its kind says of it, but for its state and fallback,
 * which change with time: whoever lists sets them.
 */
export function rowOf(
  node: NodeConfig,
  depth: number,
  parent: string | undefined,
  session: IndexedSession | undefined,
  inherited: string | undefined,
  facts: RowFacts,
): NodeStatus {
  return {
    id: node.id,
    type: node.type,
    name: node.name,
    kind: node.kind,
    label: facts.label,
    parent,
    depth,
    default: node.default,
    state: 'logged_out',
    expiresAt: session?.expiresAt ? Date.parse(session.expiresAt) : undefined,
    obtainedAt: session ? Date.parse(session.obtainedAt) : undefined,
    rotateAt: facts.rotation && session ? Date.parse(session.obtainedAt) + facts.rotation : undefined,
    account: session?.account ?? facts.account,
    region: regionOf(session, facts, inherited),
    subject: session?.subject ?? facts.subject,
    server: session?.server ?? facts.server,
    renewableUntil: session?.renewableUntil ? Date.parse(session.renewableUntil) : undefined,
    fallback: undefined,
    backend: session?.backend,
    reenterable: facts.reenterable,
  };
}

export class NodeViews {
  /**
   * The dashboard lists every 5 s: a node whose session, place in the tree and state have not
   * changed keeps its row object, so a re-list of 20,000 identities makes no garbage and parses
   * no dates for them. What each position of the last list was made from is kept in columns
   * beside its rows (an object per row held 1.6 MB more at 20,000); a new tree (identities
   * discovered at a login) makes every row again. The loop makes no object for a row it does
   * not change: the dashboard runs without V8's optimising compilers (src/app/heap-flags.ts),
   * so nothing would take such garbage away.
   */
  private last: {
    tree?: Tree;
    rows: readonly NodeStatus[];
    sessions: (IndexedSession | undefined)[];
    inherited: (string | undefined)[];
    /** Each row's next change by the clock alone (nextStateChangeAt). */
    changeAt: number[];
    /** The session index the rows were listed from (the same object while the file is unchanged). */
    index?: Readonly<Record<string, IndexedSession>>;
    listedAt: number;
    /** The first moment a row's state or fallback changes by the clock alone. */
    nextChangeAt: number;
  } = { rows: [], sessions: [], inherited: [], changeAt: [], listedAt: 0, nextChangeAt: 0 };

  constructor(private readonly deps: ServiceDeps) {}

  /** Providers and identities in tree order (each node after the one it comes via). No network. */
  list(): NodeStatus[] {
    const sessions = this.deps.sessions.all();
    const now = this.deps.clock.now();
    const tree = this.deps.graph.tree();
    const last = this.last;
    const sameTree = last.tree === tree;
    const rows = new Array<NodeStatus>(tree.nodes.length);
    let nextChangeAt = Infinity;
    // Only the clock moved since the last list: a row is the same until its own next change. One
    // with a fallback also moves with the fallback's session, so it is worked out each time.
    const onlyTime = sameTree && sessions === last.index && now >= last.listedAt;
    for (let at = 0; at < rows.length; at++) {
      const node = tree.nodes[at] as NodeConfig;
      const sameUntil = last.changeAt[at] as number;
      if (onlyTime && sameUntil > now && node.fallback === undefined) {
        rows[at] = last.rows[at] as NodeStatus;
        if (sameUntil < nextChangeAt) nextChangeAt = sameUntil;
        continue;
      }
      const parentAt = tree.parentAt[at] as number;
      const parent = parentAt < 0 ? undefined : tree.nodes[parentAt];
      const session = sessions[node.id];
      const inherited = parent ? (rows[parentAt] as NodeStatus).region : undefined;
      let row = sameTree ? last.rows[at] : undefined;
      if (row === undefined || last.sessions[at] !== session || last.inherited[at] !== inherited) {
        row = rowOf(node, tree.depth[at] as number, parent?.id, session, inherited, this.factsOf(node, session));
        row.state = this.stateOf(node, session, row, now);
        row.fallback = this.standingIn(node, row.state, sessions, now);
        last.sessions[at] = session;
        last.inherited[at] = inherited;
      } else {
        // Rows handed out are never changed: a new state is a new row.
        const state = this.stateOf(node, session, row, now);
        const fallback = this.standingIn(node, state, sessions, now);
        if (state !== row.state || fallback !== row.fallback) row = { ...row, state, fallback };
      }
      rows[at] = row;
      const change = nextStateChangeAt(row, now);
      last.changeAt[at] = change;
      if (change < nextChangeAt) nextChangeAt = change;
    }
    last.tree = tree;
    last.rows = rows;
    last.index = sessions;
    last.listedAt = now;
    last.nextChangeAt = nextChangeAt;
    return rows;
  }

  /**
   * Whether a list now could differ from the last one: the tree or the session index changed
   * (another process logged in, renewed or logged out), the clock reached a moment a row's state
   * or fallback changes at, or went back. The dashboard's 5-s re-list asks first: until one of
   * those, an idle dashboard visits no row.
   */
  stale(): boolean {
    const { last } = this;
    if (last.tree !== this.deps.graph.tree() || last.index !== this.deps.sessions.all()) return true;
    const now = this.deps.clock.now();
    return now >= last.nextChangeAt || now < last.listedAt;
  }

  /**
   * The region a node's row shows, worked out along its chain alone: `env` and `exec` ask for
   * one node, and listing every row for it cost a configuration of thousands all of them.
   */
  region(node: NodeConfig): string | undefined {
    const sessions = this.deps.sessions.all();
    let region: string | undefined;
    for (const step of this.deps.graph.chain(node))
      region = regionOf(sessions[step.id], this.described(step, sessions[step.id]), region);
    return region;
  }

  /** What the node's kind says of its settings (those entered at its last login over the file's). */
  private described(node: NodeConfig, session: IndexedSession | undefined): NodeDescription {
    return this.deps.kinds(node.kind)?.describe(withEntered(node, session).settings as never) ?? {};
  }

  /** What the node's kind says of its row (engine/kept-status.ts keeps it beside the rows). */
  factsOf(node: NodeConfig, session: IndexedSession | undefined): RowFacts {
    const module = this.deps.kinds(node.kind);
    const { account, region, subject, server } = this.described(node, session);
    return {
      label: module?.label ?? node.kind,
      reenterable: module?.reenterable ?? false,
      account,
      region,
      subject,
      server,
      rotation: module?.rotation?.(node.settings as never),
    };
  }

  private stateOf(node: NodeConfig, session: IndexedSession | undefined, row: NodeStatus, now: number): NodeState {
    const bound = session === undefined || this.deps.sessions.bound(node, session);
    return rowStateAt(row, session, bound, now);
  }

  /** The fallback standing in for the node: its own session is gone and the fallback's is live. */
  private standingIn(
    node: NodeConfig,
    state: NodeState,
    sessions: Readonly<Record<string, IndexedSession>>,
    now: number,
  ): string | undefined {
    const fallback = this.deps.graph.fallbackOf(node);
    return standingInAt(state, fallback, fallback && sessions[fallback.id], now);
  }

  /** Everything the Detail screen shows about a node: entry names, never values; no network. */
  async detail(name: string): Promise<NodeDetail> {
    const node = this.deps.graph.resolve(name);
    const rows = new Map(this.list().map((n) => [n.id, n]));
    const meta = this.deps.sessions.all()[node.id];
    const lastUse = this.deps.audit.recent(node.id, 1, (e) => e.event === 'use')[0];
    return {
      ...(rows.get(node.id) as NodeStatus),
      chain: this.deps.graph.chain(node).map((n) => rows.get(n.id) as NodeStatus),
      storage: {
        backend: meta?.backend ?? this.deps.sessions.store.backend,
        location: this.deps.sessions.store.location,
        entries: await this.deps.sessions.entriesOf(node.id),
      },
      outputs: this.deps.outputs.describe(node),
      facts: [...(this.described(node, meta).facts ?? []), ...(meta?.facts ?? [])],
      validatedAt: meta?.validatedAt ? Date.parse(meta.validatedAt) : undefined,
      // Uses by token/exec are many and say little: the last one is shown, not each.
      history: this.deps.audit.recent(node.id, 10, (e) => e.event !== 'use'),
      lastUsedAt: lastUse ? Date.parse(lastUse.time) : undefined,
      usedBy: await usedBy(node, this.deps.graph.config, this.deps.env),
      discovered: node.discovered === true,
    };
  }
}
