import { loginNotImplemented } from './not-implemented.js';
import { hostOf, str } from './settings.js';
import type { KindModule } from './types.js';

export const oidc: KindModule = {
  kind: 'oidc',
  role: 'provider',
  label: 'OIDC',
  describe: (node) => ({ subject: hostOf(str(node, 'issuer')) }),
  authenticate: loginNotImplemented,
};
