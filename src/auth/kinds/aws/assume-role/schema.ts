import { z } from 'zod';
import { nodeSchema, via } from '../../../config/schema.js';
import { ROLE_ARN } from '../arn.js';
import { region } from '../schema.js';

export const schema = nodeSchema({
  via,
  principal: z.strictObject({
    assume_role: z.string().regex(ROLE_ARN, 'expected arn:aws:iam::<12 digits>:role/<name>'),
    session_name: z
      .string()
      .regex(/^[\w+=,.@-]{2,64}$/, '2–64 characters from letters, digits and +=,.@_-')
      .optional(),
    external_id: z.string().min(2).max(1224).optional(),
    region: region.optional(),
  }),
});

export type Settings = z.infer<typeof schema>;
