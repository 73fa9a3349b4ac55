// What every API-key kind shares (docs/architecture.md, "API keys"): the key is asked for in the
// credential form (masked), checked with the vendor before anything is stored (a rejected key is
// asked again, three tries; a rate-limited check may store it unvalidated, on request), kept
// only in the credential store, and handed to tools through the kind's exports. A vendor module
// says how to check a key and what to export; nothing else differs.
import { AuthError, type AuthErrorContext } from '../../errors.js';
import { jsonObject, request, type HttpCall } from '../../http.js';
import type { HttpAnswer } from '../../http-message.js';
import { hostOf, urlOrigin } from '../../net.js';
import { enteredSettings, formFields, rotateAfterMs, settingFacts, type KeyField } from '../fields.js';
import {
  defineKind,
  type AnyKind,
  type KindContext,
  type RotateContext,
  type RotateReport,
  type Session,
  type SessionMeta,
} from '../../kind.js';
import { localDateTime } from '../../duration.js';
import type { Yields } from '../../credential-types.js';
import type { z } from 'zod';
import { isoTime } from '../../iso-time.js';

interface KeySecret {
  key: string;
  /** The second half of a key + secret pair (api-key/generic with `with_secret`). */
  secret?: string;
}

/** What the vendor said about an accepted key. */
interface KeyCheck {
  subject?: string;
  facts?: { label: string; value: string }[];
}

interface KeySettings {
  base_url?: string;
  rotate_after?: string | number;
}

export interface KeyVendor<Settings extends KeySettings> {
  kind: string;
  label: string;
  /** Where the vendor's API lives when `base_url` is not set. */
  defaultBaseUrl?: string;
  schema(): Promise<z.ZodType>;
  /** Its field schema: the config schema, the form, and Detail all come from it (fields.ts). */
  fields: readonly KeyField[];
  /** False when this node has nothing to check the key against (it is stored unvalidated). */
  canCheck?(settings: Settings): boolean;
  /**
   * An environment variable whose key a login takes instead of asking (Hugging Face's HF_TOKEN,
   * as its own tools do): checked like a typed key; a rejected one leads to the form.
   */
  envKey?: string;
  /** Where the vendor's keys are made and revoked (a rotation sends the user there). */
  keysPage?: string;
  /** Asks the vendor whether it takes the key; throws the AuthError that says why not. */
  check(settings: Settings, secret: KeySecret, http: KeyHttp): Promise<KeyCheck>;
  describe(settings: Settings): { subject?: string; region?: string; server?: string };
  variables(settings: Settings): Record<string, string>;
  secrets(settings: Settings, secret: KeySecret): Record<string, string>;
}

/** The HTTP side of a check: GET a path under the base URL with headers; 2xx/4xx come back. */
interface KeyHttp {
  get(
    url: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: HttpAnswer['headers'] }>;
  context: AuthErrorContext;
}

const ATTEMPTS = 3;

function parseSecret(value: unknown): KeySecret | undefined {
  const v = value as { key?: unknown; secret?: unknown } | null;
  if (typeof v?.key !== 'string' || v.key === '') return undefined;
  return typeof v.secret === 'string' && v.secret !== '' ? { key: v.key, secret: v.secret } : { key: v.key };
}

/**
 * A refusal's JSON when there is one (an error page reads as `{}`, its status says enough). A
 * success must be the vendor's JSON: a proxy's or captive portal's page never validates a key.
 */
function checkBody(reply: { status: number; text: string }, url: string, context: AuthErrorContext) {
  if (reply.status < 300) return jsonObject(reply, url, context, 'Check base_url in the configuration.');
  try {
    const body: unknown = JSON.parse(reply.text);
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function keyHttp(node: { name: string }, baseUrl: string, call: Omit<HttpCall, 'context'>): KeyHttp {
  const context: AuthErrorContext = { provider: node.name, endpoint: new URL(baseUrl).origin };
  return {
    context,
    get: async (url, headers) => {
      const reply = await request({ ...call, context }, url, {
        method: 'GET',
        headers: { accept: 'application/json', ...headers },
      });
      return { status: reply.status, body: checkBody(reply, url, context), headers: reply.headers };
    },
  };
}

/** The errors every vendor shares for its check's answer; a vendor adds its own words first. */
export function checkFailure(
  status: number,
  url: string,
  context: AuthErrorContext,
  words: { rejected?: string; forbidden?: string } = {},
): AuthError {
  const host = hostOf(url) ?? url;
  if (status === 401)
    return new AuthError('invalid_credentials', words.rejected ?? `${host} rejected the key: revoked or mistyped`, {
      hint: 'Check the key (copy it again from the vendor) and enter it again.',
      context,
      recoverable: true,
    });
  if (status === 403)
    return new AuthError('permission_denied', words.forbidden ?? `${host} accepted the key but refused the check`, {
      hint: 'Give the key the permission named above, or use another key.',
      context,
      recoverable: true,
    });
  if (status === 404)
    return new AuthError('invalid_config', `${url} does not exist (HTTP 404)`, {
      hint: 'Check base_url in the configuration.',
      context,
    });
  return new AuthError('server_error', `${host} answered the key check with HTTP ${status}`, {
    hint: 'Check base_url in the configuration.',
    context,
  });
}

/** A models list answer (OpenAI, Anthropic) as the facts a check reports. */
export function modelFacts(body: Record<string, unknown>): { label: string; value: string }[] {
  return Array.isArray(body.data) ? [{ label: 'Models', value: String(body.data.length) }] : [];
}

/** The variables that have a value (exports list only what is set). */
export function defined(vars: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => e[1] !== undefined));
}

export function baseUrlOf<Settings extends KeySettings>(vendor: KeyVendor<Settings>, settings: Settings): string {
  return (settings.base_url ?? vendor.defaultBaseUrl ?? '').replace(/\/$/, '');
}

export function defineKeyKind<Settings extends KeySettings>(vendor: KeyVendor<Settings>): AnyKind {
  type Context = KindContext<Settings>;
  const httpFor = (ctx: Pick<Context, 'node' | 'settings' | 'fetch' | 'env' | 'clock'>) =>
    keyHttp(ctx.node, baseUrlOf(vendor, ctx.settings), { fetch: ctx.fetch, env: ctx.env, now: () => ctx.clock.now() });
  const canCheck = (settings: Settings) => vendor.canCheck?.(settings) ?? true;

  function stored(
    ctx: Context,
    secret: KeySecret,
    check: KeyCheck | undefined,
    entered: Record<string, string>,
  ): Session<KeySecret> {
    const now = isoTime(ctx.clock.now());
    const meta: SessionMeta = {
      obtainedAt: now,
      server: hostOf(baseUrlOf(vendor, ctx.settings)),
      ...(Object.keys(entered).length ? { fields: entered } : {}),
      ...(check ? { validatedAt: now, subject: check.subject, facts: check.facts } : { unvalidated: true }),
    };
    return { meta, secret };
  }

  /**
   * A key rotated the only way a vendor allows, by the user: make a new key at the vendor, enter
   * it here; it is checked before it replaces the stored one (a refused key changes nothing),
   * and the report says where to revoke the old one, which authui cannot do.
   */
  async function rotate(ctx: RotateContext): Promise<RotateReport> {
    const settings = ctx.node.settings as Settings;
    const host = hostOf(baseUrlOf(vendor, settings));
    const where = vendor.keysPage ?? `where it was issued (${host})`;
    const used = ctx.lastUsedAt
      ? `It was last handed out on ${localDateTime(ctx.lastUsedAt)} (token or exec).`
      : 'authui has not handed it out since it was stored.';
    if (ctx.dryRun)
      return {
        ok: true,
        lines: [
          `Would ask for a new key for "${ctx.node.name}" (made at ${where}), check it with ${host}, store it in place of the current one, and say where to revoke the old one. Nothing was changed.`,
          used,
        ],
      };
    ctx.prompter.notice(`Make a new key at ${where}; the current one stays until the new one is checked.`);
    const answers = await ctx.prompter.ask({
      title: `New ${vendor.label} for ${ctx.node.name}`,
      description: canCheck(settings)
        ? `Checked with ${host} before it replaces the stored one.`
        : 'Stored in place of the current one; it will show as not validated.',
      fields: formFields(
        vendor.fields.filter((f) => f.secret),
        settings,
      ),
    });
    const secret = parseSecret({ key: answers.api_key?.trim(), secret: answers.secret?.trim() }) as KeySecret;
    const check = canCheck(settings)
      ? await vendor.check(
          settings,
          secret,
          keyHttp(ctx.node, baseUrlOf(vendor, settings), {
            fetch: ctx.fetch,
            env: ctx.env,
            now: () => ctx.clock.now(),
          }),
        )
      : undefined;
    const now = isoTime(ctx.clock.now());
    const meta: SessionMeta = {
      obtainedAt: now,
      server: host,
      ...(check ? { validatedAt: now, subject: check.subject, facts: check.facts } : { unvalidated: true }),
    };
    return {
      ok: true,
      session: { meta, secret },
      lines: [
        check
          ? `✓ ${host} accepted the new key`
          : '– The new key is not checked (nothing configured to check it against)',
        `✓ Stored it in ${ctx.secrets.backend} in place of the old one`,
        `! Revoke the old key at ${where}: until then it still works. ${used}`,
      ],
    };
  }

  async function authenticate(ctx: Context): Promise<Session<KeySecret>> {
    const host = hostOf(baseUrlOf(vendor, ctx.settings));
    const fromEnv = vendor.envKey && !ctx.reenter ? ctx.env[vendor.envKey]?.trim() : undefined;
    for (let attempt = 1; ; attempt++) {
      const verify = !ctx.noVerify && canCheck(ctx.settings);
      if (fromEnv && attempt === 1) {
        ctx.prompter.notice(`Using the key in ${vendor.envKey} for ${ctx.node.name}`);
        const secret = { key: fromEnv };
        if (!verify) return stored(ctx, secret, undefined, {});
        try {
          return stored(ctx, secret, await vendor.check(ctx.settings, secret, httpFor(ctx)), {});
        } catch (error) {
          if (!(error instanceof AuthError) || error.code !== 'invalid_credentials') throw error;
          ctx.prompter.notice(`${error.message} (the key in ${vendor.envKey}); enter one instead.`, 'warning');
          continue;
        }
      }
      const answers = await ctx.prompter.ask({
        title: `${vendor.label} for ${ctx.node.name}`,
        description:
          attempt > 1
            ? 'That key was rejected. Enter it again.'
            : verify
              ? `Checked with ${host} before it is saved; kept only in the credential store.`
              : 'Kept only in the credential store; it will show as not validated.',
        fields: formFields(vendor.fields, ctx.settings),
      });
      const secret = parseSecret({ key: answers.api_key?.trim(), secret: answers.secret?.trim() }) as KeySecret;
      // Non-secret answers that differ from the config (an organization typed at login) go with the session.
      const entered = enteredSettings(vendor.fields, ctx.settings, answers);
      const settings = { ...ctx.settings, ...entered };
      if (!verify) return stored(ctx, secret, undefined, entered);
      try {
        return stored(ctx, secret, await vendor.check(settings, secret, httpFor({ ...ctx, settings })), entered);
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        if (error.code === 'invalid_credentials' && attempt < ATTEMPTS) continue;
        // A throttled check says nothing against the key: the user may keep it, marked unvalidated.
        if (
          error.code === 'rate_limited' &&
          (await ctx.prompter.confirm(
            `${host} is limiting requests, so the key could not be checked. Store it unvalidated?`,
          ))
        )
          return stored(ctx, secret, undefined, entered);
        throw error;
      }
    }
  }

  return defineKind<Settings, KeySecret>({
    kind: vendor.kind,
    role: 'provider',
    label: vendor.label,
    schema: vendor.schema,
    provides: ['apiKey'],
    parseSecret,
    yields: (secret) => ({ apiKey: secret.key, ...(secret.secret ? { apiSecret: secret.secret } : {}) }),
    reenterable: true,
    binding: (settings) => ({ origin: urlOrigin(baseUrlOf(vendor, settings)) }),
    describe: (settings) => ({
      server: hostOf(baseUrlOf(vendor, settings)),
      ...vendor.describe(settings),
      facts: settingFacts(vendor.fields, settings),
    }),
    rotation: rotateAfterMs,
    env: {
      variables: ({ node }) => vendor.variables(node.settings as Settings),
      secretNames: (node) => Object.keys(vendor.secrets(node.settings as Settings, { key: 'k', secret: 's' })),
      secrets: (yields: Yields, _meta, node) =>
        yields.apiKey
          ? vendor.secrets(node.settings as Settings, { key: yields.apiKey, secret: yields.apiSecret })
          : {},
    },
    rotate,
    test: async (yields, ctx) => {
      const settings = ctx.node.settings as Settings;
      if (!canCheck(settings))
        throw new AuthError('usage', `"${ctx.node.name}" has nothing to check its key against`, {
          hint: 'Set base_url and test_path in the configuration.',
        });
      const check = await vendor.check(
        settings,
        { key: yields.apiKey as string, secret: yields.apiSecret },
        keyHttp(ctx.node, baseUrlOf(vendor, settings), { fetch: ctx.fetch, env: ctx.env, now: Date.now }),
      );
      return {
        facts: [
          ...(check.subject ? [{ key: 'subject', label: 'Subject', value: check.subject }] : []),
          ...(check.facts ?? []).map((f) => ({ key: f.label.toLowerCase(), ...f })),
        ],
      };
    },
    authenticate,
  });
}
