// Per-kind config schemas (zod). Loaded only when a config file is parsed, never on the
// cached fast path. Kind behaviour lives in src/auth/kinds; this file holds only the shape.
import { z } from 'zod';
import { MFA_ARN, ROLE_ARN } from '../aws/arn.js';
import { urlProblem } from '../net.js';

const url = z.string().superRefine((value, ctx) => {
  const problem = urlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `URL ${problem}` });
});
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as us-east-1');
const duration = z.union([z.string(), z.number()]);
const session = z.strictObject({ duration: duration.optional() });
const via = z
  .strictObject({ provider: z.string().optional(), identity: z.string().optional() })
  .refine((v) => (v.provider === undefined) !== (v.identity === undefined), {
    message: 'via needs exactly one of "provider" or "identity"',
  });

// Keys every node may carry; `alias` and `env` keep Atmos configs loadable.
const common = {
  kind: z.string(),
  default: z.boolean().optional(),
  alias: z.string().optional(),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  session: session.optional(),
};

const apiKeyProvider = z.strictObject({
  ...common,
  organization: z.string().optional(),
  base_url: url.optional(),
});

export const providerSchemas: Record<string, z.ZodType> = {
  'aws/iam-identity-center': z.strictObject({ ...common, region, start_url: url }),
  oidc: z.strictObject({
    ...common,
    issuer: url,
    client_id: z.string().min(1),
    flow: z.enum(['device', 'pkce']).optional(),
    scopes: z.array(z.string().min(1)).optional(),
    audience: z.string().optional(),
  }),
  'token-service': z.strictObject({ ...common, base_url: url, username: z.string().optional() }),
  'api-key/openai': apiKeyProvider,
  'api-key/anthropic': apiKeyProvider,
  'api-key/huggingface': apiKeyProvider,
  'api-key/generic': z.strictObject({
    ...common,
    base_url: url.optional(),
    header: z.string().optional(),
    description: z.string().optional(),
  }),
  smtp: z.strictObject({
    ...common,
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    tls: z.enum(['starttls', 'tls', 'none']).optional(),
    username: z.string().optional(),
  }),
};

export const identitySchemas: Record<string, z.ZodType> = {
  'aws/user': z.strictObject({
    ...common,
    credentials: z
      .strictObject({
        region: region.optional(),
        mfa_arn: z.string().regex(MFA_ARN, 'expected arn:aws:iam::<12 digits>:mfa/<name>').optional(),
      })
      .optional(),
  }),
  'aws/assume-role': z.strictObject({
    ...common,
    via,
    principal: z.strictObject({
      assume_role: z.string().regex(ROLE_ARN, 'expected arn:aws:iam::<12 digits>:role/<name>'),
      session_name: z
        .string()
        .regex(/^[\w+=,.@-]{2,64}$/, '2–64 characters from letters, digits and +=,.@_-')
        .optional(),
      external_id: z.string().min(2).max(1224).optional(),
      region: region.optional(),
    }),
  }),
  'aws/permission-set': z.strictObject({
    ...common,
    via,
    principal: z.strictObject({
      name: z.string().min(1),
      account: z
        .strictObject({ id: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id').optional(), name: z.string().optional() })
        .refine((a) => a.id !== undefined || a.name !== undefined, { message: 'account needs an "id" or a "name"' }),
      region: region.optional(),
    }),
  }),
};

export const keyringSchema = z.strictObject({
  type: z.enum(['system', 'file', 'memory']).optional(),
  spec: z.strictObject({ path: z.string().optional(), password_env: z.string().optional() }).optional(),
});

export const filesSchema = z.strictObject({ base_path: z.string().optional() });
