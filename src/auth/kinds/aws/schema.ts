// Settings shapes the AWS kinds share (zod; loaded only when a config file is parsed).
import { z } from 'zod';

export const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as us-east-1');

/**
 * `spec.files.base_path` (Atmos's name for it): where this chain root's AWS files go. Checked
 * by `validate` too: not empty or blank, no NUL or line break; `~` is expanded when it is used.
 */
const basePath = z
  .string()
  .refine((path) => path.trim() !== '', 'must not be empty')
  // eslint-disable-next-line no-control-regex -- NUL is what is looked for
  .refine((path) => !/[\u0000\r\n]/.test(path), 'must not contain a NUL or a line break');

export const filesSpec = {
  spec: z.strictObject({ files: z.strictObject({ base_path: basePath.optional() }).optional() }).optional(),
};
