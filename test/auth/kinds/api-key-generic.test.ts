// api-key/generic against a loopback API: the key is checked before it is saved (header template,
// re-asked when rejected), kept only in the store, handed out by `token` and `exec`'s exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import type { Config } from '../../../src/auth/config/types.js';
import { createEngine } from '../../../src/auth/engine.js';
import { MemoryStore } from '../../../src/auth/stores/memory.js';
import { listenOnLoopback, type LoopbackServer } from '../../../src/demo/loopback.js';
import { ScriptedPrompter } from '../../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';

const KEY = 'CANARY-generic-key-77aa';
let api: LoopbackServer;
const seen: (string | undefined)[] = [];
beforeAll(async () => {
  api = await listenOnLoopback((req, res) => {
    seen.push(req.headers['x-api-key'] as string | undefined);
    res.writeHead(req.headers['x-api-key'] === KEY ? 200 : 401).end('{}');
  });
});
afterAll(() => api.stop());

async function engineFor(settings: string) {
  const text = `auth:\n  providers:\n    svc: { kind: api-key/generic${settings} }\n`;
  const { config, issues } = await parseConfigText(text, 'c.yaml', 'authui');
  expect(issues).toEqual([]);
  const store = new MemoryStore();
  const engine = createEngine({
    config: config as Config,
    store,
    clock: { now: Date.now },
    fetch,
    env: isolatedEnv(tempDir()),
  });
  return { engine, store };
}

describe('api-key/generic', () => {
  it('checks the key with the configured header before saving it, asking again when it is rejected', async () => {
    const { engine, store } = await engineFor(`, base_url: "${api.url}", test_path: /me, header: "X-Api-Key: {key}"`);
    const prompter = new ScriptedPrompter([{ api_key: 'wrong' }, { api_key: KEY }]);
    await engine.login('svc', prompter);
    expect(seen.slice(-2)).toEqual(['wrong', KEY]);
    expect(prompter.asked[1]?.description).toMatch(/rejected/);
    expect((await engine.token('svc')).token).toBe(KEY);
    expect(await engine.exports('svc', { secrets: true })).toMatchObject({
      variables: { AUTHUI_API_BASE_URL: api.url },
      secrets: { AUTHUI_API_KEY: KEY },
    });
    expect(engine.list()[0]).toMatchObject({ state: 'active', expiresAt: undefined });
    expect(await store.list()).toEqual(['provider:svc/session']);
  });

  it('gives up after three rejected keys with nothing saved', async () => {
    const { engine, store } = await engineFor(`, base_url: "${api.url}", test_path: /me, header: "X-Api-Key: {key}"`);
    const error = await engine
      .login('svc', new ScriptedPrompter([{ api_key: 'a' }, { api_key: 'b' }, { api_key: 'c' }]))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_credentials' });
    expect(await store.list()).toEqual([]);
  });

  it('saves the key unchecked when no test_path is configured', async () => {
    const { engine } = await engineFor('');
    const prompter = new ScriptedPrompter([{ api_key: KEY }]);
    await engine.login('svc', prompter);
    expect(prompter.asked[0]?.description).toMatch(/not checked/);
    expect((await engine.token('svc')).token).toBe(KEY);
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
