// The one list of kinds. Adding a kind: write its module, add it here, add its config shape
// to config/schema.ts.
import { apiKeyKinds } from './api-key.js';
import { awsAssumeRole } from './aws-assume-role.js';
import { awsIamIdentityCenter } from './aws-iam-identity-center.js';
import { awsPermissionSet } from './aws-permission-set.js';
import { awsUser } from './aws-user.js';
import { oidc } from './oidc.js';
import { smtp } from './smtp.js';
import { tokenService } from './token-service.js';
import type { KindModule } from './types.js';

const KINDS: readonly KindModule[] = [
  awsUser,
  awsAssumeRole,
  awsPermissionSet,
  awsIamIdentityCenter,
  oidc,
  tokenService,
  ...apiKeyKinds,
  smtp,
];

const BY_KIND = new Map(KINDS.map((k) => [k.kind, k]));

export function kindModule(kind: string): KindModule | undefined {
  return BY_KIND.get(kind);
}

export function kindsFor(role: KindModule['role']): string[] {
  return KINDS.filter((k) => k.role === role).map((k) => k.kind);
}
