// smtp through the engine against the real smtp-server on loopback: STARTTLS with a private CA,
// implicit TLS, PLAIN, LOGIN and XOAUTH2 (the token from the provider it comes via), 535 for bad
// credentials, TLS and network failures with their hints; mail is sent only with --send-to.
import { testEngine } from '../../helpers/engine.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import type { Config } from '../../../src/auth/config/types.js';
import type { AuthError } from '../../../src/auth/errors.js';
import { MemoryStore } from '../../../src/auth/stores/memory.js';
import { testCertificates } from '../../helpers/certs.js';
import { ScriptedPrompter } from '../../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';
import { FakeSmtp } from '../../servers/smtp.js';
import { FakeTokenService } from '../../servers/token-service.js';

const PASSWORD = 'CANARY-smtp-app-password';
const certs = testCertificates();
const starttls = new FakeSmtp();
const implicit = new FakeSmtp();
const plain = new FakeSmtp();
const tokens = new FakeTokenService();

beforeAll(async () => {
  await starttls.start({ key: certs.key, cert: certs.cert });
  await implicit.start({ secure: true, key: certs.key, cert: certs.cert });
  await plain.start();
  await tokens.start();
  tokens.addUser('ada', 'pw');
  for (const server of [starttls, implicit, plain]) {
    server.users.set('alerts@example.com', PASSWORD);
    server.acceptsToken = (user, token) => user === 'alerts@example.com' && tokens.accepts(token);
  }
});
afterAll(async () => {
  for (const server of [starttls, implicit, plain]) await server.stop();
  await tokens.stop();
  certs.dispose();
});
beforeEach(() => {
  for (const server of [starttls, implicit, plain]) {
    server.logins.length = 0;
    server.received.length = 0;
  }
});

async function engineFor(node: string, extra = '') {
  const text = `auth:\n  providers:\n    mail: { kind: smtp, host: 127.0.0.1, username: alerts@example.com, ${node} }\n${extra}`;
  const { config, issues } = await parseConfigText(text, 'c.yaml', 'authui');
  expect(issues).toEqual([]);
  const store = new MemoryStore();
  const env = isolatedEnv(tempDir(), { AUTHUI_NETWORK_TIMEOUT_MS: '3000' });
  const engine = testEngine({ config: config as Config, store, clock: { now: Date.now }, fetch, env });
  return { engine, store };
}

const password = (...passwords: string[]) => new ScriptedPrompter(passwords.map((p) => ({ password: p })));

describe('smtp', () => {
  it('verifies over STARTTLS with a private CA, stores the account, exports it, and sends no mail', async () => {
    const { engine, store } = await engineFor(
      `port: ${starttls.port}, tls: starttls, tls_ca: "${certs.caPath}", from: alerts@example.com, limits: { daily: 500 }`,
    );
    const prompter = password(PASSWORD);
    await engine.login('mail', prompter);
    expect(prompter.asked[0]?.fields.map((f) => [f.name, f.default, f.secret])).toEqual([
      ['username', 'alerts@example.com', false],
      ['password', undefined, true],
      ['from', 'alerts@example.com', false],
    ]);
    expect(starttls.logins).toEqual([{ user: 'alerts@example.com', method: 'PLAIN', ok: true }]);
    expect(starttls.received).toEqual([]);
    expect(engine.list()[0]).toMatchObject({
      state: 'active',
      subject: 'alerts@example.com',
      server: `127.0.0.1:${starttls.port}`,
    });
    expect((await engine.detail('mail')).facts).toEqual([
      { label: 'Username', value: 'alerts@example.com' },
      { label: 'From', value: 'alerts@example.com' },
      { label: 'Daily cap', value: '500 messages' },
    ]);
    expect(await store.list()).toEqual(['provider:mail/session']);
    expect(await engine.exports('mail', { secrets: true })).toEqual({
      variables: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(starttls.port),
        SMTP_USER: 'alerts@example.com',
        SMTP_FROM: 'alerts@example.com',
      },
      secrets: { SMTP_USER: 'alerts@example.com', SMTP_PASSWORD: PASSWORD },
      warning: undefined,
    });
    expect((await engine.token('mail')).token).toBe(PASSWORD);
    const tested = await engine.test('mail');
    expect(tested.facts.map((f) => f.key)).toEqual(['server', 'user', 'tls']);
    expect(starttls.received).toEqual([]);
    await engine.test('mail', { sendTo: 'ops@example.com' });
    expect(starttls.received).toEqual([{ from: 'alerts@example.com', to: ['ops@example.com'] }]);
  });

  it('a 535 asks for the password again; three end in invalid_credentials with nothing stored', async () => {
    const { engine, store } = await engineFor(`port: ${starttls.port}, tls_ca: "${certs.caPath}"`);
    await engine.login('mail', password('wrong', PASSWORD));
    expect(starttls.logins.map((l) => l.ok)).toEqual([false, true]);
    const other = await engineFor(`port: ${starttls.port}, tls_ca: "${certs.caPath}"`);
    const error = (await other.engine.login('mail', password('a', 'b', 'c')).catch((e: unknown) => e)) as AuthError;
    expect(error).toMatchObject({
      code: 'invalid_credentials',
      message: '127.0.0.1 rejected the username or password (535)',
    });
    expect(error.hint).toContain('app password');
    expect(await other.store.list()).toEqual([]);
    expect(await store.list()).toEqual(['provider:mail/session']);
  });

  it('LOGIN over implicit TLS', async () => {
    const { engine } = await engineFor(`port: ${implicit.port}, tls: tls, auth: login, tls_ca: "${certs.caPath}"`);
    await engine.login('mail', password(PASSWORD));
    expect(implicit.logins).toEqual([{ user: 'alerts@example.com', method: 'LOGIN', ok: true }]);
  });

  it('XOAUTH2 with the access token of the provider it comes via', async () => {
    const { engine } = await engineFor(
      `port: ${plain.port}, tls: none, auth: xoauth2, via: { provider: kitty }`,
      `    kitty: { kind: token-service, base_url: "${tokens.url}", username: ada }\n`,
    );
    await engine.login('kitty', new ScriptedPrompter([{ password: 'pw' }]));
    const prompter = new ScriptedPrompter([{}]);
    await engine.login('mail', prompter);
    expect(prompter.asked[0]?.fields.map((f) => f.name)).toEqual(['username', 'from']);
    expect(plain.logins).toEqual([{ user: 'alerts@example.com', method: 'XOAUTH2', ok: true }]);
    await engine.test('mail');
    expect(plain.logins.at(-1)).toMatchObject({ method: 'XOAUTH2', ok: true });
  });

  it('a private certificate without tls_ca, and STARTTLS the server does not offer, say what to set', async () => {
    const noCa = await engineFor(`port: ${starttls.port}, tls: starttls`);
    const untrusted = (await noCa.engine.login('mail', password(PASSWORD)).catch((e: unknown) => e)) as AuthError;
    expect(untrusted).toMatchObject({
      code: 'invalid_config',
      message: `The TLS handshake with 127.0.0.1:${starttls.port} failed`,
    });
    expect(untrusted.hint).toContain('tls_ca');
    const noStarttls = await engineFor(`port: ${plain.port}, tls: starttls`);
    const refused = (await noStarttls.engine.login('mail', password(PASSWORD)).catch((e: unknown) => e)) as AuthError;
    expect(refused.code).toBe('invalid_config');
    expect(refused.hint).toMatch(/Check tls \(starttls now/);
  });

  it('a closed port is a network error with the host and port', async () => {
    const { engine } = await engineFor('port: 9, tls: none');
    const error = (await engine.login('mail', password(PASSWORD)).catch((e: unknown) => e)) as AuthError;
    expect(error).toMatchObject({
      code: 'network',
      message: 'Cannot reach 127.0.0.1:9',
      explanation: 'the connection was refused: nothing answers at that address and port',
      hint: 'Check host and port.',
    });
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });

  it('a password in the config file is an error: it is entered at login', async () => {
    const { issues } = await parseConfigText(
      'auth:\n  providers:\n    mail: { kind: smtp, host: smtp.example.com, port: 587, password: hunter2 }\n',
      'c.yaml',
      'authui',
    );
    expect(issues.map((i) => i.key)).toEqual(['auth.providers.mail.password']);
    expect(issues[0]?.message).toContain('password is a secret');
    expect(JSON.stringify(issues)).not.toContain('hunter2');
  });

  it('refuses tls: none with a password to another machine unless allow_plaintext is set', async () => {
    const refuse = await parseConfigText(
      'auth:\n  providers:\n    mail: { kind: smtp, host: smtp.example.com, port: 25, tls: none }\n',
      'c.yaml',
      'authui',
    );
    expect(refuse.issues.map((i) => [i.key, i.message])).toEqual([
      [
        'auth.providers.mail.tls',
        'tls: none would send the password to smtp.example.com in clear text; use starttls or tls, or set allow_plaintext: true',
      ],
    ]);
    const allowed = await parseConfigText(
      'auth:\n  providers:\n    mail: { kind: smtp, host: smtp.example.com, port: 25, tls: none, allow_plaintext: true }\n',
      'c.yaml',
      'authui',
    );
    expect(allowed.issues).toEqual([]);
  });
});
