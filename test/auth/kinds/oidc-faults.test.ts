// OIDC under faults, on top of the real provider: a network that fails in the ways real ones do
// (5xx, 429 with Retry-After, HTML instead of JSON, a hang, a dead host) and providers that ask
// for consent. Each ends in its error code, naming the endpoint, with a hint and no token; the
// discovery document is cached for a day and stands in when the network is down.
import { testEngine } from '../../helpers/engine.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import type { Config } from '../../../src/auth/config/types.js';
import { AuthError, exitCodeFor } from '../../../src/auth/errors.js';
import { renderError } from '../../../src/cli/errors.js';
import { MemoryStore } from '../../../src/auth/stores/memory.js';
import { ScriptedPrompter } from '../../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';
import { deliver, FakeOidc, OIDC_CLIENT_ID } from '../../servers/oidc.js';
import { fetch } from '../../../src/auth/fetch.js';
import { Response } from '../../../src/auth/http-message.js';

const op = new FakeOidc();
beforeAll(async () => {
  await op.start();
});
afterAll(async () => {
  await op.stop();
});

type Fault = (url: string) => Response | 'hang' | 'dead' | undefined;

/** The real network, except where `fault` answers for a URL. */
function faulty(fault: Fault): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    const answer = fault(url);
    if (answer === 'dead') throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    if (answer === 'hang')
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)),
      );
    return answer ?? fetch(input, init);
  };
}

async function engineWith(fault: Fault, env = isolatedEnv(tempDir(), { AUTHUI_NETWORK_TIMEOUT_MS: '300' })) {
  const { config } = await parseConfigText(
    `auth:\n  providers:\n    corp: { kind: oidc, issuer: "${op.issuer}", client_id: ${OIDC_CLIENT_ID}, flow: pkce }\n`,
    'c.yaml',
    'authui',
  );
  const store = new MemoryStore();
  return {
    engine: testEngine({ config: config as Config, store, fetch: faulty(fault), env }),
    env,
    store,
    config: config as Config,
  };
}

const isDiscovery = (url: string) => url.endsWith('/.well-known/openid-configuration');
const isToken = (url: string) => url.endsWith('/token');

function signInBrowser() {
  const prompter = new ScriptedPrompter([]);
  prompter.onDeviceCode = (p) => void op.signIn(p.verificationUri).then(deliver);
  return prompter;
}

describe('oidc under faults', () => {
  it.each([
    [
      'HTTP 500 on discovery',
      (url: string) => (isDiscovery(url) ? new Response('oops', { status: 500 }) : undefined),
      'server_error',
      true,
    ],
    ['a dead network', (url: string) => (isDiscovery(url) ? 'dead' : undefined), 'network', true],
    ['a hang past the timeout', (url: string) => (isDiscovery(url) ? 'hang' : undefined), 'timeout', true],
    [
      'an HTML page instead of the discovery document',
      (url: string) =>
        isDiscovery(url)
          ? new Response('<html>login</html>', { status: 200, headers: { 'content-type': 'text/html' } })
          : undefined,
      'invalid_config',
      false,
    ],
    [
      'HTTP 503 with Retry-After on discovery',
      (url: string) =>
        isDiscovery(url) ? new Response('busy', { status: 503, headers: { 'retry-after': '7' } }) : undefined,
      'server_error',
      true,
    ],
    [
      'a discovery document cut in half',
      (url: string) =>
        isDiscovery(url)
          ? new Response(`{"issuer":"${op.issuer}","authorization_endpoint":"${op.issuer}/au`, {
              headers: { 'content-type': 'application/json' },
            })
          : undefined,
      'server_error',
      true,
    ],
    [
      'HTTP 500 at the token endpoint',
      (url: string) => (isToken(url) ? new Response('oops', { status: 500 }) : undefined),
      'server_error',
      true,
    ],
    [
      'a token answer cut in half',
      (url: string) =>
        isToken(url)
          ? new Response('{"access_token":"abc","token_ty', { headers: { 'content-type': 'application/json' } })
          : undefined,
      'server_error',
      true,
    ],
    ['a reset connection at the token endpoint', (url: string) => (isToken(url) ? 'dead' : undefined), 'network', true],
    ['a hang at the token endpoint', (url: string) => (isToken(url) ? 'hang' : undefined), 'timeout', true],
  ] as [string, Fault, string, boolean][])('$0 ends in $2', async (_name, fault, code, retryable) => {
    const { engine } = await engineWith(fault);
    const error = (await engine.login('corp', signInBrowser()).catch((e: unknown) => e)) as Record<string, unknown>;
    expect(error).toMatchObject({ code, retryable, context: { provider: 'corp' } });
    expect(String(error.context && (error.context as { endpoint?: string }).endpoint)).toContain(op.issuer);
    expect(renderError(error)).toContain(new URL(op.issuer).host);
    if (_name.includes('Retry-After')) expect(error.retryAfterMs).toBe(7_000);
    expect(error.hint).toEqual(expect.any(String));
    expect(String(error.stack ?? '')).not.toContain('authorization_code');
  });

  it('a discovery document for another issuer is invalid_config with the fix', async () => {
    const { engine } = await engineWith((url) =>
      isDiscovery(url)
        ? new Response(
            JSON.stringify({
              issuer: 'https://elsewhere.example.com',
              authorization_endpoint: 'x',
              token_endpoint: 'y',
            }),
            { headers: { 'content-type': 'application/json' } },
          )
        : undefined,
    );
    await expect(engine.login('corp', signInBrowser())).rejects.toMatchObject({
      code: 'invalid_config',
      hint: 'Check "issuer" in the configuration (it must match the document\'s "issuer" exactly).',
    });
  });

  it('429 with Retry-After at the token endpoint is rate_limited and keeps the wait', async () => {
    const { engine } = await engineWith((url) =>
      isToken(url) ? new Response('slow down', { status: 429, headers: { 'retry-after': '30' } }) : undefined,
    );
    const error = (await engine.login('corp', signInBrowser()).catch((e: unknown) => e)) as { retryAfterMs?: number };
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(error.retryAfterMs).toBeGreaterThan(28_000);
  });

  it('consent_required from the provider names the URL to visit and needs a login (exit 3)', async () => {
    const { engine } = await engineWith(() => undefined);
    const prompter = new ScriptedPrompter([]);
    prompter.onDeviceCode = (p) => {
      const url = new URL(p.verificationUri);
      const back = new URL(url.searchParams.get('redirect_uri') as string);
      back.searchParams.set('error', 'consent_required');
      back.searchParams.set('state', url.searchParams.get('state') as string);
      back.searchParams.set('iss', op.issuer);
      void deliver(back.href);
    };
    const error = await engine.login('corp', prompter).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'consent_required',
      hint: expect.stringMatching(
        new RegExp(`^Visit ${op.issuer}/auth\\?.* to give consent, then run "authui login corp"\\.$`),
      ),
    });
    expect(exitCodeFor(error)).toBe(3);
  });

  it('discovery is cached: a second sign-in asks no discovery, and a stale cache stands in when the network is down', async () => {
    const env = isolatedEnv(tempDir());
    let discoveries = 0;
    const counting: Fault = (url) => {
      if (isDiscovery(url)) discoveries++;
      return undefined;
    };
    const first = await engineWith(counting, env);
    await first.engine.login('corp', signInBrowser());
    await first.engine.login('corp', signInBrowser());
    expect(discoveries).toBe(1);
    // A day later (the cache is stale), with discovery unreachable: the stale document stands in.
    let refused = 0;
    const offline = testEngine({
      config: first.config,
      store: first.store,
      clock: { now: () => Date.now() + 25 * 3600_000 },
      fetch: faulty((url) => (isDiscovery(url) ? (refused++, 'dead') : undefined)),
      env,
    });
    const renewed = await offline.refresh('corp');
    expect(refused).toBe(1);
    expect(renewed.meta.subject).toBe('ada');
  });
  it('a device code whose verification link is no https link is refused before it is shown', async () => {
    const { config } = await parseConfigText(
      `auth:\n  providers:\n    corp: { kind: oidc, issuer: "${op.issuer}", client_id: ${OIDC_CLIENT_ID}, flow: device }\n`,
      'c.yaml',
      'authui',
    );
    for (const links of [
      { verification_uri_complete: 'file:///etc/passwd' },
      { verification_uri: 'javascript:alert(1)' },
      { verification_uri: 'http://evil.example.com/device' },
    ]) {
      // The real provider's answer, its links replaced.
      const hostile: typeof fetch = async (input, init) => {
        const answer = await fetch(input, init);
        if (!String(input).endsWith('/device/auth')) return answer;
        const body = { ...(JSON.parse(await answer.text()) as object), ...links };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      };
      const engine = testEngine({
        config: config as Config,
        store: new MemoryStore(),
        fetch: hostile,
        env: isolatedEnv(tempDir()),
      });
      const prompter = new ScriptedPrompter([]);
      await expect(engine.login('corp', prompter), JSON.stringify(links)).rejects.toMatchObject({
        code: 'server_error',
        message: `${new URL(op.issuer).host} sent a verification link that is not https`,
      });
      expect(prompter.deviceCodes).toEqual([]);
    }
  });
  it('an error_description of megabytes is cut to what a screen can show, saying how much was left out', async () => {
    const { engine } = await engineWith((url) =>
      isToken(url)
        ? new Response(JSON.stringify({ error: 'access_denied', error_description: `${'A'.repeat(3_000_000)}!` }), {
            status: 400,
            headers: { 'content-type': 'application/json' },
          })
        : undefined,
    );
    const error = (await engine.login('corp', signInBrowser()).catch((e: unknown) => e)) as AuthError;
    expect(error.code).toBe('access_denied');
    expect(error.explanation).toBe(`${'A'.repeat(4_000)}… (2996001 more characters)`);
    expect(renderError(error).length).toBeLessThan(5_000);
    // Cut between characters, never inside a surrogate pair.
    const emoji = new AuthError('server_error', `a${'😀'.repeat(600)}`);
    expect(emoji.message).toBe(`a${'😀'.repeat(499)}… (202 more characters)`);
  });
});
