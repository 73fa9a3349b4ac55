import { loginNotImplemented } from './not-implemented.js';
import { str } from './settings.js';
import type { KindModule } from './types.js';

export const smtp: KindModule = {
  kind: 'smtp',
  role: 'provider',
  label: 'SMTP',
  describe: (node) => {
    const host = `${str(node, 'host') ?? '?'}:${str(node, 'port') ?? '?'}`;
    const user = str(node, 'username');
    return { subject: user ? `${user}@${host}` : host };
  },
  authenticate: loginNotImplemented,
};
