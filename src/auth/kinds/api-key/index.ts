// api-key/* (providers): API keys of OpenAI, Anthropic, Hugging Face and any HTTP API. Shown and
// tracked; the login flow is not built yet.
import { hostOf } from '../../net.js';
import { notImplemented } from '../not-implemented.js';
import { defineKind, type AnyKind } from '../types.js';
import type { Settings } from './schema.js';

function apiKey(vendor: string, label: string): AnyKind {
  return defineKind<Settings, never>({
    kind: `api-key/${vendor}`,
    role: 'provider',
    label,
    schema: async () => {
      const schemas = await import('./schema.js');
      return vendor === 'generic' ? schemas.genericSchema : schemas.vendorSchema;
    },
    ...notImplemented,
    describe: (settings) => ({
      subject: ('organization' in settings ? settings.organization : undefined) ?? hostOf(settings.base_url),
    }),
  });
}

export const apiKeyKinds: AnyKind[] = [
  apiKey('openai', 'OpenAI key'),
  apiKey('anthropic', 'Anthropic key'),
  apiKey('huggingface', 'HF token'),
  apiKey('generic', 'API key'),
];
