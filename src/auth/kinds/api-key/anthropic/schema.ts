import { z } from 'zod';
import { durationSetting, nodeSchema, url } from '../../../config/schema.js';

export const schema = nodeSchema({
  /** Labels only: an Anthropic key belongs to one workspace, and the API has no selector for either. */
  workspace: z.string().optional(),
  region: z.string().optional(),
  base_url: url.optional(),
  rotate_after: durationSetting.optional(),
});

export type Settings = z.infer<typeof schema>;
