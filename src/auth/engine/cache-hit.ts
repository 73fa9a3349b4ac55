// The one rule for handing a tool a session's credentials from the session cache alone, without
// the credential store or a renewal: the engine's (LoginService.credentials) and the session-cache
// answers' (src/answer-main.ts).
import type { Yields } from '../credential-types.js';
import type { SessionMeta } from '../kind.js';
import type { SessionCache } from '../session-cache.js';
import type { IndexedSession } from '../session-index.js';

export interface CacheHitQuery {
  id: string;
  /** The node's entry in the session index (after a moved-aside file store's are left out). */
  meta: IndexedSession | undefined;
  /** The server the configuration names for the node now (engine/binding.ts), if its kind binds. */
  binding: string | undefined;
  /** How long before its expiry the session is renewed (config/types.ts, sessionLeadMs). */
  leadMs: (meta: SessionMeta) => number;
  now: number;
}

/**
 * The cached yields, when the session was issued by the server the configuration names (an
 * unbound session adopts, and a mismatch fails with its reason, on the store's path), the cache
 * holds that very session, and it is outside its renewal lead.
 */
export function cacheHit(
  cache: Pick<SessionCache, 'read'> | undefined,
  { id, meta, binding, leadMs, now }: CacheHitQuery,
): { meta: IndexedSession; yields: Yields } | 'unbound' | undefined {
  if (!meta) return undefined;
  if (binding !== undefined && meta.binding !== binding) return 'unbound';
  const yields = cache?.read(id, meta);
  if (!yields || !meta.expiresAt || Date.parse(meta.expiresAt) - now < leadMs(meta)) return undefined;
  return { meta, yields };
}
