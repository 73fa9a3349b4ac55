// The API-key kinds through the engine against loopback vendors shaped like OpenAI, Anthropic,
// Hugging Face and a generic API: checked before anything is stored, every refusal mapped to
// the shared error taxonomy, exports, --no-verify, rotation reminders, and no key anywhere but
// the store.
import { testEngine } from '../../helpers/engine.js';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import type { Config } from '../../../src/auth/config/types.js';
import { AuthError } from '../../../src/auth/errors.js';
import { resolvePaths } from '../../../src/auth/paths.js';
import { MemoryStore } from '../../../src/auth/stores/memory.js';
import { ScriptedPrompter } from '../../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';
import { FakeVendors } from '../../servers/vendors.js';

const OPENAI_KEY = 'sk-proj-CANARY-openai-1f2e3d4c5b6a';
const ANTHROPIC_KEY = 'sk-ant-CANARY-anthropic-7a8b9c';
const HF_READ = 'hf_CANARYreadonly0000';
const HF_WRITE = 'hf_CANARYwrite11111';
const GENERIC_KEY = 'CANARY-generic-key-77aa';
const vendors = new FakeVendors();

beforeAll(async () => {
  await vendors.start();
  vendors.openai.set(OPENAI_KEY, { organization: 'org-acme', projects: ['proj_web'] });
  vendors.anthropic.add(ANTHROPIC_KEY);
  vendors.hf.set(HF_READ, { user: 'ada', orgs: ['acme'], role: 'read' });
  vendors.hf.set(HF_WRITE, { user: 'ada', orgs: ['acme'], role: 'write' });
  vendors.generic.set(GENERIC_KEY, { header: 'x-api-key', value: GENERIC_KEY });
});
afterAll(() => vendors.stop());
beforeEach(() => {
  vendors.calls.length = 0;
});

async function engineFor(providers: string) {
  const text = `auth:\n  providers:\n${providers
    .trim()
    .split('\n')
    .map((l) => `    ${l.trim()}`)
    .join('\n')}\n`;
  const { config, issues } = await parseConfigText(text.replaceAll('VENDORS', vendors.url), 'c.yaml', 'authui');
  expect(issues).toEqual([]);
  const store = new MemoryStore();
  const env = isolatedEnv(tempDir());
  const clock = { t: Date.now(), now: () => clock.t };
  const engine = testEngine({ config: config as Config, store, clock, fetch, env });
  return { engine, store, env, clock };
}

const key = (...keys: string[]) => new ScriptedPrompter(keys.map((api_key) => ({ api_key })));

describe('api-key/openai', () => {
  const config =
    'openai: { kind: api-key/openai, organization: org-acme, project: proj_web, base_url: "VENDORS/openai/v1" }';

  it('checks the key with the organization and project headers, then stores it and exports it', async () => {
    const { engine, store } = await engineFor(config);
    await engine.login('openai', key(OPENAI_KEY));
    expect(vendors.calls).toEqual([{ path: '/openai/v1/models', status: 200 }]);
    expect(engine.list()[0]).toMatchObject({ state: 'active', subject: 'proj_web', expiresAt: undefined });
    expect((await engine.token('openai')).token).toBe(OPENAI_KEY);
    expect(await engine.exports('openai', { secrets: true })).toMatchObject({
      variables: {
        OPENAI_ORG_ID: 'org-acme',
        OPENAI_PROJECT_ID: 'proj_web',
        OPENAI_BASE_URL: `${vendors.url}/openai/v1`,
      },
      secrets: { OPENAI_API_KEY: OPENAI_KEY },
    });
    expect(await store.list()).toEqual(['provider:openai/session']);
    expect((await engine.test('openai')).facts).toContainEqual({ key: 'models', label: 'Models', value: '2' });
  });

  it('a rejected key is asked again; three rejections end in invalid_credentials with nothing stored', async () => {
    const { engine, store } = await engineFor(config);
    const prompter = key('sk-wrong-1', OPENAI_KEY);
    await engine.login('openai', prompter);
    expect(prompter.asked[1]?.description).toMatch(/rejected/);
    const other = await engineFor(config);
    const error = (await other.engine
      .login('openai', key('sk-a', 'sk-b', 'sk-c'))
      .catch((e: unknown) => e)) as AuthError;
    expect(error).toMatchObject({
      code: 'invalid_credentials',
      message: 'OpenAI rejected the key: revoked or mistyped',
    });
    // OpenAI's message quotes part of the key; authui's never does.
    expect(JSON.stringify(error)).not.toContain('sk-c');
    expect(await other.store.list()).toEqual([]);
    expect(await store.list()).toEqual(['provider:openai/session']);
  });

  it('says when the key belongs to another organization or project', async () => {
    const wrongOrg = await engineFor(
      'openai: { kind: api-key/openai, organization: org-other, base_url: "VENDORS/openai/v1" }',
    );
    await expect(wrongOrg.engine.login('openai', key(OPENAI_KEY, OPENAI_KEY, OPENAI_KEY))).rejects.toMatchObject({
      code: 'invalid_credentials',
      message: 'the key does not belong to organization org-other',
    });
    const wrongProject = await engineFor(
      'openai: { kind: api-key/openai, project: proj_other, base_url: "VENDORS/openai/v1" }',
    );
    await expect(wrongProject.engine.login('openai', key(OPENAI_KEY, OPENAI_KEY, OPENAI_KEY))).rejects.toMatchObject({
      message: 'the key does not belong to project proj_other',
    });
  });

  it('maps 403, 404, 429 and 5xx to the shared taxonomy', async () => {
    const restricted = 'sk-restricted-CANARY-0001';
    vendors.openai.set(restricted, { models: false });
    const { engine } = await engineFor('openai: { kind: api-key/openai, base_url: "VENDORS/openai/v1" }');
    await expect(engine.login('openai', key(restricted))).rejects.toMatchObject({
      code: 'permission_denied',
      message: expect.stringContaining('Models: read'),
    });
    const wrongBase = await engineFor('openai: { kind: api-key/openai, base_url: "VENDORS/nope/v1" }');
    await expect(wrongBase.engine.login('openai', key(OPENAI_KEY))).rejects.toMatchObject({
      code: 'invalid_config',
      hint: 'Check base_url in the configuration.',
    });
    vendors.failNext({ kind: 'status', status: 503 });
    await expect(engine.login('openai', key(OPENAI_KEY))).rejects.toMatchObject({
      code: 'server_error',
      retryable: true,
    });
  });

  it('a rate-limited check may store the key unvalidated, when the user says so', async () => {
    const { engine, store } = await engineFor(config);
    vendors.failNext({ kind: 'throttle', retryAfter: 20 });
    const declined = key(OPENAI_KEY);
    declined.confirm = async () => false;
    await expect(engine.login('openai', declined)).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 20_000,
    });
    expect(await store.list()).toEqual([]);
    vendors.failNext({ kind: 'throttle', retryAfter: 20 });
    await engine.login('openai', key(OPENAI_KEY));
    expect(engine.list()[0]?.state).toBe('unvalidated');
  });

  it('one field schema: the form asks the key and pre-fills the rest from config; a secret in config is an error', async () => {
    const { engine } = await engineFor(config);
    const prompter = key(OPENAI_KEY);
    await engine.login('openai', prompter);
    expect(prompter.asked[0]?.fields.map((f) => [f.name, f.secret, f.default])).toEqual([
      ['api_key', true, undefined],
      ['organization', false, 'org-acme'],
      ['project', false, 'proj_web'],
    ]);
    expect(prompter.asked[0]?.fields[1]?.validate?.('acme')).toBe('an organization id like org-abc123');
    expect((await engine.detail('openai')).facts).toEqual(
      expect.arrayContaining([
        { label: 'Organization', value: 'org-acme' },
        { label: 'Project', value: 'proj_web' },
      ]),
    );
    const { issues } = await parseConfigText(
      'auth:\n  providers:\n    openai: { kind: api-key/openai, api_key: sk-abc, organization: acme }\n',
      'c.yaml',
      'authui',
    );
    expect(issues.map((i) => [i.key, i.message])).toEqual([
      [
        'auth.providers.openai.api_key',
        'api_key is a secret: it is entered at login ("authui login NAME") and kept in the credential store, never in the config file',
      ],
      ['auth.providers.openai.organization', 'an organization id like org-abc123'],
    ]);
  });

  it('an organization typed at login, not in config, is checked, kept with the session and exported', async () => {
    const { engine } = await engineFor('openai: { kind: api-key/openai, base_url: "VENDORS/openai/v1" }');
    await engine.login('openai', new ScriptedPrompter([{ api_key: OPENAI_KEY, organization: 'org-acme' }]));
    expect(engine.list()[0]).toMatchObject({ state: 'active', subject: 'org-acme' });
    expect((await engine.exports('openai', { secrets: false })).variables).toMatchObject({ OPENAI_ORG_ID: 'org-acme' });
    const wrong = await engineFor('openai: { kind: api-key/openai, base_url: "VENDORS/openai/v1" }');
    await expect(
      wrong.engine.login(
        'openai',
        new ScriptedPrompter(Array(3).fill({ api_key: OPENAI_KEY, organization: 'org-other' })),
      ),
    ).rejects.toMatchObject({ message: 'the key does not belong to organization org-other' });
  });

  it('--no-verify stores without asking the vendor, marked not validated', async () => {
    const { engine } = await engineFor(config);
    await engine.login('openai', key(OPENAI_KEY), { noVerify: true });
    expect(vendors.calls).toEqual([]);
    expect(engine.list()[0]?.state).toBe('unvalidated');
  });

  it('turns expiring when the key is older than rotate_after', async () => {
    const { engine, clock } = await engineFor(
      'openai: { kind: api-key/openai, rotate_after: 90d, base_url: "VENDORS/openai/v1" }',
    );
    await engine.login('openai', key(OPENAI_KEY));
    expect(engine.list()[0]).toMatchObject({ state: 'active', rotateAt: clock.t + 90 * 86_400_000 });
    clock.t += 91 * 86_400_000;
    expect(engine.list()[0]?.state).toBe('expiring');
  });
});

describe('api-key/anthropic', () => {
  it('checks with x-api-key and anthropic-version, and labels the workspace', async () => {
    const { engine } = await engineFor(
      'claude: { kind: api-key/anthropic, workspace: research, region: eu, base_url: "VENDORS/anthropic" }',
    );
    await engine.login('claude', key(ANTHROPIC_KEY));
    expect(engine.list()[0]).toMatchObject({ state: 'active', subject: 'research', region: 'eu' });
    expect((await engine.exports('claude', { secrets: true })).secrets).toEqual({ ANTHROPIC_API_KEY: ANTHROPIC_KEY });
    const error = (await engine
      .login('claude', key('sk-ant-x', 'sk-ant-y', 'sk-ant-z'))
      .catch((e: unknown) => e)) as AuthError;
    expect(error.message).toContain('authentication_error');
  });
});

describe('api-key/huggingface', () => {
  it('keeps what whoami-v2 said (user, orgs, role) and never asks it on status', async () => {
    const { engine } = await engineFor('hf: { kind: api-key/huggingface, organization: acme, base_url: "VENDORS/hf" }');
    await engine.login('hf', key(HF_WRITE));
    vendors.calls.length = 0;
    engine.list();
    const detail = await engine.detail('hf');
    expect(vendors.calls).toEqual([]);
    expect(detail.subject).toBe('ada');
    expect(detail.facts).toEqual([
      { label: 'Organization', value: 'acme' },
      { label: 'Orgs', value: 'acme' },
      { label: 'Token role', value: 'write' },
      { label: 'Rate limit', value: 'policy "fixed window";"api";q=1000;w=300; "api";r=999;t=300' },
    ]);
    expect((await engine.exports('hf', { secrets: true })).secrets).toEqual({ HF_TOKEN: HF_WRITE });
  });

  it('keeps at most 1,000 characters of each thing a vendor says of the key: every row and tool call reads them', async () => {
    const loud = 'hf_CANARYloud2222222';
    vendors.hf.set(loud, {
      user: 'u'.repeat(1_000_000),
      orgs: Array.from({ length: 50_000 }, (_, i) => `org-${i}`),
      role: 'read',
    });
    const { engine, env } = await engineFor('hf: { kind: api-key/huggingface, base_url: "VENDORS/hf" }');
    await engine.login('hf', key(loud));
    const detail = await engine.detail('hf');
    expect(detail.subject).toBe(`${'u'.repeat(1_000)}… (999000 more characters)`);
    expect((detail.facts ?? []).find((f) => f.label === 'Orgs')?.value).toMatch(
      /^org-0, org-1, .*… \(\d+ more characters\)$/,
    );
    expect((detail.facts ?? []).every((f) => f.value.length <= 1_030)).toBe(true);
    expect(statSync(resolvePaths(env).sessionIndex).size).toBeLessThan(10_000);
  });

  it('scopes: [write] refuses a read-only token, and a token outside the organization', async () => {
    const writer = await engineFor('hf: { kind: api-key/huggingface, scopes: [write], base_url: "VENDORS/hf" }');
    await expect(writer.engine.login('hf', key(HF_READ))).rejects.toMatchObject({
      code: 'permission_denied',
      message: 'the token is read-only, and the configuration asks for write',
    });
    expect(await writer.store.list()).toEqual([]);
    const outsider = await engineFor('hf: { kind: api-key/huggingface, organization: other, base_url: "VENDORS/hf" }');
    await expect(outsider.engine.login('hf', key(HF_WRITE))).rejects.toMatchObject({
      message: "the token's user is not a member of other",
    });
  });
});

describe('rotating an API key', () => {
  const OPENAI_NEW = 'sk-CANARYrotatednew0000000000000001';
  it('asks for the new key, checks it before it replaces the old, and says where to revoke the old one', async () => {
    vendors.openai.set(OPENAI_NEW, { organization: 'org-acme', projects: ['proj_web'] });
    const { engine, store } = await engineFor(
      'openai: { kind: api-key/openai, organization: org-acme, project: proj_web, base_url: "VENDORS/openai/v1" }',
    );
    await engine.login('openai', key(OPENAI_KEY));
    await engine.token('openai'); // handed out once: the report says when
    const dry = await engine.rotate('openai', new ScriptedPrompter([]), { dryRun: true });
    expect(dry.lines[0]).toContain('Nothing was changed');
    expect(JSON.parse((await store.get('provider:openai/session')) as string)).toEqual({ key: OPENAI_KEY });

    // A new key the vendor refuses changes nothing: the old one stays.
    await expect(engine.rotate('openai', key('sk-CANARYnotissued0000000000000002'))).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(JSON.parse((await store.get('provider:openai/session')) as string)).toEqual({ key: OPENAI_KEY });

    const asked = key(OPENAI_NEW);
    const report = await engine.rotate('openai', asked);
    expect(asked.notices[0]).toContain('Make a new key at https://platform.openai.com/api-keys');
    expect(report.ok).toBe(true);
    expect(report.lines).toEqual([
      expect.stringMatching(/accepted the new key$/),
      '✓ Stored it in memory in place of the old one',
      expect.stringMatching(
        /^! Revoke the old key at https:\/\/platform\.openai\.com\/api-keys: until then it still works\. It was last handed out on \d{4}-\d\d-\d\d /,
      ),
    ]);
    expect(JSON.parse((await store.get('provider:openai/session')) as string)).toEqual({ key: OPENAI_NEW });
    expect((await engine.token('openai')).token).toBe(OPENAI_NEW);
    for (const line of report.lines) expect(line).not.toContain('CANARY');
  });
});

describe('the catalogue labels and the HF_TOKEN fallback', () => {
  it('a login takes HF_TOKEN from the environment (checked), and asks when that token is rejected', async () => {
    const { engine, env, store } = await engineFor(
      'hf: { kind: api-key/huggingface, default_repo: acme/model, space: acme/demo, scopes: [read, space, model], base_url: "VENDORS/hf" }',
    );
    env.HF_TOKEN = HF_READ;
    const silent = new ScriptedPrompter([]);
    await engine.login('hf', silent);
    expect(silent.notices).toContain('Using the key in HF_TOKEN for hf');
    expect(JSON.parse((await store.get('provider:hf/session')) as string)).toEqual({ key: HF_READ });
    const detail = await engine.detail('hf');
    expect(detail.facts).toEqual(
      expect.arrayContaining([
        { label: 'Default repository', value: 'acme/model' },
        { label: 'Space', value: 'acme/demo' },
      ]),
    );
    // A token in the environment that the Hub refuses: the form asks for one.
    env.HF_TOKEN = 'hf_CANARYrevoked00000';
    const asked = key(HF_WRITE);
    await engine.login('hf', asked, { reenter: false, noVerify: false });
    expect(JSON.parse((await store.get('provider:hf/session')) as string)).toEqual({ key: HF_WRITE });
  });

  it("OpenAI's environment label is shown in Detail; a repository that is not owner/name is a validate error", async () => {
    const { engine } = await engineFor(
      'openai: { kind: api-key/openai, environment: staging, organization: org-acme, project: proj_web, base_url: "VENDORS/openai/v1" }',
    );
    expect((await engine.detail('openai')).facts).toContainEqual({ label: 'Environment', value: 'staging' });
    const { issues } = await parseConfigText(
      'auth:\n  providers:\n    hf: { kind: api-key/huggingface, default_repo: "no slash" }\n',
      'c.yaml',
      'authui',
    );
    expect(issues.map((i) => i.message).join('\n')).toContain('a repository id like acme/model');
  });
});

describe('api-key/generic', () => {
  it('test_path without base_url is a validate error, not a silent "not validated"', async () => {
    const { issues } = await parseConfigText(
      'auth:\n  providers:\n    g: { kind: api-key/generic, test_path: /check }\n',
      'c.yaml',
      'authui',
    );
    expect(issues.map((i) => [i.severity, i.key, i.message])).toEqual([
      [
        'error',
        'auth.providers.g.test_path',
        'needs "base_url": the path is checked under it (without one the key is stored unchecked)',
      ],
    ]);
  });

  it('checks the key in the configured header, exports under the configured names', async () => {
    const { engine, env } = await engineFor(
      'svc: { kind: api-key/generic, base_url: "VENDORS/generic", test_path: /me, header: "X-Api-Key: {key}", env: { key: SVC_KEY } }',
    );
    await engine.login('svc', key('wrong', GENERIC_KEY));
    expect((await engine.exports('svc', { secrets: true })).secrets).toEqual({ SVC_KEY: GENERIC_KEY });
    expect((await engine.token('svc')).token).toBe(GENERIC_KEY);
    const paths = resolvePaths(env);
    for (const file of [paths.sessionIndex, paths.auditLog]) expect(readFileSync(file, 'utf8')).not.toContain('CANARY');
  });

  it('stores a key it cannot check as not validated, and asks for a secret when configured', async () => {
    const { engine } = await engineFor('svc: { kind: api-key/generic, with_secret: true }');
    const prompter = new ScriptedPrompter([{ api_key: GENERIC_KEY, secret: 'CANARY-generic-secret' }]);
    await engine.login('svc', prompter);
    expect(prompter.asked[0]?.fields.map((f) => [f.name, f.secret])).toEqual([
      ['api_key', true],
      ['secret', true],
      ['description', false],
    ]);
    expect(engine.list()[0]?.state).toBe('unvalidated');
    expect((await engine.exports('svc', { secrets: true })).secrets).toEqual({
      AUTHUI_API_KEY: GENERIC_KEY,
      AUTHUI_API_SECRET: 'CANARY-generic-secret',
    });
    await expect(engine.test('svc')).rejects.toMatchObject({ code: 'usage' });
  });

  it('rejects a header template without {key}', async () => {
    const { issues } = await parseConfigText(
      'auth:\n  providers:\n    svc: { kind: api-key/generic, header: "Authorization: Bearer" }\n',
      'c.yaml',
      'authui',
    );
    expect(issues[0]?.key).toBe('auth.providers.svc.header');
  });
});
