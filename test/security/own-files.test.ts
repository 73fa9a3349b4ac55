// Files authui acts on without re-checking what they say — the configuration's cache entry (the
// configuration the engine runs on, and the bindings the session-cache answers trust), the list
// of trusted project files, the identities a login discovered, and an OpenID provider's cached
// discovery metadata (the endpoints its secrets are sent to) — count only when they are
// the user's own: owned by this user, writable by no one else. Each case plants a file that is
// used while it is ours (the control) and shows it ignored once another user could have written it.
import { chmodSync, chownSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/auth/config/types.js';
import { parseConfigText } from '../../src/auth/config/parse.js';
import { saveDiscovered } from '../../src/auth/config/discovered.js';
import { loadConfig } from '../../src/auth/config/load.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { testEngine } from '../helpers/engine.js';
import { isolatedEnv, tempDir, writeTrustedConfig } from '../helpers/tmp.js';
import { FakeOidc, OIDC_CLIENT_ID } from '../servers/oidc.js';

const root = process.getuid?.() === 0;

const op = new FakeOidc();
/** A server a planted discovery file could name: it counts what reaches it. */
const planted = {
  calls: 0,
  url: '',
  server: createServer((_, res) => {
    planted.calls++;
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_request"}');
  }),
};
beforeAll(async () => {
  await op.start();
  await new Promise<void>((resolve) => planted.server.listen(0, '127.0.0.1', resolve));
  planted.url = `http://127.0.0.1:${(planted.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  planted.server.close();
  await op.stop();
});

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

  for (const [how, make] of Object.entries(foreign))
    it(`an OpenID provider's discovery metadata, in a file ${how} by another user, is read again from the provider`, async () => {
      planted.calls = 0;
      const env = isolatedEnv(tempDir());
      const config = (
        await parseConfigText(
          `auth:\n  providers:\n    corp: { kind: oidc, issuer: "${op.issuer}", client_id: ${OIDC_CLIENT_ID} }\n`,
          'c.yaml',
          'authui',
        )
      ).config as Config;
      const engine = testEngine({ config, env });
      await engine.test('corp'); // reads discovery and keeps it
      const dir = resolvePaths(env).discoveryCache;
      const file = join(dir, readdirSync(dir)[0] as string);
      const cached = JSON.parse(readFileSync(file, 'utf8')) as { metadata: Record<string, unknown> };
      // What a planted file would say: the provider's token endpoint is another server.
      cached.metadata.token_endpoint = `${planted.url}/token`;
      writeFileSync(file, JSON.stringify(cached));
      await engine.test('corp');
      expect(planted.calls).toBe(1); // ours: used
      make(file);
      await engine.test('corp');
      expect(planted.calls).toBe(1);
      expect(JSON.parse(readFileSync(file, 'utf8')).metadata.token_endpoint).not.toContain(planted.url);
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
