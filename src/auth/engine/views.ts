// What the dashboard, `status` and Detail show about the nodes: rows in tree order with their
// state, and a node's Detail (entry names, never values). Read-only; no network.
import { usedBy } from './used-by.js';
import type { AuditEvent } from '../audit.js';
import type { NodeConfig } from '../config/types.js';
import type { OutputDetail } from '../kind.js';
import { stateAt, type NodeState } from '../status.js';
import type { BackendName } from '../stores/types.js';
import type { ServiceDeps } from './deps.js';
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

export class NodeViews {
  constructor(private readonly deps: ServiceDeps) {}

  /** Providers and identities in tree order (each node after the one it comes via). No network. */
  list(): NodeStatus[] {
    const sessions = this.deps.sessions.all();
    const now = this.deps.clock.now();
    const regions = new Map<string, string | undefined>();
    return this.deps.graph.tree().map(({ node, depth }) => {
      const module = this.deps.kinds(node.kind);
      const session = sessions[node.id];
      const described = module?.describe(withEntered(node, session).settings as never) ?? {};
      const expiresAt = session?.expiresAt ? Date.parse(session.expiresAt) : undefined;
      const parent = this.deps.graph.parentOf(node);
      const region = session?.region ?? described.region ?? (parent ? regions.get(parent.id) : undefined);
      regions.set(node.id, region);
      const rotation = session ? module?.rotation?.(node.settings as never) : undefined;
      const rotateAt = rotation && session ? Date.parse(session.obtainedAt) + rotation : undefined;
      let state = stateAt(session !== undefined, expiresAt, now);
      if (session && state !== 'logged_out' && !this.deps.sessions.bound(node, session)) state = 'other_server';
      if (state === 'active' && session?.unvalidated) state = 'unvalidated';
      if ((state === 'active' || state === 'unvalidated') && rotateAt !== undefined && rotateAt <= now)
        state = 'expiring';
      const fallback = node.fallback ? this.deps.graph.byRef(node.fallback) : undefined;
      const standsIn =
        fallback && (state === 'expired' || state === 'logged_out') && this.deps.sessions.isLive(fallback.id, sessions);
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
      facts: [
        ...(this.deps.kinds(node.kind)?.describe(withEntered(node, meta).settings as never).facts ?? []),
        ...(meta?.facts ?? []),
      ],
      validatedAt: meta?.validatedAt ? Date.parse(meta.validatedAt) : undefined,
      // Uses by token/exec are many and say little: the last one is shown, not each.
      history: this.deps.audit.recent(node.id, 10, (e) => e.event !== 'use'),
      lastUsedAt: lastUse ? Date.parse(lastUse.time) : undefined,
      usedBy: await usedBy(node, this.deps.graph.config, this.deps.env),
      discovered: node.discovered === true,
    };
  }
}
