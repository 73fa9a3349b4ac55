// aws/user: long-term access keys (only in the credential store) → GetSessionToken, with MFA.
// Recovery: rejected keys are deleted, new ones asked for with the MFA ARN and duration
// pre-filled, and the login retried once; "re-enter" from the Recovery screen asks again.
import { userConsole } from '../console.js';
import { readKeys, type LongTermKeys } from './keys.js';
import { rotateKeys } from './rotate.js';
import { formatDuration, parseDuration } from '../../../duration.js';
import { AuthError, isAuthError } from '../../../errors.js';
import type { CredentialPromptSpec } from '../../../prompter.js';
import { defineKind, type KindContext, type Session } from '../../../kind.js';
import type { AwsCredentials } from '../../../credential-types.js';
import { ACCESS_KEY_ID, MFA_ARN } from '../arn.js';
import { accountOfArn, awsIdentity, awsSessionSecret, type AwsSessionSecret } from '../session.js';
import { DEFAULT_REGION, getCallerIdentity, getSessionToken } from '../sts.js';
import type { Settings } from './schema.js';
import { isoTime } from '../../../iso-time.js';
import { shellWord } from '../../../names.js';

type Context = KindContext<Settings>;

const HOUR = 3600;
const MIN_DURATION = 15 * 60;
const MFA_ATTEMPTS = 3;

export function keysPromptSpec(
  name: string,
  defaults: { mfaArn?: string; durationSeconds: number },
  reason?: string,
): CredentialPromptSpec {
  return {
    title: `AWS access keys for ${name}`,
    description: reason ?? 'Stored only in the credential store; used to get short-lived sessions.',
    fields: [
      {
        name: 'access_key_id',
        title: 'Access Key ID',
        required: true,
        secret: false,
        kind: 'text',
        validate: (v) => (ACCESS_KEY_ID.test(v.trim()) ? undefined : 'expected 20 characters starting with AKIA'),
      },
      {
        name: 'secret_access_key',
        title: 'Secret Access Key',
        required: true,
        secret: true,
        kind: 'secret',
        validate: (v) => (v.trim().length >= 16 ? undefined : 'that is too short for a secret access key'),
      },
      {
        name: 'mfa_arn',
        title: 'MFA ARN',
        description: 'optional: arn:aws:iam::<account>:mfa/<device>',
        required: false,
        secret: false,
        kind: 'text',
        default: defaults.mfaArn,
        validate: (v) =>
          v.trim() === '' || MFA_ARN.test(v.trim()) ? undefined : 'expected arn:aws:iam::<12 digits>:mfa/<name>',
      },
      {
        name: 'session_duration',
        title: 'Session Duration',
        description: '15m to 12h, or up to 36h with MFA',
        required: false,
        secret: false,
        kind: 'text',
        default: formatDuration(defaults.durationSeconds).replace(/ /g, ''),
        validate: (v) => (v.trim() === '' || parseDuration(v) ? undefined : 'use 900, 15m, 12h or 1h30m'),
      },
    ],
  };
}

function mfaPromptSpec(name: string, mfaArn: string, retry: boolean): CredentialPromptSpec {
  return {
    title: `MFA code for ${name}`,
    description: `${retry ? 'That code was rejected. ' : ''}Device: ${mfaArn}`,
    fields: [
      {
        name: 'code',
        title: 'MFA code',
        required: true,
        secret: false,
        kind: 'otp',
        validate: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'enter the 6 digits shown by the device'),
      },
    ],
  };
}

/** Clamps to the GetSessionToken limits, telling the user when it had to. */
function sessionDuration(ctx: Context, requested: number, mfa: boolean): number {
  const max = mfa ? 36 * HOUR : 12 * HOUR;
  const clamped = Math.min(Math.max(requested, MIN_DURATION), max);
  if (clamped !== requested)
    ctx.prompter.notice(
      `Session duration ${formatDuration(requested)} is outside ${formatDuration(MIN_DURATION)}–${formatDuration(max)}${mfa ? ' (with MFA)' : ' (without MFA)'}; using ${formatDuration(clamped)}.`,
    );
  return clamped;
}

async function askKeys(
  ctx: Context,
  defaults: { mfaArn?: string; durationSeconds: number },
  reason?: string,
): Promise<LongTermKeys> {
  const answers = await ctx.prompter.ask(keysPromptSpec(ctx.node.name, defaults, reason));
  const mfaArn = answers.mfa_arn?.trim() || undefined;
  const keys: LongTermKeys = {
    accessKeyId: (answers.access_key_id ?? '').trim(),
    secretAccessKey: (answers.secret_access_key ?? '').trim(),
    mfaArn,
    durationSeconds:
      parseDuration(answers.session_duration?.trim() || String(defaults.durationSeconds)) ?? defaults.durationSeconds,
  };
  await ctx.secrets.writeLongTerm(JSON.stringify(keys));
  // The recovery PRD's lines: the keys are safe before the MFA step can fail.
  const where = ctx.secrets.backend === 'system' ? 'keyring' : `the ${ctx.secrets.backend} store`;
  ctx.prompter.notice(`Credentials saved to ${where}: ${ctx.node.name}`, 'success');
  return keys;
}

async function openSession(ctx: Context, keys: LongTermKeys): Promise<Session<AwsSessionSecret>> {
  const region = regionOf(ctx);
  const context = { identity: ctx.node.name, region, account: accountOfArn(keys.mfaArn) };
  const mfaArn = keys.mfaArn;
  const durationSeconds = sessionDuration(
    ctx,
    keys.durationSeconds ?? ctx.node.sessionDuration ?? 12 * HOUR,
    mfaArn !== undefined,
  );
  const credentials: AwsCredentials = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
  for (let attempt = 1; ; attempt++) {
    const mfa = mfaArn
      ? {
          serial: mfaArn,
          code: ((await ctx.prompter.ask(mfaPromptSpec(ctx.node.name, mfaArn, attempt > 1))).code ?? '').trim(),
        }
      : undefined;
    try {
      const issued = await getSessionToken({
        fetch: ctx.fetch,
        credentials,
        region,
        env: ctx.env,
        context,
        durationSeconds,
        mfa,
      });
      const session: AwsSessionSecret = awsSessionSecret(issued);
      const who = await getCallerIdentity({ fetch: ctx.fetch, credentials: session, region, env: ctx.env, context });
      return {
        meta: {
          obtainedAt: isoTime(ctx.clock.now()),
          expiresAt: isoTime(issued.expiration.getTime()),
          account: who.account,
          region,
          subject: who.arn.replace(/^.*:(user|assumed-role)\//, '$1/'),
        },
        secret: session,
      };
    } catch (error) {
      // A wrong MFA code is asked again without touching the keys; other errors go up.
      if (isAuthError(error) && error.code === 'mfa_invalid' && attempt < MFA_ATTEMPTS) continue;
      throw error;
    }
  }
}

async function authenticate(ctx: Context): Promise<Session<AwsSessionSecret>> {
  const configured = {
    mfaArn: ctx.settings.credentials?.mfa_arn,
    durationSeconds: ctx.node.sessionDuration ?? 12 * HOUR,
  };
  let keys = await readKeys(ctx);
  if (!keys) {
    ctx.prompter.notice(`AWS credentials are required for identity: ${ctx.node.name}`);
    keys = await askKeys(ctx, configured);
  } else if (ctx.reenter) {
    // The user chose to replace the keys: MFA ARN and duration stay pre-filled.
    keys = await askKeys(
      ctx,
      { mfaArn: keys.mfaArn ?? configured.mfaArn, durationSeconds: keys.durationSeconds ?? configured.durationSeconds },
      'Enter the new keys; they replace the stored ones.',
    );
  }
  try {
    return await openSession(ctx, keys);
  } catch (error) {
    if (!isAuthError(error) || error.code !== 'invalid_credentials') throw error;
    // Seamless recovery: the keys were rejected, so they are useless; ask for new ones once.
    await ctx.secrets.deleteLongTerm();
    ctx.prompter.notice(
      `${error.message}. ${error.explanation ?? ''} The stored keys were removed; enter new ones.`.trim(),
    );
    const fresh = await askKeys(
      ctx,
      { mfaArn: keys.mfaArn ?? configured.mfaArn, durationSeconds: keys.durationSeconds ?? configured.durationSeconds },
      'The previous keys were rejected by AWS (rotated or deleted?). Enter the new ones.',
    ).catch((asking: unknown) => {
      // Without a terminal the new keys cannot be asked for: say what happened all the same.
      if (!isAuthError(asking) || asking.code !== 'needs_interactive_login') throw asking;
      throw new AuthError('invalid_credentials', `${error.message}; the stored keys were removed`, {
        explanation: error.explanation,
        hint: `Run "authui login ${shellWord(ctx.node.name)}" in a terminal and enter new keys.`,
        context: error.context,
        recoverable: true,
      });
    });
    try {
      return await openSession(ctx, fresh);
    } catch (second) {
      if (isAuthError(second) && second.code === 'invalid_credentials') {
        // A second rejection stops here: no loop.
        throw new AuthError('invalid_credentials', `AWS rejected the new keys of "${ctx.node.name}" as well`, {
          explanation: 'Check that the access key is active in IAM and that you copied both parts exactly.',
          hint: `Look the key up in the IAM console (Security credentials), then enter it again ("authui login ${shellWord(ctx.node.name)}", or re-enter in the dashboard).`,
          context: second.context,
          // The user can still re-enter them (the dashboard's Recovery screen offers it).
          recoverable: true,
        });
      }
      throw second;
    }
  }
}

function regionOf(ctx: Context): string {
  return ctx.settings.credentials?.region ?? ctx.inheritedRegion ?? DEFAULT_REGION;
}

export const awsUser = defineKind<Settings, AwsSessionSecret>({
  kind: 'aws/user',
  role: 'identity',
  label: 'AWS user',
  schema: async () => (await import('./schema.js')).schema,
  ...awsIdentity,
  // AWS refuses an IAM user's GetSessionToken session at the console: federate from the keys.
  mint: { ...awsIdentity.mint, 'console sign-in link': userConsole },
  rotate: rotateKeys,
  reenterable: true,
  duration: {
    default: 12 * HOUR,
    min: MIN_DURATION,
    // GetSessionToken allows 36h only for sessions backed by MFA.
    limit: (settings) =>
      settings.credentials?.mfa_arn
        ? { max: 36 * HOUR, why: 'the maximum for aws/user with MFA' }
        : { max: 12 * HOUR, why: 'the maximum for aws/user without MFA' },
  },
  describe: (settings) => ({
    account: accountOfArn(settings.credentials?.mfa_arn),
    region: settings.credentials?.region,
  }),
  authenticate,
});
