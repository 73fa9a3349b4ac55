import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../src/auth/clock.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { SessionIndex } from '../../src/auth/session-index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { isolatedEnv, tempDir, writeTrustedConfig } from './tmp.js';

/** A project dir with `authui.yaml`, an isolated env, its file store and session index. */
export function cliWorkspace(config: string, password: string) {
  const dir = tempDir();
  const cwd = join(dir, 'work');
  mkdirSync(cwd, { recursive: true });
  writeTrustedConfig(dir, cwd, config);
  const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: password });
  const paths = resolvePaths(env);
  const store = new FileStore({
    path: paths.fileStore,
    locksDir: paths.locksDir,
    password,
    clock: systemClock,
    onWarning: () => {},
  });
  const index = new SessionIndex(paths.sessionIndex, paths.locksDir, systemClock, () => {});
  return { dir, cwd, env, paths, store, index };
}

/** A provider and a two-step chain, all logged in (1 h left) with canary secrets: the logout tests' setup. */
export const LOGOUT_CONFIG = `auth:
  keyring: { type: file }
  providers:
    corp: { kind: oidc, issuer: https://login.example.com, client_id: c }
  identities:
    dev: { kind: aws/user }
    admin: { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::111122223333:role/Admin" } }
`;

export async function loggedInWorkspace(canary: string) {
  const workspace = cliWorkspace(LOGOUT_CONFIG, 'logout-workspace-pw');
  for (const entry of [
    'identity:dev/long-term',
    'identity:dev/session',
    'identity:admin/session',
    'provider:corp/session',
  ])
    await workspace.store.set(entry, JSON.stringify({ token: canary }));
  await workspace.index.update((s) => {
    for (const id of ['identity:dev', 'identity:admin', 'provider:corp'])
      s[id] = {
        obtainedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        backend: 'file',
      };
  });
  return workspace;
}
