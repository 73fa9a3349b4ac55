// api-key/generic (provider): a key (or key + secret) for any HTTP API. With base_url and
// test_path it is checked before it is saved (a 2xx answer with the key in the configured
// header); without, it is saved and shown as not validated.
import { baseUrlOf, checkFailure, defined, defineKeyKind, type KeyVendor } from '../key-kind.js';
import { FIELDS } from './fields.js';
import type { Settings } from './schema.js';

const DEFAULT_HEADER = 'Authorization: Bearer {key}';

function header(settings: Settings, key: string, secret: string | undefined): Record<string, string> {
  const [name, ...rest] = (settings.header ?? DEFAULT_HEADER).split(':');
  const value = rest
    .join(':')
    .trim()
    .replace('{key}', key)
    .replace('{secret}', secret ?? '');
  return { [(name as string).trim()]: value };
}

const vendor: KeyVendor<Settings> = {
  kind: 'api-key/generic',
  label: 'API key',
  schema: async () => (await import('./schema.js')).schema,
  fields: FIELDS,
  canCheck: (settings) => settings.base_url !== undefined && settings.test_path !== undefined,
  async check(settings, secret, http) {
    const url = `${baseUrlOf(vendor, settings)}${settings.test_path}`;
    const { status } = await http.get(url, header(settings, secret.key, secret.secret));
    if (status >= 200 && status < 300) return { subject: settings.description };
    throw checkFailure(status, url, http.context);
  },
  describe: (settings) => ({ subject: settings.description }),
  variables: (settings) => defined({ [settings.env?.base_url ?? 'AUTHUI_API_BASE_URL']: settings.base_url }),
  secrets: (settings, secret) => ({
    [settings.env?.key ?? 'AUTHUI_API_KEY']: secret.key,
    ...(secret.secret ? { [settings.env?.secret ?? 'AUTHUI_API_SECRET']: secret.secret } : {}),
  }),
};

export const apiKeyGeneric = defineKeyKind(vendor);
