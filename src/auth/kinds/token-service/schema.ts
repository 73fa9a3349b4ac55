import { z } from 'zod';
import { durationSetting, nodeSchema, url, via } from '../../config/schema.js';

const path = z.string().regex(/^\//, 'a path starting with "/"');

export const schema = nodeSchema({
  base_url: url,
  username: z.string().min(1).optional(),
  paths: z.strictObject({ token: path.optional(), refresh: path.optional(), ws_token: path.optional() }).optional(),
  /** Lifetime of an access token that carries no `exp`. */
  access_ttl: durationSetting.optional(),
  /** An api-key node that `token` and `exec` use when this session cannot be renewed. */
  fallback: via.optional(),
});

export type Settings = z.infer<typeof schema>;
