// The `status --json` document, in a module of its own: the engine's path and the session-cache
// answers print it alike.
import type { Config } from '../auth/config/types.js';
import type { StatusBackend } from '../auth/engine/kept-status.js';
import type { NodeStatus } from '../auth/engine/views.js';
import { isoTime } from '../auth/iso-time.js';
import { jsonDocument } from '../auth/visible.js';

/** Version of the `status --json` document; bump on any incompatible change (README documents it). */
const STATUS_SCHEMA_VERSION = 1;

/**
 * What `status --json` prints: the engine's path (cli/status.ts) and the session-cache answers
 * (src/answer-main.ts) print it with this one function.
 */
export function statusJson(
  source: Config['source'],
  backend: StatusBackend & { fallbackReason?: string },
  warnings: readonly string[],
  nodes: readonly NodeStatus[],
  now: number,
): string {
  const document = {
    schemaVersion: STATUS_SCHEMA_VERSION,
    generatedAt: isoTime(now),
    config: source,
    backend: {
      active: backend.active,
      requested: backend.requested,
      location: backend.location,
      fallbackReason: backend.fallbackReason ?? null,
    },
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.type,
      name: n.name,
      kind: n.kind,
      parent: n.parent ?? null,
      depth: n.depth,
      default: n.default,
      state: n.state,
      expiresAt: n.expiresAt === undefined ? null : isoTime(n.expiresAt),
      expiresInSeconds: n.expiresAt === undefined ? null : Math.max(0, Math.floor((n.expiresAt - now) / 1000)),
      account: n.account ?? null,
      region: n.region ?? null,
      subject: n.subject ?? null,
      server: n.server ?? null,
      renewableUntil: n.renewableUntil === undefined ? null : isoTime(n.renewableUntil),
      fallback: n.fallback ?? null,
      backend: n.backend ?? null,
    })),
    warnings,
  };
  return jsonDocument(document);
}
