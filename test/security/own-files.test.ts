// Files authui acts on without re-checking what they say — the configuration's cache entry (the
// configuration the engine runs on, and the bindings the session-cache answers trust), the list
// of trusted project files, and the identities a login discovered — count only when they are
// the user's own: owned by this user, writable by no one else. Each case plants a file that is
// used while it is ours (the control) and shows it ignored once another user could have written it.
import { chmodSync, chownSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveDiscovered } from '../../src/auth/config/discovered.js';
import { loadConfig } from '../../src/auth/config/load.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { isolatedEnv, tempDir, writeTrustedConfig } from '../helpers/tmp.js';

const root = process.getuid?.() === 0;

/** Makes `path` writable by others, or (as root) another user's. */
const foreign = {
  writable: (path: string) => chmodSync(path, 0o666),
  ...(root ? { owned: (path: string) => chownSync(path, 4242, 4242) } : {}),
};

function workspace(config: string) {
  const dir = tempDir();
  const cwd = join(dir, 'work');
  const env = isolatedEnv(dir);
  const paths = resolvePaths(env);
  mkdirSync(cwd);
  writeTrustedConfig(dir, cwd, config);
  return { cwd, env, paths, load: () => loadConfig({ env, cwd, paths }) };
}

const PROVIDER =
  'auth:\n  providers:\n    acme: { kind: aws/iam-identity-center, region: eu-central-1, start_url: https://acme.awsapps.com/start, auto_provision_identities: true }\n';

async function discovered(ws: ReturnType<typeof workspace>): Promise<string> {
  const provider = (await ws.load()).nodes.find((n) => n.name === 'acme');
  saveDiscovered(ws.paths, provider!, [
    {
      kind: 'aws/permission-set',
      settings: { principal: { name: 'Admin', account: { id: '111122223333', name: 'prod' } } },
      fields: { account_id: '111122223333', account_name: 'prod', role_name: 'Admin' },
    },
  ]);
  const [file] = readdirSync(join(ws.paths.cacheDir, 'discovered'));
  return join(ws.paths.cacheDir, 'discovered', file as string);
}

describe('files of the user’s own', () => {
  for (const [how, make] of Object.entries(foreign))
    it(`a configuration cache entry ${how} by another user is not used (the file is parsed again)`, async () => {
      const ws = workspace('auth:\n  identities:\n    dev: { kind: aws/user }\n');
      await ws.load();
      const [name] = readdirSync(ws.paths.configCache);
      const entry = join(ws.paths.configCache, name as string);
      // The same entry, naming another identity: what a planted one would say.
      writeFileSync(entry, readFileSync(entry, 'utf8').replaceAll('dev', 'planted'));
      expect((await ws.load()).nodes.map((n) => n.name)).toEqual(['planted']); // ours: used
      make(entry);
      expect((await ws.load()).nodes.map((n) => n.name)).toEqual(['dev']);
    });

  for (const [how, make] of Object.entries(foreign))
    it(`a trust list ${how} by another user trusts nothing`, async () => {
      const ws = workspace('auth:\n  identities:\n    dev: { kind: aws/user }\n');
      expect((await ws.load()).source.trusted).toBe(true); // ours: trusted
      make(ws.paths.trustFile);
      expect((await ws.load()).source.trusted).toBe(false);
    });

  for (const [how, make] of Object.entries(foreign))
    it(`identities a login discovered, in a file ${how} by another user, are not added`, async () => {
      const ws = workspace(PROVIDER);
      const file = await discovered(ws);
      expect((await ws.load()).nodes.map((n) => n.name)).toEqual(['acme', 'prod/Admin']); // ours: added
      make(file);
      expect((await ws.load()).nodes.map((n) => n.name)).toEqual(['acme']);
    });

  // Ours, but not what authui wrote (a damaged disk, an editor): read as absent, never a crash.
  for (const text of ['null', '[]', '"x"', '7', '{"version":'])
    it(`each of them holding ${text} reads as none`, async () => {
      const ws = workspace(PROVIDER);
      const file = await discovered(ws);
      const [name] = readdirSync(ws.paths.configCache);
      for (const path of [file, ws.paths.trustFile, join(ws.paths.configCache, name as string)])
        writeFileSync(path, text);
      const config = await ws.load();
      expect(config.nodes.map((n) => n.name)).toEqual(['acme']);
      expect(config.source.trusted).toBe(false);
    });
});
