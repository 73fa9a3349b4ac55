// smtp (provider): an SMTP account. Shown and tracked; the login flow is not built yet.
import { notImplemented } from '../not-implemented.js';
import { defineKind } from '../types.js';
import type { Settings } from './schema.js';

export const smtp = defineKind<Settings, never>({
  kind: 'smtp',
  role: 'provider',
  label: 'SMTP',
  schema: async () => (await import('./schema.js')).schema,
  ...notImplemented,
  describe: ({ host, port, username }) => ({ subject: username ? `${username}@${host}:${port}` : `${host}:${port}` }),
});
