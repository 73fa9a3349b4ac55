// api-key/generic (provider): a key for any HTTP API, kept only in the credential store. When
// base_url and test_path are configured the key is checked before it is saved (a 2xx answer with
// the key in the configured header); otherwise it is saved as given. Keys do not expire.
import { AuthError } from '../../../errors.js';
import { request, type HttpCall } from '../../../http.js';
import { hostOf } from '../../../net.js';
import {
  defineKind,
  type KindContext,
  type Session,
  type TestContext,
  type TestResult,
  type Yields,
} from '../../types.js';
import type { Settings } from './schema.js';

const DEFAULT_HEADER = 'Authorization: Bearer {key}';
const ATTEMPTS = 3;

interface KeySecret {
  key: string;
}

function parseSecret(value: unknown): KeySecret | undefined {
  const key = (value as { key?: unknown } | null)?.key;
  return typeof key === 'string' && key !== '' ? { key } : undefined;
}

function header(settings: Settings, key: string): Record<string, string> {
  const [name, ...rest] = (settings.header ?? DEFAULT_HEADER).split(':');
  return { [(name as string).trim()]: rest.join(':').trim().replace('{key}', key) };
}

/** GET base_url + test_path with the key: true for 2xx, false for 401/403; transport faults throw. */
async function check(settings: Settings, key: string, call: HttpCall): Promise<boolean> {
  const url = new URL(settings.test_path as string, settings.base_url).toString();
  const { status } = await request(call, url, { method: 'GET', headers: header(settings, key) });
  if (status >= 200 && status < 300) return true;
  if (status === 401 || status === 403) return false;
  throw new AuthError('server_error', `${hostOf(url)} answered the key check with HTTP ${status}`, {
    hint: 'Check base_url and test_path in the configuration.',
    context: call.context,
  });
}

function callOf(
  ctx: { node: { name: string }; settings: Settings; fetch: typeof fetch; env: KindContext['env'] },
  now: () => number,
): HttpCall {
  const endpoint = ctx.settings.base_url ? new URL(ctx.settings.base_url).origin : undefined;
  return { fetch: ctx.fetch, env: ctx.env, context: { provider: ctx.node.name, endpoint }, now };
}

async function authenticate(ctx: KindContext<Settings>): Promise<Session<KeySecret>> {
  const validates = ctx.settings.base_url !== undefined && ctx.settings.test_path !== undefined;
  for (let attempt = 1; ; attempt++) {
    const answers = await ctx.prompter.ask({
      title: `API key for ${ctx.node.name}`,
      description:
        attempt > 1
          ? 'That key was rejected. Paste it again.'
          : validates
            ? `Checked against ${hostOf(ctx.settings.base_url)} before it is saved; kept only in the credential store.`
            : 'Kept only in the credential store (no test_path configured, so it is not checked).',
      fields: [{ name: 'api_key', title: 'API key', required: true, secret: true, kind: 'secret' }],
    });
    const key = (answers.api_key ?? '').trim();
    if (validates && !(await check(ctx.settings, key, callOf(ctx, ctx.clock.now)))) {
      if (attempt < ATTEMPTS) continue;
      throw new AuthError('invalid_credentials', `${hostOf(ctx.settings.base_url)} rejected the API key`, {
        hint: `Check the key and run "authui login ${ctx.node.name}" again.`,
        context: callOf(ctx, ctx.clock.now).context,
        recoverable: true,
      });
    }
    return {
      meta: { obtainedAt: new Date(ctx.clock.now()).toISOString(), server: hostOf(ctx.settings.base_url) },
      secret: { key },
    };
  }
}

async function test(yields: Yields, ctx: TestContext): Promise<TestResult> {
  const settings = ctx.node.settings as Settings;
  if (!settings.base_url || !settings.test_path)
    throw new AuthError('usage', `"${ctx.node.name}" has no test_path to check the key against`, {
      hint: 'Set base_url and test_path in the configuration.',
    });
  const ok = await check(settings, yields.apiKey as string, callOf({ ...ctx, settings }, Date.now));
  if (!ok)
    throw new AuthError('invalid_credentials', `${hostOf(settings.base_url)} rejected the API key`, {
      hint: `Run "authui login ${ctx.node.name}" to enter a new one.`,
      recoverable: true,
    });
  return { facts: [{ key: 'server', label: 'Server', value: hostOf(settings.base_url) as string }] };
}

export const apiKeyGeneric = defineKind<Settings, KeySecret>({
  kind: 'api-key/generic',
  role: 'provider',
  label: 'API key',
  schema: async () => (await import('./schema.js')).schema,
  provides: ['apiKey'],
  parseSecret,
  yields: (secret) => ({ apiKey: secret.key }),
  reenterable: true,
  describe: (settings) => ({ subject: settings.description, server: hostOf(settings.base_url) }),
  env: {
    variables: ({ node }): Record<string, string> => {
      const base = (node.settings as Settings).base_url;
      return base ? { AUTHUI_API_BASE_URL: base } : {};
    },
    secrets: (yields): Record<string, string> => (yields.apiKey ? { AUTHUI_API_KEY: yields.apiKey } : {}),
  },
  test,
  authenticate,
});
