// The fake STS is a protocol peer: prove it against two independent SigV4 signers, the AWS JS
// SDK and the aws CLI (botocore).
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSts } from './sts.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const USER = {
  accessKeyId: 'AKIAFAKE000000000001',
  secretAccessKey: 'fake/secret/key/for/tests/only/0000000001',
  userName: 'dev',
  account: '111122223333',
  mfaSerial: 'arn:aws:iam::111122223333:mfa/dev',
  mfaCode: '123456',
};
const sts = new FakeSts();

beforeAll(async () => {
  await sts.start();
  sts.addUser(USER);
  sts.addRole({ arn: 'arn:aws:iam::111122223333:role/Admin', externalId: 'ext-1' });
});
afterAll(() => sts.stop());

const client = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
  new STSClient({ region: 'us-east-1', endpoint: sts.url, credentials, maxAttempts: 1 });

describe('fake STS against the AWS SDK', () => {
  it('accepts a correctly signed request and answers GetCallerIdentity', async () => {
    const out = await client(USER).send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/dev' });
  });

  it('rejects a wrong secret (SignatureDoesNotMatch) and an unknown key (InvalidClientTokenId)', async () => {
    await expect(
      client({ ...USER, secretAccessKey: 'wrong' }).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    await expect(
      client({ ...USER, accessKeyId: 'AKIAUNKNOWN000000000' }).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });

  it('checks MFA on GetSessionToken and issues session credentials it then accepts', async () => {
    await expect(
      client(USER).send(new GetSessionTokenCommand({ SerialNumber: USER.mfaSerial, TokenCode: '000000' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    const { Credentials } = await client(USER).send(
      new GetSessionTokenCommand({ SerialNumber: USER.mfaSerial, TokenCode: '123456', DurationSeconds: 3600 }),
    );
    const session = {
      accessKeyId: Credentials?.AccessKeyId as string,
      secretAccessKey: Credentials?.SecretAccessKey as string,
      sessionToken: Credentials?.SessionToken as string,
    };
    expect(session.accessKeyId).toMatch(/^ASIA/);
    expect((await client(session).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      'arn:aws:iam::111122223333:user/dev',
    );
    await expect(
      client({ ...session, sessionToken: 'forged' }).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    const realNow = sts.now;
    sts.now = () => realNow() + 2 * 3600_000;
    await expect(client(session).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'ExpiredToken',
    });
    sts.now = realNow;
  });

  it('enforces external id and the 1h role-chaining limit on AssumeRole', async () => {
    const assume = (c: STSClient, extra: object = {}) =>
      c.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::111122223333:role/Admin',
          RoleSessionName: 'dev',
          ExternalId: 'ext-1',
          ...extra,
        }),
      );
    await expect(assume(client(USER), { ExternalId: 'nope' })).rejects.toMatchObject({ name: 'AccessDenied' });
    const { Credentials, AssumedRoleUser } = await assume(client(USER));
    expect(AssumedRoleUser?.Arn).toBe('arn:aws:sts::111122223333:assumed-role/Admin/dev');
    const role = client({
      accessKeyId: Credentials?.AccessKeyId as string,
      secretAccessKey: Credentials?.SecretAccessKey as string,
      sessionToken: Credentials?.SessionToken as string,
    });
    await expect(assume(role, { DurationSeconds: 7200 })).rejects.toThrow(/1 hour session limit/);
    await expect(assume(role, { DurationSeconds: 3600 })).resolves.toBeDefined();
  });

  it.each(['InvalidClientTokenId', 'ExpiredToken', 'AccessDenied'] as const)('refuses with %s', async (code) => {
    sts.refuseNext(code, 'GetCallerIdentity');
    await expect(client(USER).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: code });
  });

  it('injects a throttle, a 500, an HTML page, a cut answer and a dropped connection', async () => {
    sts.failNext({ kind: 'throttle' }, 'GetCallerIdentity');
    await expect(client(USER).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
    sts.failNext({ kind: 'status', status: 500 });
    await expect(client(USER).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 500 },
    });
    // An HTML page is well-formed enough for the SDK's XML parser: it answers with nothing in it,
    // which is why the engine checks every STS answer for what it needs.
    sts.failNext({ kind: 'html' });
    expect((await client(USER).send(new GetCallerIdentityCommand({}))).Arn).toBeUndefined();
    sts.failNext({ kind: 'truncated' });
    await expect(client(USER).send(new GetCallerIdentityCommand({}))).rejects.toBeDefined();
    sts.failNext({ kind: 'drop' });
    await expect(client(USER).send(new GetCallerIdentityCommand({}))).rejects.toBeDefined();
  });
});

// Debian's aws-cli v2 predates AWS_ENDPOINT_URL_STS: it gets --endpoint-url.
const AWS_V2 = '/usr/bin/aws';
const awsMissing =
  existsSync(AWS_V2) && spawnSync(AWS_V2, ['--version']).status === 0
    ? undefined
    : `${AWS_V2} (Debian awscli) is not installed`;

describe.skipIf(awsMissing !== undefined)(
  `fake STS against the aws CLI${awsMissing ? ` (skipped: ${awsMissing})` : ''}`,
  () => {
    const awsEnv = (creds: { accessKeyId: string; secretAccessKey: string }) => ({
      PATH: process.env.PATH,
      HOME: '/nonexistent',
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    });

    // Async: the fake STS lives in this process, so a synchronous child would deadlock it.
    const run = promisify(execFile);

    it('accepts botocore signatures and rejects a wrong secret', async () => {
      const { stdout } = await run(
        AWS_V2,
        ['sts', 'get-caller-identity', '--endpoint-url', sts.url, '--output', 'json'],
        { env: awsEnv(USER), timeout: 30_000 },
      );
      expect(JSON.parse(stdout)).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/dev' });
      const bad = await run(AWS_V2, ['sts', 'get-caller-identity', '--endpoint-url', sts.url], {
        env: awsEnv({ ...USER, secretAccessKey: 'wrong' }),
        timeout: 30_000,
      }).catch((e: { code: number; stderr: string }) => e);
      expect((bad as { code: number }).code).not.toBe(0);
      expect((bad as { stderr: string }).stderr).toContain('SignatureDoesNotMatch');
    });
  },
);
