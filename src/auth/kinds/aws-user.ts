import { loginNotImplemented } from './not-implemented.js';
import { accountOfArn, str } from './settings.js';
import type { KindModule } from './types.js';

const HOUR = 3600;

export const awsUser: KindModule = {
  kind: 'aws/user',
  role: 'identity',
  label: 'AWS user',
  duration: {
    default: 12 * HOUR,
    min: 15 * 60,
    // GetSessionToken allows 36h only for sessions backed by MFA.
    max: (node) => (str(node, 'credentials', 'mfa_arn') ? 36 * HOUR : 12 * HOUR),
  },
  describe: (node) => ({
    account: accountOfArn(str(node, 'credentials', 'mfa_arn')),
    region: str(node, 'credentials', 'region'),
  }),
  authenticate: loginNotImplemented,
};
