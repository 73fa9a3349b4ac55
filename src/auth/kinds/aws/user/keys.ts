// The long-term access keys of an aws/user, as the credential store keeps them (its node's
// long-term entry). Login, rotation and the console's federation all read them here.
import { AuthError } from '../../../errors.js';
import type { NodeConfig } from '../../../config/types.js';
import type { NodeSecrets } from '../../../kind.js';
import { shellWord } from '../../../names.js';

export interface LongTermKeys {
  accessKeyId: string;
  secretAccessKey: string;
  mfaArn?: string;
  durationSeconds?: number;
}

/** The stored keys; undefined when there are none or the entry is damaged. */
export async function readKeys(ctx: { secrets: NodeSecrets }): Promise<LongTermKeys | undefined> {
  const raw = await ctx.secrets.readLongTerm();
  if (raw === undefined) return undefined;
  try {
    const keys = JSON.parse(raw) as LongTermKeys;
    return keys.accessKeyId && keys.secretAccessKey ? keys : undefined;
  } catch {
    return undefined;
  }
}

/** The stored keys, or the error that says to log in and enter them. */
export async function requireKeys(ctx: { secrets: NodeSecrets; node: NodeConfig }): Promise<LongTermKeys> {
  const keys = await readKeys(ctx);
  if (!keys)
    throw new AuthError('needs_interactive_login', `"${ctx.node.name}" has no access keys stored`, {
      hint: `Run "authui login ${shellWord(ctx.node.name)}" to enter them.`,
      context: { identity: ctx.node.name },
    });
  return keys;
}
