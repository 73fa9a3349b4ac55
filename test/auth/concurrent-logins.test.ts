// Two logins at once, as from two terminals: two engines with their own store instances on the
// same encrypted file and state directory (what two processes share). One asks for the MFA code;
// the other waits for it and adopts its session, asking nothing. Two different identities log in
// concurrently without losing either write to the store or the index.
import { testEngine } from '../helpers/engine.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/auth/clock.js';
import { parseConfigText } from '../../src/auth/config/parse.js';
import type { Config } from '../../src/auth/config/types.js';
import type { CredentialPromptSpec, Prompter } from '../../src/auth/prompter.js';
import { openCredentialStore } from '../../src/auth/stores/open.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { FakeSts } from '../servers/sts.js';
import { eventually } from '../helpers/wait.js';

const MFA = 'arn:aws:iam::111122223333:mfa/twin';
const USERS = {
  twin: { accessKeyId: 'AKIATWIN000000000001', secretAccessKey: 'twin-secret-canary' },
  solo: { accessKeyId: 'AKIASOLO000000000001', secretAccessKey: 'solo-secret-canary' },
};
const sts = new FakeSts();
beforeAll(async () => {
  await sts.start();
  sts.addUser({ ...USERS.twin, userName: 'twin', account: '111122223333', mfaSerial: MFA, mfaCode: '123456' });
  sts.addUser({ ...USERS.solo, userName: 'solo', account: '111122223333' });
});
afterAll(async () => {
  await sts.stop();
});

/**
 * A terminal's prompter: answers from `answers` (after `typingMs`, or once `typed` resolves: the
 * person finished typing), and records what it was asked and told.
 */
function terminal(answers: Record<string, string>, typingMs = 0, typed?: Promise<void>) {
  const asked: CredentialPromptSpec[] = [];
  const notices: string[] = [];
  const prompter: Prompter = {
    ask: async (spec) => {
      asked.push(spec);
      await (typed ?? new Promise((r) => setTimeout(r, typingMs)));
      return Object.fromEntries(spec.fields.map((f) => [f.name, answers[f.name] ?? f.default ?? '']));
    },
    confirm: async () => true,
    showDeviceCode: () => ({ signal: new AbortController().signal, close: () => {} }),
    notice: (message) => notices.push(message),
  };
  return { prompter, asked, notices };
}

async function twoProcesses() {
  const dir = tempDir();
  const env = isolatedEnv(dir, {
    AUTHUI_KEYRING: 'file',
    AUTHUI_KEYRING_PASSWORD: 'twins-password',
    AWS_ENDPOINT_URL_STS: sts.url,
  });
  const { config } = await parseConfigText(
    `auth:\n  identities:\n    twin: { kind: aws/user, credentials: { region: eu-west-1, mfa_arn: "${MFA}" } }\n    solo: { kind: aws/user, credentials: { region: eu-west-1 } }\n`,
    join(dir, 'c.yaml'),
    'authui',
  );
  const process = async () => {
    const { store } = await openCredentialStore({
      config: config as Config,
      env,
      clock: systemClock,
      paths: resolvePaths(env),
    });
    return testEngine({ config: config as Config, store, env });
  };
  return { a: await process(), b: await process() };
}

describe('concurrent logins', () => {
  it('the same identity from two terminals: one MFA prompt, the other adopts its session', async () => {
    const { a, b } = await twoProcesses();
    const keys = { access_key_id: USERS.twin.accessKeyId, secret_access_key: USERS.twin.secretAccessKey };
    // Keys first (both terminals would share them anyway), so the race is over the MFA code.
    await a.login('twin', terminal({ ...keys, code: '123456' }).prompter);
    sts.calls.length = 0;
    // The first terminal is asked and types slowly; the second starts meanwhile, and says whom
    // it waits for instead of showing a blank terminal; then the first one's code goes in.
    let doneTyping = () => {};
    const first = terminal({ code: '123456' }, 0, new Promise<void>((r) => (doneTyping = r)));
    const second = terminal({ code: '123456' });
    const started = a.login('twin', first.prompter);
    await eventually(() => expect(first.asked).toHaveLength(1));
    const waiting = b.login('twin', second.prompter);
    await eventually(() =>
      expect(second.notices).toEqual([`Waiting for the login of twin in another terminal (pid ${process.pid})…`]),
    );
    doneTyping();
    const [one, two] = await Promise.all([started, waiting]);
    expect(first.asked.map((s) => s.title)).toEqual(['MFA code for twin']);
    expect(second.asked).toEqual([]);
    expect((two.secret as { accessKeyId: string }).accessKeyId).toBe(
      (one.secret as { accessKeyId: string }).accessKeyId,
    );
    expect(sts.calls.filter((c) => c.action === 'GetSessionToken')).toHaveLength(1);
  });

  it('two identities at once: both sessions and both keys survive in the store and the index', async () => {
    const { a, b } = await twoProcesses();
    await Promise.all([
      a.login(
        'twin',
        terminal(
          { access_key_id: USERS.twin.accessKeyId, secret_access_key: USERS.twin.secretAccessKey, code: '123456' },
          50,
        ).prompter,
      ),
      b.login(
        'solo',
        terminal({ access_key_id: USERS.solo.accessKeyId, secret_access_key: USERS.solo.secretAccessKey }, 50).prompter,
      ),
    ]);
    for (const engine of [a, b])
      expect(engine.list().map((n) => [n.name, n.state])).toEqual([
        ['twin', 'active'],
        ['solo', 'active'],
      ]);
    // Each process wrote its entries into the same encrypted file; neither write was lost.
    const entries = (await Promise.all([a.detail('twin'), a.detail('solo')])).map((d) => d.storage.entries);
    expect(entries).toEqual([
      ['identity:twin/long-term', 'identity:twin/session'],
      ['identity:solo/long-term', 'identity:solo/session'],
    ]);
  });
});
