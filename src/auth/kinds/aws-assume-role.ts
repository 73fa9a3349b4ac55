import { loginNotImplemented } from './not-implemented.js';
import { accountOfArn, str } from './settings.js';
import type { KindModule } from './types.js';

export const awsAssumeRole: KindModule = {
  kind: 'aws/assume-role',
  role: 'identity',
  label: 'AWS role',
  via: {
    kinds: ['aws/user', 'aws/assume-role', 'aws/permission-set', 'aws/iam-identity-center'],
  },
  duration: { default: 3600, min: 15 * 60, max: () => 12 * 3600, chainedMax: 3600 },
  describe: (node) => ({
    account: accountOfArn(str(node, 'principal', 'assume_role')),
    region: str(node, 'principal', 'region'),
    subject: str(node, 'principal', 'assume_role')?.replace(/^.*:role\//, 'role/'),
  }),
  authenticate: loginNotImplemented,
};
