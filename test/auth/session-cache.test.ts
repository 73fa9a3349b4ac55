// The short-lived session cache: tools read a valid session without touching the credential
// store (proven with a store that fails every read), only short-lived yields are cached, a
// cache file that does not match the session index is ignored, logout removes it, and files
// are 0600 in a 0700 directory.
import { testEngine } from '../helpers/engine.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/auth/config/parse.js';
import type { Config } from '../../src/auth/config/types.js';
import { MemoryStore } from '../../src/auth/stores/memory.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { FakeSts } from '../servers/sts.js';

const KEYS = { accessKeyId: 'AKIACACHE00000000001', secretAccessKey: 'cache-longterm-secret-canary' };
const sts = new FakeSts();
beforeAll(async () => {
  await sts.start();
  sts.addUser({ ...KEYS, userName: 'dev', account: '111122223333' });
});
afterAll(async () => {
  await sts.stop();
});

/** A store that can be told to fail every read, to prove the fast path never reads it. */
class GuardedStore extends MemoryStore {
  reads = 0;
  locked = false;
  override async get(name: string): Promise<string | undefined> {
    this.reads++;
    if (this.locked) throw new Error('the keyring is locked');
    return super.get(name);
  }
}

async function setup(extra: Record<string, string> = {}) {
  const env = isolatedEnv(tempDir(), { AWS_ENDPOINT_URL_STS: sts.url, ...extra });
  const { config } = await parseConfigText(
    'auth:\n  providers:\n    key: { kind: api-key/generic }\n  identities:\n    dev: { kind: aws/user, credentials: { region: eu-west-1 } }\n',
    'c.yaml',
    'authui',
  );
  const store = new GuardedStore();
  const make = () => testEngine({ config: config as Config, store, env });
  return { env, store, engine: make(), make };
}

describe('session cache', () => {
  it('serves a valid session without reading the store; holds session keys only; 0600 in 0700', async () => {
    const { env, store, engine, make } = await setup();
    const session = await engine.login(
      'dev',
      new ScriptedPrompter([{ access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey }]),
    );
    await engine.login('key', new ScriptedPrompter([{ api_key: 'api-key-canary-not-cached' }]));
    store.locked = true;
    store.reads = 0;
    const creds = await make().credentials('dev');
    expect(creds.yields.aws).toEqual(session.secret);
    expect(store.reads).toBe(0);
    const dir = resolvePaths(env).sessionCache;
    expect(readdirSync(dir)).toEqual(['identity%3Adev.json']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'identity%3Adev.json')).mode & 0o777).toBe(0o600);
    const text = readFileSync(join(dir, 'identity%3Adev.json'), 'utf8');
    expect(text).not.toContain(KEYS.secretAccessKey);
    // An API key has no expiry: it is never cached, and reading it needs the store.
    await expect(make().token('key')).rejects.toThrow('the keyring is locked');
  });

  it('a cache file that does not match the index is ignored; logout removes it', async () => {
    const { env, store, engine, make } = await setup({ XDG_RUNTIME_DIR: join(tempDir(), 'run') });
    await engine.login(
      'dev',
      new ScriptedPrompter([{ access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey }]),
    );
    const file = join(resolvePaths(env).sessionCache, 'identity%3Adev.json');
    expect(file.startsWith(env.XDG_RUNTIME_DIR as string)).toBe(true);
    const cached = JSON.parse(readFileSync(file, 'utf8')) as {
      obtainedAt: string;
      yields: { aws: { accessKeyId: string } };
    };
    writeFileSync(
      file,
      JSON.stringify({
        ...cached,
        obtainedAt: '2000-01-01T00:00:00.000Z',
        yields: { aws: { accessKeyId: 'ASIASTALE' } },
      }),
    );
    store.reads = 0;
    const creds = await make().credentials('dev');
    expect(creds.yields.aws?.accessKeyId).not.toBe('ASIASTALE');
    expect(store.reads).toBeGreaterThan(0);
    await engine.logout(await engine.planLogout({ kind: 'identity', name: 'dev' }));
    expect(existsSync(file)).toBe(false);
  });
});
