import { z } from 'zod';
import { durationSetting, nodeSchema } from '../../../config/schema.js';
import { keyFieldsShape } from '../../fields-schema.js';
import { FIELDS } from './fields.js';

export const schema = nodeSchema({
  ...keyFieldsShape(FIELDS),
  /** `[write]`: a read-only token is refused at login. */
  scopes: z.array(z.enum(['read', 'write'])).optional(),
  rotate_after: durationSetting.optional(),
});

export type Settings = z.infer<typeof schema> & { organization?: string; base_url?: string };
