// The short-lived session cache: tools read a valid session without touching the credential
// store (proven with a store that fails every read), only short-lived yields are cached, a
// cache file that does not match the session index is ignored, logout removes it, and files
// are 0600 in a 0700 directory.
import { testEngine } from '../helpers/engine.js';
import { resolvePaths } from '../../src/auth/paths.js';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { systemClock } from '../../src/auth/clock.js';
import { SessionCache, xor } from '../../src/auth/session-cache.js';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
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

async function setup(extra: Record<string, string> = {}, onWarning?: (message: string) => void) {
  const env = isolatedEnv(tempDir(), { AWS_ENDPOINT_URL_STS: sts.url, ...extra });
  const { config } = await parseConfigText(
    'auth:\n  providers:\n    key: { kind: api-key/generic }\n  identities:\n    dev: { kind: aws/user, credentials: { region: eu-west-1 } }\n',
    'c.yaml',
    'authui',
  );
  const store = new GuardedStore();
  const make = () => testEngine({ config: config as Config, store, env, onWarning });
  return { env, store, engine: make(), make };
}

/** Logs dev in with its long-term keys typed in. */
const loginDev = (engine: Awaited<ReturnType<typeof setup>>['engine'], opts: { reenter?: boolean } = {}) =>
  engine.login(
    'dev',
    new ScriptedPrompter([{ access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey }]),
    opts,
  );

describe('session cache', () => {
  it('serves a valid session without reading the store; holds session keys only; 0600 in 0700', async () => {
    const { env, store, engine, make } = await setup();
    const session = await loginDev(engine);
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

  it('a session the cache lost (its runtime dir emptied by a reboot) is read from the store once, then served from the cache again', async () => {
    const runtime = join(tempDir(), 'run');
    const { env, store, engine, make } = await setup({ XDG_RUNTIME_DIR: runtime });
    const session = await loginDev(engine);
    rmSync(runtime, { recursive: true, force: true }); // the pads go with the runtime dir
    store.reads = 0;
    expect((await make().credentials('dev')).yields.aws).toEqual(session.secret);
    expect(store.reads).toBeGreaterThan(0);
    store.locked = true;
    store.reads = 0;
    expect((await make().credentials('dev')).yields.aws).toEqual(session.secret);
    expect(store.reads).toBe(0);
    expect(readdirSync(resolvePaths(env).sessionCache)).toEqual(['identity%3Adev.json']);
  });

  it('with a runtime directory: each file is XORed with a fresh pad kept there, never beside it; a file changed, stale or without its pad is ignored', async () => {
    const runtime = join(tempDir(), 'run');
    const { env, store, engine, make } = await setup({ XDG_RUNTIME_DIR: runtime });
    const session = await loginDev(engine);
    const secret = session.secret as { accessKeyId: string; secretAccessKey: string; sessionToken: string };
    const paths = resolvePaths(env);
    const file = join(paths.sessionCache, 'identity%3Adev.json');
    const pad = join(paths.sessionCachePads as string, 'identity%3Adev.pad');
    // The sealed files are in the state directory, their pads in the runtime directory.
    expect(file.startsWith(runtime)).toBe(false);
    expect(pad.startsWith(runtime)).toBe(true);
    expect(statSync(pad).mode & 0o777).toBe(0o600);
    expect(statSync(paths.sessionCachePads as string).mode & 0o777).toBe(0o700);
    const sealed = readFileSync(file, 'utf8');
    for (const part of [secret.accessKeyId, secret.secretAccessKey, secret.sessionToken])
      expect(sealed).not.toContain(part);
    const padBytes = readFileSync(pad);
    expect(Buffer.from((JSON.parse(sealed) as { pad: string }).pad, 'base64').length).toBe(padBytes.length);
    // The control case: the sealed file is read, the store is not.
    const readsAfter = async (change: () => void, expected: unknown = session.secret) => {
      change();
      store.reads = 0;
      expect((await make().credentials('dev')).yields.aws).toEqual(expected);
      return store.reads;
    };
    expect(await readsAfter(() => {})).toBe(0);
    // Bytes changed: what opens is not a session of this node.
    const flipped = Buffer.from(padBytes);
    flipped[2] = (flipped[2] as number) ^ 0x55;
    expect(await readsAfter(() => writeFileSync(pad, flipped))).toBeGreaterThan(0);
    // The store's copy was put back in the cache, under a fresh pad: the next call is served there.
    expect(readFileSync(pad).equals(padBytes)).toBe(false);
    expect(await readsAfter(() => {})).toBe(0);
    // Its pad gone (the runtime directory emptied at logout or reboot): nothing opens it.
    expect(await readsAfter(() => rmSync(pad))).toBeGreaterThan(0);
    expect(await readsAfter(() => {})).toBe(0);
    // The sealed file and pad of an earlier session of the node: they open, but do not match the index.
    const renewed = await engine.refresh('dev', { force: true });
    expect(renewed.meta.obtainedAt).not.toBe(session.meta.obtainedAt);
    expect(readFileSync(pad).equals(padBytes)).toBe(false); // a fresh pad for every write
    expect(await readsAfter(() => {}, renewed.secret)).toBe(0);
    expect(
      await readsAfter(() => {
        writeFileSync(file, sealed);
        writeFileSync(pad, padBytes);
      }, renewed.secret),
    ).toBeGreaterThan(0);
    await engine.logout(await engine.planLogout({ kind: 'identity', name: 'dev' }));
    expect(existsSync(file)).toBe(false);
    expect(existsSync(pad)).toBe(false);
  });

  it('a pad undoes itself, byte for byte, whatever the buffers and where they start in memory', () => {
    // At an offset: a view into a larger buffer, as a pooled Buffer is (a word-wise XOR needs
    // every offset aligned, and falls back to bytes otherwise).
    const at = (bytes: Uint8Array, offset: number) => {
      const backing = Buffer.alloc(bytes.length + offset + 3);
      backing.set(bytes, offset);
      return backing.subarray(offset, offset + bytes.length);
    };
    fc.assert(
      fc.property(
        fc
          .uint8Array({ maxLength: 70 })
          .chain((data) =>
            fc.tuple(fc.constant(data), fc.uint8Array({ minLength: data.length, maxLength: data.length })),
          ),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        ([data, pad], dataAt, padAt) => {
          const sealed = xor(at(data, dataAt), at(pad, padAt));
          expect([...sealed]).toEqual([...data].map((byte, i) => byte ^ (pad[i] as number)));
          expect([...xor(at(sealed, padAt), at(pad, dataAt))]).toEqual([...data]);
        },
      ),
    );
  });

  it("a sealed file is bound to its node: copied with its pad under another node's name it does not open", () => {
    for (const padDir of [join(tempDir(), 'run', 'pads'), undefined]) {
      const dir = join(tempDir(), 'cache');
      const cache = new SessionCache({ dir, padDir, enabled: true, clock: systemClock });
      const now = Date.now();
      const meta = { obtainedAt: new Date(now).toISOString(), expiresAt: new Date(now + 3600_000).toISOString() };
      cache.write('identity:a', meta, { accessToken: 'token-of-a' });
      expect(cache.read('identity:a', meta)).toEqual({ accessToken: 'token-of-a' });
      copyFileSync(join(dir, 'identity%3Aa.json'), join(dir, 'identity%3Ab.json'));
      if (padDir) copyFileSync(join(padDir, 'identity%3Aa.pad'), join(padDir, 'identity%3Ab.pad'));
      expect(cache.read('identity:b', meta)).toBeUndefined();
    }
  });

  it('without a runtime directory: pads in /dev/shm, one 0700 directory per user and state directory, gone with the session', async () => {
    const { env, store, engine, make } = await setup();
    const session = await loginDev(engine);
    const paths = resolvePaths(env);
    expect(paths.sessionCachePads).toMatch(/^\/dev\/shm\/authui-[0-9a-f]{8}\/session-pads$/);
    const pads = paths.sessionCachePads as string;
    expect(statSync(pads).mode & 0o777).toBe(0o700);
    expect(statSync(dirname(pads)).mode & 0o777).toBe(0o700);
    expect(readdirSync(pads)).toEqual(['identity%3Adev.pad']);
    const sealed = readFileSync(join(paths.sessionCache, 'identity%3Adev.json'), 'utf8');
    expect(Object.keys(JSON.parse(sealed) as object).sort()).toEqual(['pad', 'v']);
    expect(sealed).not.toContain((session.secret as { secretAccessKey: string }).secretAccessKey);
    store.reads = 0;
    expect((await make().credentials('dev')).yields.aws).toEqual(session.secret);
    expect(store.reads).toBe(0);
    await engine.logout(await engine.planLogout({ kind: 'identity', name: 'dev' }));
    expect(readdirSync(pads)).toEqual([]);
  });

  it('a pad directory that is not ours alone is not used: files are sealed with AES instead, and said so once', async () => {
    const runtime = join(tempDir(), 'run');
    mkdirSync(join(runtime, 'authui'), { recursive: true, mode: 0o700 });
    mkdirSync(join(runtime, 'authui', 'session-pads'), { mode: 0o755 });
    chmodSync(join(runtime, 'authui', 'session-pads'), 0o755);
    const warnings: string[] = [];
    const { store, engine, make } = await setup({ XDG_RUNTIME_DIR: runtime }, (w) => warnings.push(w));
    const session = await loginDev(engine);
    expect(readdirSync(join(runtime, 'authui', 'session-pads'))).toEqual([]);
    expect(warnings).toEqual([
      `${join(runtime, 'authui', 'session-pads')} is not yours alone (owner and mode 0700/0600); its files are sealed with AES instead.`,
    ]);
    store.reads = 0;
    expect((await make().credentials('dev')).yields.aws).toEqual(session.secret);
    expect(store.reads).toBe(0);
  });

  it('where no pad directory can be made: AES-256-GCM under a key bound to the machine and account; a changed bit fails the tag', async () => {
    const blocked = join(tempDir(), 'a-file');
    writeFileSync(blocked, '');
    const { env, store, engine, make } = await setup({ XDG_RUNTIME_DIR: join(blocked, 'run') });
    const session = await loginDev(engine);
    const paths = resolvePaths(env);
    const file = join(paths.sessionCache, 'identity%3Adev.json');
    const sealed = readFileSync(file, 'utf8');
    expect(Object.keys(JSON.parse(sealed) as object).sort()).toEqual(['aes', 'iv', 'tag', 'v']);
    expect(sealed).not.toContain((session.secret as { secretAccessKey: string }).secretAccessKey);
    store.reads = 0;
    expect((await make().credentials('dev')).yields.aws).toEqual(session.secret);
    expect(store.reads).toBe(0);
    const doc = JSON.parse(sealed) as { aes: string };
    const bytes = Buffer.from(doc.aes, 'base64');
    bytes[0] = (bytes[0] as number) ^ 1;
    writeFileSync(file, JSON.stringify({ ...doc, aes: bytes.toString('base64') }));
    store.reads = 0;
    expect((await make().credentials('dev')).yields.aws).toEqual(session.secret);
    expect(store.reads).toBeGreaterThan(0);
  });

  it('AUTHUI_NO_SESSION_CACHE=1 and auth.session_cache: false keep no copy, and remove the one a login would replace', async () => {
    for (const off of ['env', 'config'] as const) {
      const runtime = join(tempDir(), 'run');
      const { env, store, engine } = await setup({ XDG_RUNTIME_DIR: runtime });
      const login = (e: typeof engine) => loginDev(e, { reenter: true });
      await login(engine);
      const file = join(resolvePaths(env).sessionCache, 'identity%3Adev.json');
      expect(existsSync(file)).toBe(true);
      const { config } = await parseConfigText(
        `auth:\n${off === 'config' ? '  session_cache: false\n' : ''}  identities:\n    dev: { kind: aws/user, credentials: { region: eu-west-1 } }\n`,
        'c.yaml',
        'authui',
      );
      const offEnv = off === 'env' ? { ...env, AUTHUI_NO_SESSION_CACHE: '1' } : env;
      const without = testEngine({ config: config as Config, store, env: offEnv });
      await login(without);
      expect(existsSync(file), off).toBe(false);
      store.reads = 0;
      await without.credentials('dev');
      expect(store.reads, off).toBeGreaterThan(0);
    }
  });
});
