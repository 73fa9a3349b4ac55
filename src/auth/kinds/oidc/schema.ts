import { z } from 'zod';
import { nodeSchema, url } from '../../config/schema.js';
import { PRESETS, type PresetName } from './presets.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name like OIDC_ACCESS_TOKEN');

/** Endpoints given by hand, for plain OAuth 2 servers without discovery. */
const endpoints = {
  authorization_endpoint: url.optional(),
  token_endpoint: url.optional(),
  userinfo_endpoint: url.optional(),
  revocation_endpoint: url.optional(),
  device_authorization_endpoint: url.optional(),
};

export const schema = nodeSchema({
  preset: z.enum(Object.keys(PRESETS) as [PresetName, ...PresetName[]]).optional(),
  issuer: url.optional(),
  ...endpoints,
  client_id: z.string().min(1),
  flow: z.enum(['auto', 'device', 'pkce', 'client_credentials']).optional(),
  scopes: z.array(z.string().min(1)).optional(),
  audience: z.string().optional(),
  /** Extra authorization request parameters (`prompt`, `login_hint`, `acr_values`…). */
  params: z.record(z.string(), z.string()).optional(),
  /** A registered loopback port, when the provider does not accept any port. */
  redirect_port: z.int().min(1).max(65535).optional(),
  loopback_host: z.enum(['127.0.0.1', 'localhost', '[::1]']).optional(),
  /** The redirect path on the loopback listener (some registrations name one). */
  redirect_path: z
    .string()
    .regex(/^\/[\w\-./]*$/, 'a path starting with "/"')
    .optional(),
  /** Whether the client authenticates with a secret (asked in the form, kept in the store). */
  client_secret: z.enum(['none', 'optional', 'required']).optional(),
  dpop: z.enum(['auto', 'off']).optional(),
  /** Send a PKCE challenge (some GitHub Enterprise Server versions lack PKCE). */
  pkce: z.boolean().optional(),
  claims: z.strictObject({ subject: z.string().min(1) }).optional(),
  /** The variable `exec` sets to the access token. */
  token_env: envName.optional(),
  // Preset settings.
  tenant: z
    .string()
    .regex(/^[\w.-]+$/, 'a tenant id, a domain, or common / organizations / consumers')
    .optional(),
  domain: z.string().min(1).optional(),
  /** Entra: the tenant needs an administrator's consent; login shows the URL an admin approves authui at. */
  admin_consent: z.boolean().optional(),
  base_url: url.optional(),
}).superRefine((settings, ctx) => {
  const manual = settings.token_endpoint !== undefined;
  if (settings.preset === undefined && settings.issuer === undefined && !manual)
    ctx.addIssue({
      code: 'custom',
      path: ['issuer'],
      message: 'needs an "issuer" (for discovery), a "token_endpoint" (endpoints by hand), or a "preset"',
    });
  if (settings.issuer !== undefined && manual)
    ctx.addIssue({
      code: 'custom',
      path: ['token_endpoint'],
      message: 'give either "issuer" (discovery) or the endpoints by hand, not both',
    });
  if (settings.preset === 'entra' && settings.tenant === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['tenant'],
      message: 'the entra preset needs a "tenant": common, organizations, consumers, or your tenant id or domain',
    });
  for (const key of ['tenant', 'domain', 'admin_consent'] as const) {
    const owner = key === 'domain' ? 'google' : 'entra';
    if (settings[key] !== undefined && settings.preset !== owner)
      ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" applies only to preset: ${owner}` });
  }
});

export type Settings = z.infer<typeof schema>;
