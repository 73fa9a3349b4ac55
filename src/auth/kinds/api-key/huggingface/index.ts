// api-key/huggingface (provider): a Hugging Face access token, checked with GET
// {base_url}/api/whoami-v2 before it is stored; a login takes the token in HF_TOKEN, as the Hub's
// own tools do, before it asks. That endpoint is deliberately rate-limited, so its answer (user,
// orgs, the token's role, the rate limits its headers state) is kept with the session and never
// asked on `status`.
import { AuthError } from '../../../errors.js';
import type { HttpAnswer } from '../../../http-message.js';
import { baseUrlOf, checkFailure, defined, defineKeyKind, type KeyVendor } from '../key-kind.js';
import { FIELDS } from './fields.js';
import type { Settings } from './schema.js';

interface WhoAmI {
  name?: unknown;
  orgs?: { name?: unknown }[];
  auth?: { accessToken?: { role?: unknown; displayName?: unknown } };
}

/**
 * The rate limits the answer's headers state (the IETF RateLimit fields the Hub sends, or the
 * older X-RateLimit ones), as they were at the check: Detail shows them beside the user.
 */
function rateLimitFacts(headers: HttpAnswer['headers']): { label: string; value: string }[] {
  const policy = headers.get('ratelimit-policy');
  const now = headers.get('ratelimit');
  const limit = headers.get('x-ratelimit-limit');
  const remaining = headers.get('x-ratelimit-remaining');
  const value = [policy && `policy ${policy}`, now, limit && `limit ${limit}`, remaining && `remaining ${remaining}`]
    .filter(Boolean)
    .join('; ');
  return value ? [{ label: 'Rate limit', value: value.slice(0, 200) }] : [];
}

const vendor: KeyVendor<Settings> = {
  kind: 'api-key/huggingface',
  label: 'HF token',
  defaultBaseUrl: 'https://huggingface.co',
  schema: async () => (await import('./schema.js')).schema,
  fields: FIELDS,
  keysPage: 'https://huggingface.co/settings/tokens',
  envKey: 'HF_TOKEN',
  async check(settings, secret, http) {
    const url = `${baseUrlOf(vendor, settings)}/api/whoami-v2`;
    const { status, body, headers } = await http.get(url, { authorization: `Bearer ${secret.key}` });
    if (status !== 200)
      throw checkFailure(status, url, http.context, {
        rejected: 'Hugging Face rejected the token: revoked or mistyped',
      });
    const who = body as WhoAmI;
    const role = typeof who.auth?.accessToken?.role === 'string' ? who.auth.accessToken.role : 'unknown';
    if (settings.scopes?.includes('write') && role === 'read')
      throw new AuthError('permission_denied', 'the token is read-only, and the configuration asks for write', {
        hint: 'Create a token with the "write" role (or fine-grained write permissions), or drop scopes: [write].',
        context: http.context,
        recoverable: true,
      });
    const orgs = (who.orgs ?? []).map((o) => o.name).filter((n): n is string => typeof n === 'string');
    if (settings.organization && !orgs.includes(settings.organization))
      throw new AuthError('permission_denied', `the token's user is not a member of ${settings.organization}`, {
        hint: `Orgs of this user: ${orgs.join(', ') || 'none'}.`,
        context: http.context,
        recoverable: true,
      });
    const name = typeof who.name === 'string' ? who.name : undefined;
    return {
      subject: name,
      facts: [
        { label: 'Orgs', value: orgs.join(', ') || '—' },
        { label: 'Token role', value: role === 'fineGrained' ? 'fine-grained' : role },
        ...rateLimitFacts(headers),
      ],
    };
  },
  describe: (settings) => ({ subject: settings.organization }),
  variables: (settings) => defined({ HF_ENDPOINT: settings.base_url }),
  secrets: (_settings, secret) => ({ HF_TOKEN: secret.key }),
};

export const apiKeyHuggingface = defineKeyKind(vendor);
