import { z } from 'zod';
import { durationSetting, nodeSchema } from '../../../config/schema.js';
import { keyFieldsShape } from '../../fields-schema.js';
import { FIELDS } from './fields.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

export const schema = nodeSchema({
  ...keyFieldsShape(FIELDS),
  /** How the key is sent: `Name: value` with `{key}` (and `{secret}`) where they go. */
  header: z
    .string()
    .regex(/^[A-Za-z0-9-]+:\s*.*\{key\}.*$/, 'a header like "Authorization: Bearer {key}" or "X-Api-Key: {key}"')
    .optional(),
  /** A path under base_url that answers 2xx to a valid key: checked before the key is saved. */
  test_path: z.string().regex(/^\//, 'a path starting with "/"').optional(),
  /** Ask for a secret beside the key (key + secret pairs). */
  with_secret: z.boolean().optional(),
  /** Names of the variables `exec` sets (defaults AUTHUI_API_KEY, AUTHUI_API_SECRET, AUTHUI_API_BASE_URL). */
  env: z.strictObject({ key: envName.optional(), secret: envName.optional(), base_url: envName.optional() }).optional(),
  rotate_after: durationSetting.optional(),
}).superRefine((settings, ctx) => {
  // A check with nowhere to send it would store every key as "not validated" without a word.
  if (settings.test_path !== undefined && (settings as { base_url?: string }).base_url === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['test_path'],
      message: 'needs "base_url": the path is checked under it (without one the key is stored unchecked)',
    });
});

export type Settings = z.infer<typeof schema> & { base_url?: string; description?: string };
