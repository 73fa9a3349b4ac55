import { z } from 'zod';
import { nodeSchema, url } from '../../config/schema.js';

export const vendorSchema = nodeSchema({ organization: z.string().optional(), base_url: url.optional() });

export type Settings = z.infer<typeof vendorSchema>;
