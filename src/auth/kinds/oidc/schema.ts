import { z } from 'zod';
import { nodeSchema, url } from '../../config/schema.js';

export const schema = nodeSchema({
  issuer: url,
  client_id: z.string().min(1),
  flow: z.enum(['device', 'pkce']).optional(),
  scopes: z.array(z.string().min(1)).optional(),
  audience: z.string().optional(),
});

export type Settings = z.infer<typeof schema>;
