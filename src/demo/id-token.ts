// What a relying party does with an ID token it is handed (the fake STS's web identity, the test
// API server's kubectl users): the signature against the issuer's published keys, the audience
// it trusts for that issuer, and the expiry.
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { fetch } from '../auth/fetch.js';

/** The issuer and subject of a valid token, or why it is not valid. */
export async function verifyIdToken(
  token: string,
  audienceFor: (issuer: string) => string | undefined,
  now: number,
): Promise<{ iss: string; sub: string } | string> {
  const [head, payload, signature] = token.split('.');
  if (!head || !payload || !signature) return 'the token is not a JWT';
  let header: { alg?: string; kid?: string };
  let claims: { iss?: string; sub?: string; aud?: string | string[]; exp?: number };
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return 'the token is not a JWT';
  }
  const audience = claims.iss ? audienceFor(claims.iss) : undefined;
  if (!claims.iss || audience === undefined) return `the issuer ${claims.iss} is not trusted`;
  try {
    const discovery = (await (await fetch(`${claims.iss}/.well-known/openid-configuration`)).json()) as {
      jwks_uri: string;
    };
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: (JsonWebKey & { kid?: string })[] };
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    if (!jwk) return 'no key with that kid';
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const data = Buffer.from(`${head}.${payload}`);
    const sig = Buffer.from(signature, 'base64url');
    const ok =
      header.alg === 'RS256'
        ? verify('RSA-SHA256', data, key, sig)
        : header.alg === 'ES256'
          ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig)
          : header.alg === 'EdDSA'
            ? verify(null, data, key, sig)
            : false;
    if (!ok) return 'bad signature';
  } catch (error) {
    return `could not verify: ${(error as Error).message}`;
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(audience)) return 'wrong audience';
  if (!claims.exp || claims.exp * 1000 <= now) return 'expired';
  return { iss: claims.iss, sub: claims.sub ?? '' };
}
