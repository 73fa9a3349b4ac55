// Reads a JWT's claims without checking its signature: only to learn when a token expires, for
// tokens whose server stays the authority on whether they are valid.
import { dateMs } from './time-bounds.js';

/** The payload of a JWT, or undefined when the text is not one. */
function claimsOf(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const seconds = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value * 1000 : undefined;

/**
 * When a JWT expires on our clock, which may be minutes off the server's: `exp - iat` from `now`
 * when the token says when it was issued (no clock comparison at all), else `exp` moved by the
 * server's clock skew measured from its answer (src/auth/http.ts). Undefined without `exp`.
 */
export function jwtExpiry(token: string, now: number, serverSkewMs = 0): number | undefined {
  const claims = claimsOf(token);
  const exp = seconds(claims?.exp);
  if (exp === undefined) return undefined;
  const iat = seconds(claims?.iat);
  return dateMs(iat !== undefined && iat <= exp ? now + (exp - iat) : exp - serverSkewMs);
}
