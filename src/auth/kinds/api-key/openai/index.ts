// api-key/openai (provider): an OpenAI API key, checked with GET {base_url}/models (with the
// organization and project headers when set) before it is stored.
import { baseUrlOf, checkFailure, defined, defineKeyKind, modelFacts, type KeyVendor } from '../key-kind.js';
import { FIELDS } from './fields.js';
import type { Settings } from './schema.js';

const vendor: KeyVendor<Settings> = {
  kind: 'api-key/openai',
  label: 'OpenAI key',
  defaultBaseUrl: 'https://api.openai.com/v1',
  schema: async () => (await import('./schema.js')).schema,
  fields: FIELDS,
  keysPage: 'https://platform.openai.com/api-keys',
  async check(settings, secret, http) {
    const url = `${baseUrlOf(vendor, settings)}/models`;
    const { status, body } = await http.get(url, {
      authorization: `Bearer ${secret.key}`,
      ...(settings.organization ? { 'openai-organization': settings.organization } : {}),
      ...(settings.project ? { 'openai-project': settings.project } : {}),
    });
    if (status === 200) {
      return {
        subject: settings.project ?? settings.organization,
        facts: modelFacts(body),
      };
    }
    // OpenAI's error object: { error: { message, type, code } }. Its message quotes part of the key: never shown.
    const code = (body.error as { code?: unknown } | undefined)?.code;
    throw checkFailure(status, url, http.context, {
      rejected:
        code === 'mismatched_organization'
          ? `the key does not belong to organization ${settings.organization ?? '(none set)'}`
          : code === 'mismatched_project'
            ? `the key does not belong to project ${settings.project ?? '(none set)'}`
            : 'OpenAI rejected the key: revoked or mistyped',
      forbidden: 'the key may not list models: give a restricted key the "Models: read" permission',
    });
  },
  describe: (settings) => ({ subject: settings.project ?? settings.organization }),
  variables: (settings) =>
    defined({
      OPENAI_ORG_ID: settings.organization,
      OPENAI_PROJECT_ID: settings.project,
      OPENAI_BASE_URL: settings.base_url,
    }),
  secrets: (_settings, secret) => ({ OPENAI_API_KEY: secret.key }),
};

export const apiKeyOpenai = defineKeyKind(vendor);
