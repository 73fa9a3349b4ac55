// The rules for handing a tool a session's credentials, or a token minted from them, from the
// session cache alone, without the credential store or a renewal: the engine's
// (LoginService.credentials, Handout.mintKept) and the session-cache answers' (src/answer-main.ts).
import type { Yields } from '../credential-types.js';
import type { MintOptions, SessionMeta } from '../kind.js';
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

/** A kept mint is handed out again only with at least this long left (kubectl uses it until its end). */
const MINT_REUSE_MS = 5 * 60_000;

/** What a mint is kept under beside its session: what it is and the options it was made with. */
export function mintKey(what: string, options: MintOptions): string {
  return [what, ...Object.entries(options).map(([k, v]) => `${k}=${v ?? ''}`)].join(';');
}

/** A kept mint (session-cache.ts, readDerived) worth handing out again at `now`. */
export function reusableMint(
  kept: { yields: Yields; expiresAt: string } | undefined,
  now: number,
): { token: string; expiresAt: number } | undefined {
  const token = kept?.yields.minted;
  const expiresAt = kept ? Date.parse(kept.expiresAt) : Number.NaN;
  return token && expiresAt - now > MINT_REUSE_MS ? { token, expiresAt } : undefined;
}
