// `authui login` in a real pty: keys, MFA, summary; then recovery after the keys are rotated.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { isolatedEnv, tempDir, writeTrustedConfig } from '../helpers/tmp.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import { FakeSts } from '../servers/sts.js';

const MFA = 'arn:aws:iam::111122223333:mfa/dev';
const OLD = { accessKeyId: 'AKIATMUXOLD000000001', secretAccessKey: 'CANARY-TMUX-OLD-SECRET-dddddddddddddd' };
const NEW = { accessKeyId: 'AKIATMUXNEW000000002', secretAccessKey: 'CANARY-TMUX-NEW-SECRET-eeeeeeeeeeeeee' };

const sts = new FakeSts();
let session: TmuxSession | undefined;
beforeAll(() => sts.start());
afterAll(() => sts.stop());
afterEach(() => session?.kill());

describe.skipIf(tmuxMissing !== undefined)(
  `authui login in a pty${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`,
  () => {
    it('asks for keys (secret masked) and MFA, shows the summary, then recovers from rotated keys', async () => {
      sts.addUser({ ...OLD, userName: 'dev', account: '111122223333', mfaSerial: MFA, mfaCode: '123456' });
      const dir = tempDir();
      const cwd = join(dir, 'work');
      mkdirSync(cwd, { recursive: true });
      writeTrustedConfig(
        dir,
        cwd,
        `auth:\n  keyring: { type: file }\n  identities:\n    dev: { kind: aws/user, credentials: { region: eu-west-1, mfa_arn: "${MFA}" } }\n`,
      );
      const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'tmux-test-password', AWS_ENDPOINT_URL_STS: sts.url });
      const login = () =>
        TmuxSession.start(`cd ${cwd} && ${process.execPath} ${BIN} login dev; echo "EXIT-CODE=$?"; sleep 30`, {
          env,
          columns: 120,
          rows: 40,
        });

      /** Types keys at the Access Key ID prompt and accepts the pre-filled MFA ARN and duration. */
      const enterKeys = async (keys: typeof OLD) => {
        session?.send(keys.accessKeyId, 'Enter');
        await session?.waitFor((s) => s.includes('Secret Access Key:'));
        session?.send(keys.secretAccessKey, 'Enter');
        await session?.waitFor((s) => s.includes(`MFA ARN [${MFA}]:`));
        session?.send('Enter');
        await session?.waitFor((s) => s.includes('Session Duration [12h]:'));
        session?.send('Enter');
      };

      session = login();
      await session.waitFor((s) => s.includes('Access Key ID:'));
      await enterKeys(OLD);
      await session.waitFor((s) => s.includes('MFA code:'));
      session.send('12345', 'Enter'); // five digits: rejected by the field's validator
      await session.waitFor((s) => s.includes('enter the 6 digits'));
      session.send('123456', 'Enter');
      let screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      console.log(`--- first login ---\n${screen}`);
      expect(screen).toContain('✓ Logged in to dev');
      expect(screen).toMatch(/Provider\s+Identity\s+Account\s+Region\s+Expires/);
      expect(screen).toMatch(
        /—\s+dev\s+111122223333\s+eu-west-1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \((11h 59m|12h 00m)\)/,
      );
      expect(screen).toContain('EXIT-CODE=0');
      expect(screen).not.toContain(OLD.secretAccessKey);
      session.kill();

      // The keys are rotated in IAM.
      sts.removeUser(OLD.accessKeyId);
      sts.addUser({ ...NEW, userName: 'dev', account: '111122223333', mfaSerial: MFA, mfaCode: '654321' });
      session = login();
      await session.waitFor((s) => s.includes('MFA code:'));
      session.send('123456', 'Enter');
      await session.waitFor((s) => s.includes('rejected the access keys of "dev"') && s.includes('Access Key ID:'));
      await enterKeys(NEW);
      await session.waitFor((s) => (s.match(/MFA code:/g) ?? []).length >= 2);
      session.send('654321', 'Enter');
      screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      console.log(`--- recovery ---\n${screen}`);
      expect(screen).toContain('✓ Logged in to dev');
      expect(screen).toContain('EXIT-CODE=0');
      expect(screen).not.toContain(NEW.secretAccessKey);
    });

    const A = { accessKeyId: 'AKIATMUXDASH00000001', secretAccessKey: 'CANARY-DASH-SECRET-A-ffffffffffffffff' };
    const B = { accessKeyId: 'AKIATMUXDASH00000002', secretAccessKey: 'CANARY-DASH-SECRET-B-gggggggggggggggg' };
    const C = { accessKeyId: 'AKIATMUXDASH00000003', secretAccessKey: 'CANARY-DASH-SECRET-C-hhhhhhhhhhhhhhhh' };
    const OPS_MFA = 'arn:aws:iam::222233334444:mfa/ops';

    /** The dashboard on a config with one aws/user, in a 100×30 pty. */
    function dashboard(): TmuxSession {
      const dir = tempDir();
      const cwd = join(dir, 'work');
      mkdirSync(cwd, { recursive: true });
      writeTrustedConfig(
        dir,
        cwd,
        `auth:\n  keyring: { type: file }\n  identities:\n    ops: { kind: aws/user, credentials: { region: us-west-2, mfa_arn: "${OPS_MFA}" } }\n    other: { kind: aws/user }\n`,
      );
      const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'tmux-test-password', AWS_ENDPOINT_URL_STS: sts.url });
      return TmuxSession.start(`cd ${cwd} && ${process.execPath} ${BIN}; echo "EXIT-CODE=$?"; sleep 30`, {
        env,
        columns: 100,
        rows: 30,
      });
    }

    /** Fills the keys form (MFA ARN and duration pre-filled), then the MFA view. */
    async function fill(keys: typeof A, code: string) {
      await session?.waitFor((s) => s.includes('› Access Key ID:'));
      session?.send(keys.accessKeyId, 'Enter');
      await session?.waitFor((s) => s.includes('› Secret Access Key:'));
      session?.send(keys.secretAccessKey, 'Enter');
      await session?.waitFor((s) => s.includes(`› MFA ARN [${OPS_MFA}]:`));
      session?.send('Enter');
      await session?.waitFor((s) => s.includes('› Session Duration [12h]:'));
      session?.send('Enter');
      await session?.waitFor((s) => s.includes('› MFA code: _ _ _ _ _ _') && s.includes(`Device: ${OPS_MFA}`));
      session?.send(code, 'Enter');
    }

    it('logs in from the dashboard (keys, MFA), the row turns active, then filter, detail, help, quit', async () => {
      sts.addUser({ ...A, userName: 'ops', account: '222233334444', mfaSerial: OPS_MFA, mfaCode: '111111' });
      session = dashboard();
      await session.waitFor((s) => /› ops\s+AWS user\s+○ logged out/.test(s));
      session.send('l');
      await fill(A, '111111');
      let screen = await session.waitFor((s) =>
        /› ops\s+AWS user\s+● active\s+(11h 59m|12h 00m)\s+222233334444\s+us-west-2/.test(s),
      );
      console.log(`--- dashboard after login ---\n${screen}`);
      expect(screen).toContain('Logged in to ops');
      expect(screen).toMatch(/next: ops in (11h 59m|12h 00m)/);

      session.send('/');
      session.send('o', 't', 'h');
      screen = await session.waitFor((s) => s.includes('/ oth▏') && !/› ops/.test(s));
      expect(screen).toMatch(/› other\s+AWS user\s+○ logged out/);
      session.send('Escape');
      await session.waitFor((s) => /› ops\s+AWS user\s+● active/.test(s));

      session.send('d');
      screen = await session.waitFor((s) => s.includes('Detail · ops') && s.includes('History (last 10)'));
      console.log(`--- detail ---\n${screen}`);
      expect(screen).toMatch(/Chain\s+ops/);
      expect(screen).toContain('entries: identity:ops/long-term, identity:ops/session');
      expect(screen).toMatch(/AWS files\s+\S+\/ops\/credentials \(profile ops\)/);
      expect(screen).toMatch(/login\s+ok/);
      session.send('Escape');
      await session.waitFor((s) => s.includes('enter/d detail') && !s.includes('Detail · ops'));
      session.send('?');
      await session.waitFor((s) => s.includes('authui · keys'));
      session.send('Escape');
      // Back on the dashboard (not still on help) before the next key: one right after ESC reads as alt+key.
      await session.waitFor((s) => s.includes('enter/d detail') && !s.includes('authui · keys'));
      session.send('q');
      screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      expect(screen).toContain('EXIT-CODE=0');
      expect(screen).not.toContain(A.secretAccessKey);
    });

    it('rejected keys: the new-keys form, then the Recovery screen after a second rejection, re-enter, success', async () => {
      sts.addUser({ ...A, userName: 'ops', account: '222233334444', mfaSerial: OPS_MFA, mfaCode: '111111' });
      session = dashboard();
      await session.waitFor((s) => /› ops\s+AWS user\s+○ logged out/.test(s));
      session.send('l');
      await fill(A, '111111');
      await session.waitFor((s) => /› ops\s+AWS user\s+● active/.test(s));

      // The keys are rotated: A is gone, B is the new key.
      sts.removeUser(A.accessKeyId);
      sts.addUser({ ...B, userName: 'ops', account: '222233334444', mfaSerial: OPS_MFA, mfaCode: '222222' });
      session.send('l');
      await session.waitFor((s) => s.includes('› MFA code:'));
      session.send('111111', 'Enter');
      let screen = await session.waitFor((s) => s.includes('The previous keys were rejected by AWS'));
      console.log(`--- new-keys form ---\n${screen}`);
      await fill(C, '222222'); // a typo'd key: rejected as well
      screen = await session.waitFor((s) => s.includes('Login failed · ops'));
      console.log(`--- recovery screen ---\n${screen}`);
      expect(screen).toContain('✗ invalid_credentials: AWS rejected the new keys of "ops" as well');
      expect(screen).toContain('Check that the access key is active in IAM');
      expect(screen).toMatch(
        /Identity ops · Account 222233334444 · Region us-west-2 · Endpoint http:\/\/127\.0\.0\.1:\d+/,
      );
      expect(screen).toContain('Hint: Look the key up in the IAM console');
      expect(screen).toMatch(/› Re-enter credentials\s+Retry\s+Cancel/);
      session.send('e');
      await session.waitFor((s) => s.includes('Enter the new keys; they replace the stored ones.'));
      await fill(B, '222222');
      screen = await session.waitFor((s) => s.includes('Logged in to ops') && /› ops\s+AWS user\s+● active/.test(s));
      console.log(`--- after re-entering ---\n${screen}`);
      for (const secret of [A.secretAccessKey, B.secretAccessKey, C.secretAccessKey])
        expect(screen).not.toContain(secret);
      session.send('q');
      screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      expect(screen).toContain('EXIT-CODE=0');
    });
  },
);
