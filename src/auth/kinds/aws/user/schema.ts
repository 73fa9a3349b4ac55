import { z } from 'zod';
import { nodeSchema } from '../../../config/schema.js';
import { MFA_ARN } from '../arn.js';
import { filesSpec, region } from '../schema.js';

export const schema = nodeSchema({
  ...filesSpec,
  credentials: z
    .strictObject({
      region: region.optional(),
      mfa_arn: z.string().regex(MFA_ARN, 'expected arn:aws:iam::<12 digits>:mfa/<name>').optional(),
    })
    .optional(),
});

export type Settings = z.infer<typeof schema>;
