import { z } from 'zod';
import { nodeSchema, url } from '../../../config/schema.js';
import { filesSpec, region } from '../schema.js';

export const schema = nodeSchema({
  region,
  start_url: url,
  // Atmos's name: the identities its user has are added at login, without a file change.
  auto_provision_identities: z.boolean().optional(),
  ...filesSpec,
});

export type Settings = z.infer<typeof schema>;
