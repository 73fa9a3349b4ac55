// The one list of kinds. Adding a kind: its folder under kinds/, and one line here.
import { apiKeyAnthropic } from './api-key/anthropic/index.js';
import { apiKeyGeneric } from './api-key/generic/index.js';
import { apiKeyHuggingface } from './api-key/huggingface/index.js';
import { apiKeyOpenai } from './api-key/openai/index.js';
import { awsAssumeRole } from './aws/assume-role/index.js';
import { awsIamIdentityCenter } from './aws/iam-identity-center/index.js';
import { awsPermissionSet } from './aws/permission-set/index.js';
import { awsUser } from './aws/user/index.js';
import { oidc } from './oidc/index.js';
import { smtp } from './smtp/index.js';
import { tokenService } from './token-service/index.js';
import type { AnyKind } from './types.js';

const KINDS: readonly AnyKind[] = [
  awsUser,
  awsAssumeRole,
  awsPermissionSet,
  awsIamIdentityCenter,
  oidc,
  tokenService,
  apiKeyOpenai,
  apiKeyAnthropic,
  apiKeyHuggingface,
  apiKeyGeneric,
  smtp,
];

const BY_KIND = new Map(KINDS.map((k) => [k.kind, k]));

export function kindModule(kind: string): AnyKind | undefined {
  return BY_KIND.get(kind);
}

export function kindsFor(role: AnyKind['role']): string[] {
  return KINDS.filter((k) => k.role === role).map((k) => k.kind);
}
