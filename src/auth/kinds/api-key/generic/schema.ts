import { z } from 'zod';
import { nodeSchema, url } from '../../../config/schema.js';

export const schema = nodeSchema({
  base_url: url.optional(),
  /** How the key is sent: `Name: value` with `{key}` where the key goes. */
  header: z
    .string()
    .regex(/^[A-Za-z0-9-]+:\s*.*\{key\}.*$/, 'a header like "Authorization: Bearer {key}" or "X-Api-Key: {key}"')
    .optional(),
  /** A path under base_url that answers 2xx to a valid key: checked before the key is saved. */
  test_path: z.string().regex(/^\//, 'a path starting with "/"').optional(),
  description: z.string().optional(),
});

export type Settings = z.infer<typeof schema>;
