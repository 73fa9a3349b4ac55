import { z } from 'zod';
import { durationSetting, nodeSchema } from '../../../config/schema.js';
import { keyFieldsShape } from '../../fields-schema.js';
import { FIELDS } from './fields.js';

export const schema = nodeSchema({
  ...keyFieldsShape(FIELDS),
  /**
   * What the token is for (read, write, space, model), shown in Detail; `write` also refuses a
   * read-only token at login.
   */
  scopes: z.array(z.enum(['read', 'write', 'space', 'model'])).optional(),
  rotate_after: durationSetting.optional(),
});

export type Settings = z.infer<typeof schema> & { organization?: string; base_url?: string };
