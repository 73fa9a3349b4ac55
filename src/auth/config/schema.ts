// The parts of the config schema every kind shares (zod). Each kind's own settings schema lives
// in its folder and builds on `nodeSchema`; all of this loads only when a config file is parsed,
// never on the cached fast path.
import { z } from 'zod';
import { parseDuration } from '../duration.js';
import { urlProblem } from '../net.js';

export const url = z.string().superRefine((value, ctx) => {
  const problem = urlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `URL ${problem}` });
});

// Durations the loader checks itself (session.duration, refresh), with the limits in its message.
const duration = z.union([z.string(), z.number()]);

/** A kind's own duration setting, checked here. */
export const durationSetting = duration.superRefine((value, ctx) => {
  if (parseDuration(value) === undefined)
    ctx.addIssue({ code: 'custom', message: `invalid duration ${JSON.stringify(value)}: use 900, 30s, 15m or 12h` });
});

/** How sessions are renewed ahead of expiry (README, "Automatic refresh"); every key optional. */
const refreshKeys = {
  ahead: duration.optional(),
  retries: z.int().min(0).max(10).optional(),
  backoff: duration.optional(),
};

export const refreshSchema = z.strictObject({ ...refreshKeys, check_interval: duration.optional() });

export const via = z
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
  session: z
    .strictObject({ duration: duration.optional(), refresh: z.strictObject(refreshKeys).optional() })
    .optional(),
};

/** A node's schema: the common keys plus the kind's own. */
export function nodeSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject({ ...common, ...shape });
}

export const keyringSchema = z.strictObject({
  type: z.enum(['system', 'file', 'memory']).optional(),
  spec: z.strictObject({ path: z.string().optional(), password_env: z.string().optional() }).optional(),
});

export const filesSchema = z.strictObject({ base_path: z.string().optional() });

/** Browser sign-ins: print the link (the default, it works over SSH), or also open it. */
export const browserSchema = z.enum(['print', 'open']);

/** `auth.session_cache`: false keeps no short-lived copy of session credentials (session-cache.ts). */
export const sessionCacheSchema = z.boolean();

/** A registry host as image references name it: HOST[:PORT] (no scheme, no path). */
const registryHost = z
  .string()
  .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/, 'a registry host is HOST or HOST:PORT');

/** `auth.integrations.NAME` (the kinds authui acts on; Atmos's `aws/ecr` spelling). */
export const integrationSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('aws/ecr'),
    via,
    spec: z.strictObject({
      auto_provision: z.boolean().optional(),
      registry: z.strictObject({
        account_id: z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits'),
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as eu-west-1'),
        /** Another name for the registry (a pull-through alias, a private endpoint, a test). */
        host: registryHost.optional(),
      }),
    }),
  }),
  z.strictObject({
    kind: z.literal('registry'),
    via,
    spec: z.strictObject({
      registry: z.strictObject({ host: registryHost }),
      username: z
        .string()
        .regex(/^[^\s:]{1,100}$/, 'a user name without spaces or colons')
        .optional(),
    }),
  }),
]);
