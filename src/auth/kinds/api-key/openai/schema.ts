import { z } from 'zod';
import { durationSetting, nodeSchema, url } from '../../../config/schema.js';

export const schema = nodeSchema({
  organization: z
    .string()
    .regex(/^org-[\w-]+$/, 'an organization id like org-abc123')
    .optional(),
  project: z
    .string()
    .regex(/^proj_[\w-]+$/, 'a project id like proj_abc123')
    .optional(),
  base_url: url.optional(),
  rotate_after: durationSetting.optional(),
});

export type Settings = z.infer<typeof schema>;
