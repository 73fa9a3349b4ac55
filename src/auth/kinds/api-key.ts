import { loginNotImplemented } from './not-implemented.js';
import { hostOf, str } from './settings.js';
import type { KindModule } from './types.js';

function apiKey(vendor: string, label: string): KindModule {
  return {
    kind: `api-key/${vendor}`,
    role: 'provider',
    label,
    describe: (node) => ({ subject: str(node, 'organization') ?? hostOf(str(node, 'base_url')) }),
    authenticate: loginNotImplemented,
  };
}

export const apiKeyKinds: KindModule[] = [
  apiKey('openai', 'OpenAI key'),
  apiKey('anthropic', 'Anthropic key'),
  apiKey('huggingface', 'HF token'),
  apiKey('generic', 'API key'),
];
