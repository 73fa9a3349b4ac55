// The zod side of an API-key kind's field schema (fields.ts): loaded only when a config file is
// parsed. A secret field written in the config is an error with the reason.
import { z } from 'zod';
import { url } from '../config/schema.js';
import type { KeyField } from './fields.js';

export function keyFieldsShape(fields: readonly KeyField[]): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) {
    if (f.secret)
      shape[f.name] = z
        .unknown()
        .refine((value) => value === undefined, {
          message: `${f.name} is a secret: it is entered at login ("authui login NAME") and kept in the credential store, never in the config file`,
        })
        .optional();
    else if (f.name === 'base_url') shape[f.name] = url.optional();
    else shape[f.name] = (f.pattern ? z.string().regex(f.pattern.regex, f.pattern.hint) : z.string()).optional();
  }
  return shape;
}
