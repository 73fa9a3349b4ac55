// `authui rotate NAME` for an aws/user: create a new access key, prove it works at STS (IAM is
// eventually consistent, so a few spaced tries), store it, then delete the old one. Whatever
// fails, one working key stays in the store and the report says what exists on the AWS side
// ("two keys exist now: delete AKIA… by hand"). IAM is called with the MFA session when the user
// has an MFA device (policies commonly require MFA for key changes), else with the stored keys.
import { AuthError } from '../../../errors.js';
import type { RotateContext, RotateReport } from '../../../kind.js';
import { createAccessKey, deleteAccessKey, listAccessKeys } from '../iam.js';
import { DEFAULT_REGION, getCallerIdentity } from '../sts.js';
import { requireKeys } from './keys.js';
import type { Settings } from './schema.js';
import { shellWord } from '../../../names.js';

const VERIFY_TRIES = 8;
const VERIFY_SPACING_MS = 1500;

export async function rotateKeys(ctx: RotateContext): Promise<RotateReport> {
  const settings = ctx.node.settings as Settings;
  const old = await requireKeys(ctx);
  const region = settings.credentials?.region ?? DEFAULT_REGION;
  const context = { identity: ctx.node.name, region };
  const mfa = Boolean(settings.credentials?.mfa_arn ?? old.mfaArn);
  const caller =
    mfa && ctx.session.aws ? ctx.session.aws : { accessKeyId: old.accessKeyId, secretAccessKey: old.secretAccessKey };
  const iam = { fetch: ctx.fetch, region, credentials: caller, env: ctx.env, context };
  const lines: string[] = [];
  const keys = await listAccessKeys(iam);
  const others = keys.filter((k) => k.id !== old.accessKeyId).map((k) => k.id);
  if (others.length)
    throw new AuthError('access_denied', `"${ctx.node.name}" already has a second access key (${others.join(', ')})`, {
      explanation: 'IAM allows two keys per user, and rotation needs room for the new one.',
      hint: `Delete ${others.join(', ')} in IAM if nothing uses it, then run "authui rotate ${shellWord(ctx.node.name)}" again.`,
      context,
    });
  if (ctx.dryRun)
    return {
      ok: true,
      lines: [
        `Would create a new access key for "${ctx.node.name}" (it has ${old.accessKeyId}), check it with STS,`,
        `store it in ${ctx.secrets.backend}, then delete ${old.accessKeyId}. Nothing was changed.`,
      ],
    };

  const fresh = await createAccessKey(iam);
  lines.push(`✓ Created ${fresh.accessKeyId}`);
  const undo = async (why: string): Promise<RotateReport> => {
    try {
      await deleteAccessKey({ ...iam, accessKeyId: fresh.accessKeyId });
      lines.push(`✗ ${why}; deleted ${fresh.accessKeyId} again. The stored key ${old.accessKeyId} is unchanged.`);
    } catch {
      lines.push(
        `✗ ${why}, and deleting it failed: two keys exist now: delete ${fresh.accessKeyId} by hand. The stored key ${old.accessKeyId} is unchanged.`,
      );
    }
    return { ok: false, lines };
  };

  let tries = 0;
  for (;;) {
    tries++;
    try {
      await getCallerIdentity({ fetch: ctx.fetch, credentials: fresh, region, env: ctx.env, context });
      break;
    } catch (error) {
      const propagating = error instanceof AuthError && error.code === 'invalid_credentials';
      if (!propagating || tries >= VERIFY_TRIES)
        return undo(`The new key did not work at STS (${(error as Error).message})`);
      await ctx.sleep(VERIFY_SPACING_MS);
    }
  }
  lines.push(
    `✓ Verified ${fresh.accessKeyId} with STS${tries > 1 ? ` (after ${tries} tries: IAM was still propagating it)` : ''}`,
  );

  try {
    await ctx.secrets.writeLongTerm(JSON.stringify({ ...old, ...fresh }));
  } catch (error) {
    return undo(`Storing the new key failed (${(error as Error).message})`);
  }
  lines.push(`✓ Stored ${fresh.accessKeyId} in ${ctx.secrets.backend}`);

  try {
    // With the new key (or the MFA session): the old key may already be disabled elsewhere.
    await deleteAccessKey({ ...iam, credentials: mfa ? caller : fresh, accessKeyId: old.accessKeyId });
    lines.push(`✓ Deleted the old key ${old.accessKeyId}`);
    return { ok: true, lines };
  } catch (error) {
    lines.push(
      `✗ Deleting the old key failed (${(error as Error).message}): two keys exist now: delete ${old.accessKeyId} by hand. authui uses ${fresh.accessKeyId}.`,
    );
    return { ok: false, partly: true, lines };
  }
}
