import type { z } from 'zod';
import { nodeSchema, url } from '../../../config/schema.js';
import { filesSpec, region } from '../schema.js';

export const schema = nodeSchema({ region, start_url: url, ...filesSpec });

export type Settings = z.infer<typeof schema>;
