// The oidc session secret as the store keeps it, checked field by field (a damaged entry is no
// session). Small and free of heavy imports: every command that lists sessions reads it.
import { parseStoredKeyPair, type StoredKeyPair } from './dpop.js';

export interface OidcSecret {
  accessToken: string;
  /** "Bearer", or "DPoP" when the tokens are bound to `dpopKey`. */
  tokenType?: string;
  idToken?: string;
  refreshToken?: string;
  dpopKey?: StoredKeyPair;
  /** Renewed by asking again with the client secret (no refresh token). */
  grant?: 'client_credentials';
}

const text = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);

export function parseSecret(value: unknown): OidcSecret | undefined {
  const v = value as Record<string, unknown> | null;
  if (typeof v?.accessToken !== 'string' || v.accessToken === '') return undefined;
  const dpopKey = v.dpopKey === undefined ? undefined : parseStoredKeyPair(v.dpopKey);
  if (v.dpopKey !== undefined && !dpopKey) return undefined;
  const secret: OidcSecret = { accessToken: v.accessToken };
  for (const key of ['tokenType', 'idToken', 'refreshToken'] as const) {
    const found = text(v[key]);
    if (found) secret[key] = found;
  }
  if (dpopKey) secret.dpopKey = dpopKey;
  if (v.grant === 'client_credentials') secret.grant = 'client_credentials';
  return secret;
}
