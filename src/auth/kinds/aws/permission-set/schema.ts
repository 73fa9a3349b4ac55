import { z } from 'zod';
import { nodeSchema, via } from '../../../config/schema.js';
import { region } from '../schema.js';

export const schema = nodeSchema({
  via,
  principal: z.strictObject({
    name: z.string().min(1),
    account: z
      .strictObject({
        id: z
          .string()
          .regex(/^\d{12}$/, 'expected a 12-digit account id')
          .optional(),
        name: z.string().optional(),
      })
      .refine((a) => a.id !== undefined || a.name !== undefined, { message: 'account needs an "id" or a "name"' }),
    region: region.optional(),
  }),
});

export type Settings = z.infer<typeof schema>;
