// token-service (provider): username/password → access and refresh tokens. Shown and tracked;
// the login flow is not built yet.
import { hostOf } from '../../net.js';
import { notImplemented } from '../not-implemented.js';
import { defineKind } from '../types.js';
import type { Settings } from './schema.js';

export const tokenService = defineKind<Settings, never>({
  kind: 'token-service',
  role: 'provider',
  label: 'Token service',
  schema: async () => (await import('./schema.js')).schema,
  ...notImplemented,
  describe: (settings) => ({ subject: settings.username ?? hostOf(settings.base_url) }),
});
