// The kind registry loads kinds when a configuration names them: a config read from its cache
// runs only its own kinds' modules (the hot paths' start-up), a parsed one all of them (the
// checks' hints name kinds the file does not use). Each test gets fresh module instances.
import { resolvePaths } from '../../../src/auth/paths.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';

type Registry = typeof import('../../../src/auth/kinds/registry.js');
type Load = typeof import('../../../src/auth/config/load.js');

let registry: Registry;
let load: Load;

beforeEach(async () => {
  vi.resetModules();
  registry = await import('../../../src/auth/kinds/registry.js');
  load = await import('../../../src/auth/config/load.js');
});

const isLoaded = (kind: string) => {
  try {
    return registry.kindModule(kind) !== undefined;
  } catch {
    return false;
  }
};

describe('kind registry', () => {
  it('refuses a lookup of a kind that is not loaded yet, and knows no made-up kind', async () => {
    expect(() => registry.kindModule('aws/user')).toThrow(/aws\/user used before loadKinds/);
    expect(registry.kindModule('no/such-kind')).toBeUndefined();
    await registry.loadKinds(['token-service', 'no/such-kind', 'token-service']);
    expect(registry.kindModule('token-service')?.kind).toBe('token-service');
    expect(isLoaded('aws/user')).toBe(false);
    expect(registry.kindsFor('provider')).toEqual(['token-service']);
  });

  it('loads every kind for the config checks, each declaring the name it is listed under', async () => {
    await registry.loadAllKinds();
    const all = [...registry.kindsFor('provider'), ...registry.kindsFor('identity')];
    expect(all).toHaveLength(11);
    for (const kind of all) expect(registry.kindModule(kind)?.kind).toBe(kind);
  });

  it('a config from the cache loads only its own kinds; parsing it loaded them all', async () => {
    const dir = tempDir();
    const file = join(dir, 'authui.yaml');
    writeFileSync(
      file,
      'auth:\n  providers:\n    kitty: { kind: token-service, base_url: "https://kitty.example.com", username: ada }\n  identities:\n    dev: { kind: aws/user }\n',
    );
    const env = isolatedEnv(dir);
    await load.loadConfig({ configPath: file, env, cwd: dir, paths: resolvePaths(env) });
    expect(isLoaded('oidc')).toBe(true);

    // A new process: the same config, now from its cache.
    vi.resetModules();
    registry = await import('../../../src/auth/kinds/registry.js');
    load = await import('../../../src/auth/config/load.js');
    const config = await load.loadConfig({ configPath: file, env, cwd: dir, paths: resolvePaths(env) });
    expect(config.nodes.map((n) => n.kind)).toEqual(['token-service', 'aws/user']);
    expect(['token-service', 'aws/user'].filter(isLoaded)).toEqual(['token-service', 'aws/user']);
    expect(['oidc', 'smtp', 'aws/assume-role', 'api-key/openai'].filter(isLoaded)).toEqual([]);
  });
});
