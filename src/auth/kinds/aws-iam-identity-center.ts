import { loginNotImplemented } from './not-implemented.js';
import { hostOf, str } from './settings.js';
import type { KindModule } from './types.js';

export const awsIamIdentityCenter: KindModule = {
  kind: 'aws/iam-identity-center',
  role: 'provider',
  label: 'AWS SSO',
  describe: (node) => ({ region: str(node, 'region'), subject: hostOf(str(node, 'start_url')) }),
  authenticate: loginNotImplemented,
};
