// api-key/anthropic (provider): an Anthropic API key, checked with GET {base_url}/v1/models
// (x-api-key, anthropic-version) before it is stored. `workspace` and `region` are labels.
import { baseUrlOf, checkFailure, defined, defineKeyKind, modelFacts, type KeyVendor } from '../key-kind.js';
import { FIELDS } from './fields.js';
import type { Settings } from './schema.js';

const vendor: KeyVendor<Settings> = {
  kind: 'api-key/anthropic',
  label: 'Anthropic key',
  defaultBaseUrl: 'https://api.anthropic.com',
  schema: async () => (await import('./schema.js')).schema,
  fields: FIELDS,
  keysPage: 'https://console.anthropic.com/settings/keys',
  async check(settings, secret, http) {
    const url = `${baseUrlOf(vendor, settings)}/v1/models`;
    const { status, body } = await http.get(url, { 'x-api-key': secret.key, 'anthropic-version': '2023-06-01' });
    if (status === 200) {
      return {
        subject: settings.workspace,
        facts: modelFacts(body),
      };
    }
    // { type: "error", error: { type: "authentication_error" | "permission_error" | … } }
    throw checkFailure(status, url, http.context, {
      rejected: 'Anthropic rejected the key (authentication_error): revoked or mistyped',
      forbidden: 'the key may not list models (permission_error)',
    });
  },
  describe: (settings) => ({ subject: settings.workspace, region: settings.region }),
  variables: (settings) => defined({ ANTHROPIC_BASE_URL: settings.base_url }),
  secrets: (_settings, secret) => ({ ANTHROPIC_API_KEY: secret.key }),
};

export const apiKeyAnthropic = defineKeyKind(vendor);
