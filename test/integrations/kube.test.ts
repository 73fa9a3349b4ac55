// kubectl's exec credential plugin, with the real kubectl: `authui kube config` writes the
// kubeconfig, kubectl runs `authui kube token` and sends what it prints to a loopback HTTPS API
// server that authenticates it as a cluster would (the EKS token by calling its presigned URL at
// the SigV4-verifying fake STS, the ID token by the issuer's keys and the audience).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { createApp } from '../../src/app/app.js';
import type { DeviceCodePrompt } from '../../src/auth/prompter.js';
import { authuiOnPath, runBinAsync } from '../helpers/cli.js';
import { testCertificates } from '../helpers/certs.js';
import { expectHotPath, TRACE_HOOK } from '../helpers/hot-path.js';
import { captureIO } from '../helpers/io.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { FakeKubeApi } from '../servers/kube-api.js';
import { FakeOidc, OIDC_CLIENT_ID } from '../servers/oidc.js';
import { FakeSts } from '../servers/sts.js';

const KEYS = { accessKeyId: 'AKIAKUBETEST00000001', secretAccessKey: 'CANARY-kube-longterm-secret-kkkkkkkkkk' };
const certs = testCertificates();
const sts = new FakeSts();
const op = new FakeOidc();
let eks: FakeKubeApi;
let oidcCluster: FakeKubeApi;
beforeAll(async () => {
  await sts.start();
  await op.start();
  sts.addUser({ ...KEYS, userName: 'dev', account: '111122223333' });
  eks = new FakeKubeApi({ ...certs, cluster: 'prod-eks', sts: sts.url });
  oidcCluster = new FakeKubeApi({
    ...certs,
    cluster: 'dev-oidc',
    oidc: { issuer: op.issuer, audience: OIDC_CLIENT_ID },
  });
  await eks.start();
  await oidcCluster.start();
});
afterAll(async () => {
  await eks.stop();
  await oidcCluster.stop();
  await op.stop();
  await sts.stop();
  certs.dispose();
});

async function workspace() {
  const ws = cliWorkspace(
    `auth:
  keyring: { type: file }
  providers:
    corp: { kind: oidc, issuer: "${op.issuer}", client_id: ${OIDC_CLIENT_ID}, scopes: [openid, offline_access, email] }
  identities:
    dev: { kind: aws/user, credentials: { region: eu-west-1 } }
`,
    'kube-store-password',
  );
  const env: Record<string, string | undefined> = {
    ...ws.env,
    AWS_ENDPOINT_URL_STS: sts.url,
    // kubectl runs `authui` by name, as an installed one.
    PATH: `${authuiOnPath(ws.dir)}:${process.env.PATH}`,
  };
  const { engine } = await createApp({ io: captureIO(env, ws.cwd) }).workspace();
  const kubeconfig = join(ws.dir, 'kubeconfig');
  // Not spawnSync: the servers answering kubectl live in this process.
  const kubectl = (...args: string[]) =>
    runBinAsync(['--kubeconfig', kubeconfig, ...args], { env, cwd: ws.dir, command: 'kubectl' });
  const authui = (...args: string[]) => runBinAsync(args, { env, cwd: ws.cwd });
  return { ...ws, env, engine, kubeconfig, kubectl, authui };
}

const VERSION = { gitVersion: 'v1.32.0-authui-test' };

describe('kubectl through authui', () => {
  it('EKS: kube config writes the entries beside the others; kubectl gets in with the EKS token; logged out it says how to log in', async () => {
    const ws = await workspace();
    await ws.engine.login(
      'dev',
      new ScriptedPrompter([{ access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey }]),
    );
    // Someone's kubeconfig already: a comment, another cluster, user and context.
    writeFileSync(
      ws.kubeconfig,
      `# mine, keep this comment
apiVersion: v1
kind: Config
clusters:
  - name: other
    cluster: { server: "https://other.example.com" }
users:
  - name: other-user
    user: { token: other-static-token }
contexts:
  - name: other
    context: { cluster: other, user: other-user }
current-context: other
`,
      { mode: 0o600 },
    );
    const configured = await ws.authui(
      ...['kube', 'config', 'dev', '--cluster', 'prod-eks', '--server', eks.url, '--ca', certs.caPath],
      ...['--kubeconfig', ws.kubeconfig],
    );
    expect(configured.stderr).toContain('(now the current context)');
    expect(configured.code).toBe(0);
    const text = readFileSync(ws.kubeconfig, 'utf8');
    expect(text).toContain('# mine, keep this comment');
    expect(statSync(ws.kubeconfig).mode & 0o777).toBe(0o600);
    const written = parseDocument(text).toJS() as {
      clusters: { name: string }[];
      users: { name: string; user: { exec?: { args: string[]; command: string; interactiveMode: string } } }[];
      contexts: { name: string }[];
      'current-context': string;
    };
    expect(written.clusters.map((c) => c.name)).toEqual(['other', 'prod-eks']);
    expect(written.contexts.map((c) => c.name)).toEqual(['other', 'dev@prod-eks']);
    expect(written['current-context']).toBe('dev@prod-eks');
    const user = written.users.find((u) => u.name === 'authui-dev@prod-eks')?.user.exec;
    // The project config is named: kubectl runs authui from anywhere.
    expect(user).toMatchObject({
      command: 'authui',
      interactiveMode: 'Never',
      args: ['--config', join(ws.cwd, 'authui.yaml'), 'kube', 'token', 'dev', '--cluster', 'prod-eks'],
    });
    // Detail says kubectl uses the identity, from the kubeconfig kubectl reads.
    const detail = await (
      await createApp({ io: captureIO({ ...ws.env, KUBECONFIG: ws.kubeconfig }, ws.cwd) }).workspace()
    ).engine.detail('dev');
    expect(detail.usedBy).toEqual([`kubectl: user authui-dev@prod-eks (${ws.kubeconfig})`]);
    // No secret in the file (the token is made when kubectl asks).
    expect(text).not.toContain(KEYS.secretAccessKey);

    const version = await ws.kubectl('get', '--raw', '/version');
    expect(version.stderr).toBe('');
    expect(JSON.parse(version.stdout)).toMatchObject(VERSION);
    expect(eks.seen.at(-1)).toBe('arn:aws:iam::111122223333:user/dev');

    // A hot path: from the session cache, without the SDK, Ink, React or a parser.
    const trace = join(ws.dir, 'trace-kube.txt');
    writeFileSync(trace, '');
    const traced = await runBinAsync(['kube', 'token', 'dev', '--cluster', 'prod-eks'], {
      env: { ...ws.env, AUTHUI_TRACE_FILE: trace },
      cwd: ws.cwd,
      nodeArgs: ['--import', TRACE_HOOK],
    });
    expect(traced.code).toBe(0);
    expectHotPath(trace, ws.env as NodeJS.ProcessEnv, 'kube-token');
    // Signed once, kept beside the session while enough of its 14 minutes is left: kubectl's next
    // runs get the same token (no signing, no node:crypto), as long as the session stands.
    const kept = await ws.authui('kube', 'token', 'dev', '--cluster', 'prod-eks');
    const status = (out: string) =>
      (JSON.parse(out) as { status: { token: string; expirationTimestamp: string } }).status;
    expect(status(kept.stdout)).toEqual(status(traced.stdout));
    expect(Date.parse(status(kept.stdout).expirationTimestamp) - Date.now()).toBeGreaterThan(13 * 60_000);

    // Configured again (idempotent): one entry of each, the other context still there.
    await ws.authui(
      ...['kube', 'config', 'dev', '--cluster', 'prod-eks', '--server', eks.url, '--ca', certs.caPath],
      ...['--kubeconfig', ws.kubeconfig],
    );
    const again = parseDocument(readFileSync(ws.kubeconfig, 'utf8')).toJS() as typeof written;
    expect(again.users.map((u) => u.name)).toEqual(['other-user', 'authui-dev@prod-eks']);

    // The newer API version, for a kubectl that reads it (1.22 and later; this machine's does).
    const client = JSON.parse(
      (await runBinAsync(['version', '--client', '-o', 'json'], { env: ws.env, cwd: ws.dir, command: 'kubectl' }))
        .stdout,
    ) as { clientVersion: { major: string; minor: string } };
    if (Number(client.clientVersion.major) > 1 || Number.parseInt(client.clientVersion.minor, 10) >= 22) {
      writeFileSync(
        ws.kubeconfig,
        readFileSync(ws.kubeconfig, 'utf8').replace(
          'client.authentication.k8s.io/v1beta1',
          'client.authentication.k8s.io/v1',
        ),
      );
      const before = eks.seen.length;
      const v1 = await ws.kubectl('get', '--raw', '/version');
      expect(JSON.parse(v1.stdout)).toMatchObject(VERSION);
      expect(eks.seen.length).toBeGreaterThan(before);
    }

    // A token made for another cluster is refused by this one (the signed x-k8s-aws-id).
    const staging = join(ws.dir, 'staging-kubeconfig');
    await ws.authui(
      ...['kube', 'config', 'dev', '--cluster', 'staging-eks', '--server', eks.url, '--ca', certs.caPath],
      ...['--kubeconfig', staging],
    );
    const wrongCluster = await runBinAsync(['--kubeconfig', staging, 'get', '--raw', '/version'], {
      env: ws.env,
      cwd: ws.dir,
      command: 'kubectl',
    });
    expect(wrongCluster.code).not.toBe(0);
    expect(eks.refused.at(-1)).toBe('STS said 403: SignatureDoesNotMatch');

    const out = await ws.authui('logout', 'dev');
    expect(out.code).toBe(0);
    const loggedOut = await ws.kubectl('get', '--raw', '/version');
    expect(loggedOut.code).not.toBe(0);
    expect(loggedOut.stderr).toContain('authui login dev');
    for (const output of [version, loggedOut, configured])
      expect(output.stdout + output.stderr).not.toContain(KEYS.secretAccessKey);
  });

  it('OIDC: kubectl gets in with the ID token, which the cluster verifies by the issuer, audience and keys', async () => {
    const ws = await workspace();
    const browser = new ScriptedPrompter([]);
    browser.onDeviceCode = (prompt: DeviceCodePrompt) => void op.approveDevice(prompt.verificationUri, prompt.userCode);
    await ws.engine.login('corp', browser);
    const configured = await ws.authui(
      ...['kube', 'config', 'corp', '--cluster', 'dev-oidc', '--server', oidcCluster.url, '--ca', certs.caPath],
      ...['--kubeconfig', ws.kubeconfig],
    );
    expect(configured.code).toBe(0);
    const version = await ws.kubectl('get', '--raw', '/version');
    expect(version.stderr).toBe('');
    expect(JSON.parse(version.stdout)).toMatchObject(VERSION);
    expect(oidcCluster.seen.at(-1)).toBe('ada');
    // What kubectl was handed: the ID token, with its expiry.
    const credential = JSON.parse(
      (
        await runBinAsync(['kube', 'token', 'corp'], {
          env: {
            ...ws.env,
            KUBERNETES_EXEC_INFO:
              '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}}',
          },
          cwd: ws.cwd,
        })
      ).stdout,
    ) as { apiVersion: string; status: { token: string; expirationTimestamp: string } };
    expect(credential.apiVersion).toBe('client.authentication.k8s.io/v1');
    expect((await ws.engine.token('corp', { idToken: true })).token).toBe(credential.status.token);
    expect(Date.parse(credential.status.expirationTimestamp)).toBeGreaterThan(Date.now());
  });
});
