// Settings shapes the AWS kinds share (zod; loaded only when a config file is parsed).
import { z } from 'zod';

export const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as us-east-1');
