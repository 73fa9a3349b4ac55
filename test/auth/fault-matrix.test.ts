// Every network peer × every transport fault, in one shape: STS (aws/user's GetSessionToken,
// through kinds/aws/query.ts and its retries), IAM Identity Center (client registration), the token
// service (password sign-in) and an API-key vendor (the key check). Each fault persists through
// every attempt. Each case ends in the right error code, retryable, naming the endpoint in what
// the user reads, within the timeout, with no stack trace, no second prompt for a code or keys,
// and nothing lost or half-stored. (OIDC's faults are in kinds/oidc-faults.test.ts, at the fetch
// its library is given.)
import { testEngine } from '../helpers/engine.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/auth/config/parse.js';
import type { Config } from '../../src/auth/config/types.js';
import { type Engine } from '../../src/auth/engine.js';
import { isAuthError, type AuthError } from '../../src/auth/errors.js';
import type { CredentialStore } from '../../src/auth/stores/types.js';
import { MemoryStore } from '../../src/auth/stores/memory.js';
import { renderError } from '../../src/cli/errors.js';
import type { Fault, FaultQueue } from '../../src/demo/faults.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { FakeSso } from '../servers/sso.js';
import { FakeSts } from '../servers/sts.js';
import { FakeTokenService } from '../servers/token-service.js';
import { FakeVendors } from '../servers/vendors.js';

const TIMEOUT_MS = 300;
const MFA = 'arn:aws:iam::111122223333:mfa/dev';
const AWS_KEYS = { accessKeyId: 'AKIAFAULTMATRIX00001', secretAccessKey: 'CANARY-fault-matrix-aws-secret-0000000' };
const PASSWORD = 'CANARY-fault-matrix-password';
const API_KEY = 'sk-proj-CANARY-fault-matrix-key';

const sts = new FakeSts();
const sso = new FakeSso(sts);
const tokenService = new FakeTokenService();
const vendors = new FakeVendors();
beforeAll(async () => {
  await Promise.all([sts.start(), sso.start(), tokenService.start(), vendors.start()]);
  sts.addUser({ ...AWS_KEYS, userName: 'dev', account: '111122223333', mfaSerial: MFA, mfaCode: '123456' });
  tokenService.addUser('ada', PASSWORD);
  vendors.openai.set(API_KEY, {});
});
afterAll(async () => {
  await Promise.all([sts.stop(), sso.stop(), tokenService.stop(), vendors.stop()]);
});

interface Peer {
  name: string;
  url: () => string;
  faults: () => FaultQueue;
  /** The faulted call is `where` (an action or a path); STS is tried three times. */
  where: string;
  config: () => string;
  /** What is stored before the login (long-term keys the fault must not cost). */
  seed?(store: CredentialStore): Promise<void>;
  /** The answers a login needs up to the faulted call. */
  answers: Record<string, string>[];
}

const PEERS: Peer[] = [
  {
    name: 'STS',
    url: () => sts.url,
    faults: () => sts.faults,
    where: 'GetSessionToken',
    config: () => `identities:\n    dev: { kind: aws/user, credentials: { region: eu-west-1, mfa_arn: "${MFA}" } }`,
    seed: (store) => store.set('identity:dev/long-term', JSON.stringify({ ...AWS_KEYS, mfaArn: MFA })),
    answers: [{ code: '123456' }],
  },
  {
    name: 'IAM Identity Center',
    url: () => sso.url,
    faults: () => sso.faults,
    where: '/client/register',
    config: () =>
      'providers:\n    dev: { kind: aws/iam-identity-center, region: eu-central-1, start_url: https://acme.awsapps.com/start }',
    answers: [],
  },
  {
    name: 'token service',
    url: () => tokenService.url,
    faults: () => tokenService.faults,
    where: '/api/v1/token/',
    config: () => `providers:\n    dev: { kind: token-service, base_url: "${tokenService.url}", username: ada }`,
    answers: [{ password: PASSWORD }],
  },
  {
    name: 'API-key vendor',
    url: () => vendors.url,
    faults: () => vendors.faults,
    where: '/openai/v1/models',
    config: () => `providers:\n    dev: { kind: api-key/openai, base_url: "${vendors.url}/openai/v1" }`,
    answers: [{ api_key: API_KEY }],
  },
];

const FAULTS: [string, AuthError['code'], Fault][] = [
  ['HTTP 500', 'server_error', { kind: 'status', status: 500 }],
  ['HTTP 503 with Retry-After', 'server_error', { kind: 'status', status: 503, retryAfter: 7 }],
  ['a throttle', 'rate_limited', { kind: 'throttle', retryAfter: 3 }],
  ['a reset connection', 'network', { kind: 'drop' }],
  ['an answer slower than the timeout', 'timeout', { kind: 'slow', ms: TIMEOUT_MS * 4 }],
  ['a hang that never answers', 'timeout', { kind: 'hang' }],
  ['an HTML error page', 'server_error', { kind: 'html' }],
  ['a truncated body', 'server_error', { kind: 'truncated' }],
];

async function engineFor(peer: Peer): Promise<{ engine: Engine; store: MemoryStore }> {
  const { config, issues } = await parseConfigText(`auth:\n  ${peer.config()}\n`, 'c.yaml', 'authui');
  expect(issues).toEqual([]);
  const env = isolatedEnv(tempDir(), {
    AUTHUI_NETWORK_TIMEOUT_MS: String(TIMEOUT_MS),
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_SSO_OIDC: sso.url,
    AWS_ENDPOINT_URL_SSO: sso.url,
  });
  const store = new MemoryStore();
  const engine = testEngine({ config: config as Config, store, env });
  return { engine, store };
}

describe.each(PEERS)('$name under faults', (peer) => {
  it.each(FAULTS)('%s → %s', async (_what, code, fault) => {
    const { engine, store } = await engineFor(peer);
    await peer.seed?.(store);
    const before = await store.list();
    const queue = peer.faults();
    for (let attempt = 0; attempt < 3; attempt++) queue.push(fault, peer.where);
    const prompter = new ScriptedPrompter([...peer.answers]);
    // A rate-limited key check offers to store the key unchecked: the answer here is no.
    prompter.confirm = async () => false;
    const started = performance.now();
    const error = await engine.login('dev', prompter).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    queue.clear();

    expect(isAuthError(error), String(error)).toBe(true);
    const failure = error as AuthError;
    expect(failure.code).toBe(code);
    expect(failure.retryable).toBe(true);
    expect(failure.context.endpoint).toBe(peer.url());
    const shown = renderError(failure);
    expect(shown).toContain(new URL(peer.url()).host);
    expect(shown).not.toMatch(/\n\s+at /);
    for (const secret of [AWS_KEYS.secretAccessKey, PASSWORD, API_KEY]) expect(shown).not.toContain(secret);
    // The wait the server asked for is kept (the refresh manager honours it), never slept through.
    if ('retryAfter' in fault && fault.retryAfter) expect(failure.retryAfterMs).toBe(fault.retryAfter * 1000);
    // Within the timeout: at most three attempts of it, with backoff between them.
    expect(elapsed).toBeLessThan(3 * (TIMEOUT_MS + 1_000));
    // Never a second prompt for a code or new keys on a transient fault; nothing gained or lost.
    expect(prompter.asked).toHaveLength(peer.answers.length);
    expect(await store.list()).toEqual(before);
  });
});
