// The one list of kinds. Adding a kind: its folder under kinds/, and one line here.
import { apiKeyGeneric } from './api-key/generic/index.js';
import { apiKeyKinds } from './api-key/index.js';
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
  ...apiKeyKinds,
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
