import { z } from 'zod';
import { durationSetting, nodeSchema, via } from '../../config/schema.js';
import { isLoopbackHost } from '../../net.js';
import { keyFieldsShape } from '../fields-schema.js';
import { FIELDS } from './fields.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

export const schema = nodeSchema({
  ...keyFieldsShape(FIELDS),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  tls: z.enum(['starttls', 'tls', 'none']).optional(),
  /** Send a password over a connection without TLS to a host that is not loopback. */
  allow_plaintext: z.boolean().optional(),
  auth: z.enum(['plain', 'login', 'xoauth2']).optional(),
  /** XOAUTH2: the oidc provider whose access token signs in. */
  via: via.optional(),
  /** A CA certificate file (PEM) for a server with a private certificate. */
  tls_ca: z.string().optional(),
  limits: z.strictObject({ daily: z.number().int().positive().optional() }).optional(),
  /** Names of the variables `exec` sets (defaults SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM). */
  env: z
    .strictObject({
      host: envName.optional(),
      port: envName.optional(),
      user: envName.optional(),
      password: envName.optional(),
      from: envName.optional(),
    })
    .optional(),
  rotate_after: durationSetting.optional(),
}).superRefine((settings, ctx) => {
  const password = (settings.auth ?? 'plain') !== 'xoauth2';
  if (settings.tls === 'none' && password && !isLoopbackHost(settings.host) && settings.allow_plaintext !== true)
    ctx.addIssue({
      code: 'custom',
      path: ['tls'],
      message: `tls: none would send the password to ${settings.host} in clear text; use starttls or tls, or set allow_plaintext: true`,
    });
  if (settings.auth === 'xoauth2' && !settings.via)
    ctx.addIssue({
      code: 'custom',
      path: ['via'],
      message: 'auth: xoauth2 needs via: { provider: <oidc provider> } for its token',
    });
});

export type Settings = z.infer<typeof schema> & { username?: string; from?: string };
