// api-key/openai, anthropic, huggingface (providers): shown and tracked; their vendor-specific
// login and validation are not built yet (api-key/generic is, in its own folder).
import { hostOf } from '../../net.js';
import { notImplemented } from '../not-implemented.js';
import { defineKind, type AnyKind } from '../types.js';
import type { Settings } from './schema.js';

function apiKey(vendor: string, label: string): AnyKind {
  return defineKind<Settings, never>({
    kind: `api-key/${vendor}`,
    role: 'provider',
    label,
    schema: async () => (await import('./schema.js')).vendorSchema,
    ...notImplemented,
    describe: (settings) => ({ subject: settings.organization ?? hostOf(settings.base_url) }),
  });
}

export const apiKeyKinds: AnyKind[] = [
  apiKey('openai', 'OpenAI key'),
  apiKey('anthropic', 'Anthropic key'),
  apiKey('huggingface', 'HF token'),
];
