// The AWS container-credentials endpoint (authui serve, exec --serve), proven with the real aws
// CLI against the SigV4-verifying fake STS: the command gets the endpoint, not keys; a request
// without the token, or with a wrong one, gets 401 and nothing else; credentials past their
// expiry are renewed before they are served.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app/app.js';
import type { Clock } from '../../src/auth/clock.js';
import { credentialServer } from '../../src/cli/serve.js';
import { runCli } from '../../src/cli/program.js';
import { BIN, runBinAsync, runCommand } from '../helpers/cli.js';
import { captureIO } from '../helpers/io.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { FakeSts } from '../servers/sts.js';

const KEYS = { accessKeyId: 'AKIASERVETEST0000001', secretAccessKey: 'CANARY-serve-longterm-secret-ssssssss' };
const sts = new FakeSts();
beforeAll(async () => {
  await sts.start();
  sts.addUser({ ...KEYS, userName: 'dev', account: '111122223333' });
});
afterAll(() => sts.stop());

async function loggedIn(clock?: Clock, session = '') {
  const ws = cliWorkspace(
    `auth:\n  keyring: { type: file }\n  identities:\n    dev: { kind: aws/user, credentials: { region: eu-west-1 }${session} }\n`,
    'serve-store-password',
  );
  const { dir, cwd } = ws;
  const env = { ...ws.env, AWS_ENDPOINT_URL_STS: sts.url };
  const { engine } = await createApp({ io: captureIO(env, cwd), clock }).workspace();
  await engine.login(
    'dev',
    new ScriptedPrompter([{ access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey }]),
  );
  return { dir, cwd, env, engine };
}

describe('the container-credentials endpoint', () => {
  it('exec --serve: the real aws CLI takes its credentials from the endpoint; the command sees no keys', async () => {
    const ws = await loggedIn();
    // Every aws CLI there is: v1 (first on PATH here) and Debian's v2 (/usr/bin/aws, what CI installs).
    const clis = ['aws', '/usr/bin/aws'].filter((cli) => spawnSync(cli, ['--version']).status === 0);
    expect(clis.length).toBeGreaterThan(0);
    for (const cli of clis) {
      const call = ['sts', 'get-caller-identity', '--output', 'json', '--endpoint-url', sts.url];
      const aws = await runBinAsync(['exec', '--serve', 'dev', '--', cli, ...call], {
        env: { ...ws.env, AWS_ACCESS_KEY_ID: 'AKIAOUTSIDE000000000', AWS_SECRET_ACCESS_KEY: 'outside' },
        cwd: ws.cwd,
      });
      expect(aws.stderr, cli).toBe('');
      expect(JSON.parse(aws.stdout)).toMatchObject({
        Account: '111122223333',
        Arn: 'arn:aws:iam::111122223333:user/dev',
      });
      expect(aws.code).toBe(0);
    }
    const seen = await runBinAsync(
      [
        'exec',
        '--serve',
        'dev',
        '--',
        process.execPath,
        '-e',
        'const e = process.env; console.log([!!e.AWS_ACCESS_KEY_ID, !!e.AWS_SECRET_ACCESS_KEY, !!e.AUTHUI_KEYRING_PASSWORD, e.AWS_CONTAINER_CREDENTIALS_FULL_URI.startsWith("http://127.0.0.1:"), e.AWS_CONTAINER_AUTHORIZATION_TOKEN.length >= 32, e.AWS_REGION].join(" "))',
      ],
      { env: { ...ws.env, AWS_ACCESS_KEY_ID: 'AKIAOUTSIDE000000000' }, cwd: ws.cwd },
    );
    expect(seen.stdout).toBe('false false false true true eu-west-1\n');
  });

  it('answers only the token: none or a wrong one is 401 with nothing else; expired credentials are renewed first', async () => {
    let now = Date.now();
    const ws = await loggedIn({ now: () => now });
    const served = await credentialServer(ws.engine, 'dev');
    try {
      const ask = (authorization?: string) =>
        fetch(served.url, authorization === undefined ? {} : { headers: { authorization } });
      for (const wrong of [undefined, '', `${served.token}x`, served.token.slice(1), 'Bearer x']) {
        const refused = await ask(wrong);
        expect(refused.status).toBe(401);
        expect(await refused.text()).toBe('{"message":"unauthorized"}');
      }
      const first = (await (await ask(served.token)).json()) as {
        AccessKeyId: string;
        Expiration: string;
        Token: string;
      };
      expect(first.AccessKeyId).toMatch(/^ASIA/);
      expect(first.Token).toBeTruthy();
      // Past the session's end (the clock moved 13 h): the next answer is a new session.
      now += 13 * 3600_000;
      const second = (await (await ask(served.token)).json()) as { AccessKeyId: string; Expiration: string };
      expect(second.AccessKeyId).not.toBe(first.AccessKeyId);
      expect(Date.parse(second.Expiration)).toBeGreaterThan(Date.parse(first.Expiration));
    } finally {
      await served.close();
    }
  });

  it('authui serve prints the two variables, serves until stopped, and exits 0 on SIGTERM', async () => {
    const ws = await loggedIn();
    const child = spawn(process.execPath, [BIN, 'serve', 'dev'], {
      env: ws.env,
      cwd: ws.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await vi.waitFor(() => expect(out).toMatch(/AWS_CONTAINER_AUTHORIZATION_TOKEN=/), { timeout: 20_000 });
    const vars = Object.fromEntries(
      [...out.matchAll(/^export (\w+)=(?:'([^']*)'|(\S+))$/gm)].map((m) => [m[1], m[2] ?? m[3]]),
    );
    const answer = await fetch(vars.AWS_CONTAINER_CREDENTIALS_FULL_URI as string, {
      headers: { authorization: vars.AWS_CONTAINER_AUTHORIZATION_TOKEN as string },
    });
    expect(((await answer.json()) as { AccessKeyId: string }).AccessKeyId).toMatch(/^ASIA/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('says what is wrong with a port, a taken port or two identities, as a usage error and nothing more', async () => {
    const ws = await loggedIn();
    const taken = await credentialServer(ws.engine, 'dev');
    try {
      const takenPort = new URL(taken.url).port;
      for (const [args, said] of [
        [['serve', 'dev', '--port', '99999'], /--port takes a port number \(0–65535\), not "99999"/],
        [['serve', 'dev', '--port', '80; rm'], /--port takes a port number/],
        [
          ['serve', 'dev', '--port', takenPort],
          new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${takenPort}: EADDRINUSE`),
        ],
        [['exec', '--serve', 'dev', 'dev', '--', 'true'], /--serve serves one identity/],
      ] as const) {
        const run = await runCommand([...args], { env: ws.env, cwd: ws.cwd });
        expect(run.stderr, args.join(' ')).toMatch(said);
        expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
        expect(run.stderr + run.stdout).not.toContain(KEYS.secretAccessKey);
        expect(run.code).toBe(2);
      }
    } finally {
      await taken.close();
    }
  });

  it('a Node SDK client and the aws CLI inside exec --serve keep working across a renewal of their session', async () => {
    // 15-minute sessions, issued on an STS clock 11 minutes behind; authui's clock is the test's,
    // and both move past the first session's end between the clients' two calls.
    sts.now = () => Date.now() - 11 * 60_000;
    const first = sts.calls.length;
    try {
      let now = Date.now();
      const ws = await loggedIn({ now: () => now }, ', session: { duration: 15m }');
      const calls = (action: string) =>
        sts.calls
          .slice(first)
          .filter((c) => c.action === action)
          .map((c) => c.accessKeyId);
      const go = join(ws.dir, 'go');
      const results = join(ws.dir, 'results.json');
      const cli = spawnSync('/usr/bin/aws', ['--version']).status === 0 ? '/usr/bin/aws' : 'aws';
      // A Node SDK client and the aws CLI, called before and after the session's end.
      const script = `
        const { createRequire } = require('node:module');
        const { spawnSync } = require('node:child_process');
        const fs = require('node:fs');
        const sdk = createRequire(${JSON.stringify(join(process.cwd(), 'package.json'))})('@aws-sdk/client-sts');
        // A client per call, as each step of a job makes its own: each asks the endpoint. (One
        // long-lived client asks again only inside its own refresh window, 5 minutes before the
        // Expiration it was given, which authui's renewal lead covers.)
        const client = () => new sdk.STSClient({ region: 'eu-west-1', endpoint: ${JSON.stringify(sts.url)} });
        const cli = () => JSON.parse(spawnSync(${JSON.stringify(cli)}, ['sts', 'get-caller-identity', '--output', 'json', '--endpoint-url', ${JSON.stringify(sts.url)}], { encoding: 'utf8' }).stdout).Arn;
        (async () => {
          const out = [];
          out.push((await client().send(new sdk.GetCallerIdentityCommand({}))).Arn, cli());
          fs.writeFileSync(${JSON.stringify(results)}, JSON.stringify(out));
          while (!fs.existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 20));
          out.push((await client().send(new sdk.GetCallerIdentityCommand({}))).Arn, cli());
          fs.writeFileSync(${JSON.stringify(results)}, JSON.stringify(out));
        })().catch((e) => { console.error(e.message); process.exit(1); });`;
      const io = captureIO(ws.env, ws.cwd);
      const run = runCli(['exec', '--serve', 'dev', '--', process.execPath, '-e', script], {
        io,
        makeApp: () => createApp({ io, clock: { now: () => now } }),
      });
      await vi.waitFor(() => expect(existsSync(results)).toBe(true), { timeout: 20_000 });
      const before = calls('GetCallerIdentity');
      expect(new Set(before).size).toBe(1);
      // 20 minutes on, for authui and STS alike: the first session is over, the next request renews it.
      now += 20 * 60_000;
      sts.now = () => Date.now() + 9 * 60_000;
      writeFileSync(go, '');
      const code = await run;
      expect(code).toBe(0);
      const arn = 'arn:aws:iam::111122223333:user/dev';
      expect(JSON.parse(readFileSync(results, 'utf8'))).toEqual([arn, arn, arn, arn]);
      const after = calls('GetCallerIdentity');
      // One renewal (its own check is the first call after it); both clients signed their later calls with it.
      expect(calls('GetSessionToken')).toHaveLength(2); // the login's, and the renewal's
      const renewed = after.slice(before.length);
      expect(renewed).toHaveLength(3);
      expect(new Set(renewed).size).toBe(1);
      expect(renewed[0]).not.toBe(before.at(-1));
    } finally {
      sts.now = () => Date.now() + sts.clockSkewMs;
    }
  }, 60_000);
});
