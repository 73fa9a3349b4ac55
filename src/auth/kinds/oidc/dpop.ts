// Sender-constrained tokens (RFC 9449): where the provider advertises DPoP and `dpop` is not
// off, each sign-in gets an ES256 key pair that lives in the credential store beside the tokens
// it binds (the refresh token included, as RFC 9700 §2.2.2 asks of public clients). A request
// the server answers with `use_dpop_nonce` is sent once more with the nonce it gave.
import type { webcrypto } from 'node:crypto';

type JsonWebKey = webcrypto.JsonWebKey;
import type { Provider } from './server.js';

/** A key pair as the store keeps it (JWK, private part included). */
export interface StoredKeyPair {
  privateKey: JsonWebKey;
  publicKey: JsonWebKey;
}

const ALG = 'ES256';
const IMPORT = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export function parseStoredKeyPair(value: unknown): StoredKeyPair | undefined {
  const v = value as { privateKey?: { kty?: unknown; d?: unknown }; publicKey?: { kty?: unknown } } | null;
  if (v?.privateKey?.kty !== 'EC' || typeof v.privateKey.d !== 'string' || v.publicKey?.kty !== 'EC') return undefined;
  return v as StoredKeyPair;
}

/** Whether this sign-in binds its tokens: the provider offers ES256 DPoP and the node does not opt out. */
export function usesDpop(p: Provider): boolean {
  return p.settings.dpop !== 'off' && (p.as.dpop_signing_alg_values_supported ?? []).includes(ALG);
}

export async function newKeyPair(
  p: Provider,
): Promise<{ handle: import('oauth4webapi').DPoPHandle; stored: StoredKeyPair }> {
  const pair = await p.oauth.generateKeyPair(ALG, { extractable: true });
  const [privateKey, publicKey] = await Promise.all([
    crypto.subtle.exportKey('jwk', pair.privateKey),
    crypto.subtle.exportKey('jwk', pair.publicKey),
  ]);
  return { handle: p.oauth.DPoP(p.client, pair), stored: { privateKey, publicKey } };
}

export async function handleFor(p: Provider, stored: StoredKeyPair): Promise<import('oauth4webapi').DPoPHandle> {
  const [privateKey, publicKey] = await Promise.all([
    crypto.subtle.importKey('jwk', stored.privateKey, IMPORT, false, ['sign']),
    crypto.subtle.importKey('jwk', stored.publicKey, IMPORT, true, ['verify']),
  ]);
  return p.oauth.DPoP(p.client, { privateKey, publicKey });
}

/** Runs a DPoP request, and once more when the server asks for a fresh nonce. */
export async function withNonceRetry<T>(p: Provider, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!p.oauth.isDPoPNonceError(error)) throw error;
    return work();
  }
}
