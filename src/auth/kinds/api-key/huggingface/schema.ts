import { z } from 'zod';
import { durationSetting, nodeSchema, url } from '../../../config/schema.js';

export const schema = nodeSchema({
  organization: z.string().optional(),
  base_url: url.optional(),
  /** `[write]`: a read-only token is refused at login. */
  scopes: z.array(z.enum(['read', 'write'])).optional(),
  rotate_after: durationSetting.optional(),
});

export type Settings = z.infer<typeof schema>;
