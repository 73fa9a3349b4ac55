import { z } from 'zod';
import { nodeSchema, url } from '../../config/schema.js';

export const schema = nodeSchema({ base_url: url, username: z.string().optional() });

export type Settings = z.infer<typeof schema>;
