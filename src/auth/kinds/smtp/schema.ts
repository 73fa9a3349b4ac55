import { z } from 'zod';
import { nodeSchema } from '../../config/schema.js';

export const schema = nodeSchema({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  tls: z.enum(['starttls', 'tls', 'none']).optional(),
  username: z.string().optional(),
});

export type Settings = z.infer<typeof schema>;
