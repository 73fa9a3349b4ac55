import type { z } from 'zod';
import { durationSetting, nodeSchema } from '../../../config/schema.js';
import { keyFieldsShape } from '../../fields-schema.js';
import { FIELDS } from './fields.js';

export const schema = nodeSchema({ ...keyFieldsShape(FIELDS), rotate_after: durationSetting.optional() });

export type Settings = z.infer<typeof schema> & { workspace?: string; region?: string; base_url?: string };
