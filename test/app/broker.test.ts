// The prompt broker: a command without a terminal (the built binary, stdin not a TTY) that needs
// an MFA code asks the dashboard's broker, which answers from its prompter; without a broker, or
// refused, it is exit 3 as before. Two waiting processes share one prompt. Only the documented
// messages are taken; the socket is 0600 in a 0700 directory, and another uid cannot connect.
import { captureIO } from '../helpers/io.js';
import { createApp } from '../../src/app/app.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialPromptSpec, DeviceCodePrompt, Prompter } from '../../src/auth/prompter.js';
import { startBroker, type Broker } from '../../src/tui/broker-server.js';
import { runBinAsync } from '../helpers/cli.js';
import { isolatedEnv, tempDir, writeTrustedConfig } from '../helpers/tmp.js';
import { FakeOidc, OIDC_CLIENT_ID } from '../servers/oidc.js';
import { FakeSts } from '../servers/sts.js';
import { eventually } from '../helpers/wait.js';

const MFA = 'arn:aws:iam::111122223333:mfa/bro';
const KEYS = { accessKeyId: 'AKIABROKER0000000001', secretAccessKey: 'broker-longterm-secret-canary' };
const sts = new FakeSts();
let broker: Broker | undefined;
beforeAll(async () => {
  await sts.start();
  sts.addUser({ ...KEYS, userName: 'bro', account: '111122223333', mfaSerial: MFA, mfaCode: '123456' });
});
afterAll(async () => {
  await sts.stop();
});
afterEach(() => {
  broker?.close();
  broker = undefined;
});

/** A workspace whose aws/user has keys stored and no session: any use needs an MFA code. */
async function workspace(providers = '') {
  const dir = tempDir();
  const cwd = join(dir, 'work');
  mkdirSync(cwd, { recursive: true });
  writeTrustedConfig(
    dir,
    cwd,
    `auth:\n  keyring: { type: file }\n${providers ? `  providers:\n${providers}` : ''}  identities:\n    bro: { kind: aws/user, credentials: { region: eu-west-1, mfa_arn: "${MFA}" } }\n`,
  );
  const env = isolatedEnv(dir, {
    AUTHUI_KEYRING_PASSWORD: 'broker-test-password',
    AWS_ENDPOINT_URL_STS: sts.url,
    XDG_RUNTIME_DIR: join(dir, 'run'),
  });
  mkdirSync(env.XDG_RUNTIME_DIR as string, { mode: 0o700 });
  const { engine, store } = await createApp({ io: captureIO(env, cwd) }).workspace();
  await store.set('identity:bro/long-term', JSON.stringify({ ...KEYS, mfaArn: MFA }));
  signInUrlAllowed = (node, url) => engine.signInUrlAllowed(node, url);
  return { cwd, env };
}

/** The dashboard's check of sign-in links, for the latest workspace's configuration. */
let signInUrlAllowed: (node: string, url: string) => boolean = () => false;

/** The dashboard's prompter, played by the test: answers each ask after `delayMs`. */
function dashboard(answer: (spec: CredentialPromptSpec) => Record<string, string> | 'refuse', delayMs = 50) {
  const asked: CredentialPromptSpec[] = [];
  const prompter: Prompter = {
    ask: async (spec) => {
      asked.push(spec);
      await new Promise((r) => setTimeout(r, delayMs));
      const reply = answer(spec);
      if (reply === 'refuse') throw new Error('esc');
      return reply;
    },
    confirm: async () => false,
    showDeviceCode: () => ({ signal: new AbortController().signal, close: () => {} }),
    notice: () => {},
  };
  return { prompter, asked };
}

describe('prompt broker', () => {
  it('credential-process without a terminal gets its MFA code from the dashboard', async () => {
    const { cwd, env } = await workspace();
    const ui = dashboard(() => ({ code: '123456' }));
    broker = (await startBroker(resolvePaths(env).brokerSocket, ui.prompter, signInUrlAllowed)) as Broker;
    expect(typeof broker).toBe('object');
    const result = await runBinAsync(['credential-process', 'bro'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
    expect(ui.asked).toHaveLength(1);
    expect(ui.asked[0]?.title).toBe('MFA code for bro');
    // The dashboard is told who asks: the command line of the process that ran credential-process.
    expect(ui.asked[0]?.description).toMatch(/\(for bro\) is waiting for this\./);
    // Socket and directory are the user's alone.
    expect(lstatSync(broker.path).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(env.XDG_RUNTIME_DIR as string, 'authui')).mode & 0o777).toBe(0o700);
  });

  it('two waiting processes share one prompt', async () => {
    const { cwd, env } = await workspace();
    const ui = dashboard(() => ({ code: '123456' }), 500);
    broker = (await startBroker(resolvePaths(env).brokerSocket, ui.prompter, signInUrlAllowed)) as Broker;
    const [a, b] = await Promise.all([
      runBinAsync(['credential-process', 'bro'], { cwd, env }),
      new Promise((r) => setTimeout(r, 100)).then(() => runBinAsync(['credential-process', 'bro'], { cwd, env })),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(ui.asked).toHaveLength(1);
  });

  it('no dashboard, or a refused prompt: exit 3 with the usual hint', async () => {
    const { cwd, env } = await workspace();
    const none = await runBinAsync(['credential-process', 'bro'], { cwd, env });
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('Run "authui login bro" in a terminal.');
    broker = (await startBroker(
      resolvePaths(env).brokerSocket,
      dashboard(() => 'refuse').prompter,
      signInUrlAllowed,
    )) as Broker;
    const refused = await runBinAsync(['credential-process', 'bro'], { cwd, env });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('was refused in the dashboard');
  });

  it('a device-code link that leads elsewhere than the node names is refused, and never shown', async () => {
    const { env } = await workspace(
      '    corp: { kind: oidc, issuer: "https://login.example.com", client_id: c, flow: device }\n    acme: { kind: aws/iam-identity-center, region: eu-central-1, start_url: https://acme.awsapps.com/start }\n',
    );
    const shown: DeviceCodePrompt[] = [];
    const prompter: Prompter = {
      ...dashboard(() => 'refuse').prompter,
      showDeviceCode: (prompt) => (shown.push(prompt), { signal: new AbortController().signal, close: () => {} }),
    };
    broker = (await startBroker(resolvePaths(env).brokerSocket, prompter, signInUrlAllowed)) as Broker;
    const ask = (node: string, verificationUri: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(resolvePaths(env).brokerSocket);
        let text = '';
        socket.on('data', (d) => {
          text += d;
          if (text.includes('\n')) socket.destroy();
        });
        socket.on('close', () => resolve(text));
        socket.write(
          `${JSON.stringify({ type: 'device-code', version: 1, node, command: 'x', prompt: { title: 't', verificationUri, expiresAt: Date.now() + 60_000, userCode: 'ABCD-EFGH' } })}\n`,
        );
      });
    for (const [node, url] of [
      ['corp', 'https://evil.example.net/device'],
      ['corp', 'http://login.example.com/device'],
      ['corp', 'https://login.example.com.evil.net/device'],
      ['acme', 'https://acme.awsapps.com.evil.net/start'],
      ['nobody', 'https://login.example.com/device'],
    ] as const)
      expect(await ask(node, url)).toMatch(
        /"type":"refused","reason":"the sign-in link is not on a server the configuration names/,
      );
    expect(shown).toEqual([]);
    expect(signInUrlAllowed('corp', 'https://login.example.com/device')).toBe(true);
    expect(signInUrlAllowed('acme', 'https://device.sso.eu-central-1.amazonaws.com/?user_code=X')).toBe(true);
    expect(signInUrlAllowed('acme', 'https://acme.awsapps.com/start/#/device')).toBe(true);
  });

  it('a prompt whose asker went away is closed with a notice, not left to take what the user types', async () => {
    const { env } = await workspace();
    const notices: string[] = [];
    let closedBy: string | undefined;
    let shown = false;
    const prompter: Prompter = {
      ...dashboard(() => 'refuse').prompter,
      // The dashboard's form: open until answered, or until the broker says the asker left.
      ask: (_spec, opts) =>
        new Promise((_resolve, reject) => {
          shown = true;
          opts?.signal?.addEventListener('abort', () => {
            closedBy = 'abort';
            reject(new Error('closed'));
          });
        }),
      notice: (m) => notices.push(m),
    };
    broker = (await startBroker(resolvePaths(env).brokerSocket, prompter, signInUrlAllowed)) as Broker;
    const socket = connect(resolvePaths(env).brokerSocket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `${JSON.stringify({ type: 'ask', version: 1, node: 'bro', command: 'aws', spec: { title: 'MFA code for bro', fields: [{ name: 'code', title: 'Code', required: true, secret: false, kind: 'otp' }] } })}\n`,
    );
    await eventually(() => expect(shown).toBe(true)); // the form is up in the dashboard
    socket.destroy(); // then the asking process times out or dies
    await eventually(() =>
      expect(notices).toEqual(['aws (for bro) stopped waiting; its prompt was closed and nothing was sent']),
    );
    expect(closedBy).toBe('abort');
  });

  it('a dashboard that quit between being found and being asked is an ordinary "no answer"', async () => {
    const { brokerPrompter } = await import('../../src/app/broker-client.js');
    const gone = brokerPrompter(join(tempDir(), 'no-dashboard.sock'), 'bro', 'aws');
    const error = await gone
      .ask({ title: 'MFA', fields: [{ name: 'code', title: 'Code', required: true, secret: false, kind: 'otp' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'needs_interactive_login',
      message: 'The dashboard went away before answering',
      hint: 'Run "authui login bro" in a terminal.',
    });
  });

  it('refuses anything but the documented messages, and keeps serving', async () => {
    const { env } = await workspace();
    const ui = dashboard(() => ({ code: '123456' }));
    broker = (await startBroker(resolvePaths(env).brokerSocket, ui.prompter, signInUrlAllowed)) as Broker;
    const exchange = (line: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(resolvePaths(env).brokerSocket);
        let text = '';
        socket.on('data', (d) => (text += d));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
        socket.write(line);
      });
    for (const line of [
      'not json\n',
      '{"type":"ask","version":1,"node":"bro","command":"x","spec":{"title":"t","fields":[]}}\n',
      '{"type":"ask","version":2,"node":"bro","command":"x","spec":{"title":"t","fields":[{"name":"a","title":"A","required":true,"secret":false,"kind":"text"}]}}\n',
      '{"type":"answer","values":{}}\n',
    ])
      expect(await exchange(line)).toBe('{"type":"refused","reason":"not a prompt broker message"}\n');
    expect(await exchange(`${'x'.repeat(70_000)}\n`)).toBe('');
    expect(ui.asked).toEqual([]);
    // Still serving after all that.
    expect(
      await exchange(
        '{"type":"ask","version":1,"node":"bro","command":"probe","spec":{"title":"t","fields":[{"name":"a","title":"A","required":true,"secret":false,"kind":"text"}]}}\n',
      ),
    ).toBe('{"type":"answer","values":{"code":"123456"}}\n');
  });

  it('a second dashboard does not take over; a directory open to others is refused', async () => {
    const { env } = await workspace();
    broker = (await startBroker(
      resolvePaths(env).brokerSocket,
      dashboard(() => ({})).prompter,
      signInUrlAllowed,
    )) as Broker;
    expect(await startBroker(resolvePaths(env).brokerSocket, dashboard(() => ({})).prompter, signInUrlAllowed)).toBe(
      'another dashboard answers the prompts of background commands',
    );
    const open = { ...env, XDG_RUNTIME_DIR: join(tempDir(), 'run') };
    mkdirSync(join(open.XDG_RUNTIME_DIR, 'authui'), { recursive: true, mode: 0o755 });
    expect(
      await startBroker(resolvePaths(open).brokerSocket, dashboard(() => ({})).prompter, signInUrlAllowed),
    ).toMatch(/must be a directory of yours with mode 0700$/);
  });

  it('without a runtime directory, a state directory too deep for a socket: the socket stands in /dev/shm, and is reached', async () => {
    const { cwd, env } = await workspace();
    delete env.XDG_RUNTIME_DIR;
    env.XDG_STATE_HOME = join(tempDir(), 'd'.repeat(120));
    env.AUTHUI_CONFIG = join(cwd, 'authui.yaml'); // named: trusted in any state directory
    const path = resolvePaths(env).brokerSocket;
    expect(path).toMatch(/^\/dev\/shm\/authui-[0-9a-f]{8}\/broker\.sock$/);
    try {
      const ui = dashboard(() => ({ code: '123456' }));
      broker = (await startBroker(path, ui.prompter, signInUrlAllowed)) as Broker;
      expect(typeof broker).toBe('object');
      const result = await runBinAsync(['credential-process', 'bro'], { cwd, env });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
      expect(ui.asked).toHaveLength(1);
      expect(lstatSync(dirname(path)).mode & 0o777).toBe(0o700);
    } finally {
      broker?.close();
      broker = undefined;
      rmSync(dirname(path), { recursive: true, force: true });
    }
  });

  it('a socket path longer than a Unix socket takes is refused with what to do, not a misleading listen error', async () => {
    const { env } = await workspace();
    const deep = { ...env, XDG_RUNTIME_DIR: join(tempDir(), 'r'.repeat(100)) };
    mkdirSync(deep.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
    const path = resolvePaths(deep).brokerSocket;
    expect(await startBroker(path, dashboard(() => ({})).prompter, signInUrlAllowed)).toBe(
      `the prompt broker is off: its socket path ${path} is longer than the 107 bytes a Unix socket takes (set XDG_RUNTIME_DIR to a shorter directory)`,
    );
  });

  it('a device-code sign-in needed by `authui token` is shown in the dashboard and approved there', async () => {
    const op = new FakeOidc();
    await op.start();
    try {
      const { cwd, env } = await workspace(
        `    corp: { kind: oidc, issuer: "${op.issuer}", client_id: ${OIDC_CLIENT_ID}, flow: device, scopes: [openid, email] }\n`,
      );
      const shown: DeviceCodePrompt[] = [];
      let closed = false;
      const prompter: Prompter = {
        ...dashboard(() => 'refuse').prompter,
        showDeviceCode: (prompt) => {
          shown.push(prompt);
          void op.approveDevice(prompt.verificationUri, prompt.userCode);
          return { signal: new AbortController().signal, close: () => (closed = true) };
        },
      };
      broker = (await startBroker(resolvePaths(env).brokerSocket, prompter, signInUrlAllowed)) as Broker;
      const result = await runBinAsync(['token', 'corp'], { cwd, env });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.trim().length).toBeGreaterThan(20);
      expect(shown[0]).toMatchObject({
        title: expect.stringMatching(/^OpenID Connect corp · .*\(for corp\)$/),
        userCode: expect.any(String),
      });
      await eventually(() => expect(closed).toBe(true));
    } finally {
      await op.stop();
    }
  });

  it.skipIf(process.getuid?.() !== 0 || !existsSync('/usr/bin/node'))(
    'another uid cannot connect (run as root: the test connects as nobody)',
    async () => {
      const { env } = await workspace();
      broker = (await startBroker(
        resolvePaths(env).brokerSocket,
        dashboard(() => ({})).prompter,
        signInUrlAllowed,
      )) as Broker;
      // Debian's node (world-executable) as the other user: a Node installed under a private
      // directory (the CI's Node 22 leg) cannot be run by nobody at all.
      const probe = spawnSync(
        '/usr/bin/node',
        [
          '-e',
          `require('net').connect(${JSON.stringify(broker.path)}).on('connect',()=>{console.log('connected');process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(0)})`,
        ],
        { uid: 65534, gid: 65534, encoding: 'utf8', cwd: '/' },
      );
      expect(probe.error).toBeUndefined();
      expect(probe.stdout.trim()).toBe('EACCES');
    },
  );
});
