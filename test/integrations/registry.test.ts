// Container registries through docker's credential helper, with the real skopeo against the real
// docker-registry (token authentication, loopback HTTPS): `authui registry config --write` puts
// authui in ~/.docker/config.json, skopeo runs docker-credential-authui, and the registry's token
// server takes what it handed over — a node's token, or an ECR login that the fake ECR issued
// after checking SigV4. Logged out, skopeo fails and says how to log in.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { authuiOnPath, runBinAsync, runCommand } from '../helpers/cli.js';
import { testCertificates } from '../helpers/certs.js';
import { captureIO } from '../helpers/io.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { ociImage, TestRegistry } from '../servers/registry.js';
import { FakeSts } from '../servers/sts.js';

const TOKEN = 'CANARY-registry-forge-token-rrrrrrrrrrrr';
const KEYS = { accessKeyId: 'AKIAREGISTRYTEST0001', secretAccessKey: 'CANARY-registry-aws-secret-aaaaaaaaaaaa' };
const certs = testCertificates();
const sts = new FakeSts();
// Not tempDir(): that is removed after each test, and the registries serve the whole file.
const dir = mkdtempSync(join(tmpdir(), 'authui-registries-'));
const forge = new TestRegistry({
  dir: join(dir, 'forge'),
  ...certs,
  accepts: (user, password) => user === 'oauth2' && password === TOKEN,
});
const ecr = new TestRegistry({ dir: join(dir, 'ecr'), ...certs, accepts: (u, p) => sts.ecrAccepts(u, p) });
const image = join(dir, 'image');
const certDir = join(dir, 'registry-certs');
beforeAll(async () => {
  await sts.start();
  sts.addUser({ ...KEYS, userName: 'dev', account: '111122223333' });
  await forge.start();
  await ecr.start();
  ociImage(image, 'hello from authui\n');
  mkdirSync(certDir);
  copyFileSync(certs.caPath, join(certDir, 'ca.crt'));
}, 60_000);
afterAll(async () => {
  await forge.stop();
  await ecr.stop();
  await sts.stop();
  certs.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function workspace() {
  const ws = cliWorkspace(
    `auth:
  keyring: { type: file }
  providers:
    forge: { kind: api-key/generic }
  identities:
    dev: { kind: aws/user, credentials: { region: eu-west-1 } }
  integrations:
    forge/registry:
      kind: registry
      via: { provider: forge }
      spec: { registry: { host: "${forge.host}" } }
    dev/ecr/primary:
      kind: aws/ecr
      via: { identity: dev }
      spec: { registry: { account_id: "111122223333", region: eu-west-1, host: "${ecr.host}" } }
`,
    'registry-store-password',
  );
  mkdirSync(join(ws.env.HOME as string, '.docker'), { recursive: true });
  const env: Record<string, string | undefined> = {
    ...ws.env,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_ECR: sts.url,
    PATH: `${authuiOnPath(ws.dir)}:${process.env.PATH}`,
  };
  const { engine } = await createApp({ io: captureIO(env, ws.cwd) }).workspace();
  // Not spawnSync: the token servers answering skopeo live in this process.
  const skopeo = (...args: string[]) => runBinAsync(args, { env, cwd: ws.cwd, command: 'skopeo' });
  const push = (host: string) =>
    skopeo(
      '--insecure-policy',
      'copy',
      '--dest-cert-dir',
      certDir,
      `oci:${image}:latest`,
      `docker://${host}/team/app:1`,
    );
  const inspect = (host: string) => skopeo('inspect', '--cert-dir', certDir, `docker://${host}/team/app:1`);
  const helper = (operation: string, input: string) =>
    new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const run = spawnSync('docker-credential-authui', [operation], {
        env: env as NodeJS.ProcessEnv,
        input,
        cwd: ws.cwd,
        encoding: 'utf8',
      });
      resolve({ code: run.status, stdout: run.stdout });
    });
  return { ...ws, env, engine, push, inspect, helper };
}

describe('container registries through docker-credential-authui', () => {
  it('registry config writes credHelpers beside the rest; skopeo pushes and pulls with the token and with an ECR login; logged out it says how to log in', async () => {
    const ws = await workspace();
    const dockerConfig = join(ws.env.HOME as string, '.docker', 'config.json');
    writeFileSync(
      dockerConfig,
      JSON.stringify({ auths: { 'other.example.com': { auth: 'b3RoZXI6eA==' } }, psFormat: 'x' }),
    );
    const configured = await runCommand(['registry', 'config', '--write'], { env: ws.env, cwd: ws.cwd });
    expect(configured.code).toBe(0);
    expect(JSON.parse(readFileSync(dockerConfig, 'utf8'))).toEqual({
      auths: { 'other.example.com': { auth: 'b3RoZXI6eA==' } },
      psFormat: 'x',
      credHelpers: { [forge.host]: 'authui', [ecr.host]: 'authui' },
    });

    expect((await ws.engine.detail('forge')).usedBy).toEqual([
      `docker, skopeo, podman: ${forge.host} (integration forge/registry, registry)`,
    ]);
    await ws.engine.login('forge', new ScriptedPrompter([{ api_key: TOKEN }]), { noVerify: true });
    await ws.engine.login(
      'dev',
      new ScriptedPrompter([{ access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey }]),
    );

    const pushed = await ws.push(forge.host);
    expect(pushed.stderr).not.toMatch(/error|denied|unauthorized/i);
    expect(pushed.code).toBe(0);
    const inspected = await ws.inspect(forge.host);
    expect(JSON.parse(inspected.stdout)).toMatchObject({ Name: `${forge.host}/team/app`, RepoTags: ['1'] });
    expect(forge.tokenRequests.filter((r) => r.user === 'oauth2' && r.granted).length).toBeGreaterThan(0);

    // ECR: one GetAuthorizationToken (SigV4-checked), its login kept for the next calls.
    const toEcr = await ws.push(ecr.host);
    expect(toEcr.code).toBe(0);
    const fromEcr = await ws.inspect(ecr.host);
    expect(JSON.parse(fromEcr.stdout)).toMatchObject({ Name: `${ecr.host}/team/app` });
    expect(sts.calls.filter((c) => c.action === 'ecr:GetAuthorizationToken')).toEqual([
      { action: 'ecr:GetAuthorizationToken', accessKeyId: expect.stringMatching(/^ASIA/), status: 200 },
    ]);
    expect(ecr.tokenRequests.every((r) => r.user === 'AWS' && r.granted)).toBe(true);
    const kept = () => readdirSync(resolvePaths(ws.env).sessionCache).filter((f) => f.includes('%7E'));
    expect(kept()).toEqual([expect.stringMatching(/^identity%3Adev%7Eaws-ecr-/)]);

    // The protocol's other answers: nothing for another host; store, erase refused; list names the hosts.
    expect(await ws.helper('get', 'https://index.docker.io/v1/')).toEqual({
      code: 1,
      stdout: 'credentials not found in native keychain\n',
    });
    const stored = await ws.helper('store', JSON.stringify({ ServerURL: forge.host, Username: 'x', Secret: 'y' }));
    expect(stored).toEqual({ code: 1, stdout: expect.stringContaining('authui login NAME') });
    expect(JSON.parse((await ws.helper('list', '')).stdout)).toEqual({ [forge.host]: 'oauth2', [ecr.host]: 'AWS' });

    // Logged out: skopeo is refused and shows authui's hint; the kept ECR login goes with the session.
    const forgeOut = await runCommand(['logout', '--provider', 'forge'], { env: ws.env, cwd: ws.cwd });
    expect(forgeOut.stderr).toBe('');
    expect(forgeOut.code).toBe(0);
    const refused = await ws.inspect(forge.host);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('authui login forge');
    expect((await runCommand(['logout', 'dev'], { env: ws.env, cwd: ws.cwd })).code).toBe(0);
    expect(kept()).toEqual([]);
    const ecrRefused = await ws.inspect(ecr.host);
    expect(ecrRefused.code).not.toBe(0);
    expect(ecrRefused.stderr).toContain('authui login dev');

    for (const out of [pushed, inspected, toEcr, fromEcr, refused, ecrRefused, configured])
      for (const secret of [TOKEN, KEYS.secretAccessKey, ...sts.ecrLogins.keys()])
        expect(out.stdout + out.stderr).not.toContain(secret);
    expect(readFileSync(dockerConfig, 'utf8')).not.toContain(TOKEN);
  });
});
