import { loginNotImplemented } from './not-implemented.js';
import { hostOf, str } from './settings.js';
import type { KindModule } from './types.js';

export const tokenService: KindModule = {
  kind: 'token-service',
  role: 'provider',
  label: 'Token service',
  describe: (node) => ({ subject: str(node, 'username') ?? hostOf(str(node, 'base_url')) }),
  authenticate: loginNotImplemented,
};
