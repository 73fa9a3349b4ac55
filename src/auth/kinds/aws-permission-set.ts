import { loginNotImplemented } from './not-implemented.js';
import { str } from './settings.js';
import type { KindModule } from './types.js';

export const awsPermissionSet: KindModule = {
  kind: 'aws/permission-set',
  role: 'identity',
  label: 'AWS permission set',
  via: { kinds: ['aws/iam-identity-center'] },
  describe: (node) => ({
    account: str(node, 'principal', 'account', 'id') ?? str(node, 'principal', 'account', 'name'),
    region: str(node, 'principal', 'region'),
    subject: str(node, 'principal', 'name'),
  }),
  authenticate: loginNotImplemented,
};
